"""The whole product's records (issue 5): MRZ fields, prisoners, declared items, package status, the
inspection's workflow, findings, seizures and custody, threat image projection, and indexes for the
day log, the exports and the audit trail.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prisoners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('cell', sa.String(length=40), nullable=True),
    sa.Column('case_number', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prisoners'))
    )
    with op.batch_alter_table('prisoners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prisoners_full_name'), ['full_name'], unique=False)

    op.create_table('declared_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_declared_items_package_id_packages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declared_items'))
    )
    with op.batch_alter_table('declared_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declared_items_package_id'), ['package_id'], unique=False)

    op.create_table('tip_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.String(length=32), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('threat_class', sa.String(length=40), nullable=False),
    sa.Column('threat_image_sha256', sa.String(length=64), nullable=False),
    sa.Column('x0', sa.Integer(), nullable=False),
    sa.Column('y0', sa.Integer(), nullable=False),
    sa.Column('x1', sa.Integer(), nullable=False),
    sa.Column('y1', sa.Integer(), nullable=False),
    sa.Column('projected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=True),
    sa.Column('response_ms', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_tip_events_operator_id_operators')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_tip_events_scan_id_scans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tip_events'))
    )
    with op.batch_alter_table('tip_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_events_projected_at'), ['projected_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tip_events_scan_id'), ['scan_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Numeric(precision=10, scale=3), nullable=True),
    sa.Column('seen_on_xray', sa.Boolean(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_findings_inspection_id_inspections')),
    sa.ForeignKeyConstraint(['recorded_by'], ['operators.id'], name=op.f('fk_findings_recorded_by_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('seized_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('seal_number', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('weight_g', sa.Numeric(precision=10, scale=3), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('seized_by', sa.Integer(), nullable=False),
    sa.Column('seized_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_seized_items_finding_id_findings')),
    sa.ForeignKeyConstraint(['seized_by'], ['operators.id'], name=op.f('fk_seized_items_seized_by_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seized_items')),
    sa.UniqueConstraint('seal_number', name=op.f('uq_seized_items_seal_number'))
    )
    with op.batch_alter_table('seized_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seized_items_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seized_items_status'), ['status'], unique=False)

    op.create_table('custody_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seized_item_id', sa.Integer(), nullable=False),
    sa.Column('from_operator_id', sa.Integer(), nullable=True),
    sa.Column('to_operator_id', sa.Integer(), nullable=True),
    sa.Column('to_party', sa.String(length=200), nullable=False),
    sa.Column('document_number', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['from_operator_id'], ['operators.id'], name=op.f('fk_custody_transfers_from_operator_id_operators')),
    sa.ForeignKeyConstraint(['seized_item_id'], ['seized_items.id'], name=op.f('fk_custody_transfers_seized_item_id_seized_items')),
    sa.ForeignKeyConstraint(['to_operator_id'], ['operators.id'], name=op.f('fk_custody_transfers_to_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_transfers'))
    )
    with op.batch_alter_table('custody_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_transfers_seized_item_id'), ['seized_item_id'], unique=False)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id'], unique=False)

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_time_covering', ['decided_at', 'outcome', 'operator_id', 'decision_ms'],
                              unique=False)

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('referred_to_drug_control', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('referral_number', sa.String(length=64), nullable=True))
        batch_op.alter_column('found_prohibited',
               existing_type=sa.BOOLEAN(),
               nullable=True)
        batch_op.alter_column('inspector_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_inspections_status'), ['status'], unique=False)
        batch_op.create_index('ix_inspections_status_opened', ['status', 'at'], unique=False)

    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('weight_kg', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False,
                                      server_default='registered'))
        batch_op.create_index(batch_op.f('ix_packages_status'), ['status'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_packages_label'), ['label'])

    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detector_version', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('detect_ms', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('images_pruned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_scans_package_received', ['package_id', 'received_at'], unique=False)

    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_type', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('issuing_country', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('surname', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('given_names', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('nationality', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('sex', sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column('document_expiry', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('personal_number', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('mrz', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prisoner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('relationship_to_prisoner', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_visits_prisoner_id'), ['prisoner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visitor_id'), ['visitor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_visits_prisoner_id_prisoners'), 'prisoners', ['prisoner_id'], ['id'])

    # Records made before this revision: every inspection then was a finished hand search, and a
    # package's status follows its latest decision.
    op.execute("UPDATE inspections SET status = 'closed', closed_at = at")
    for outcome, status in (("clear", "cleared"), ("flag", "flagged"), ("reject", "rejected")):
        op.execute(f"UPDATE packages SET status = '{status}' WHERE id IN (SELECT s.package_id FROM scans s "
                   f"JOIN decisions d ON d.scan_id = s.id WHERE d.outcome = '{outcome}')")


def downgrade() -> None:
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_time_covering')

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_visits_prisoner_id_prisoners'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_visits_visitor_id'))
        batch_op.drop_index(batch_op.f('ix_visits_prisoner_id'))
        batch_op.drop_column('ended_at')
        batch_op.drop_column('relationship_to_prisoner')
        batch_op.drop_column('prisoner_id')

    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('mrz')
        batch_op.drop_column('personal_number')
        batch_op.drop_column('document_expiry')
        batch_op.drop_column('sex')
        batch_op.drop_column('birth_date')
        batch_op.drop_column('nationality')
        batch_op.drop_column('given_names')
        batch_op.drop_column('surname')
        batch_op.drop_column('issuing_country')
        batch_op.drop_column('document_type')

    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_index('ix_scans_package_received')
        batch_op.drop_column('images_pruned_at')
        batch_op.drop_column('detect_ms')
        batch_op.drop_column('detector_version')

    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_packages_label'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_packages_status'))
        batch_op.drop_column('status')
        batch_op.drop_column('weight_kg')
        batch_op.drop_column('label')

    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_inspections_status_opened')
        batch_op.drop_index(batch_op.f('ix_inspections_status'))
        batch_op.alter_column('inspector_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('found_prohibited',
               existing_type=sa.BOOLEAN(),
               nullable=False)
        batch_op.drop_column('referral_number')
        batch_op.drop_column('referred_to_drug_control')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('status')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entity')
        batch_op.drop_index('ix_audit_at')

    with op.batch_alter_table('custody_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_transfers_seized_item_id'))

    op.drop_table('custody_transfers')
    with op.batch_alter_table('seized_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seized_items_status'))
        batch_op.drop_index(batch_op.f('ix_seized_items_finding_id'))

    op.drop_table('seized_items')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_inspection_id'))

    op.drop_table('findings')
    with op.batch_alter_table('tip_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tip_events_scan_id'))
        batch_op.drop_index(batch_op.f('ix_tip_events_projected_at'))

    op.drop_table('tip_events')
    with op.batch_alter_table('declared_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declared_items_package_id'))

    op.drop_table('declared_items')
    with op.batch_alter_table('prisoners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prisoners_full_name'))

    op.drop_table('prisoners')

"""Site evaluations of the detector (issue 14): a site's acceptance record, kept with the model version.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('site_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('model_version', sa.String(length=120), nullable=False),
    sa.Column('images_dir', sa.Text(), nullable=False),
    sa.Column('labels', sa.Text(), nullable=False),
    sa.Column('class_map', sa.Text(), nullable=True),
    sa.Column('images', sa.Integer(), nullable=False),
    sa.Column('map50', sa.Float(), nullable=False),
    sa.Column('map50_95', sa.Float(), nullable=False),
    sa.Column('clean_with_alarm', sa.Float(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('report_path', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_site_evaluations_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_evaluations'))
    )
    with op.batch_alter_table('site_evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_evaluations_model_version'), ['model_version'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('site_evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_evaluations_model_version'))

    op.drop_table('site_evaluations')

"""The records: who screened which parcel of which visit, what the detector said, what was decided,
what the hand search found, where seized items went, and the audit trail over all of it.

SQLAlchemy 2 typed models. The schema changes only through Alembic migrations
(app/storage/migrations/versions/); a change here without a migration fails tests/test_migrations.py.

    operators ─┬─ visits ── packages ─┬─ declared_items
    visitors ──┘    │                 └─ scans ─┬─ detections
    prisoners ──────┘                           ├─ decisions
                                                ├─ tip_events (threat image projection)
                                                └─ inspections ── findings ── seized_items ── custody_transfers
    audit_log (hash chain over every change), settings, screening_sessions, site_evaluations
"""
from __future__ import annotations

from datetime import datetime, timezone

from datetime import date

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict: JSON, list: JSON}
    # Named constraints, so a migration can drop or change one on SQLite and PostgreSQL alike.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"})


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # operator | inspector | supervisor
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()


class Visitor(Base):
    """A person bringing parcels, as their identity document says (the MRZ fields when it was scanned)."""

    __tablename__ = "visitors"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    document_number: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    document_type: Mapped[str | None] = mapped_column(String(4))  # MRZ: P (passport), ID, ...
    issuing_country: Mapped[str | None] = mapped_column(String(3))  # ISO 3166 alpha-3, e.g. KGZ
    surname: Mapped[str | None] = mapped_column(String(100))
    given_names: Mapped[str | None] = mapped_column(String(100))
    nationality: Mapped[str | None] = mapped_column(String(3))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    document_expiry: Mapped[date | None] = mapped_column(Date)
    personal_number: Mapped[str | None] = mapped_column(String(32))  # the PIN on Kyrgyz documents
    mrz: Mapped[str | None] = mapped_column(Text)  # the raw lines, as read
    phone: Mapped[str | None] = mapped_column(String(40))


class Prisoner(Base):
    __tablename__ = "prisoners"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    cell: Mapped[str | None] = mapped_column(String(40))
    case_number: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"), index=True)
    prisoner_name: Mapped[str] = mapped_column(String(200))  # as the visitor gave it
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    prisoner_id: Mapped[int | None] = mapped_column(ForeignKey("prisoners.id"), index=True)  # once matched
    relationship_to_prisoner: Mapped[str | None] = mapped_column(String(40))
    ended_at: Mapped[datetime | None] = mapped_column()
    visitor: Mapped[Visitor] = relationship()
    prisoner: Mapped[Prisoner | None] = relationship()


class Package(Base):
    __tablename__ = "packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    declared_contents: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    label: Mapped[str | None] = mapped_column(String(40), unique=True)  # the tag or barcode on the parcel
    weight_kg: Mapped[float | None] = mapped_column(Float)
    # registered | scanned | cleared | flagged | rejected | released | seized
    status: Mapped[str] = mapped_column(String(16), default="registered", index=True)
    visit: Mapped[Visit] = relationship()
    declared_items: Mapped[list["DeclaredItem"]] = relationship(back_populates="package",
                                                                order_by="DeclaredItem.id")


class DeclaredItem(Base):
    """One line of what the visitor says is inside (the list the checkpoint's form asks for)."""

    __tablename__ = "declared_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))  # pcs, kg, l
    package: Mapped[Package] = relationship(back_populates="declared_items")


class Scan(Base):
    __tablename__ = "scans"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the scanner event's id
    package_id: Mapped[int | None] = mapped_column(ForeignKey("packages.id"), index=True)
    scanner_id: Mapped[str] = mapped_column(String(64))
    image_sha256: Mapped[str] = mapped_column(String(64))  # colour image in the archive
    high_sha256: Mapped[str | None] = mapped_column(String(64))
    low_sha256: Mapped[str | None] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    air_high: Mapped[float | None] = mapped_column(Float)
    air_low: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(500))
    scanned_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | decided
    detector_version: Mapped[str | None] = mapped_column(String(120))  # what looked at it (name version)
    detect_ms: Mapped[int | None] = mapped_column(Integer)
    images_pruned_at: Mapped[datetime | None] = mapped_column()  # images removed by the retention policy
    detections: Mapped[list["Detection"]] = relationship(back_populates="scan", order_by="Detection.id")
    decision: Mapped["Decision | None"] = relationship(back_populates="scan")


class Detection(Base):
    __tablename__ = "detections"
    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[str] = mapped_column(ForeignKey("scans.id"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    x0: Mapped[int] = mapped_column(Integer)
    y0: Mapped[int] = mapped_column(Integer)
    x1: Mapped[int] = mapped_column(Integer)
    y1: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(10))
    detector: Mapped[str] = mapped_column(String(80))
    scan: Mapped[Scan] = relationship(back_populates="detections")


class Decision(Base):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[str] = mapped_column(ForeignKey("scans.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(10))  # clear | flag | reject
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    shown_at: Mapped[datetime | None] = mapped_column()
    decided_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decision_ms: Mapped[int | None] = mapped_column(Integer)  # from image shown to decision
    tools_used: Mapped[list] = mapped_column(default=list)
    keystrokes: Mapped[int] = mapped_column(Integer, default=0)
    alarm_override: Mapped[bool] = mapped_column(Boolean, default=False)  # cleared despite a high alarm
    scan: Mapped[Scan] = relationship(back_populates="decision")


class Inspection(Base):
    """The hand search of a flagged parcel: opened by the flag, claimed by an inspector, closed with
    what was found (nothing, or findings and seizures) and whether the case went to drug control."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[str] = mapped_column(ForeignKey("scans.id"), index=True)
    found_prohibited: Mapped[bool | None] = mapped_column(Boolean)  # None while open
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))  # who claimed it
    notes: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)  # opened
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # open | claimed | closed
    claimed_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    referred_to_drug_control: Mapped[bool] = mapped_column(Boolean, default=False)
    referral_number: Mapped[str | None] = mapped_column(String(64))
    findings: Mapped[list["Finding"]] = relationship(back_populates="inspection", order_by="Finding.id")


class Finding(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))  # a detector class (knife, drugs, ...) or "other"
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    weight_g: Mapped[float | None] = mapped_column(Numeric(10, 3))  # drugs are weighed to the milligram
    seen_on_xray: Mapped[bool | None] = mapped_column(Boolean)  # did the image (or the detector) show it
    recorded_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    inspection: Mapped[Inspection] = relationship(back_populates="findings")


class SeizedItem(Base):
    """What was taken, under seal, with its chain of custody."""

    __tablename__ = "seized_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    seal_number: Mapped[str] = mapped_column(String(64), unique=True)  # the evidence bag's seal
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    weight_g: Mapped[float | None] = mapped_column(Numeric(10, 3))
    # in_custody | transferred | returned | destroyed
    status: Mapped[str] = mapped_column(String(16), default="in_custody", index=True)
    seized_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    seized_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustodyTransfer(Base):
    __tablename__ = "custody_transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    seized_item_id: Mapped[int] = mapped_column(ForeignKey("seized_items.id"), index=True)
    from_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    to_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    to_party: Mapped[str] = mapped_column(String(200), default="")  # e.g. drug control service, with the officer
    document_number: Mapped[str | None] = mapped_column(String(64))  # the act of transfer
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class TipEvent(Base):
    """Threat image projection: a fictitious threat shown in a real parcel image, to keep operators sharp
    and to measure them. Hit = the operator flagged the parcel or marked the threat."""

    __tablename__ = "tip_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[str] = mapped_column(ForeignKey("scans.id"), index=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    threat_class: Mapped[str] = mapped_column(String(40))
    threat_image_sha256: Mapped[str] = mapped_column(String(64))
    x0: Mapped[int] = mapped_column(Integer)
    y0: Mapped[int] = mapped_column(Integer)
    x1: Mapped[int] = mapped_column(Integer)
    y1: Mapped[int] = mapped_column(Integer)
    projected_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    outcome: Mapped[str | None] = mapped_column(String(8))  # hit | miss, None until the decision
    response_ms: Mapped[int | None] = mapped_column(Integer)


class SiteEvaluation(Base):
    """A site's acceptance record: the detector measured on the site's own labelled scanner images."""

    __tablename__ = "site_evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    model_version: Mapped[str] = mapped_column(String(120), index=True)
    images_dir: Mapped[str] = mapped_column(Text)
    labels: Mapped[str] = mapped_column(Text)
    class_map: Mapped[str | None] = mapped_column(Text)
    images: Mapped[int] = mapped_column(Integer)
    map50: Mapped[float] = mapped_column(Float)
    map50_95: Mapped[float] = mapped_column(Float)
    clean_with_alarm: Mapped[float | None] = mapped_column(Float)
    figures: Mapped[dict] = mapped_column(default=dict)  # per class: ap50, ap50_95, objects, precision, recall
    report_path: Mapped[str | None] = mapped_column(Text)


class ScreeningSession(Base):
    """Continuous screening time of one operator, for the fatigue rule."""

    __tablename__ = "screening_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()
    warned_at: Mapped[datetime | None] = mapped_column()
    end_reason: Mapped[str | None] = mapped_column(String(40))


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict] = mapped_column()
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only, each entry chained to the previous by hash, so an edit or deletion shows."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# For the queries the UI and the exports make: a day's log, an operator's day, the open inspections,
# the audit trail of one record.
Index("ix_decisions_operator_time", Decision.operator_id, Decision.decided_at)
# Covers a month's statistics: counted from the index alone, without visiting a million rows.
Index("ix_decisions_time_covering", Decision.decided_at, Decision.outcome, Decision.operator_id, Decision.decision_ms)
Index("ix_inspections_status_opened", Inspection.status, Inspection.at)
Index("ix_audit_entity", AuditEntry.entity, AuditEntry.entity_id)
Index("ix_audit_at", AuditEntry.at)
Index("ix_scans_package_received", Scan.package_id, Scan.received_at)

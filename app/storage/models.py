"""The records: who screened which parcel of which visit, what the detector said, what was decided.

SQLAlchemy 2 typed models. The fuller schema (prisoners, inspections, seizures, custody) and Alembic
migrations come with the records issue; these tables are what the screening loop needs and are
designed to grow without renames.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict: JSON, list: JSON}


class Operator(Base):
    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # operator | inspector | supervisor
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Visitor(Base):
    __tablename__ = "visitors"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    document_number: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id"))
    prisoner_name: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    visitor: Mapped[Visitor] = relationship()


class Package(Base):
    __tablename__ = "packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    declared_contents: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    visit: Mapped[Visit] = relationship()


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
    """Result of the hand search of a flagged parcel (the inspection group's issue widens it)."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[str] = mapped_column(ForeignKey("scans.id"), index=True)
    found_prohibited: Mapped[bool] = mapped_column(Boolean)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


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


Index("ix_decisions_operator_time", Decision.operator_id, Decision.decided_at)

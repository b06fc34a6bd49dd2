"""The supervisor's views of the records: one day's log, its export, and a month's statistics.

A "day" is the site's calendar day (the workstation's local time zone), turned into a UTC interval
once, so every query is a range scan on an indexed timestamp.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from app.storage import audit
from app.storage import models as m
from app.storage.db import Database

LOG_COLUMNS = ("received_at", "scan_id", "package_id", "visitor", "document", "prisoner", "outcome", "reason",
               "operator", "decided_at", "decision_ms", "alarms")


def day_bounds(day: date, tz=None) -> tuple[datetime, datetime]:
    """[start, end) of the local calendar day, in UTC."""
    tz = tz or datetime.now().astimezone().tzinfo
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


@dataclass(frozen=True)
class LogRow:
    received_at: datetime
    scan_id: str
    package_id: int | None
    visitor: str | None
    document: str | None
    prisoner: str | None
    outcome: str | None
    reason: str | None
    operator: str | None
    decided_at: datetime | None
    decision_ms: int | None
    alarms: str  # detector labels, comma-separated


def day_log(db: Database, day: date, tz=None) -> list[LogRow]:
    """Every parcel scanned that day, in order, with its visitor, decision and alarms."""
    start, end = day_bounds(day, tz)
    alarms = (select(m.Detection.scan_id, func.count().label("n"), func.min(m.Detection.label).label("first"))
              .join(m.Scan, m.Scan.id == m.Detection.scan_id)
              .where(m.Scan.received_at >= start, m.Scan.received_at < end)
              .group_by(m.Detection.scan_id).subquery())
    q = (select(m.Scan.received_at, m.Scan.id, m.Scan.package_id, m.Visitor.full_name, m.Visitor.document_number,
                m.Visit.prisoner_name, m.Decision.outcome, m.Decision.reason_code, m.Operator.full_name,
                m.Decision.decided_at, m.Decision.decision_ms, alarms.c.n, alarms.c.first)
         .outerjoin(m.Package, m.Package.id == m.Scan.package_id)
         .outerjoin(m.Visit, m.Visit.id == m.Package.visit_id)
         .outerjoin(m.Visitor, m.Visitor.id == m.Visit.visitor_id)
         .outerjoin(m.Decision, m.Decision.scan_id == m.Scan.id)
         .outerjoin(m.Operator, m.Operator.id == m.Decision.operator_id)
         .outerjoin(alarms, alarms.c.scan_id == m.Scan.id)
         .where(m.Scan.received_at >= start, m.Scan.received_at < end)
         .order_by(m.Scan.received_at))
    with db.session() as s:
        rows = s.execute(q).all()
    return [LogRow(*r[:11], "" if not r[11] else (r[12] if r[11] == 1 else f"{r[12]} +{r[11] - 1}")) for r in rows]


def export_day(db: Database, day: date, path: Path, actor_id: int | None = None, tz=None) -> int:
    """The day's log as CSV (UTF-8 with a BOM, so Excel shows Cyrillic names as they are); returns rows."""
    rows = day_log(db, day, tz)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(LOG_COLUMNS)
        for r in rows:
            w.writerow([r.received_at.isoformat(timespec="seconds"), r.scan_id, r.package_id or "", r.visitor or "",
                        r.document or "", r.prisoner or "", r.outcome or "pending", r.reason or "", r.operator or "",
                        r.decided_at.isoformat(timespec="seconds") if r.decided_at else "", r.decision_ms or "",
                        r.alarms])
    tmp.replace(path)
    with db.session() as s:
        audit.append(s, actor_id, "export", "day_log", day.isoformat(), {"rows": len(rows), "file": path.name})
    return len(rows)


@dataclass(frozen=True)
class MonthStatistics:
    parcels: int
    outcomes: dict[str, int]
    per_operator: dict[str, dict[str, int]]  # name -> outcome -> count
    alarms_by_label: dict[str, int]
    per_day: dict[date, int]
    median_decision_ms: float | None


def month_statistics(db: Database, year: int, month: int, tz=None) -> MonthStatistics:
    start, _ = day_bounds(date(year, month, 1), tz)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    end, _ = day_bounds(nxt, tz)
    in_month = (m.Decision.decided_at >= start, m.Decision.decided_at < end)
    with db.session() as s:
        outcomes = dict(s.execute(select(m.Decision.outcome, func.count()).where(*in_month)
                                  .group_by(m.Decision.outcome)).all())
        per_operator: dict[str, dict[str, int]] = {}
        for name, outcome, n in s.execute(select(m.Operator.full_name, m.Decision.outcome, func.count())
                                          .join(m.Operator, m.Operator.id == m.Decision.operator_id).where(*in_month)
                                          .group_by(m.Operator.full_name, m.Decision.outcome)):
            per_operator.setdefault(name, {})[outcome] = n
        alarms = dict(s.execute(select(m.Detection.label, func.count()).join(m.Scan, m.Scan.id == m.Detection.scan_id)
                                .where(m.Scan.received_at >= start, m.Scan.received_at < end)
                                .group_by(m.Detection.label)).all())
        tz_ = tz or datetime.now().astimezone().tzinfo
        per_day: dict[date, int] = {}
        # Counted per hour in SQL (portable across SQLite and PostgreSQL), folded into local days here.
        hour = func.substr(func.cast(m.Decision.decided_at, m.String), 1, 13) if db.engine.dialect.name == "sqlite" \
            else func.to_char(func.timezone("UTC", m.Decision.decided_at), "YYYY-MM-DD HH24")
        for h, n in s.execute(select(hour, func.count()).where(*in_month).group_by(hour)):
            at = datetime.strptime(h.replace("T", " "), "%Y-%m-%d %H").replace(tzinfo=timezone.utc).astimezone(tz_)
            per_day[at.date()] = per_day.get(at.date(), 0) + n
        timed = (*in_month, m.Decision.decision_ms.is_not(None))
        n = s.scalar(select(func.count()).select_from(m.Decision).where(*timed))
        median = s.scalar(select(m.Decision.decision_ms).where(*timed).order_by(m.Decision.decision_ms)
                          .offset(n // 2).limit(1)) if n else None
    return MonthStatistics(sum(outcomes.values()), outcomes, per_operator, alarms, dict(sorted(per_day.items())),
                           float(median) if median is not None else None)

"""The audit trail: append-only entries chained by SHA-256, written in the caller's transaction."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry, utcnow

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, at: datetime, actor_id, action: str, entity: str, entity_id: str, details: dict) -> str:
    body = json.dumps([prev_hash, at.isoformat(), actor_id, action, entity, entity_id, details],
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, actor_id: int | None, action: str, entity: str, entity_id, details: dict | None = None) -> AuditEntry:
    """Add an entry to the chain within the session's transaction (so it commits with the change)."""
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1).with_for_update()).first()
    prev = last.hash if last else GENESIS
    at = utcnow()
    details = details or {}
    entry = AuditEntry(at=at, actor_id=actor_id, action=action, entity=entity, entity_id=str(entity_id), details=details,
                       prev_hash=prev, hash=_entry_hash(prev, at, actor_id, action, entity, str(entity_id), details))
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session) -> int | None:
    """Id of the first entry that breaks the chain, or None when it is intact."""
    prev = GENESIS
    for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        at = e.at if e.at.tzinfo else e.at.replace(tzinfo=utcnow().tzinfo)
        if e.prev_hash != prev or e.hash != _entry_hash(prev, at, e.actor_id, e.action, e.entity, e.entity_id, e.details):
            return e.id
        prev = e.hash
    return None


# Records that must each have the audit entry that created them: (table's model, action, entity).
# A deleted audit entry at the end of the chain leaves no break in the chain itself; these show it.
def _required():
    from .models import Decision, Operator, Package, Scan

    return ((Operator, "account_created", "operator", Operator.id), (Package, "package_registered", "package", Package.id),
            (Scan, "scan_received", "scan", Scan.id), (Decision, "decision", "scan", Decision.scan_id))


def records_without_entry(session: Session, limit: int = 20) -> list[str]:
    """Rows whose creating audit entry is missing, as "table id" (at most `limit`)."""
    from sqlalchemy import String, and_, cast

    missing: list[str] = []
    for model, action, entity, key in _required():
        q = (select(key).outerjoin(AuditEntry, and_(AuditEntry.action == action, AuditEntry.entity == entity,
                                                    AuditEntry.entity_id == cast(key, String)))
             .where(AuditEntry.id.is_(None)).limit(limit - len(missing)))
        missing += [f"{model.__tablename__} {k}" for k in session.scalars(q)]
        if len(missing) >= limit:
            break
    return missing

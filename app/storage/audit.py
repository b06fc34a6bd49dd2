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

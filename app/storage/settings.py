"""Site settings a supervisor changes: one JSON value per key, every change in the audit trail."""
from __future__ import annotations

from .audit import append
from .db import Database
from .models import Setting, utcnow


def read_setting(db: Database, key: str) -> dict | None:
    with db.session() as s:
        row = s.get(Setting, key)
        return dict(row.value) if row else None


def write_setting(db: Database, actor_id: int, key: str, value: dict) -> None:
    """Store the value and its audit entry in one transaction."""
    with db.session() as s:
        row = s.get(Setting, key)
        if row is None:
            row = Setting(key=key, value={})
            s.add(row)
        row.value, row.updated_by, row.updated_at = value, actor_id, utcnow()
        append(s, actor_id, "setting_changed", "setting", key, value)

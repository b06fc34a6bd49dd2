"""The schema's version: Alembic migrations applied at start-up, a backup of an SQLite file first, and
a clear refusal to open a database that a newer Checkpoint has migrated past what this one knows.

Databases made before migrations existed (issue 3's `create_all`) hold revision 0001's tables and no
version: they are stamped 0001 and upgraded like any other.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from .db import StorageError

log = logging.getLogger(__name__)
SCRIPTS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the tables issue 3 created without Alembic


@dataclass(frozen=True)
class MigrationReport:
    before: str | None  # revision found (None: empty database)
    after: str
    backup: Path | None  # the copy made before upgrading, if any


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup (safe while others read or write)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None) -> MigrationReport:
    """Bring the database to this app's head revision. Raises StorageError("database_too_new")."""
    head = head_revision()
    scripts = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    if current is None and inspect(engine).has_table("scans"):
        log.warning("database without a schema version: stamping %s (made before migrations)", BASELINE)
        with engine.begin() as conn:
            command.stamp(_config(conn), BASELINE)
        current = BASELINE
    if current is not None:
        try:
            scripts.get_revision(current)
        except Exception as exc:  # alembic raises CommandError / ResolutionError for an unknown revision
            raise StorageError("database_too_new",
                               f"the database is at schema revision {current}; this Checkpoint knows up to {head}") from exc
    if current == head:
        return MigrationReport(current, head, None)
    backup = None
    path = _sqlite_path(engine)
    if current is not None and path is not None and path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(path, (backup_dir or path.parent / "backups") / f"{path.stem}-{stamp}-rev{current}.sqlite3")
        log.info("backed up %s to %s before upgrading from %s to %s", path, backup, current, head)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # Batch migrations copy tables; with foreign keys enforced SQLite would refuse to drop the
            # originals. Off for the migration (outside a transaction, or it is ignored), checked after.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        with conn.begin():
            command.upgrade(_config(conn), "head")
        if engine.dialect.name == "sqlite":
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
            if broken:
                raise StorageError("migration_failed", f"foreign keys broken after the upgrade: {broken[:5]}")
    log.info("database schema upgraded from %s to %s", current, head)
    return MigrationReport(current, head, backup)

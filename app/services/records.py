"""Keeping the records whole: verify the audit chain and the image archive, back up and restore,
and the image retention policy. Called alike by the command line and (later) the supervisor's window.

Backups are a folder: the database (SQLite's online backup, or `pg_dump` for PostgreSQL) and the
image archive, copied incrementally (images are stored by content hash, so a file already in the
backup is never copied again).
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, or_, select

from app.storage import audit
from app.storage import models as m
from app.storage.archive import ImageArchive
from app.storage.db import Database, StorageError
from app.storage.schema import backup_sqlite, current_revision, head_revision
from app.storage.settings import read_setting, write_setting

from .accounts import Account
from .errors import PermissionDenied

log = logging.getLogger(__name__)
RETENTION_KEY = "image_retention"
DEFAULT_RETENTION_DAYS = 365


@dataclass
class AuditReport:
    entries: int
    first_broken: int | None  # id of the first entry that breaks the chain
    broken_entry: str = ""  # what that entry says it was
    records_without_entry: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.first_broken is None and not self.records_without_entry


def verify_audit(db: Database) -> AuditReport:
    with db.session() as s:
        from sqlalchemy import func

        count = s.scalar(select(func.count()).select_from(m.AuditEntry))
        broken = audit.verify(s)
        what = ""
        if broken is not None:
            e = s.get(m.AuditEntry, broken)
            what = f"{e.at:%Y-%m-%d %H:%M:%S} {e.action} {e.entity} {e.entity_id}"
        return AuditReport(count, broken, what, audit.records_without_entry(s))


@dataclass
class ArchiveReport:
    checked: int = 0  # image files read and hashed
    missing: list[tuple[str, str]] = field(default_factory=list)  # (scan id, which image)
    altered: list[tuple[str, str]] = field(default_factory=list)
    pruned: int = 0  # scans whose images the retention policy removed (not an error)

    @property
    def intact(self) -> bool:
        return not self.missing and not self.altered


def verify_archive(db: Database, archive: ImageArchive) -> ArchiveReport:
    """Read every image the database refers to and check its hash."""
    report = ArchiveReport()
    with db.session() as s:
        rows = s.execute(select(m.Scan.id, m.Scan.image_sha256, m.Scan.high_sha256, m.Scan.low_sha256,
                                m.Scan.images_pruned_at).order_by(m.Scan.received_at)).all()
    for scan_id, *digests, pruned_at in rows:
        if pruned_at is not None:
            report.pruned += 1
            continue
        for kind, digest in zip(("image", "high", "low"), digests):
            if not digest:
                continue
            try:
                archive.get(digest)
                report.checked += 1
            except StorageError as exc:
                (report.missing if exc.code == "image_missing" else report.altered).append((scan_id, kind))
    return report


# -- backup and restore ------------------------------------------------------------------------------
@dataclass
class BackupReport:
    folder: Path
    database: Path
    images_copied: int
    images_total: int


def _copy_archive(source: Path, target: Path) -> tuple[int, int]:
    copied = total = 0
    for path in source.rglob("*"):
        if not path.is_file() or path.name.startswith(".tmp-"):
            continue
        total += 1
        dest = target / path.relative_to(source)
        if dest.exists() and dest.stat().st_size == path.stat().st_size:
            continue  # content-addressed: same name, same bytes
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(".tmp-" + dest.name)
        shutil.copyfile(path, tmp)
        os.replace(tmp, dest)
        copied += 1
    return copied, total


def backup(db: Database, archive: ImageArchive, folder: Path, actor_id: int | None = None) -> BackupReport:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    engine = db.engine
    try:
        if engine.dialect.name == "sqlite":
            target = backup_sqlite(Path(engine.url.database), folder / f"checkpoint-{stamp}.sqlite3")
        elif engine.dialect.name == "postgresql":
            target = folder / f"checkpoint-{stamp}.pgdump"
            url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            subprocess.run(["pg_dump", "--format=custom", f"--file={target}", url], check=True, capture_output=True)
        else:
            raise StorageError("backup_failed", f"no backup for {engine.dialect.name}")
        copied, total = _copy_archive(archive.root, folder / "images")
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StorageError("backup_failed", str(exc)) from exc
    with db.session() as s:
        audit.append(s, actor_id, "backup", "database", target.name, {"folder": str(folder), "images": total})
    return BackupReport(folder, target, copied, total)


def restore(db_url: str, images_dir: Path, backup_file: Path) -> Path | None:
    """Put an SQLite backup in place of the database file (the current one is kept beside it as
    `.before-restore`) and bring back the backup's images. Run with the workstation closed.
    Returns the kept file. PostgreSQL: `pg_restore --clean` the .pgdump (see README)."""
    backup_file = Path(backup_file)
    if not db_url.startswith("sqlite:///"):
        raise StorageError("restore_failed", "restore of a PostgreSQL database: use pg_restore --clean --dbname=URL FILE")
    from sqlalchemy import create_engine

    probe = create_engine(f"sqlite:///{backup_file}")
    try:
        revision = current_revision(probe)
    except Exception as exc:  # not an SQLite file at all
        raise StorageError("restore_failed", f"{backup_file}: not a Checkpoint database ({exc})") from exc
    finally:
        probe.dispose()
    if revision is None:
        raise StorageError("restore_failed", f"{backup_file}: not a Checkpoint database")
    from alembic.script import ScriptDirectory

    from app.storage.schema import _config

    try:
        ScriptDirectory.from_config(_config()).get_revision(revision)
    except Exception as exc:
        raise StorageError("database_too_new", f"backup at revision {revision}, this app knows up to {head_revision()}") from exc
    target = Path(db_url.split(":///", 1)[1])
    kept = None
    if target.exists():
        kept = target.with_name(target.name + f".before-restore-{datetime.now():%Y%m%d-%H%M%S}")
        backup_sqlite(target, kept)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    backup_sqlite(backup_file, target)
    images = backup_file.parent / "images"
    if images.is_dir():
        _copy_archive(images, Path(images_dir))
    return kept


# -- retention -----------------------------------------------------------------------------------------
def retention_days(db: Database) -> int | None:
    """Days images are kept (None: forever)."""
    value = read_setting(db, RETENTION_KEY)
    return DEFAULT_RETENTION_DAYS if value is None else value.get("days")


def set_retention_days(db: Database, actor: Account, days: int | None) -> None:
    if not actor.may("change_settings"):
        raise PermissionDenied("only a supervisor changes this")
    if days is not None and days < 30:
        raise ValueError("images are kept at least 30 days")
    write_setting(db, actor.id, RETENTION_KEY, {"days": days})


def prune_images(db: Database, archive: ImageArchive, now: datetime | None = None, actor_id: int | None = None) -> int:
    """Remove the images of scans older than the retention period; never those of a scan with an
    open inspection or with a seizure, nor of an undecided scan. The records stay; returns how many
    scans lost their images."""
    days = retention_days(db)
    if days is None:
        return 0
    cutoff = (now or m.utcnow()) - timedelta(days=days)
    open_inspection = exists().where(m.Inspection.scan_id == m.Scan.id, m.Inspection.status != "closed")
    seized = (exists().where(m.Inspection.scan_id == m.Scan.id)
              .where(m.Finding.inspection_id == m.Inspection.id)
              .where(m.SeizedItem.finding_id == m.Finding.id))
    with db.session() as s:
        rows = s.scalars(select(m.Scan).where(m.Scan.received_at < cutoff, m.Scan.images_pruned_at.is_(None),
                                              m.Scan.status == "decided", ~open_inspection, ~seized)).all()
        digests = {d for r in rows for d in (r.image_sha256, r.high_sha256, r.low_sha256) if d}
        # An image shared with a scan that is kept (the same bytes twice) stays.
        kept = set()
        for column in (m.Scan.image_sha256, m.Scan.high_sha256, m.Scan.low_sha256):
            kept |= set(s.scalars(select(column).where(column.in_(digests), or_(
                m.Scan.received_at >= cutoff, m.Scan.status != "decided", open_inspection, seized))))
        when = m.utcnow()
        for r in rows:
            r.images_pruned_at = when
        if rows:
            audit.append(s, actor_id, "images_pruned", "scan", f"{len(rows)} scans",
                         {"days": days, "before": cutoff.isoformat(), "scans": len(rows)})
    for digest in digests - kept:
        archive.path_for(digest).unlink(missing_ok=True)
    log.info("retention: images of %d scans older than %d days removed", len(rows), days)
    return len(rows)

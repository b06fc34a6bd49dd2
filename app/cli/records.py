"""The record-keeping commands of `checkpoint`: the audit trail, the image archive, backups and DICOS
export, each on the site's database and image folder (`--data-dir`)."""
from __future__ import annotations

from pathlib import Path


def _records(args):
    from app.config import Settings
    from app.storage.archive import ImageArchive
    from app.storage.db import Database

    settings = Settings.load(args.data_dir)
    db = Database(settings.database_url)
    db.migrate(settings.data_dir / "backups")
    return settings, db, ImageArchive(settings.images_dir)


def cmd_audit_verify(args) -> int:
    from app.services.records import verify_audit

    _, db, _ = _records(args)
    report = verify_audit(db)
    if report.first_broken is not None:
        print(f"AUDIT TRAIL BROKEN at entry {report.first_broken} ({report.broken_entry}): it or the entry before "
              f"it was edited or deleted. {report.entries} entries.")
    for missing in report.records_without_entry:
        print(f"record without its audit entry: {missing}")
    if report.intact:
        print(f"audit trail intact: {report.entries} entries, every record with its entry")
    return 0 if report.intact else 1


def cmd_archive_verify(args) -> int:
    from app.services.records import verify_archive

    _, db, archive = _records(args)
    report = verify_archive(db, archive)
    for scan_id, kind in report.missing:
        print(f"MISSING: scan {scan_id}, {kind} image")
    for scan_id, kind in report.altered:
        print(f"ALTERED: scan {scan_id}, {kind} image (its content no longer matches its hash)")
    print(f"{report.checked} images checked, {len(report.missing)} missing, {len(report.altered)} altered, "
          f"{report.pruned} scans past retention")
    return 0 if report.intact else 1


def cmd_archive_prune(args) -> int:
    from app.services.records import prune_images, retention_days

    _, db, archive = _records(args)
    n = prune_images(db, archive)
    print(f"images of {n} scans removed (retention: {retention_days(db) or 'forever'} days)")
    return 0


def cmd_backup(args) -> int:
    from app.services.records import backup

    _, db, archive = _records(args)
    r = backup(db, archive, Path(args.folder))
    print(f"database -> {r.database}; images: {r.images_copied} copied, {r.images_total} in the backup")
    return 0


def cmd_restore(args) -> int:
    from app.config import Settings
    from app.services.records import restore

    settings = Settings.load(args.data_dir)
    kept = restore(settings.database_url, settings.images_dir, Path(args.file))
    print(f"restored {args.file}" + (f"; the database it replaced is kept as {kept}" if kept else ""))
    return 0


def cmd_dicos_export(args) -> int:
    from datetime import date

    from app.services.dicos_export import export_scans

    _, db, archive = _records(args)
    files = export_scans(db, archive, Path(args.out), args.scan or None, date.fromisoformat(args.day) if args.day else None)
    print(f"{len(files)} DICOS files -> {args.out}")
    return 0

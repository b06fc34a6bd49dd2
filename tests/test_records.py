"""Records that hold, on SQLite and PostgreSQL alike: the audit chain shows an edited or deleted row,
a damaged archive file is reported (never shown as valid), backups restore, retention spares what
an inspection or a seizure still needs, and two workstations on one server see each other's work."""
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from app.devices.simulated import SimulatedScanner
from app.services import records
from app.services.accounts import AccountService, Role
from app.services.screening import Outcome, ScreeningService
from app.storage import models as m
from app.storage.archive import ImageArchive
from app.storage.db import Database, StorageError

from fakes import FixedDetector


class Site:
    """One workstation's view of a database: accounts, screening, archive."""

    def __init__(self, url, images):
        self.db = Database(url)
        self.db.migrate()
        self.archive = ImageArchive(images)
        self.accounts = AccountService(self.db)
        self.service = ScreeningService(self.db, self.archive, FixedDetector())

    def close(self):
        self.service.shutdown()
        self.db.dispose()


@pytest.fixture
def site(database_url, tmp_path):
    s = Site(database_url, tmp_path / "images")
    yield s
    s.close()


def screen(site, fixtures_dir, outcomes):
    boss = site.accounts.create_first_supervisor("boss", "Асанов Бакыт", "boss-password") \
        if site.accounts.needs_first_supervisor() else site.accounts.authenticate("boss", "boss-password")
    op = site.accounts.create_account(boss, f"op{len(outcomes)}", "Оператор", Role.OPERATOR, "op-password")
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    views = []
    for outcome in outcomes:
        site.service.start_visit(op, "Токтогулова Айгуль", "AN1234567", "Осмонов Б.", "чай")
        view = site.service.process(scanner.scan_next())
        site.service.decide(op, view, outcome, None if outcome == Outcome.CLEAR else "other",
                            "" if outcome == Outcome.CLEAR else "проверить")
        views.append(view)
    return boss, op, views


def test_audit_chain_names_an_edited_and_a_deleted_entry(site, fixtures_dir):
    screen(site, fixtures_dir, [Outcome.CLEAR, Outcome.FLAG, Outcome.REJECT])
    report = records.verify_audit(site.db)
    assert report.intact and report.entries > 10
    with site.db.session() as s:
        ids = s.scalars(select(m.AuditEntry.id).order_by(m.AuditEntry.id)).all()
        decision = s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "decision").order_by(m.AuditEntry.id))
        decision_id, edited = decision.id, ids[3]
        original = s.get(m.AuditEntry, edited).entity_id
    with site.db.engine.begin() as conn:  # someone edits an entry in the database directly
        conn.execute(text("UPDATE audit_log SET entity_id = 'someone-else' WHERE id = :i"), {"i": edited})
    report = records.verify_audit(site.db)
    assert report.first_broken == edited and not report.intact
    with site.db.engine.begin() as conn:  # undone by hand, then a decision's entry is deleted instead
        conn.execute(text("UPDATE audit_log SET entity_id = :v WHERE id = :i"), {"v": original, "i": edited})
    assert records.verify_audit(site.db).intact
    with site.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": decision_id})
    report = records.verify_audit(site.db)
    assert report.first_broken == ids[ids.index(decision_id) + 1]
    assert any(r.startswith("decisions ") for r in report.records_without_entry)


def test_deleting_the_last_entry_shows_too(site, fixtures_dir):
    screen(site, fixtures_dir, [Outcome.FLAG])
    with site.db.engine.begin() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_log")).scalar()
        assert conn.execute(text("SELECT action FROM audit_log WHERE id = :i"), {"i": last}).scalar() == "decision"
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": last})
    report = records.verify_audit(site.db)
    assert report.first_broken is None and report.records_without_entry and not report.intact


def test_a_damaged_or_missing_image_is_reported_not_shown(site, fixtures_dir):
    _, _, views = screen(site, fixtures_dir, [Outcome.CLEAR, Outcome.CLEAR])
    assert records.verify_archive(site.db, site.archive).intact
    with site.db.session() as s:
        first, second = (s.get(m.Scan, v.scan_id) for v in views)
        altered, missing = first.image_sha256, second.image_sha256
    path = site.archive.path_for(altered)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    site.archive.path_for(missing).unlink()
    report = records.verify_archive(site.db, site.archive)
    assert report.altered == [(views[0].scan_id, "image")] and report.missing == [(views[1].scan_id, "image")]
    with pytest.raises(StorageError) as err:
        site.archive.get(altered)
    assert err.value.code == "image_altered"


def test_retention_spares_open_inspections_and_seizures(site, fixtures_dir):
    boss, op, views = screen(site, fixtures_dir, [Outcome.CLEAR, Outcome.FLAG, Outcome.FLAG, Outcome.CLEAR])
    old = m.utcnow() - timedelta(days=400)
    with site.db.session() as s:
        s.execute(update(m.Scan).values(received_at=old))
        inspections = s.scalars(select(m.Inspection).order_by(m.Inspection.id)).all()
        assert len(inspections) == 2 and all(i.status == "open" for i in inspections)
        inspections[0].status, inspections[0].found_prohibited = "closed", True  # found and seized
        finding = m.Finding(inspection_id=inspections[0].id, item="drugs", quantity=1, weight_g=12.5,
                            recorded_by=op.id)
        s.add(finding)
        s.flush()
        s.add(m.SeizedItem(finding_id=finding.id, seal_number="KG-000123", weight_g=12.5, seized_by=op.id))
        digests = {v.scan_id: s.get(m.Scan, v.scan_id).image_sha256 for v in views}
    assert records.retention_days(site.db) == 365
    assert records.prune_images(site.db, site.archive) == 2  # the two cleared parcels
    assert len(set(digests.values())) == 4
    for v, kept in zip(views, (False, True, True, False)):
        assert site.archive.path_for(digests[v.scan_id]).exists() == kept
    report = records.verify_archive(site.db, site.archive)
    assert report.intact and report.pruned == 2
    records.set_retention_days(site.db, boss, None)
    assert records.prune_images(site.db, site.archive) == 0


def test_backup_and_restore_sqlite(tmp_path, fixtures_dir):
    site = Site(f"sqlite:///{tmp_path / 'live' / 'cp.sqlite3'}", tmp_path / "live" / "images")
    try:
        screen(site, fixtures_dir, [Outcome.CLEAR])
        report = records.backup(site.db, site.archive, tmp_path / "backup")
        assert report.images_total >= 1 and report.database.exists()
        again = records.backup(site.db, site.archive, tmp_path / "backup")
        assert again.images_copied == 0  # incremental: nothing new to copy
        screen(site, fixtures_dir, [Outcome.FLAG, Outcome.FLAG])  # after the backup
        with site.db.session() as s:
            after = s.scalar(select(m.Decision).where(m.Decision.outcome == "flag")).scan_id
        image = next(p for p in site.archive.root.rglob("*") if p.is_file())
        image.unlink()  # and an image lost
    finally:
        site.close()
    kept = records.restore(f"sqlite:///{tmp_path / 'live' / 'cp.sqlite3'}", tmp_path / "live" / "images",
                           report.database)
    assert kept is not None and kept.exists()
    site = Site(f"sqlite:///{tmp_path / 'live' / 'cp.sqlite3'}", tmp_path / "live" / "images")
    try:
        with site.db.session() as s:
            assert s.get(m.Scan, after) is None and s.scalar(select(m.Decision)).outcome == "clear"
        assert records.verify_archive(site.db, site.archive).intact
        assert records.verify_audit(site.db).intact
    finally:
        site.close()
    with pytest.raises(StorageError) as err:
        records.restore(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "img", tmp_path / "backup" / "images")
    assert err.value.code == "restore_failed"


def test_two_workstations_on_postgresql_see_each_other(postgres_url, tmp_path, fixtures_dir):
    checkpoint = Site(postgres_url, tmp_path / "images")
    office = Site(postgres_url, tmp_path / "images")
    try:
        _, _, views = screen(checkpoint, fixtures_dir, [Outcome.FLAG])
        with office.db.session() as s:  # the inspection room's workstation, its own connection
            inspection = s.scalar(select(m.Inspection).where(m.Inspection.scan_id == views[0].scan_id))
            assert inspection is not None and inspection.status == "open"
            assert s.get(m.Package, views[0].package.package_id).status == "flagged"
            inspection.status = "claimed"
        with checkpoint.db.session() as s:
            assert s.scalar(select(m.Inspection.status)) == "claimed"
        # Both append to one audit chain without forking it.
        boss = office.accounts.authenticate("boss", "boss-password")
        office.accounts.create_account(boss, "insp", "Инспектор", Role.INSPECTOR, "insp-password")
        assert records.verify_audit(checkpoint.db).intact
    finally:
        checkpoint.close()
        office.close()

"""Migrations: up from empty, up from the previous revision with its records kept (after a backup),
a database from before migrations, one from a newer Checkpoint refused, and models that match."""
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.storage.db import Database, StorageError
from app.storage.models import Base
from app.storage.schema import BASELINE, _config, current_revision, head_revision


def test_up_from_empty_matches_the_models(database_url):
    db = Database(database_url)
    report = db.migrate()
    assert report.before is None and report.after == head_revision() and report.backup is None
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ (write a migration): {diff}"
    assert db.migrate().before == head_revision()  # a second start changes nothing
    db.dispose()


ISSUE3_ROWS = [
    "INSERT INTO operators (id, username, full_name, role, password_hash, active, created_at) "
    "VALUES (1, 'op', 'Оператор Асанов', 'operator', 'x', true, '2026-11-01 08:00:00+00')",
    "INSERT INTO visitors (id, full_name, document_number, created_at) "
    "VALUES (1, 'Айгуль Токтогулова', 'AN1234567', '2026-11-01 08:01:00+00')",
    "INSERT INTO visits (id, visitor_id, prisoner_name, operator_id, started_at) "
    "VALUES (1, 1, 'Бакыт Осмонов', 1, '2026-11-01 08:01:00+00')",
    "INSERT INTO packages (id, visit_id, declared_contents, created_at) VALUES (1, 1, 'чай, сахар', '2026-11-01 08:02:00+00')",
    "INSERT INTO scans (id, package_id, scanner_id, image_sha256, width, height, scanned_at, received_at, status) "
    "VALUES ('s1', 1, 'sim-1', 'aa', 800, 600, '2026-11-01 08:03:00+00', '2026-11-01 08:03:00+00', 'decided')",
    "INSERT INTO decisions (id, scan_id, outcome, reason_code, reason_text, operator_id, decided_at, tools_used, "
    "keystrokes, alarm_override) VALUES (1, 's1', 'flag', 'dense_organic', '', 1, '2026-11-01 08:04:00+00', '[]', 3, false)",
    "INSERT INTO inspections (id, scan_id, found_prohibited, inspector_id, notes, at) "
    "VALUES (1, 's1', true, 1, 'гашиш 12,5 г', '2026-11-01 08:30:00+00')",
]


def test_up_from_the_previous_revision_keeps_the_records(database_url, tmp_path):
    engine = create_engine(database_url)
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(_config(conn), BASELINE)
        for row in ISSUE3_ROWS:
            conn.execute(text(row))
    engine.dispose()
    db = Database(database_url)
    report = db.migrate(backup_dir=tmp_path / "backups")
    assert report.before == BASELINE and report.after == head_revision()
    if database_url.startswith("sqlite"):
        assert report.backup is not None and report.backup.exists()  # the old file, before the upgrade
        with sqlite3.connect(report.backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (BASELINE,)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT full_name FROM visitors")).scalar() == "Айгуль Токтогулова"
        assert conn.execute(text("SELECT status FROM packages WHERE id = 1")).scalar() == "flagged"
        assert conn.execute(text("SELECT status, closed_at IS NOT NULL FROM inspections")).one() == ("closed", True)
        assert conn.execute(text("SELECT notes FROM inspections")).scalar() == "гашиш 12,5 г"
    db.dispose()


def test_a_database_from_before_migrations_is_stamped_and_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(_config(conn), BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))  # as issue 3's create_all left it
        for row in ISSUE3_ROWS:
            conn.execute(text(row))
    engine.dispose()
    db = Database(url)
    assert db.migrate().before == BASELINE
    assert current_revision(db.engine) == head_revision()
    assert "prisoners" in inspect(db.engine).get_table_names()
    db.dispose()


def test_a_database_newer_than_the_app_refuses_to_open(database_url):
    db = Database(database_url)
    db.migrate()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError) as err:
        db.migrate()
    assert err.value.code == "database_too_new" and "9999" in str(err.value)
    with db.engine.connect() as conn:  # and nothing was touched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    db.dispose()

"""Accounts, screening, audit and fatigue on a real SQLite file, without a window."""
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select, text

from app.detection.base import Detection, Severity
from app.devices.simulated import SimulatedScanner
from app.services.accounts import AccountService, Role
from app.services.errors import AuthError, DecisionRejected, PermissionDenied
from app.services.fatigue import FatigueRule, FatigueState, ScreeningTimer
from app.services.screening import Outcome, ScreeningService, Telemetry
from app.storage import audit
from app.storage import models as m
from app.storage.archive import ImageArchive
from app.storage.db import Database, StorageError

from fakes import FixedDetector


HIGH = Detection("drugs", 0.9, (10, 10, 60, 50), Severity.HIGH, "fixed 1")


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'cp.sqlite3'}", busy_timeout_ms=300)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def people(db):
    accounts = AccountService(db)
    boss = accounts.create_first_supervisor("boss", "Асанов Бакыт", "correct horse")
    op = accounts.create_account(boss, "op1", "Иванова Мария", Role.OPERATOR, "op-password")
    insp = accounts.create_account(boss, "insp", "Inspector", Role.INSPECTOR, "insp-password")
    return accounts, boss, op, insp


def make_service(db, tmp_path, detector=None):
    return ScreeningService(db, ImageArchive(tmp_path / "images"), detector or FixedDetector())


def test_accounts_roles_and_passwords(db, people):
    accounts, boss, op, insp = people
    assert not accounts.needs_first_supervisor()
    with pytest.raises(PermissionDenied):
        accounts.create_first_supervisor("x", "x", "long enough")
    assert accounts.authenticate("op1", "op-password").role == Role.OPERATOR
    with pytest.raises(AuthError) as wrong:
        accounts.authenticate("op1", "nope-nope")
    with pytest.raises(AuthError) as unknown:
        accounts.authenticate("nobody", "whatever1")
    assert wrong.value.code == unknown.value.code == "wrong_password"
    with pytest.raises(AuthError, match="8"):
        accounts.create_account(boss, "short", "S", Role.OPERATOR, "1234567")
    with pytest.raises(AuthError) as taken:
        accounts.create_account(boss, "op1", "again", Role.OPERATOR, "op-password")
    assert taken.value.code == "username_taken"
    with pytest.raises(PermissionDenied):
        accounts.create_account(op, "new", "N", Role.OPERATOR, "password1")
    assert not insp.may("screen") and op.may("screen") and boss.may("manage_accounts")
    with db.session() as s:
        actions = [e.action for e in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))]
        stored = s.scalar(select(m.Operator).where(m.Operator.username == "op1"))
        assert stored.full_name == "Иванова Мария" and stored.password_hash.startswith("$argon2id$")
    assert actions.count("login_failed") == 2 and "login" in actions


def test_scan_stored_detected_decided_and_audited(db, people, tmp_path, fixtures_dir):
    _, boss, op, _ = people
    service = make_service(db, tmp_path, FixedDetector([Detection("opaque", 0.7, (1, 2, 30, 40), Severity.MEDIUM, "fixed 1")]))
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    pkg = service.start_visit(op, "Токтогулов Айбек", "AN1234567", "Петров П.П.", "чай 2 кг\nсахар")
    view = service.process(scanner.scan_next())
    assert view.package == pkg and view.detections[0].label == "opaque"
    with pytest.raises(DecisionRejected) as no_reason:
        service.decide(op, view, Outcome.FLAG)
    assert no_reason.value.code == "reason_required"
    with pytest.raises(DecisionRejected):
        service.decide(op, view, Outcome.FLAG, "other", "   ")
    shown = m.utcnow() - timedelta(seconds=3)
    service.decide(op, view, Outcome.FLAG, "opaque_area", telemetry=Telemetry(shown, ["negative", "zoom_in"], 5))
    with pytest.raises(DecisionRejected) as twice:
        service.decide(op, view, Outcome.CLEAR)
    assert twice.value.code == "already_decided"
    with db.session() as s:
        scan = s.get(m.Scan, view.scan_id)
        d = scan.decision
        assert scan.status == "decided" and scan.package_id == pkg.package_id
        assert (d.outcome, d.reason_code, d.operator_id, d.keystrokes) == ("flag", "opaque_area", op.id, 5)
        assert d.tools_used == ["negative", "zoom_in"] and 2500 < d.decision_ms < 60000
        assert [x.label for x in scan.detections] == ["opaque"]
        assert s.get(m.Package, pkg.package_id).declared_contents == "чай 2 кг\nсахар"
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "decision")).one()
        assert entry.entity_id == view.scan_id and entry.details["outcome"] == "flag"
        assert audit.verify(s) is None
    assert service.archive.path_for(scan.image_sha256).is_file()
    service.shutdown()


def test_high_alarm_cannot_be_cleared_unless_the_supervisor_allows_it(db, people, tmp_path, fixtures_dir):
    _, boss, op, _ = people
    service = make_service(db, tmp_path, FixedDetector([HIGH]))
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    service.start_visit(op, "V", "D1", "P")
    first, second = service.process(scanner.scan_next()), service.process(scanner.scan_next())
    with pytest.raises(DecisionRejected) as blocked:
        service.decide(op, first, Outcome.CLEAR)
    assert blocked.value.code == "alarm_needs_inspection"
    with pytest.raises(PermissionDenied):
        service.set_allow_clear_with_high_alarm(op, True)
    service.set_allow_clear_with_high_alarm(boss, True)
    service.decide(op, second, Outcome.CLEAR)
    with db.session() as s:
        assert s.scalars(select(m.Decision)).one().alarm_override is True
        assert s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "setting_changed")) is not None


def test_undecided_scans_come_back_after_a_restart(db, people, tmp_path, fixtures_dir):
    _, _, op, _ = people
    service = make_service(db, tmp_path, FixedDetector([HIGH]))
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    views = [service.process(scanner.scan_next()) for _ in range(3)]
    service.start_visit(op, "V", "D1", "P")
    service.decide(op, views[1], Outcome.FLAG, "detector_alarm")
    service.shutdown()
    restarted = make_service(db, tmp_path)
    pending = restarted.pending()
    assert [p.scan_id for p in pending] == [views[0].scan_id, views[2].scan_id]
    assert np.array_equal(pending[0].scan.rgb, views[0].scan.rgb)
    assert pending[0].scan.dual_energy and np.array_equal(pending[0].scan.high, views[0].scan.high)
    assert pending[0].detections[0].label == "drugs" and pending[0].package is None
    with pytest.raises(DecisionRejected) as no_package:
        restarted.decide(op, pending[0], Outcome.REJECT, "prohibited_item_visible")
    assert no_package.value.code == "package_required"
    pkg = restarted.start_visit(op, "V2", "D2", "P")
    restarted.decide(op, pending[0], Outcome.REJECT, "prohibited_item_visible")
    with db.session() as s:
        assert s.get(m.Scan, pending[0].scan_id).package_id == pkg.package_id
    restarted.shutdown()


def test_a_failing_detector_loses_no_scan(db, people, tmp_path, fixtures_dir):
    service = make_service(db, tmp_path, FixedDetector(fail=True))
    view = service.process(SimulatedScanner(fixtures_dir, interval_s=None).scan_next())
    assert not view.detector_ok and view.detections == []
    assert [p.scan_id for p in service.pending()] == [view.scan_id]


def test_locked_database_is_a_clear_error_and_the_decision_can_be_retried(db, people, tmp_path, fixtures_dir):
    _, _, op, _ = people
    service = make_service(db, tmp_path)
    service.start_visit(op, "V", "D1", "P")
    view = service.process(SimulatedScanner(fixtures_dir, interval_s=None).scan_next())
    other = Database(db.url)
    conn = other.engine.raw_connection()
    cur = conn.cursor()
    cur.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as locked:
            service.decide(op, view, Outcome.CLEAR)
        assert locked.value.code == "database_locked"
    finally:
        conn.rollback()
        conn.close()
        other.dispose()
    service.decide(op, view, Outcome.CLEAR)
    with db.session() as s:
        assert s.scalar(text("select count(*) from decisions")) == 1


def test_audit_chain_shows_an_edited_row(db, people):
    with db.session() as s:
        assert audit.verify(s) is None
        s.execute(text("update audit_log set details = '{\"reason\": \"edited\"}' where id = 2"))
    with db.session() as s:
        assert audit.verify(s) == 2


def test_fatigue_rule_warns_records_and_resets_after_a_break(db, people):
    _, _, op, _ = people
    now = [m.utcnow()]
    timer = ScreeningTimer(db, op.id, FatigueRule(20, 10, 2), clock=lambda: now[0])
    timer.activity()
    assert timer.state()[0] == FatigueState.OK
    for minutes in range(1, 19):
        now[0] += timedelta(minutes=1)
        timer.activity()
    assert timer.state()[0] == FatigueState.WARN
    now[0] += timedelta(minutes=2)
    timer.activity()
    assert timer.state()[0] == FatigueState.OVER
    now[0] += timedelta(minutes=11)  # a break
    assert timer.state() == (FatigueState.OK, 0.0)
    timer.activity()
    with db.session() as s:
        sessions = s.scalars(select(m.ScreeningSession).order_by(m.ScreeningSession.id)).all()
        assert len(sessions) == 2 and sessions[0].end_reason == "break_taken" and sessions[0].warned_at is not None
        assert s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "fatigue_warning")) is not None


def test_scanner_settings_are_written_and_audited_in_one_call_by_a_supervisor_only(db, people, tmp_path):
    from app.config import Settings
    from app.services.site_settings import save_scanner_settings

    _, boss, op, _ = people
    values = {"kind": "hot-folder", "folder": "D:/Экспорт", "settle_s": 1.0, "after": "move"}
    with pytest.raises(PermissionDenied):
        save_scanner_settings(db, op, tmp_path, values)
    assert Settings.load(tmp_path).scanner == {}
    save_scanner_settings(db, boss, tmp_path, values)
    assert Settings.load(tmp_path).scanner == values
    with db.session() as s:
        (entry,) = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "scanner")).all()
        assert entry.actor_id == boss.id and entry.action == "setting_changed" and entry.details == values


def test_fatigue_rule_is_a_recorded_supervisor_setting(db, people):
    from app.services.fatigue import load_rule, save_rule

    _, boss, op, _ = people
    assert load_rule(db) == FatigueRule()
    with pytest.raises(PermissionDenied):
        save_rule(db, op, FatigueRule(30, 5, 2))
    save_rule(db, boss, FatigueRule(30, 5, 2))
    assert load_rule(db) == FatigueRule(30, 5, 2)
    with pytest.raises(ValueError):
        save_rule(db, boss, FatigueRule(0, 5, 2))
    with db.session() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "fatigue_rule")).one()
        assert entry.actor_id == boss.id and entry.details["max_continuous_min"] == 30

"""The real window, offscreen: log in, a parcel arrives, marks, tools on keys, a decision recorded."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.config import Settings
from app.detection.base import Detection, Severity
from app.services.accounts import Role
from app.services.screening import REASONS, Outcome
from app.storage import models as m
from app.ui import screening_view
from app.services.workstation import Workstation
from app.ui.app import build_main_window
from app.ui.dialogs import LoginDialog, ReasonDialog, VisitDialog
from app.ui.messages import error_message

from fakes import FixedDetector


OPAQUE = Detection("opaque", 0.8, (100, 100, 220, 180), Severity.MEDIUM, "fixed 1")
DRUGS = Detection("drugs", 0.9, (300, 200, 360, 260), Severity.HIGH, "fixed 1")


@pytest.fixture
def ws(tmp_path, fixtures_dir):
    settings = Settings(tmp_path, f"sqlite:///{tmp_path / 'cp.sqlite3'}", tmp_path / "images", tmp_path / "logs")
    w = Workstation.open(settings, fixtures_dir, interval_s=None, detector=FixedDetector([]))
    boss = w.accounts.create_first_supervisor("boss", "Начальник", "boss-password")
    w.accounts.create_account(boss, "op", "Оператор", Role.OPERATOR, "op-password")
    w.accounts.create_account(boss, "insp", "Инспектор", Role.INSPECTOR, "insp-password")
    yield w
    w.close()


def log_in(qtbot, ws, username, password):
    dialog = LoginDialog(ws.accounts)
    qtbot.addWidget(dialog)
    dialog.username.setText(username)
    dialog.password.setText(password)
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog


def open_window(qtbot, ws, username="op", password="op-password"):
    account = log_in(qtbot, ws, username, password).account
    window = build_main_window(ws, account)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    if window.screening is not None:
        window.screening.setFocus()
    return window


def scan(qtbot, ws, view, expected_queue=None):
    before = (view.current.scan_id if view.current else None, len(view.queue))
    assert ws.scanner.scan_next() is not None
    qtbot.waitUntil(lambda: (view.current.scan_id if view.current else None, len(view.queue)) != before, timeout=10000)


def test_wrong_password_shows_a_clear_message(qtbot, ws):
    dialog = log_in(qtbot, ws, "op", "not-the-password")
    assert dialog.account is None and not dialog.error.isHidden()
    assert dialog.error.text() == error_message("wrong_password") and dialog.password.text() == ""
    assert log_in(qtbot, ws, "op", "op-password").account.role == Role.OPERATOR


def test_parcel_marks_tools_and_a_flag_recorded(qtbot, ws, monkeypatch):
    ws.service.detector = FixedDetector([OPAQUE])
    window = open_window(qtbot, ws)
    view = window.screening
    account = view.account
    ws.service.start_visit(account, "Асанова Айгуль", "ID0099", "Сидоров С.С.", "чай, сахар")
    scan(qtbot, ws, view)
    scan(qtbot, ws, view)
    first = view.current
    assert len(view.queue) == 1
    assert len(view.image._marks) == 2 and view.image._marks[0].isVisible()  # box and label
    assert view.findings.count() == 1 and "80%" in view.findings.item(0).text()
    assert "Асанова Айгуль" in view.package_label.text()
    plain = view.image._pixmap_item.pixmap().toImage()
    for key in (Qt.Key.Key_N, Qt.Key.Key_O, Qt.Key.Key_M):
        qtbot.keyClick(view, key)
    assert view.view.negative and view.view.mode == "organic" and not view.image.marks_visible
    assert view.image._pixmap_item.pixmap().toImage() != plain
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.image.zoom_factor() > 0

    class PickOpaque(ReasonDialog):
        def exec(self):
            self.list.setCurrentRow(REASONS[Outcome.FLAG].index("opaque_area"))
            return 1

    monkeypatch.setattr(screening_view, "ReasonDialog", PickOpaque)
    qtbot.keyClick(view, Qt.Key.Key_F6)
    assert view.current is not None and view.current.scan_id != first.scan_id  # the next parcel follows
    assert view.view.is_default and view.image.marks_visible  # tools reset on the next parcel
    with ws.db.session() as s:
        decisions = s.scalars(select(m.Decision)).all()
        assert len(decisions) == 1
        d = decisions[0]
        assert (d.scan_id, d.outcome, d.reason_code, d.operator_id) == (first.scan_id, "flag", "opaque_area", account.id)
        assert {"negative", "organic", "marks", "zoom_in"} <= set(d.tools_used)
        assert d.keystrokes >= 5 and d.decision_ms is not None
        assert s.get(m.Scan, first.scan_id).package_id is not None
        assert s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "decision")).entity_id == first.scan_id


def test_high_alarm_blocks_clear(qtbot, ws):
    ws.service.detector = FixedDetector([DRUGS])
    window = open_window(qtbot, ws)
    view = window.screening
    ws.service.start_visit(view.account, "V", "D", "P")
    scan(qtbot, ws, view)
    assert not view.clear_button.isEnabled() and view.flag_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert view.message.text() == error_message("alarm_needs_inspection")
    with ws.db.session() as s:
        assert s.scalars(select(m.Decision)).all() == []


def test_roles_see_only_what_they_may_do(qtbot, ws):
    inspector = open_window(qtbot, ws, "insp", "insp-password")
    assert inspector.screening is None
    operator = open_window(qtbot, ws, "op", "op-password")
    menus = [a.text() for a in operator.menuBar().actions()]
    assert operator.screening is not None and not any("Settings" in t or "Accounts" in t for t in menus)
    boss = open_window(qtbot, ws, "boss", "boss-password")
    menus = [a.text() for a in boss.menuBar().actions()]
    assert any("Settings" in t for t in menus) and any("Accounts" in t for t in menus)


def test_corrupt_scan_is_explained_and_screening_goes_on(qtbot, ws):
    ws.service.detector = FixedDetector([])
    window = open_window(qtbot, ws)
    view = window.screening
    ws.scanner.corrupt_next()
    assert ws.scanner.scan_next() is None
    qtbot.waitUntil(lambda: view.message.text() == error_message("corrupt_image"), timeout=5000)
    scan(qtbot, ws, view)
    assert view.current is not None and view.findings.item(0).text().startswith("No alarm")


def test_scanner_disconnect_and_reconnect_are_shown(qtbot, ws):
    window = open_window(qtbot, ws)
    view = window.screening
    ws.scanner.start()
    qtbot.waitUntil(lambda: "ready" in view.scanner_label.text(), timeout=5000)
    ws.scanner.disconnect()
    qtbot.waitUntil(lambda: "disconnected" in view.scanner_label.text(), timeout=5000)
    assert view.message.text() == error_message("disconnected")
    ws.scanner.reconnect()
    qtbot.waitUntil(lambda: "ready" in view.scanner_label.text(), timeout=5000)


def test_visit_dialog_requires_the_essentials(qtbot):
    dialog = VisitDialog()
    qtbot.addWidget(dialog)
    dialog._check()
    assert not dialog.error.isHidden() and not dialog.result()
    dialog.visitor.setText("Бекова Нургуль")
    dialog.document.setText("AN7654321")
    dialog.prisoner.setText("Беков Т.")
    dialog._check()
    assert dialog.result() == 1 and dialog.values()[0] == "Бекова Нургуль"


def test_reason_dialog_picks_by_number_key(qtbot):
    dialog = ReasonDialog(Outcome.REJECT, REASONS[Outcome.REJECT], {})
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog.list, Qt.Key.Key_3)
    assert dialog.reason() == REASONS[Outcome.REJECT][2]


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_damaged_model_is_explained_and_material_analysis_screens(qtbot, tmp_path, fixtures_dir, damage):
    from app.detection.material import MaterialAnalysisDetector

    model = tmp_path / "models" / "detector.onnx"
    if damage == "corrupt":
        model.parent.mkdir()
        model.write_bytes(b"\x08\x07 not a model")
        model.with_suffix(".json").write_text('{"classes": ["knife"], "input_size": 416}', encoding="utf-8")
    settings = Settings(tmp_path, f"sqlite:///{tmp_path / 'cp.sqlite3'}", tmp_path / "images", tmp_path / "logs",
                        {"model": str(model)})
    w = Workstation.open(settings, fixtures_dir, interval_s=None)
    try:
        assert w.detector_problem == f"model_{damage}"
        assert isinstance(w.service.detector, MaterialAnalysisDetector)
        boss = w.accounts.create_first_supervisor("boss", "Начальник", "boss-password")
        w.accounts.create_account(boss, "op", "Оператор", Role.OPERATOR, "op-password")
        window = open_window(qtbot, w)
        assert window.screening.message.text() == error_message(f"model_{damage}")
        scan(qtbot, w, window.screening)  # screening goes on, with material analysis
        assert window.screening.current is not None
    finally:
        w.close()


def test_supervisor_runs_an_acceptance_evaluation(qtbot, ws, fixtures_dir, tmp_path, monkeypatch):
    from pathlib import Path

    from app.detection.factory import CombinedDetector
    from app.detection.onnx_detector import OnnxDetector
    from app.services.evaluation import site_evaluations

    model = OnnxDetector(Path(__file__).with_name("data") / "constant_detector.onnx")
    before = model.thresholds.copy()
    ws.service.detector = CombinedDetector([model, FixedDetector([])])
    window = open_window(qtbot, ws, "boss", "boss-password")
    window.reports_dir = tmp_path / "reports"
    dialog = window.open_evaluation()
    qtbot.addWidget(dialog)
    dialog.images.setText(str(fixtures_dir / "images"))
    dialog.labels.setText(str(fixtures_dir / "annotations.coco.json"))
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.run_button.isEnabled(), timeout=30000)
    text = dialog.result.toPlainText()
    assert "AP50" in text, text
    # The thresholds for this scanner are offered, never applied: the model's own stay in force.
    import tomllib

    suggested = tomllib.loads(text[text.index("[detection]"):])["detection"]["thresholds"]
    assert set(suggested) == set(model.classes) and (model.thresholds == before).all()
    (row,) = site_evaluations(ws.db)
    assert row.model_version == model.tag and row.images == 36 and Path(row.report_path).is_file()
    assert dialog.history.rowCount() == 1 and dialog.history.item(0, 1).text() == model.tag
    dialog.grab().save(str(tmp_path / "evaluation.png"))
    # Used for this scanner: written to the data folder's config.toml, audited, and in force from the next scan.
    from PySide6.QtWidgets import QMessageBox

    from app.config import Settings

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    assert dialog.apply_button.isVisible() and dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert Settings.load(tmp_path).detection["thresholds"] == suggested and told
    assert not dialog.apply_button.isEnabled() and (model.thresholds == before).all()
    in_force = window.trained_model()
    assert in_force is not model and in_force.thresholds.tolist() == pytest.approx([suggested[c] for c in model.classes])
    assert dialog.model is in_force and in_force.tag in told[0] and in_force.tag != model.tag


def test_supervisor_configures_a_hot_folder_scanner(qtbot, ws, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.config import Settings
    from app.storage import models as m

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = open_window(qtbot, ws, "boss", "boss-password")
    window.reports_dir = tmp_path / "data" / "reports"
    (tmp_path / "data").mkdir()
    dialog = window.open_scanner_settings()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hot-folder"))
    dialog.folder.setText(str(tmp_path / "nowhere"))
    assert not dialog.test_connection() and "No connection" in dialog.result.text() and "nowhere" in dialog.result.toolTip()
    (tmp_path / "export").mkdir()
    dialog.folder.setText(str(tmp_path / "export"))
    assert dialog.test_connection() and "Connected" in dialog.result.text()
    dialog.grab().save(str(tmp_path / "scanner.png"))
    # A full disk: the supervisor is told, the dialog stays open, nothing is audited.
    import app.config

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app.config, "save_config_table", full_disk)
    dialog.save()
    assert "could not be saved" in dialog.result.text() and "No space" in dialog.result.text()
    assert dialog.isVisible()
    with ws.db.session() as s:
        assert not s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "scanner")).all()
    monkeypatch.undo()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.save()
    assert Settings.load(tmp_path / "data").scanner == {"kind": "hot-folder", "folder": str(tmp_path / "export"),
                                                        "settle_s": 1.0, "after": "move"}
    with ws.db.session() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "scanner")).one()
        assert entry.details["kind"] == "hot-folder"

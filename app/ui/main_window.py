"""The main window: what the logged-in role may do, the scanner's state, and the menus."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QMainWindow, QMessageBox, QSpinBox)

from app.services.accounts import AccountService, Role
from app.services.errors import ServiceError
from app.services.fatigue import FatigueRule, ScreeningTimer, load_rule, save_rule
from app.services.screening import ScreeningService

from .bridge import EventBridge
from .messages import error_message
from .screening_view import ScreeningView


class NewAccountDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New account"))
        self.username, self.full_name, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for role, text in ((Role.OPERATOR, self.tr("Operator")), (Role.INSPECTOR, self.tr("Inspector")),
                           (Role.SUPERVISOR, self.tr("Supervisor"))):
            self.role.addItem(text, role)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class MainWindow(QMainWindow):
    def __init__(self, account, accounts: AccountService, service: ScreeningService, bridge: EventBridge,
                 timer: ScreeningTimer | None = None, reports_dir: Path | None = None):
        super().__init__()
        self.reports_dir = reports_dir or Path.home() / "Checkpoint reports"
        self.account, self.accounts, self.service, self.bridge = account, accounts, service, bridge
        role_names = {Role.OPERATOR: self.tr("operator"), Role.INSPECTOR: self.tr("inspector"),
                      Role.SUPERVISOR: self.tr("supervisor")}
        self.setWindowTitle(self.tr("Checkpoint — parcel screening"))
        self.screening: ScreeningView | None = None
        if account.may("screen"):
            self.screening = ScreeningView(service, account, timer)
            self.setCentralWidget(self.screening)
            bridge.parcel_ready.connect(self.screening.add_parcel)
            bridge.scanner_state.connect(self.screening.set_scanner_state)
            bridge.scanner_error.connect(lambda code, source: self.screening.show_message(error_message(code), error=True))
            bridge.storage_failed.connect(lambda code, detail: self.screening.show_message(error_message(code), error=True))
        else:
            placeholder = QLabel(self.tr("The inspection queue comes with the inspection group's release. "
                                         "Flagged parcels are kept in the database until then."))
            placeholder.setWordWrap(True)
            self.setCentralWidget(placeholder)
        self.statusBar().addPermanentWidget(QLabel(f"{account.full_name or account.username} — {role_names[account.role]}"))
        menu = self.menuBar().addMenu(self.tr("&Checkpoint"))
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        if account.may("change_settings"):
            settings = self.menuBar().addMenu(self.tr("&Settings"))
            self.override_action = QAction(self.tr("Allow clearing a parcel despite a high alarm"), self)
            self.override_action.setCheckable(True)
            self.override_action.setChecked(service.allow_clear_with_high_alarm())
            self.override_action.toggled.connect(self._set_override)
            settings.addAction(self.override_action)
            rule_action = QAction(self.tr("Continuous screening limit…"), self)
            rule_action.triggered.connect(self._edit_rule)
            settings.addAction(rule_action)
            scanner_action = QAction(self.tr("Scanner…"), self)
            scanner_action.triggered.connect(self.open_scanner_settings)
            settings.addAction(scanner_action)
        if account.may("view_reports"):
            detector_menu = self.menuBar().addMenu(self.tr("&Detector"))
            self.evaluate_action = QAction(self.tr("Acceptance test on the site's images…"), self)
            self.evaluate_action.triggered.connect(self.open_evaluation)
            detector_menu.addAction(self.evaluate_action)
        if account.may("manage_accounts"):
            accounts_menu = self.menuBar().addMenu(self.tr("&Accounts"))
            new_account = QAction(self.tr("New account…"), self)
            new_account.triggered.connect(self._new_account)
            accounts_menu.addAction(new_account)
        self.resize(1280, 800)

    def open_scanner_settings(self):
        """Returns the dialog (shown, not modal), so tests and the caller can drive it."""
        from app.config import Settings
        from app.services.site_settings import save_scanner_settings

        from .scanner_dialog import ScannerDialog

        data_dir = self.reports_dir.parent
        try:
            current = Settings.load(data_dir).scanner
        except Exception:  # a broken config.toml: start from the defaults, the dialog rewrites it
            current = {}
        dialog = ScannerDialog(
            current, lambda values: save_scanner_settings(self.service.db, self.account, data_dir, values), self)

        def saved():
            QMessageBox.information(self, self.windowTitle(),
                                    self.tr("Saved. The workstation uses the new scanner at its next start."))

        dialog.accepted.connect(saved)
        dialog.show()
        return dialog

    def trained_model(self):
        """The ONNX model the screening uses (None when only material analysis runs)."""
        return self.service.trained_model()

    def open_evaluation(self):
        from .evaluation_dialog import EvaluationDialog

        if self.trained_model() is None:
            QMessageBox.warning(self, self.windowTitle(), error_message("model_missing"))
            return None
        dialog = EvaluationDialog(self.service, self.account, self.reports_dir, self, data_dir=self.reports_dir.parent)
        dialog.show()
        return dialog

    def _set_override(self, enabled: bool) -> None:
        try:
            self.service.set_allow_clear_with_high_alarm(self.account, enabled)
        except ServiceError as exc:
            QMessageBox.warning(self, self.windowTitle(), error_message(exc.code))

    def _edit_rule(self) -> None:
        rule = load_rule(self.service.db)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Continuous screening limit"))
        limit, rest = QSpinBox(), QSpinBox()
        limit.setRange(1, 240)
        limit.setValue(int(rule.max_continuous_min))
        rest.setRange(1, 120)
        rest.setValue(int(rule.break_min))
        form = QFormLayout(dialog)
        form.addRow(self.tr("Minutes of continuous screening at most"), limit)
        form.addRow(self.tr("Minutes of break or other work after it"), rest)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec():
            save_rule(self.service.db, self.account,
                      FatigueRule(limit.value(), rest.value(), min(rule.warn_before_min, limit.value() - 1)))
            if self.screening and self.screening.timer:
                self.screening.timer.rule = load_rule(self.service.db)

    def _new_account(self) -> None:
        dialog = NewAccountDialog(self)
        if not dialog.exec():
            return
        try:
            self.accounts.create_account(self.account, dialog.username.text(), dialog.full_name.text(),
                                         dialog.role.currentData(), dialog.password.text())
        except ServiceError as exc:
            QMessageBox.warning(self, self.windowTitle(), error_message(exc.code))

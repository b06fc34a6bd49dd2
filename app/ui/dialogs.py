"""Small dialogs: first supervisor, log in, a visitor's package, the reason for a flag or reject."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QVBoxLayout)

from app.services.accounts import AccountService
from app.services.errors import AuthError, PermissionDenied
from app.services.screening import Outcome

from .messages import error_message


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    label.setWordWrap(True)
    label.hide()
    return label


class FirstRunDialog(QDialog):
    """The first start: create the first supervisor account."""

    def __init__(self, accounts: AccountService, parent=None):
        super().__init__(parent)
        self.accounts, self.account = accounts, None
        self.setWindowTitle(self.tr("Checkpoint: first start"))
        intro = QLabel(self.tr("No accounts exist yet. Create the first supervisor account; "
                               "the supervisor then creates accounts for the staff."))
        intro.setWordWrap(True)
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.password, self.repeat = QLineEdit(), QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        self.error = _error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro,):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("The passwords differ."))
            self.error.show()
            return
        try:
            self.account = self.accounts.create_first_supervisor(self.username.text(), self.full_name.text(),
                                                                 self.password.text())
        except (AuthError, PermissionDenied) as exc:
            self.error.setText(error_message(exc.code))
            self.error.show()
            return
        self.accept()


class LoginDialog(QDialog):
    def __init__(self, accounts: AccountService, parent=None):
        super().__init__(parent)
        self.accounts, self.account = accounts, None
        self.setWindowTitle(self.tr("Checkpoint: log in"))
        title = QLabel(self.tr("Parcel screening"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.username, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.error = _error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.accepted.connect(self._login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _login(self) -> None:
        try:
            self.account = self.accounts.authenticate(self.username.text(), self.password.text())
        except AuthError as exc:
            self.error.setText(error_message(exc.code))
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class VisitDialog(QDialog):
    """Minimal visitor and package entry; full registration with passport scanning comes later."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New visitor and package"))
        self.visitor, self.document, self.prisoner = QLineEdit(), QLineEdit(), QLineEdit()
        self.declared = QPlainTextEdit()
        self.declared.setPlaceholderText(self.tr("What the visitor declares, one item a line"))
        self.declared.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(self.tr("Visitor's full name"), self.visitor)
        form.addRow(self.tr("Document number"), self.document)
        form.addRow(self.tr("For prisoner"), self.prisoner)
        form.addRow(self.tr("Declared contents"), self.declared)
        self.error = _error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _check(self) -> None:
        if not (self.visitor.text().strip() and self.document.text().strip() and self.prisoner.text().strip()):
            self.error.setText(self.tr("Name, document number and prisoner are required."))
            self.error.show()
            return
        self.accept()

    def values(self) -> tuple[str, str, str, str]:
        return self.visitor.text(), self.document.text(), self.prisoner.text(), self.declared.toPlainText()


class ReasonDialog(QDialog):
    """Pick the reason for a flag or a reject: number keys choose, Enter confirms."""

    def __init__(self, outcome: Outcome, reasons: tuple[str, ...], labels: dict[str, str], parent=None):
        super().__init__(parent)
        self.reasons = reasons
        self.setWindowTitle(self.tr("Reason for flagging") if outcome == Outcome.FLAG else self.tr("Reason for rejecting"))
        self.list = QListWidget()
        for i, code in enumerate(reasons, start=1):
            item = QListWidgetItem(f"{i}  {labels.get(code, code)}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Details (required for 'Other')"))
        self.error = _error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.list.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        # Digits pick a reason while the list has focus (the details field takes digits as text).
        if obj is self.list and event.type() == QEvent.Type.KeyPress:
            row = event.key() - Qt.Key.Key_1
            if 0 <= row < min(self.list.count(), 9):
                self.list.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)

    def _check(self) -> None:
        if self.reason() == "other" and not self.text.text().strip():
            self.error.setText(self.tr("Describe the reason."))
            self.error.show()
            self.text.setFocus()
            return
        self.accept()

    def reason(self) -> str:
        return self.list.currentItem().data(Qt.ItemDataRole.UserRole)

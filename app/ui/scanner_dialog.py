"""The supervisor chooses and configures the scanner, tests the connection, and saves it to the data
folder's config.toml through the service that also audits it (the same [scanner] table an administrator
may edit by hand). It takes effect at the next start of the workstation."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget)

from app.devices.factory import ScannerConfigError, make_scanner
from app.services.errors import ServiceError


class ScannerDialog(QDialog):
    def __init__(self, current: dict, save, parent=None):
        """`save(values)` keeps the settings: the main window's writes config.toml and the audit entry in one
        service call (`save_scanner_settings`)."""
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("Scanner"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Simulated scanner (training and demonstration)"), "simulated")
        self.kind.addItem(self.tr("Export folder of the scanner's software (images or DICOS)"), "hot-folder")
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.get("kind", "simulated"))))
        self.scanner_id = QLineEdit(str(current.get("id", "")))
        self.folder = QLineEdit(str(current.get("folder", "")))
        browse = QPushButton(self.tr("Folder…"))
        browse.clicked.connect(lambda: self.folder.setText(
            QFileDialog.getExistingDirectory(self, self.windowTitle(), self.folder.text()) or self.folder.text()))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(browse)
        self.settle = QDoubleSpinBox()
        self.settle.setRange(0.2, 30.0)
        self.settle.setSingleStep(0.5)
        self.settle.setValue(float(current.get("settle_s", 1.0)))
        self.settle.setSuffix(self.tr(" s"))
        self.after = QComboBox()
        self.after.addItem(self.tr("Move read files to processed/"), "move")
        self.after.addItem(self.tr("Leave read files where they are"), "keep")
        self.after.setCurrentIndex(max(0, self.after.findData(current.get("after", "move"))))
        self.result = QLabel()
        self.result.setWordWrap(True)
        test = QPushButton(self.tr("Test the connection"))
        test.clicked.connect(self.test_connection)
        form = QFormLayout(self)
        form.addRow(self.tr("Scanner"), self.kind)
        form.addRow(self.tr("Scanner name in the records"), self.scanner_id)
        form.addRow(self.tr("Export folder"), row)
        form.addRow(self.tr("A file is read after it is unchanged for"), self.settle)
        form.addRow(self.tr("After reading"), self.after)
        form.addRow(test)
        form.addRow(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._enable)
        self._enable()
        self.setMinimumWidth(640)

    def _enable(self) -> None:
        folder = self.kind.currentData() == "hot-folder"
        for w in (self.folder, self.settle, self.after):
            w.setEnabled(folder)

    def config(self) -> dict:
        values: dict = {"kind": self.kind.currentData()}
        if self.scanner_id.text().strip():
            values["id"] = self.scanner_id.text().strip()
        if values["kind"] == "hot-folder":
            values.update(folder=self.folder.text().strip(), settle_s=round(self.settle.value(), 2),
                          after=self.after.currentData())
        return values

    def test_connection(self) -> bool:
        try:
            scanner = make_scanner(self.config())
        except ScannerConfigError as exc:
            self.result.setText(self.tr("These settings are not valid."))
            self.result.setToolTip(str(exc))
            return False
        check = getattr(scanner, "test_connection", None)
        ok, detail = check() if check else (True, "")
        self.result.setText(self.tr("Connected: the folder can be read and written.") if ok else
                            self.tr("No connection: the folder does not exist, cannot be reached or cannot be written. "
                                    "Check the path and the network share."))
        self.result.setToolTip(detail)  # the technical detail, for the administrator
        return ok

    def save(self) -> None:
        if self.kind.currentData() == "hot-folder" and not self.folder.text().strip():
            self.result.setText(self.tr("Choose the export folder."))
            return
        try:
            self._save(self.config())
        except (ServiceError, OSError) as exc:  # no permission; config.toml read-only or the disk full
            self.result.setText(self.tr("The settings could not be saved: %1").replace("%1", str(exc)))
            return
        self.accept()

"""The supervisor's acceptance test: the detector on a folder of the site's own labelled scanner images.

The evaluation runs on a worker thread (a thousand images take a few minutes); the window stays
responsive and shows progress. The result is kept in the database with the model's version, and an
HTML report is written to the reports folder.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit,
                               QMessageBox, QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app.config import ConfigError
from app.detection.labels import LabelError
from app.services.errors import ServiceError
from app.services.evaluation import (apply_site_thresholds, evaluate_folder, format_scores, format_site_thresholds,
                                     record_site_evaluation, site_evaluations, suggest_thresholds, write_report)

log = logging.getLogger(__name__)


class _Relay(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class EvaluationDialog(QDialog):
    def __init__(self, screening, account, reports_dir: Path, parent=None, data_dir: Path | None = None):
        """`screening`: the running ScreeningService, whose trained model is tested and which screens on a
        site's thresholds at once once applied; `data_dir`: where config.toml is, for those thresholds
        (without it they are only shown)."""
        super().__init__(parent)
        self.screening, self.db, self.account, self.reports_dir = screening, screening.db, account, Path(reports_dir)
        self.data_dir, self.site, self.evaluation_id = data_dir, None, None
        self.setWindowTitle(self.tr("Detector acceptance test"))
        self.images, self.labels, self.class_map = QLineEdit(), QLineEdit(), QLineEdit()
        self.labels.setPlaceholderText(self.tr("COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml"))
        self.class_map.setPlaceholderText(self.tr("optional: TOML file mapping the site's class names to ours"))
        form = QFormLayout()
        form.addRow(self.tr("Images folder"), self._with_browse(self.images, folder=True))
        form.addRow(self.tr("Labels"), self._with_browse(self.labels, folder=True, file=True))
        form.addRow(self.tr("Class names"), self._with_browse(self.class_map, file=True))
        self.run_button = QPushButton(self.tr("Run the evaluation"))
        self.run_button.clicked.connect(self.run)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Model"), self.tr("Images"), self.tr("mAP@0.5"),
                                                self.tr("Clean images with an alarm")])
        self.history.horizontalHeader().setStretchLastSection(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.apply_button = close.addButton(self.tr("Use the thresholds for this scanner"),
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.setEnabled(False)
        self.apply_button.setVisible(data_dir is not None)
        self.apply_button.clicked.connect(self.apply_thresholds)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.run_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.result, 2)
        layout.addWidget(self.history, 1)
        layout.addWidget(close)
        self.relay = _Relay()
        self.relay.progress.connect(self._on_progress)
        self.relay.finished.connect(self._on_finished)
        self.relay.failed.connect(self._on_failed)
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="evaluation")
        self.resize(900, 700)
        self.refresh_history()

    def _with_browse(self, edit: QLineEdit, folder: bool = False, file: bool = False) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        if folder:
            b = QPushButton(self.tr("Folder…"))
            b.clicked.connect(lambda: edit.setText(QFileDialog.getExistingDirectory(self, self.windowTitle()) or edit.text()))
            row.addWidget(b)
        if file:
            b = QPushButton(self.tr("File…"))
            b.clicked.connect(lambda: edit.setText(QFileDialog.getOpenFileName(self, self.windowTitle())[0] or edit.text()))
            row.addWidget(b)
        return box

    def refresh_history(self) -> None:
        rows = site_evaluations(self.db)
        self.history.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = [r.at.astimezone().strftime("%Y-%m-%d %H:%M"), r.model_version, str(r.images), f"{r.map50:.3f}",
                      "-" if r.clean_with_alarm is None else f"{r.clean_with_alarm:.1%}"]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.history.setItem(i, j, item)

    def run(self) -> None:
        images, labels = Path(self.images.text().strip()), Path(self.labels.text().strip())
        class_map = Path(self.class_map.text().strip()) if self.class_map.text().strip() else None
        if not images.is_dir() or not labels.exists():
            self.result.setPlainText(self.tr("Choose the images folder and the labels first."))
            return
        self.run_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.result.setPlainText(self.tr("Running…"))
        self._executor.submit(self._work, images, labels, class_map)

    def _work(self, images: Path, labels: Path, class_map: Path | None) -> None:
        def progress(items):
            total = len(items)
            for n, item in enumerate(items):
                self.relay.progress.emit(n, total)
                yield item

        model = self.model  # once: the evaluation and the suggestion come from the same thresholds
        try:
            ev = evaluate_folder(model, images, labels, class_map, progress)
            self.reports_dir.mkdir(parents=True, exist_ok=True)
            report = write_report(ev, self.reports_dir / f"evaluation-{datetime.now():%Y%m%d-%H%M%S}.html")
            evaluation_id = record_site_evaluation(self.db, self.account, ev, labels, class_map, report)
            # Thresholds for this scanner by the model's own rule, for the supervisor to weigh (not applied).
            site = suggest_thresholds(ev, model) if ev.scores.images else None
            self.relay.finished.emit((ev, report, site, evaluation_id))
        except (LabelError, OSError, ValueError) as exc:
            self.relay.failed.emit(str(exc))
        except Exception as exc:  # the dialog must come back whatever happened; the log has the rest
            log.exception("evaluation failed")
            self.relay.failed.emit(f"{type(exc).__name__}: {exc}")

    def _on_progress(self, n: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(n)

    def _on_finished(self, result) -> None:
        ev, report, site, self.evaluation_id = result
        self.site = site
        self.apply_button.setEnabled(site is not None)
        self.run_button.setEnabled(True)
        self.progress.setVisible(False)
        text = [self.tr("Model %1 on %2 labelled images.").replace("%1", ev.model).replace("%2", str(ev.scores.images)),
                format_scores(ev.scores), self.tr("Report: %1").replace("%1", str(report))]
        if ev.errors:
            text.append(self.tr("Files that could not be read: %1").replace("%1", str(len(ev.errors))))
        if site is not None:
            text += [self.tr("Thresholds for this scanner, chosen on half of these images and checked on the other "
                             "half, beside the model's own:"), format_site_thresholds(site),
                     self.tr("They are not applied. To use them, press \"Use the thresholds for this scanner\" (the "
                             "workstation screens on them from the next parcel and keeps them in config.toml), or put "
                             "these lines in config.toml in the data folder:"), site.toml()]
        self.result.setPlainText("\n\n".join(text))
        self.refresh_history()

    def apply_thresholds(self) -> None:
        if self.site is None or self.data_dir is None:
            return
        try:
            apply_site_thresholds(self.db, self.account, self.data_dir, self.site, self.evaluation_id, self.screening)
        except (ServiceError, ConfigError, OSError, ValueError) as exc:
            # no permission; config.toml broken or read-only; a threshold the model refuses
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("The thresholds could not be saved: %1").replace("%1", str(exc)))
            return
        self.apply_button.setEnabled(False)
        QMessageBox.information(self, self.windowTitle(),
                                self.tr("Saved. Parcels are screened with the new thresholds from the next scan on "
                                        "(detector %1).").replace("%1", self.model.tag))

    @property
    def model(self):
        """The model in force (after "Use the thresholds for this scanner", a second run tests those)."""
        return self.screening.trained_model()

    def _on_failed(self, message: str) -> None:
        self.run_button.setEnabled(True)
        self.progress.setVisible(False)
        self.result.setPlainText(self.tr("The evaluation could not run: %1").replace("%1", message))

    def done(self, result: int) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        super().done(result)

"""The screening screen: the parcel's image with the detector's marks, tools on single keys, and the
decision (Clear / Flag / Reject) on one key each. The next parcel follows without a click."""
from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QPushButton, QSplitter,
                               QToolBar, QVBoxLayout, QWidget)

from app.detection.base import Severity
from app.imaging.tools import ViewSettings, apply_view
from app.services.errors import ServiceError
from app.services.fatigue import FatigueState, ScreeningTimer
from app.services.screening import REASONS, Outcome, ParcelView, ScreeningService, Telemetry
from app.storage.db import StorageError
from app.storage.models import utcnow

from .dialogs import ReasonDialog, VisitDialog
from .image_view import ImageView
from .labels import class_labels, reason_labels, state_text
from .messages import error_message

log = logging.getLogger(__name__)


class KeyCounter(QObject):
    """Counts the operator's key presses in this window while a parcel is on screen.

    A press reaches the application as a ShortcutOverride (when it may be a shortcut) and/or a
    KeyPress, possibly once per parent it propagates to; (timestamp, key) makes it count once."""

    def __init__(self, window_of: QWidget):
        super().__init__(window_of)
        self.window_of = window_of
        self.count = 0
        self._last = None

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and obj.isWidgetType():
            stamp = (event.timestamp(), event.key())
            if stamp != self._last and not event.isAutoRepeat() and obj.window() is self.window_of.window():
                self._last = stamp
                self.count += 1
        return False


class ScreeningView(QWidget):
    decided = Signal(str, str)  # scan id, outcome
    idle = Signal()  # nothing left to look at: the next parcel may go through the scanner
    scan_requested = Signal()  # the operator asks for the parcel to go through again (F3)

    def __init__(self, service: ScreeningService, account, timer: ScreeningTimer | None = None, parent=None):
        super().__init__(parent)
        self.service, self.account, self.timer = service, account, timer
        self.queue: deque[ParcelView] = deque()
        self.current: ParcelView | None = None
        self.view = ViewSettings()
        self.tools_used: set[str] = set()
        self.shown_at = None
        self.keys = KeyCounter(self)
        QApplication.instance().installEventFilter(self.keys)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.scanner_label = QLabel()
        self.scanner_label.setObjectName("scannerState")
        self.package_label = QLabel()
        self.package_label.setWordWrap(True)
        self.queue_label = QLabel()
        self.precision_label = QLabel()
        self.fatigue_label = QLabel()
        info = QHBoxLayout()
        for w in (self.scanner_label, self.package_label, self.queue_label, self.precision_label, self.fatigue_label):
            info.addWidget(w)
        info.setStretch(1, 1)

        self.image = ImageView()
        self.findings = QListWidget()
        self.findings.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.findings.setWordWrap(True)
        self.tool_label = QLabel()
        self.tool_label.setWordWrap(True)
        side = QWidget()
        side.setMinimumWidth(260)
        side.setMaximumWidth(420)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel(self.tr("Findings")))
        side_layout.addWidget(self.findings, 1)
        side_layout.addWidget(self.tool_label)
        # Tools down the left side, as on vendor consoles: each shows its key.
        self.toolbar = QToolBar()
        self.toolbar.setOrientation(Qt.Orientation.Vertical)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        split = QSplitter()
        split.addWidget(self.toolbar)
        split.addWidget(self.image)
        split.addWidget(side)
        split.setStretchFactor(1, 1)
        split.setSizes([190, 900, 300])
        self.actions_by_name: dict[str, QAction] = {}
        self._build_tools()

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.clear_button = self._decision_button(self.tr("Clear (F5)"), "#2e7d32", lambda: self.decide(Outcome.CLEAR))
        self.flag_button = self._decision_button(self.tr("Flag for inspection (F6)"), "#ef6c00", lambda: self.decide(Outcome.FLAG))
        self.reject_button = self._decision_button(self.tr("Reject (F7)"), "#c62828", lambda: self.decide(Outcome.REJECT))
        self.visit_button = QPushButton(self.tr("New visitor (F2)"))
        self.visit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.visit_button.clicked.connect(self.new_visit)
        self.scan_button = QPushButton(self.tr("Scan again (F3)"))
        self.scan_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scan_button.clicked.connect(self.scan_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.visit_button)
        buttons.addWidget(self.scan_button)
        buttons.addWidget(self.message, 1)
        for b in (self.clear_button, self.flag_button, self.reject_button):
            buttons.addWidget(b)
        for name, key, slot in (("clear", "F5", lambda: self.decide(Outcome.CLEAR)),
                                ("flag", "F6", lambda: self.decide(Outcome.FLAG)),
                                ("reject", "F7", lambda: self.decide(Outcome.REJECT)), ("visit", "F2", self.new_visit),
                                ("scan", "F3", self.scan_requested.emit)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_by_name[name] = action

        layout = QVBoxLayout(self)
        layout.addLayout(info)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.fatigue_timer = QTimer(self)
        self.fatigue_timer.timeout.connect(self.update_fatigue)
        self.fatigue_timer.start(15000)
        self.set_scanner_state("stopped")
        self.update_fatigue()
        self.update_precision()
        self._refresh()

    # -- building -------------------------------------------------------------------------------
    def _decision_button(self, text: str, colour: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(44)
        button.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; font-weight: bold; padding: 6px 14px; }}"
                             "QPushButton:disabled { background: #9e9e9e; }")
        button.clicked.connect(slot)
        return button

    def _build_tools(self) -> None:
        tools = [
            ("zoom_in", self.tr("Zoom in"), ["+", "="], lambda: self.image.zoom(1.25)),
            ("zoom_out", self.tr("Zoom out"), ["-"], lambda: self.image.zoom(0.8)),
            ("fit", self.tr("Fit"), ["0"], self.image.fit),
            ("negative", self.tr("Negative"), ["N"], lambda: self.toggle("negative")),
            ("edges", self.tr("Edges"), ["E"], lambda: self.toggle("edge_enhance")),
            ("grey", self.tr("Grey"), ["G"], lambda: self.set_mode("grey")),
            ("organic", self.tr("Organic only"), ["O"], lambda: self.set_mode("organic")),
            ("inorganic", self.tr("Metal/inorganic only"), ["I"], lambda: self.set_mode("inorganic")),
            ("high_pen", self.tr("High penetration"), ["H"], lambda: self.set_penetration("high")),
            ("low_pen", self.tr("Low penetration"), ["L"], lambda: self.set_penetration("low")),
            ("brighter", self.tr("Brighter"), ["B"], lambda: self.adjust(brightness=0.1)),
            ("darker", self.tr("Darker"), ["Shift+B"], lambda: self.adjust(brightness=-0.1)),
            ("more_contrast", self.tr("More contrast"), ["K"], lambda: self.adjust(contrast=1.25)),
            ("less_contrast", self.tr("Less contrast"), ["Shift+K"], lambda: self.adjust(contrast=0.8)),
            ("marks", self.tr("Marks"), ["M"], self.toggle_marks),
            ("reset", self.tr("Reset view"), ["R"], self.reset_view),
        ]
        for name, text, keys, slot in tools:
            action = QAction(f"{text} ({keys[0]})", self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, n=name, s=slot: self._use_tool(n, s))
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
        for key, dx, dy in (("Left", -80, 0), ("Right", 80, 0), ("Up", 0, -80), ("Down", 0, 80)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, x=dx, y=dy: self._use_tool("pan", lambda: self.image.pan(x, y)))
            self.addAction(action)

    # -- tools ----------------------------------------------------------------------------------
    def _use_tool(self, name: str, slot) -> None:
        if self.current is None:
            return
        self.tools_used.add(name)
        slot()

    def toggle(self, field: str) -> None:
        self._apply(self.view.with_(**{field: not getattr(self.view, field)}))

    def set_mode(self, mode: str) -> None:
        self._apply(self.view.with_(mode="colour" if self.view.mode == mode else mode))

    def set_penetration(self, level: str) -> None:
        self._apply(self.view.with_(penetration="normal" if self.view.penetration == level else level))

    def adjust(self, brightness: float = 0.0, contrast: float = 1.0) -> None:
        self._apply(self.view.with_(brightness=max(-1.0, min(1.0, self.view.brightness + brightness)),
                                    contrast=max(0.25, min(4.0, self.view.contrast * contrast))))

    def toggle_marks(self) -> None:
        self.image.set_marks_visible(not self.image.marks_visible)
        self._refresh()

    def reset_view(self) -> None:
        self.image.set_marks_visible(True)
        self._apply(ViewSettings())
        self.image.fit()

    def _apply(self, settings: ViewSettings, keep_view: bool = True) -> None:
        self.view = settings
        if self.current is not None:
            scan = self.current.scan
            # The plain view is the scanner's own colour image; tools re-render from the raw pair.
            image = scan.rgb if settings.is_default else apply_view(
                settings, rgb=scan.rgb, high=scan.high, low=scan.low, air_high=scan.air_high, air_low=scan.air_low)
            self.image.set_image(image, keep_view=keep_view)
        self._refresh()

    # -- parcels --------------------------------------------------------------------------------
    def add_parcel(self, view: ParcelView) -> None:
        self.queue.append(view)
        if self.current is None:
            self.show_next()
        else:
            self._refresh()

    def show_next(self) -> None:
        self.current = self.queue.popleft() if self.queue else None
        self.tools_used, self.keys.count = set(), 0
        self.view = ViewSettings()  # every tool resets on the next parcel: the plain image first
        self.image.set_marks_visible(True)
        if self.current is None:
            self.image.scene().clear()
            self.image._pixmap_item, self.image._marks = None, []
            self.shown_at = None
            self.idle.emit()
        else:
            self._apply(ViewSettings(), keep_view=False)
            self.image.set_detections(self.current.detections, class_labels())
            self.shown_at = utcnow()
            if self.timer:
                self.timer.activity()
        self.update_precision()
        self._refresh()

    def update_precision(self) -> None:
        """How often the detector's alarms turned out real in hand searches (a query: per parcel only)."""
        precision = self.service.detector_precision()
        self.precision_label.setText(self.tr("Alarms confirmed: %1 of %2").replace("%1", str(precision[0]))
                                     .replace("%2", str(precision[1])) if precision else
                                     self.tr("Alarms confirmed: no hand searches yet"))

    def decide(self, outcome: Outcome) -> None:
        if self.current is None:
            return
        reason, text = None, ""
        if outcome != Outcome.CLEAR:
            dialog = ReasonDialog(outcome, REASONS[outcome], reason_labels(), self)
            if not dialog.exec():
                return
            reason, text = dialog.reason(), dialog.text.text()
        telemetry = Telemetry(self.shown_at, sorted(self.tools_used), self.keys.count)
        try:
            self.service.decide(self.account, self.current, outcome, reason, text, telemetry)
        except (ServiceError, StorageError) as exc:
            self.show_message(error_message(exc.code), error=True)
            return
        scan_id = self.current.scan_id
        self.show_message(self.tr("Recorded: %1").replace("%1", {Outcome.CLEAR: self.tr("cleared"),
                          Outcome.FLAG: self.tr("flagged for inspection"), Outcome.REJECT: self.tr("rejected")}[outcome]))
        if self.timer:
            self.timer.activity()
        self.decided.emit(scan_id, outcome.value)
        self.show_next()

    def new_visit(self) -> None:
        dialog = VisitDialog(self)
        if not dialog.exec():
            return
        try:
            self.service.start_visit(self.account, *dialog.values())
        except (ServiceError, StorageError) as exc:
            self.show_message(error_message(exc.code), error=True)
            return
        self._refresh()

    # -- status ---------------------------------------------------------------------------------
    def set_scanner_state(self, state: str) -> None:
        colours = {"ready": "#2e7d32", "scanning": "#1565c0", "stopped": "#616161"}
        self.scanner_label.setText(self.tr("Scanner: %1").replace("%1", state_text(state)))
        self.scanner_label.setStyleSheet(f"color: white; background: {colours.get(state, '#c62828')}; "
                                         "padding: 4px 8px; font-weight: bold;")

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "color: #1b5e20;")

    def update_fatigue(self) -> None:
        if not self.timer:
            return
        state, minutes = self.timer.state()
        text = self.tr("Screening for %1 min").replace("%1", str(int(minutes)))
        if state == FatigueState.WARN:
            text += " — " + self.tr("a break is due soon")
        elif state == FatigueState.OVER:
            text += " — " + self.tr("take a 10-minute break or change task")
        self.fatigue_label.setText(text)
        self.fatigue_label.setStyleSheet("color: #c62828; font-weight: bold;" if state != FatigueState.OK else "")

    def _refresh(self) -> None:
        pkg = self.current.package if self.current and self.current.package else self.service.current_package
        self.package_label.setText(self.tr("Visitor: %1 (%2) — for %3").replace("%1", pkg.visitor_name)
                                   .replace("%2", pkg.document_number).replace("%3", pkg.prisoner_name)
                                   if pkg else self.tr("No visitor registered (F2)"))
        self.queue_label.setText(self.tr("Waiting: %1").replace("%1", str(len(self.queue))))
        self.findings.clear()
        labels = class_labels()
        if self.current is None:
            self.findings.addItem(self.tr("Waiting for the next parcel…"))
        elif not self.current.detections:
            self.findings.addItem(self.tr("No alarm. Look at the image yourself."))
        for d in self.current.detections if self.current else []:
            sev = {Severity.HIGH: self.tr("high"), Severity.MEDIUM: self.tr("medium"), Severity.LOW: self.tr("low")}[d.severity]
            self.findings.addItem(f"{labels.get(d.label, d.label)} — {d.score:.0%} ({sev})")
        if self.current is not None and not self.current.detector_ok:
            self.findings.addItem(self.tr("The detector failed on this scan: look carefully."))
        blocked = bool(self.current and self.current.has_high_alarm and not self.service.allow_clear_with_high_alarm())
        self.clear_button.setEnabled(self.current is not None and not blocked)
        self.flag_button.setEnabled(self.current is not None)
        self.reject_button.setEnabled(self.current is not None)
        names = {"grey": self.tr("grey"), "organic": self.tr("organic only"), "inorganic": self.tr("metal/inorganic only"),
                 "high": self.tr("high penetration"), "low": self.tr("low penetration")}
        on = [n for n, v in ((self.tr("negative"), self.view.negative), (self.tr("edges"), self.view.edge_enhance)) if v]
        if self.view.mode != "colour":
            on.append(names[self.view.mode])
        if self.view.penetration != "normal":
            on.append(names[self.view.penetration])
        if self.view.brightness or self.view.contrast != 1.0:
            on.append(self.tr("brightness/contrast"))
        if not self.image.marks_visible:
            on.append(self.tr("marks hidden"))
        self.tool_label.setText(self.tr("View: %1").replace("%1", ", ".join(on) if on else self.tr("plain")))

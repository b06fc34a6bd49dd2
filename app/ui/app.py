"""Start the workstation: database, services, scanner, translations, first run, log in, window."""
from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.config import Settings
from app.services.fatigue import ScreeningTimer, load_rule
from app.services.workstation import Workstation
from app.devices.factory import ScannerConfigError
from app.storage.db import StorageError

from .bridge import EventBridge
from .dialogs import FirstRunDialog, LoginDialog
from .main_window import MainWindow
from .messages import error_message

I18N = Path(__file__).with_name("i18n")
log = logging.getLogger(__name__)


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Russian by default (the checkpoint's language); Kyrgyz falls back to Russian for Qt's own texts."""
    translators = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{'ru' if lang == 'ky' else lang}", qt_dir), (f"checkpoint_{lang}", str(I18N))):
        t = QTranslator(app)
        if lang != "en" and t.load(name, folder):
            app.installTranslator(t)
            translators.append(t)
    QLocale.setDefault(QLocale({"ru": QLocale.Language.Russian, "ky": QLocale.Language.Kirghiz}.get(lang, QLocale.Language.English)))
    return translators


def build_main_window(ws: Workstation, account) -> MainWindow:
    """The window for a logged-in account, wired to the scanner and the screening service."""
    bridge = EventBridge()
    bridge.connect_to(ws.scanner, ws.service)
    ws.service.attach(ws.scanner)
    timer = ScreeningTimer(ws.db, account.id, load_rule(ws.db)) if account.may("screen") else None
    window = MainWindow(account, ws.accounts, ws.service, bridge, timer, ws.settings.data_dir / "reports")
    window.bridge = bridge  # the window keeps its bridge alive
    if window.screening is not None:
        for view in ws.service.pending():  # scans left undecided by a crash come back first
            window.screening.add_parcel(view)
    if ws.detector_problem and window.screening is not None:
        window.screening.show_message(error_message(ws.detector_problem), error=True)
    keep_gc_pauses_short()
    return window


def keep_gc_pauses_short() -> None:
    """Python's full garbage collections walked every object of Qt, SQLAlchemy and numpy made at
    start-up and stalled the GUI for 30-60 ms now and then (benchmarks/screening_latency.py).
    Objects that live as long as the app are frozen out of collection; young ones are collected
    less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20000, 20, 50)


def run_gui(settings: Settings, scans: Path | None, lang: str = "ru") -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Checkpoint")
    install_translations(app, lang)
    try:
        ws = Workstation.open(settings, scans, interval_s=None)
    except (StorageError, ScannerConfigError) as exc:
        log.error("cannot open the workstation: %s", exc)
        QMessageBox.critical(None, "Checkpoint", error_message(exc.code) + f"\n\n{exc}")
        return 2
    try:
        if ws.accounts.needs_first_supervisor():
            first = FirstRunDialog(ws.accounts)
            if not first.exec():
                return 0
        login = LoginDialog(ws.accounts)
        if not login.exec():
            return 0
        window = build_main_window(ws, login.account)
        if window.screening is not None:
            # The simulated belt brings the next parcel a moment after the operator has decided the
            # last one, as a queue of visitors would; parcels never pile up unseen in memory.
            trigger = getattr(ws.scanner, "trigger", None)  # only the simulated belt can be told to move
            if trigger is not None:
                window.screening.idle.connect(lambda: QTimer.singleShot(2000, trigger))
                window.screening.scan_requested.connect(trigger)
            ws.scanner.start()
            if window.screening.current is None and trigger is not None:
                trigger()
        window.show()
        return app.exec()
    finally:
        ws.close()

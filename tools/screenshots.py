"""Render the workstation offscreen and save PNGs of its screens, to look at them.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py --out /tmp/shots [--lang ru]

Uses a throw-away data folder, the fixture scans and the default detector.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import Settings  # noqa: E402
from app.services.accounts import Role  # noqa: E402
from app.services.workstation import Workstation  # noqa: E402
from app.ui.app import build_main_window, install_translations  # noqa: E402
from app.ui.dialogs import LoginDialog  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "images"
TOOLS = [("negative", Qt.Key.Key_N), ("edges", Qt.Key.Key_E), ("grey", Qt.Key.Key_G), ("organic", Qt.Key.Key_O),
         ("inorganic", Qt.Key.Key_I), ("high_penetration", Qt.Key.Key_H), ("low_penetration", Qt.Key.Key_L),
         ("marks_off", Qt.Key.Key_M)]


def wait_for(app, condition, timeout_ms=20000):
    for _ in range(timeout_ms // 20):
        app.processEvents()
        if condition():
            return True
        QTest.qWait(20)
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/checkpoint-shots")
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--scan", default="020", help="fixture id to show")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    install_translations(app, args.lang)
    data = Path(tempfile.mkdtemp(prefix="checkpoint-shots-"))
    settings = Settings(data, f"sqlite:///{data / 'cp.sqlite3'}", data / "images", data / "logs")
    ws = Workstation.open(settings, FIXTURES, interval_s=None)
    boss = ws.accounts.create_first_supervisor("boss", "Начальник смены", "boss-password")
    op = ws.accounts.create_account(boss, "aibek", "Айбек Токтогулов", Role.OPERATOR, "op-password")
    login = LoginDialog(ws.accounts)
    login.username.setText("aibek")
    login.password.setText("wrong")
    login._login()
    login.resize(420, 220)
    login.show()
    app.processEvents()
    login.grab().save(str(out / "login.png"))
    window = build_main_window(ws, op)
    window.resize(1400, 860)
    window.show()
    ws.service.start_visit(op, "Асанова Айгуль Маратовна", "AN 1234567", "Асанов Т. М.", "чай 0,5 кг\nсахар 1 кг")
    ids = [e.record["id"] for e in ws.scanner.entries]
    ws.scanner._position = ids.index(args.scan)
    ws.scanner.scan_next()
    view = window.screening
    wait_for(app, lambda: view.current is not None)
    QTest.qWait(100)
    window.grab().save(str(out / "screening.png"))
    for name, key in TOOLS:
        view.reset_view()
        QTest.keyClick(view, key)
        app.processEvents()
        window.grab().save(str(out / f"tool_{name}.png"))
    print(f"screenshots in {out}")
    ws.close()


if __name__ == "__main__":
    main()

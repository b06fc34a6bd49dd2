"""Time from the scanner's scan event to the marked image on screen, and how long the GUI blocks.

    QT_QPA_PLATFORM=offscreen python benchmarks/screening_latency.py [--count 300] [--interval 0.25]

A real window (offscreen) with the default detector screens simulated parcels replayed from
fixtures/images at the given pace; each parcel is decided as soon as it is shown, as an operator
who knows the answer would. A 5 ms heartbeat timer on the GUI thread measures the longest time the
event loop was busy. Prints p50/p95/max latency and the longest GUI stall.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.config import Settings  # noqa: E402
from app.services.accounts import Role  # noqa: E402
from app.services.screening import Outcome  # noqa: E402
from app.services.workstation import Workstation  # noqa: E402
from app.ui.app import build_main_window  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "images"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between parcels")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    data = Path(tempfile.mkdtemp(prefix="checkpoint-bench-"))
    ws = Workstation.open(Settings(data, f"sqlite:///{data / 'cp.sqlite3'}", data / "images", data / "logs"),
                          FIXTURES, interval_s=None)
    boss = ws.accounts.create_first_supervisor("boss", "Boss", "boss-password")
    op = ws.accounts.create_account(boss, "op", "Operator", Role.OPERATOR, "op-password")
    ws.service.set_allow_clear_with_high_alarm(boss, True)
    window = build_main_window(ws, op)
    window.resize(1400, 860)
    window.show()
    view = window.screening
    ws.service.start_visit(op, "Bench", "B-1", "P")

    sent: dict[str, float] = {}
    latencies: list[float] = []
    ws.scanner.subscribe(on_scan=lambda scan: sent.__setitem__(scan.scan_id, time.perf_counter()))

    original_show_next = view.show_next

    def show_next_and_time():
        original_show_next()
        if view.current is not None:
            latencies.append(time.perf_counter() - sent[view.current.scan_id])
            QTimer.singleShot(0, decide)

    def decide():
        if view.current is not None:
            outcome = Outcome.FLAG if view.current.detections else Outcome.CLEAR
            view.service.decide(op, view.current, outcome, "detector_alarm" if outcome == Outcome.FLAG else None)
            view.show_next()

    view.show_next = show_next_and_time
    stalls = []
    last = [time.perf_counter()]

    def heartbeat():
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    beat = QTimer()
    beat.timeout.connect(heartbeat)
    beat.start(5)

    def feed():
        for _ in range(args.count):
            ws.scanner.scan_next()
            time.sleep(args.interval)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    deadline = time.perf_counter() + args.count * (args.interval + 1.0) + 30

    def check_done():
        if (len(latencies) >= args.count and view.current is None) or time.perf_counter() > deadline:
            app.quit()

    done = QTimer()
    done.timeout.connect(check_done)
    done.start(50)
    app.exec()  # the real event loop, as in the app
    beat.stop()
    lat = np.array(latencies) * 1000
    gaps = np.array(stalls[5:]) * 1000
    print(f"parcels shown: {len(lat)} of {args.count}, detector: {ws.service.detector.name} {ws.service.detector.version}")
    print(f"scan event -> marked image on screen: p50 {np.percentile(lat, 50):.1f} ms, "
          f"p95 {np.percentile(lat, 95):.1f} ms, max {lat.max():.1f} ms")
    print(f"GUI event loop: longest stall {gaps.max():.1f} ms, p99 {np.percentile(gaps, 99):.1f} ms "
          f"(heartbeat every 5 ms; includes rendering, drawing and recording each decision)")
    ws.close()


if __name__ == "__main__":
    main()

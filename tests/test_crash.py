"""A workstation killed between scan and decision loses no scan: it comes back as pending."""
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.screening import ScreeningService
from app.storage.archive import ImageArchive
from app.storage.db import Database

from fakes import FixedDetector


def test_kill_9_after_the_scan_arrived(tmp_path, fixtures_dir):
    worker = subprocess.Popen([sys.executable, str(Path(__file__).with_name("crash_worker.py")), str(tmp_path),
                               str(fixtures_dir)], stdout=subprocess.PIPE, text=True)
    try:
        scan_id = worker.stdout.readline().strip()
        assert len(scan_id) == 32
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    db = Database(f"sqlite:///{tmp_path / 'cp.sqlite3'}")
    service = ScreeningService(db, ImageArchive(tmp_path / "images"), FixedDetector())
    pending = service.pending()
    assert [p.scan_id for p in pending] == [scan_id]
    assert pending[0].scan.rgb.shape[2] == 3 and pending[0].scan.dual_energy
    service.shutdown()
    db.dispose()


@pytest.mark.parametrize("after, delay_ms", [(2, 0), (4, 37), (6, 90)])
def test_kill_9_while_decisions_are_recorded(tmp_path, fixtures_dir, after, delay_ms):
    """SIGKILL at an arbitrary moment of a decide loop: the file is sound, every scan is pending or
    decided with its decision, every record has its audit entry and every image its file."""
    import sqlite3
    import time

    from app.services.records import verify_archive, verify_audit
    from app.storage import models as m
    from sqlalchemy import func, select

    worker = subprocess.Popen([sys.executable, str(Path(__file__).with_name("crash_worker.py")), str(tmp_path),
                               str(fixtures_dir), "decide"], stdout=subprocess.PIPE, text=True)
    try:
        while True:
            line = worker.stdout.readline()
            assert line, "the worker died before it was killed"
            if int(line) >= after:
                break
        time.sleep(delay_ms / 1000)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    with sqlite3.connect(tmp_path / "cp.sqlite3") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db = Database(f"sqlite:///{tmp_path / 'cp.sqlite3'}")
    archive = ImageArchive(tmp_path / "images")
    with db.session() as s:
        decided = s.scalar(select(func.count()).select_from(m.Scan).where(m.Scan.status == "decided"))
        decisions = s.scalar(select(func.count()).select_from(m.Decision))
        pending = s.scalar(select(func.count()).select_from(m.Scan).where(m.Scan.status == "pending"))
    assert decided == decisions >= after and pending <= 1
    assert verify_audit(db).intact
    assert verify_archive(db, archive).intact
    service = ScreeningService(db, archive, FixedDetector())
    assert len(service.pending()) == pending  # the interrupted parcel, if any, comes back to the screen
    service.shutdown()
    db.dispose()

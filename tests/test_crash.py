"""A workstation killed between scan and decision loses no scan: it comes back as pending."""
import signal
import subprocess
import sys
from pathlib import Path

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

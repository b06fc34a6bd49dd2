"""Helper for test_crash: store one scan through the screening service, say so, then wait to be killed."""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.detection.material import MaterialAnalysisDetector  # noqa: E402
from app.devices.simulated import SimulatedScanner  # noqa: E402
from app.services.screening import ScreeningService  # noqa: E402
from app.storage.archive import ImageArchive  # noqa: E402
from app.storage.db import Database  # noqa: E402

data, fixtures = Path(sys.argv[1]), Path(sys.argv[2])
db = Database(f"sqlite:///{data / 'cp.sqlite3'}")
db.create_schema()
service = ScreeningService(db, ImageArchive(data / "images"), MaterialAnalysisDetector())
view = service.process(SimulatedScanner(fixtures, interval_s=None).scan_next())
print(view.scan_id, flush=True)
time.sleep(600)

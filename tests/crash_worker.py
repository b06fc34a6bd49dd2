"""Helper for test_crash, run as a real process and killed with SIGKILL by the test.

    crash_worker.py DATA FIXTURES scan     store one scan, print its id, wait to be killed
    crash_worker.py DATA FIXTURES decide   screen and decide parcels in a loop, printing a count, until killed
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app.detection.material import MaterialAnalysisDetector  # noqa: E402
from app.devices.simulated import SimulatedScanner  # noqa: E402
from app.services.accounts import AccountService, Role  # noqa: E402
from app.services.screening import Outcome, ScreeningService  # noqa: E402
from app.storage.archive import ImageArchive  # noqa: E402
from app.storage.db import Database  # noqa: E402
from fakes import FixedDetector  # noqa: E402

data, fixtures = Path(sys.argv[1]), Path(sys.argv[2])
mode = sys.argv[3] if len(sys.argv) > 3 else "scan"
db = Database(f"sqlite:///{data / 'cp.sqlite3'}")
db.migrate()
service = ScreeningService(db, ImageArchive(data / "images"), MaterialAnalysisDetector())
scanner = SimulatedScanner(fixtures, interval_s=None, shuffle=False)
if mode == "scan":
    view = service.process(scanner.scan_next())
    print(view.scan_id, flush=True)
    time.sleep(600)
else:
    service.detector = FixedDetector()  # no alarms: every outcome is allowed
    accounts = AccountService(db)
    boss = accounts.create_first_supervisor("boss", "Начальник", "boss-password")
    op = accounts.create_account(boss, "op", "Оператор", Role.OPERATOR, "op-password")
    outcomes = [Outcome.CLEAR, Outcome.FLAG, Outcome.REJECT]
    for n in range(100000):
        service.start_visit(op, "Токтогулова Айгуль", f"AN{n:07d}", "Осмонов Б.", "чай")
        scan = scanner.scan_next()
        if scan is None:
            scanner = SimulatedScanner(fixtures, interval_s=None)
            scan = scanner.scan_next()
        view = service.process(scan)
        outcome = outcomes[n % 3]
        service.decide(op, view, outcome, None if outcome == Outcome.CLEAR else "other", "" if outcome == Outcome.CLEAR else "x")
        print(n + 1, flush=True)

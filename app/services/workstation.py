"""The workstation's parts wired together: database, archive, detector, screening, simulated scanner.

No Qt here, so the window, the headless mode and the tests build the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.config import Settings
from app.detection.base import Detector
from app.devices.base import Scanner
from app.devices.factory import make_scanner
from app.storage.archive import ImageArchive
from app.storage.db import Database

from .accounts import AccountService
from .screening import ScreeningService


@dataclass
class Workstation:
    """Everything below the window, wired together: used by the window, the headless mode and the tests."""

    settings: Settings
    db: Database
    accounts: AccountService
    service: ScreeningService
    scanner: Scanner
    detector_problem: str | None = None  # a missing or damaged model: the operator is told, material analysis goes on

    @classmethod
    def open(cls, settings: Settings, scans: Path | None, interval_s: float | None = 4.0,
             detector: Detector | None = None, seed: int = 0, scanner_id: str = "sim-1") -> "Workstation":
        """`scans`: folder the simulated scanner replays; None: the [scanner] of config.toml, by default
        the simulated scanner generating parcels from `seed`."""
        problem = None
        if detector is None:
            from app.detection.factory import load_detector

            detector, problem = load_detector(config=settings.detection)
        db = Database(settings.database_url)
        db.migrate(settings.data_dir / "backups")
        service = ScreeningService(db, ImageArchive(settings.images_dir), detector)
        scanner = make_scanner(settings.scanner, scans, interval_s=interval_s, seed=seed,
                               scanner_id=scanner_id if scans is not None or not settings.scanner else None)
        return cls(settings, db, AccountService(db), service, scanner, problem)

    def close(self) -> None:
        self.scanner.stop()
        self.service.shutdown()
        self.db.dispose()

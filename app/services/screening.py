"""Screen a parcel: scanner event -> stored scan -> detector -> operator's decision -> record.

Plain Python, used alike by the window, the headless mode and the tests. Work that takes time
(encoding and storing images, running the detector) happens on one worker thread; results are
reported through callbacks, which the window hands over to its GUI thread.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Callable

import cv2
import numpy as np
from sqlalchemy import Integer, func, select

from app.detection.base import Detection, Detector, Severity
from app.devices.base import Scan, Scanner
from app.storage import audit
from app.storage.archive import ImageArchive
from app.storage.db import Database, StorageError
from app.storage.settings import read_setting, write_setting
from app.storage import models as m

from .accounts import Account
from .errors import DecisionRejected, PermissionDenied

log = logging.getLogger(__name__)
ALLOW_CLEAR_KEY = "allow_clear_with_high_alarm"


class Outcome(str, Enum):
    CLEAR = "clear"
    FLAG = "flag"  # to the inspection group for a hand search
    REJECT = "reject"  # refused: goes back to the visitor


PACKAGE_STATUS = {Outcome.CLEAR: "cleared", Outcome.FLAG: "flagged", Outcome.REJECT: "rejected"}

# Reason codes offered for flag and reject (the UI translates them); "other" needs free text.
REASONS = {
    Outcome.FLAG: ("detector_alarm", "dense_organic", "opaque_area", "suspected_phone", "suspected_drugs",
                   "suspected_weapon", "undeclared_items", "other"),
    Outcome.REJECT: ("prohibited_item_visible", "over_weight_limit", "not_allowed_item", "damaged_packaging", "other"),
}


@dataclass(frozen=True)
class PackageInfo:
    package_id: int
    visit_id: int
    visitor_name: str
    document_number: str
    prisoner_name: str
    declared_contents: str


@dataclass(frozen=True)
class ParcelView:
    """A scan ready for the operator: the image, the detector's findings, whose parcel it is."""

    scan_id: str
    scan: Scan
    detections: list[Detection]
    package: PackageInfo | None
    detector_ok: bool = True

    @property
    def has_high_alarm(self) -> bool:
        return any(d.severity == Severity.HIGH for d in self.detections)


@dataclass
class Telemetry:
    """What a flight recorder keeps of one decision."""

    shown_at: datetime | None = None
    tools_used: list[str] = field(default_factory=list)
    keystrokes: int = 0


def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise StorageError("encode_failed", "image could not be encoded")
    return buf.tobytes()


def _decode(data: bytes, flags: int) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if image is None:
        raise StorageError("image_altered", "stored image does not decode")
    return image


class ScreeningService:
    def __init__(self, db: Database, archive: ImageArchive, detector: Detector):
        self.db, self.archive, self.detector = db, archive, detector
        self.current_package: PackageInfo | None = None
        self._ready: list[Callable[[ParcelView], None]] = []
        self._failed: list[Callable[[str, str], None]] = []
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="screening")
        self._allow_clear_cache: bool | None = None  # read per parcel on the GUI thread: keep it cheap

    # -- events ---------------------------------------------------------------------------------
    def on_parcel_ready(self, callback: Callable[[ParcelView], None]) -> None:
        self._ready.append(callback)

    def on_failure(self, callback: Callable[[str, str], None]) -> None:
        """callback(code, detail) when a scan could not be stored."""
        self._failed.append(callback)

    def attach(self, scanner: Scanner) -> Callable[[], None]:
        """Take every scan the scanner delivers."""
        return scanner.subscribe(on_scan=self.submit)

    def submit(self, scan: Scan) -> Future:
        return self._executor.submit(self._process_and_report, scan)

    def _process_and_report(self, scan: Scan) -> ParcelView | None:
        try:
            view = self.process(scan)
        except StorageError as exc:
            log.exception("scan %s could not be stored", scan.scan_id)
            for cb in list(self._failed):
                cb(exc.code, exc.detail)
            return None
        for cb in list(self._ready):
            cb(view)
        return view

    # -- the use cases ----------------------------------------------------------------------------
    def start_visit(self, operator: Account, visitor_name: str, document_number: str, prisoner_name: str,
                    declared_contents: str = "") -> PackageInfo:
        """Register a visitor's package; scans that follow belong to it."""
        if not operator.may("screen"):
            raise PermissionDenied("screening is not this account's role")
        with self.db.session() as s:
            visitor = s.scalar(select(m.Visitor).where(m.Visitor.document_number == document_number.strip()))
            if visitor is None:
                visitor = m.Visitor(full_name=visitor_name.strip(), document_number=document_number.strip())
                s.add(visitor)
                s.flush()
            visit = m.Visit(visitor_id=visitor.id, prisoner_name=prisoner_name.strip(), operator_id=operator.id)
            s.add(visit)
            s.flush()
            package = m.Package(visit_id=visit.id, declared_contents=declared_contents.strip())
            s.add(package)
            s.flush()
            audit.append(s, operator.id, "package_registered", "package", package.id,
                         {"visit": visit.id, "visitor": visitor.id, "prisoner": prisoner_name.strip()})
            info = PackageInfo(package.id, visit.id, visitor.full_name, visitor.document_number,
                               visit.prisoner_name, package.declared_contents)
        self.current_package = info
        return info

    def process(self, scan: Scan) -> ParcelView:
        """Store the scan (images by hash, a pending record), then run the detector on it."""
        digests = {"image": self.archive.put(_png(cv2.cvtColor(scan.rgb, cv2.COLOR_RGB2BGR)))}
        if scan.dual_energy:
            digests["high"] = self.archive.put(_png(scan.high))
            digests["low"] = self.archive.put(_png(scan.low))
        package = self.current_package
        with self.db.session() as s:
            s.add(m.Scan(id=scan.scan_id, package_id=package.package_id if package else None,
                         scanner_id=scan.scanner_id, image_sha256=digests["image"], high_sha256=digests.get("high"),
                         low_sha256=digests.get("low"), width=scan.size[0], height=scan.size[1],
                         air_high=scan.air_high, air_low=scan.air_low, source=scan.source,
                         scanned_at=scan.completed_at))
            audit.append(s, None, "scan_received", "scan", scan.scan_id, {"scanner": scan.scanner_id})
        detector_ok = True
        detector = self.detector  # once: a supervisor may swap in another (replace_detector) meanwhile
        t0 = time.perf_counter()
        try:
            detections = detector.detect_scan(scan)
        except Exception:  # a broken detector must not lose the scan: the operator still looks
            log.exception("detector failed on scan %s", scan.scan_id)
            detections, detector_ok = [], False
        detect_ms = int((time.perf_counter() - t0) * 1000)
        with self.db.session() as s:
            for d in detections:
                s.add(m.Detection(scan_id=scan.scan_id, label=d.label, score=float(d.score), x0=d.box[0], y0=d.box[1],
                                  x1=d.box[2], y1=d.box[3], severity=d.severity.value, detector=d.detector[:80]))
            row = s.get(m.Scan, scan.scan_id)
            row.detector_version, row.detect_ms = detector.tag[:120], detect_ms
            audit.append(s, None, "scan_analysed", "scan", scan.scan_id,
                         {"detector": detector.tag, "ok": detector_ok, "detections": len(detections)})
        return ParcelView(scan.scan_id, scan, detections, package, detector_ok)

    def decide(self, operator: Account, view: ParcelView, outcome: Outcome, reason_code: str | None = None,
               reason_text: str = "", telemetry: Telemetry | None = None) -> int:
        """Record the decision and its audit entry in one transaction; returns the decision id."""
        telemetry = telemetry or Telemetry()
        if not operator.may("screen"):
            raise PermissionDenied("screening is not this account's role")
        if outcome != Outcome.CLEAR:
            if reason_code not in REASONS[outcome]:
                raise DecisionRejected(str(reason_code), code="reason_required")
            if reason_code == "other" and not reason_text.strip():
                raise DecisionRejected("free text required for 'other'", code="reason_required")
        override = outcome == Outcome.CLEAR and view.has_high_alarm
        if override and not self.allow_clear_with_high_alarm():
            raise DecisionRejected("a high-severity alarm needs a hand search", code="alarm_needs_inspection")
        decided_at = m.utcnow()
        with self.db.session() as s:
            scan = s.get(m.Scan, view.scan_id)
            if scan is None:
                raise DecisionRejected(view.scan_id, code="unknown_scan")
            if scan.status == "decided":
                raise DecisionRejected(view.scan_id, code="already_decided")
            if scan.package_id is None:
                if self.current_package is None:
                    raise DecisionRejected(view.scan_id, code="package_required")
                scan.package_id = self.current_package.package_id  # registered after the scan arrived
            ms = int((decided_at - telemetry.shown_at).total_seconds() * 1000) if telemetry.shown_at else None
            decision = m.Decision(scan_id=scan.id, outcome=outcome.value, reason_code=reason_code,
                                  reason_text=reason_text.strip(), operator_id=operator.id, shown_at=telemetry.shown_at,
                                  decided_at=decided_at, decision_ms=ms, tools_used=sorted(set(telemetry.tools_used)),
                                  keystrokes=telemetry.keystrokes, alarm_override=override)
            s.add(decision)
            scan.status = "decided"
            package = s.get(m.Package, scan.package_id)
            package.status = PACKAGE_STATUS[outcome]
            if outcome == Outcome.FLAG:  # the hand search's queue (the inspection group claims it there)
                s.add(m.Inspection(scan_id=scan.id, status="open", at=decided_at))
            s.flush()
            audit.append(s, operator.id, "decision", "scan", scan.id,
                         {"outcome": outcome.value, "reason": reason_code, "override": override})
            return decision.id

    def pending(self) -> list[ParcelView]:
        """Scans stored but not decided (after a crash or a closed window), oldest first."""
        views = []
        with self.db.session() as s:
            rows = s.scalars(select(m.Scan).where(m.Scan.status == "pending").order_by(m.Scan.received_at)).all()
            for row in rows:
                try:
                    rgb = cv2.cvtColor(_decode(self.archive.get(row.image_sha256), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
                    high = _decode(self.archive.get(row.high_sha256), cv2.IMREAD_UNCHANGED) if row.high_sha256 else None
                    low = _decode(self.archive.get(row.low_sha256), cv2.IMREAD_UNCHANGED) if row.low_sha256 else None
                except StorageError:
                    log.exception("pending scan %s has a damaged image", row.id)
                    continue
                scan = Scan(row.scanner_id, rgb, high, low, row.air_high, row.air_low, source=row.source,
                            completed_at=row.scanned_at, scan_id=row.id)
                dets = [Detection(d.label, d.score, (d.x0, d.y0, d.x1, d.y1), Severity(d.severity), d.detector)
                        for d in row.detections]
                package = self._package_info(s, row.package_id) if row.package_id else None
                views.append(ParcelView(row.id, scan, dets, package))
        return views

    @staticmethod
    def _package_info(s, package_id: int) -> PackageInfo:
        p = s.get(m.Package, package_id)
        v = p.visit
        return PackageInfo(p.id, v.id, v.visitor.full_name, v.visitor.document_number, v.prisoner_name, p.declared_contents)

    # -- settings and figures ------------------------------------------------------------------
    def allow_clear_with_high_alarm(self) -> bool:
        if self._allow_clear_cache is None:
            value = read_setting(self.db, ALLOW_CLEAR_KEY)
            self._allow_clear_cache = bool(value and value.get("enabled"))
        return self._allow_clear_cache

    def set_allow_clear_with_high_alarm(self, actor: Account, enabled: bool) -> None:
        if not actor.may("change_settings"):
            raise PermissionDenied("only a supervisor changes this")
        write_setting(self.db, actor.id, ALLOW_CLEAR_KEY, {"enabled": bool(enabled)})
        self._allow_clear_cache = bool(enabled)

    def replace_detector(self, detector) -> None:
        """Screen with `detector` from the next scan on (a scan in flight finishes on the one it began with)."""
        self.detector = detector

    def trained_model(self):
        """The ONNX model the screening runs (None when only material analysis does)."""
        from app.detection.onnx_detector import OnnxDetector

        return next((d for d in [self.detector, *getattr(self.detector, "detectors", [])]
                     if isinstance(d, OnnxDetector)), None)

    def detector_precision(self) -> tuple[int, int] | None:
        """(alarms confirmed by a hand search, alarms hand-searched), or None before any search."""
        with self.db.session() as s:
            alarmed = select(m.Detection.scan_id).distinct().subquery()
            q = select(func.count(), func.sum(m.Inspection.found_prohibited.cast(Integer))).where(
                m.Inspection.scan_id.in_(select(alarmed.c.scan_id)), m.Inspection.found_prohibited.is_not(None))
            total, confirmed = s.execute(q).one()
        return (int(confirmed or 0), int(total)) if total else None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

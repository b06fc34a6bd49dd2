"""Recorded parcels out as DICOS (`checkpoint dicos export`): for each decided scan, its DX objects,
a MACHINE threat detection report with what the detector found, and an OPERATOR report with the
decision. For a drug-control referral or another agency's system that reads DICOS."""
from __future__ import annotations

from datetime import date, timezone
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select

from app.devices import dicos
from app.devices.base import Scan
from app.storage import audit
from app.storage import models as m
from app.storage.archive import ImageArchive
from app.storage.db import Database

from .reports import day_bounds
from .screening import _decode


def _image(archive: ImageArchive, digest: str | None, flags: int) -> np.ndarray | None:
    # archive.get checks the hash; _decode refuses bytes that do not decode, as the screening does.
    return _decode(archive.get(digest), flags) if digest else None


def export_scans(db: Database, archive: ImageArchive, folder: Path, scan_ids: list[str] | None = None,
                 day: date | None = None, actor_id: int | None = None, tz=None) -> list[Path]:
    """Export the given scans, or every decided scan of `day`; returns the files written."""
    written: list[Path] = []
    with db.session() as s:
        q = select(m.Scan).where(m.Scan.status == "decided")
        if scan_ids:
            q = q.where(m.Scan.id.in_(scan_ids))
        if day is not None:
            start, end = day_bounds(day, tz)
            q = q.where(m.Scan.received_at >= start, m.Scan.received_at < end)
        rows = s.scalars(q.order_by(m.Scan.received_at)).all()
        for row in rows:
            bgr = _image(archive, row.image_sha256, cv2.IMREAD_COLOR)
            high = _image(archive, row.high_sha256, cv2.IMREAD_UNCHANGED)
            low = _image(archive, row.low_sha256, cv2.IMREAD_UNCHANGED)
            at = row.scanned_at if row.scanned_at.tzinfo else row.scanned_at.replace(tzinfo=timezone.utc)
            scan = Scan(row.scanner_id, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), high, low, row.air_high, row.air_low,
                        1.0, at, at, row.source, scan_id=row.id)
            threats = [dicos.Threat(d.label, d.score, (d.x0, d.y0, d.x1, d.y1)) for d in row.detections]
            machine = dicos.Report("MACHINE", "ALARM" if threats else "CLEAR", threats,
                                   algorithm=row.detector_version or (row.detections[0].detector if row.detections else None))
            decision = row.decision
            operator = None
            if decision is not None:
                name = s.get(m.Operator, decision.operator_id).full_name
                alarm = decision.outcome != "clear"
                operator = dicos.Report("OPERATOR", "ALARM" if alarm else "CLEAR",
                                        [dicos.Threat(t.label, None, t.box, "THREAT" if alarm else "NO_THREAT")
                                         for t in threats], operator=name)
            ooi = f"package-{row.package_id}" if row.package_id else row.id
            written += dicos.export_scan(Path(folder), scan, machine, operator, ooi_id=ooi, stem=row.id,
                                         processing_ms=row.detect_ms)
        audit.append(s, actor_id, "export", "dicos", str(folder)[:64], {"scans": len(rows)})
    return written

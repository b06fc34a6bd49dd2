"""The records at scale: two years of a busy checkpoint, then the queries the supervisor waits for.

    python benchmarks/storage.py                                   # SQLite file in a temporary folder
    python benchmarks/storage.py --url postgresql+psycopg://user@127.0.0.1/db
    python benchmarks/storage.py --scans 100000                    # a quicker look

Fills an empty database (through the app's migrations) with --scans parcels spread over --days
days, each with its visit, package, decision and, for a third of them, detections, plus hand
searches, visitors who come back and the decisions' audit entries; then prints, each over several
random days or months:
  - one day's log (day_log): p50 and p95, target p50 < 100 ms;
  - exporting one day to CSV (export_day): target < 1 s for about 2,000 parcels;
  - opening the app (Workstation.open with the detector, pending parcels, first-run check, today's
    log): target < 2 s;
  - a month's statistics (month_statistics): target < 500 ms.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from app.config import Settings  # noqa: E402
from app.services.reports import day_log, export_day, month_statistics  # noqa: E402
from app.storage import models as m  # noqa: E402
from app.storage.db import Database  # noqa: E402

LABELS = ["knife", "gun", "scissors", "syringe", "phone", "sim_card", "battery", "drugs", "alcohol", "lighter", "opaque"]
SURNAMES = ["Асанов", "Токтогулова", "Осмонов", "Иванова", "Жумабаев", "Сыдыкова", "Ким", "Абдыкадыров"]


def fill(db: Database, scans: int, days: int, seed: int = 1, chunk: int = 20000) -> float:
    rng = random.Random(seed)
    t0 = time.perf_counter()
    end = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days)
    with db.engine.begin() as conn:
        conn.execute(insert(m.Operator), [
            {"id": i, "username": f"op{i}", "full_name": f"{rng.choice(SURNAMES)} {i}", "role": "operator",
             "password_hash": "!", "active": True, "created_at": start} for i in range(1, 21)])
        visitors = max(1, scans // 5)
        for lo in range(0, visitors, chunk):
            conn.execute(insert(m.Visitor), [
                {"id": i + 1, "full_name": f"{rng.choice(SURNAMES)} {i}", "document_number": f"AN{i:07d}",
                 "created_at": start} for i in range(lo, min(visitors, lo + chunk))])
    prev_hash = "0" * 64
    det_id = insp_id = audit_id = 0
    per_day = scans / days
    for lo in range(0, scans, chunk):
        visits, packages, rows, decisions, detections, inspections, audits = [], [], [], [], [], [], []
        for i in range(lo, min(scans, lo + chunk)):
            # Parcels arrive during opening hours (08:00-18:00 local, UTC+6), day after day.
            day = int(i / per_day)
            at = start + timedelta(days=day, hours=2 + rng.random() * 10)
            op = rng.randint(1, 20)
            visits.append({"id": i + 1, "visitor_id": rng.randint(1, visitors), "prisoner_name": f"{rng.choice(SURNAMES)} З.",
                           "operator_id": op, "started_at": at})
            outcome = rng.choices(["clear", "flag", "reject"], [0.9, 0.08, 0.02])[0]
            packages.append({"id": i + 1, "visit_id": i + 1, "declared_contents": "чай, сахар, сигареты",
                             "created_at": at, "status": {"clear": "cleared", "flag": "flagged", "reject": "rejected"}[outcome]})
            sid = f"{i:032x}"
            digest = hashlib.sha256(sid.encode()).hexdigest()
            rows.append({"id": sid, "package_id": i + 1, "scanner_id": "sim-1", "image_sha256": digest,
                         "width": 900, "height": 600, "scanned_at": at, "received_at": at, "status": "decided",
                         "detector_version": "checkpoint-detector 0.1", "detect_ms": 20})
            decided = at + timedelta(seconds=rng.uniform(3, 40))
            decisions.append({"id": i + 1, "scan_id": sid, "outcome": outcome, "reason_code": None if outcome == "clear" else "other",
                              "reason_text": "", "operator_id": op, "shown_at": at, "decided_at": decided,
                              "decision_ms": int((decided - at).total_seconds() * 1000), "tools_used": [], "keystrokes": 2,
                              "alarm_override": False})
            if rng.random() < 0.33:
                for _ in range(rng.randint(1, 2)):
                    det_id += 1
                    x, y = rng.randint(0, 800), rng.randint(0, 500)
                    detections.append({"id": det_id, "scan_id": sid, "label": rng.choice(LABELS), "score": rng.random(),
                                       "x0": x, "y0": y, "x1": x + 60, "y1": y + 40, "severity": "high",
                                       "detector": "checkpoint-detector 0.1"})
            if outcome == "flag":
                insp_id += 1
                inspections.append({"id": insp_id, "scan_id": sid, "found_prohibited": rng.random() < 0.3,
                                    "inspector_id": rng.randint(1, 20), "notes": "", "at": decided, "status": "closed",
                                    "closed_at": decided + timedelta(minutes=20), "referred_to_drug_control": False})
            audit_id += 1
            details = {"outcome": outcome}
            h = hashlib.sha256(f"{prev_hash}{decided.isoformat()}{op}decision{sid}".encode()).hexdigest()
            audits.append({"id": audit_id, "at": decided, "actor_id": op, "action": "decision", "entity": "scan",
                           "entity_id": sid, "details": details, "prev_hash": prev_hash, "hash": h})
            prev_hash = h
        with db.engine.begin() as conn:
            for model, batch in ((m.Visit, visits), (m.Package, packages), (m.Scan, rows), (m.Decision, decisions),
                                 (m.Detection, detections), (m.Inspection, inspections), (m.AuditEntry, audits)):
                if batch:
                    conn.execute(insert(model), batch)
        print(f"\r  {min(scans, lo + chunk):,} / {scans:,} parcels", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            # Rows were inserted with their ids: move each id sequence past them, as a restore would.
            for table in ("operators", "visitors", "visits", "packages", "decisions", "detections", "inspections",
                          "audit_log"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    else:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - t0


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", help="database URL (default: an SQLite file in a temporary folder)")
    p.add_argument("--scans", type=int, default=1_000_000)
    p.add_argument("--days", type=int, default=730)
    p.add_argument("--repeats", type=int, default=10)
    args = p.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="checkpoint-storage-"))
    url = args.url or f"sqlite:///{folder / 'checkpoint.sqlite3'}"
    db = Database(url)
    db.migrate()
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(m.Scan)):
            raise SystemExit("the database is not empty: give an empty one")
    print(f"filling {url.split('@')[-1]} with {args.scans:,} parcels over {args.days} days ...")
    seconds = fill(db, args.scans, args.days)
    print(f"filled in {seconds:.0f} s")
    tz = timezone(timedelta(hours=6))  # Bishkek
    today = datetime.now(tz).date()
    rng = random.Random(7)
    days = [today - timedelta(days=rng.randint(1, args.days - 2)) for _ in range(args.repeats)]
    sizes = [len(day_log(db, d, tz)) for d in days[:3]]
    it = iter(days * 2)
    log_ms = timed(lambda: day_log(db, next(it), tz), args.repeats)
    print(f"day log ({statistics.mean(sizes):.0f} parcels a day): p50 {statistics.median(log_ms):.0f} ms, "
          f"p95 {sorted(log_ms)[int(0.95 * (len(log_ms) - 1))]:.0f} ms  (target p50 < 100 ms)")
    it = iter(days * 2)
    export_ms = timed(lambda: export_day(db, next(it), folder / "day.csv", None, tz), min(args.repeats, 5))
    print(f"export one day to CSV: p50 {statistics.median(export_ms):.0f} ms, max {max(export_ms):.0f} ms  (target < 1 s)")
    months = [(d.year, d.month) for d in days]
    it = iter(months * 2)
    month_ms = timed(lambda: month_statistics(db, *next(it), tz), min(args.repeats, 5))
    print(f"month statistics: p50 {statistics.median(month_ms):.0f} ms, max {max(month_ms):.0f} ms  (target < 500 ms)")
    db.dispose()

    def open_app():
        from app.services.workstation import Workstation

        settings = Settings(folder, url, folder / "images", folder / "logs")
        ws = Workstation.open(settings, None, interval_s=None)
        ws.accounts.needs_first_supervisor()
        ws.service.pending()
        day_log(ws.db, today, tz)
        ws.close()

    open_ms = timed(open_app, 3)
    print(f"opening the app (migrations check, detector, pending parcels, today's log): "
          f"p50 {statistics.median(open_ms):.0f} ms, max {max(open_ms):.0f} ms  (target < 2 s)")
    if not args.url:
        size = (folder / "checkpoint.sqlite3").stat().st_size / 1e9
        print(f"SQLite file: {size:.2f} GB ({folder})")


if __name__ == "__main__":
    main()

"""The supervisor's day log, its CSV export (Cyrillic intact) and a month's statistics, on both databases."""
import csv
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.services import reports
from app.services.screening import Outcome
from app.storage import models as m

from test_records import Site, screen

BISHKEK = timezone(timedelta(hours=6))


def test_day_log_export_and_month(database_url, tmp_path, fixtures_dir):
    site = Site(database_url, tmp_path / "images")
    try:
        _, op, views = screen(site, fixtures_dir, [Outcome.CLEAR, Outcome.FLAG, Outcome.REJECT])
        today = datetime.now(BISHKEK).date()
        rows = reports.day_log(site.db, today, BISHKEK)
        assert [r.scan_id for r in rows] == [v.scan_id for v in views]
        assert [r.outcome for r in rows] == ["clear", "flag", "reject"]
        assert rows[0].visitor == "Токтогулова Айгуль" and rows[0].prisoner == "Осмонов Б."
        assert reports.day_log(site.db, today - timedelta(days=1), BISHKEK) == []
        out = tmp_path / "day.csv"
        assert reports.export_day(site.db, today, out, op.id, BISHKEK) == 3
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
        table = list(csv.reader(out.open(encoding="utf-8-sig")))
        assert table[0] == list(reports.LOG_COLUMNS) and table[2][3] == "Токтогулова Айгуль" and table[2][6] == "flag"
        with site.db.session() as s:
            assert s.scalar(select(m.AuditEntry).where(m.AuditEntry.action == "export")).entity_id == today.isoformat()
        stats = reports.month_statistics(site.db, today.year, today.month, BISHKEK)
        assert stats.parcels == 3 and stats.outcomes == {"clear": 1, "flag": 1, "reject": 1}
        assert stats.per_operator == {"Оператор": {"clear": 1, "flag": 1, "reject": 1}}
        assert stats.per_day == {today: 3}
    finally:
        site.close()

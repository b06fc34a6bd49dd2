"""Translations: complete for Russian, never stale against the sources."""
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "app" / "ui" / "i18n"


def sources_in(ts_text: str) -> set[str]:
    return set(re.findall(r"<source>(.*?)</source>", ts_text, flags=re.S))


def test_ts_files_are_current_with_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sorted(str(p) for p in (REPO / "app" / "ui").glob("*.py")), "-ts", str(fresh),
                    "-no-obsolete", "-locations", "none"], check=True, capture_output=True)
    expected = sources_in(fresh.read_text(encoding="utf-8"))
    for lang in ("ru", "ky"):
        committed = sources_in((I18N / f"checkpoint_{lang}.ts").read_text(encoding="utf-8"))
        assert committed == expected, f"{lang}: run python tools/translations.py (missing {sorted(expected - committed)[:5]})"


def test_russian_is_complete_and_compiled():
    ts = (I18N / "checkpoint_ru.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    qm = I18N / "checkpoint_ru.qm"
    assert qm.stat().st_size > 1000 and qm.stat().st_mtime >= (I18N / "checkpoint_ru.ts").stat().st_mtime - 5


def test_russian_translator_translates_the_screen(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    t = QTranslator()
    assert t.load("checkpoint_ru", str(I18N))
    QCoreApplication.installTranslator(t)
    try:
        assert QCoreApplication.translate("ScreeningView", "Clear (F5)") == "Пропустить (F5)"
        assert QCoreApplication.translate("Labels", "syringe") == "шприц"
    finally:
        QCoreApplication.removeTranslator(t)

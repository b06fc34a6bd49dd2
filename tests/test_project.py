"""Project rules: import layers, entry points."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_layers_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_m_app_runs_the_demo_on_the_fixtures():
    result = subprocess.run([sys.executable, "-m", "app", "demo", "--count", "3", "--interval", "0"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [l for l in result.stdout.splitlines() if " scan " in l]
    assert len(lines) == 3 and "contents:" in lines[0]


def test_version():
    result = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("checkpoint ")


def test_headless_mode_screens_and_records(tmp_path):
    import sqlite3

    result = subprocess.run([sys.executable, "-m", "app", "--headless", "4", "--seed", "3", "--data-dir", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and lines[-1].startswith("4 parcels screened")
    with sqlite3.connect(tmp_path / "checkpoint.sqlite3") as db:
        assert db.execute("select count(*) from decisions").fetchone()[0] == 4
        assert db.execute("select count(*) from scans where status = 'pending'").fetchone()[0] == 0
        outcomes = {r[0] for r in db.execute("select outcome from decisions")}
        assert outcomes <= {"clear", "flag"}


def test_a_non_editable_install_carries_every_model_file_the_metadata_names():
    """`pip install .` copies models/ by the list in pyproject.toml; a look missing from it would leave
    an installed workstation without it (it runs, on the network's own thresholds, and says so)."""
    import json
    import tomllib

    from app.detection.second_look import second_look_specs

    root = Path(__file__).resolve().parents[1]
    listed = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    shipped = set(listed["share/checkpoint/models"])
    meta = json.loads((root / "models" / "detector.json").read_text(encoding="utf-8"))
    named = {"models/detector.onnx", "models/detector.json",
             *(f"models/{spec['model']}" for spec in second_look_specs(meta))}
    assert named <= shipped, sorted(named - shipped)
    assert all((root / path).is_file() for path in shipped)

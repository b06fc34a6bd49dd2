"""What runs on a lent GPU machine (tools/device_train.sh) must run with what that machine has: torch,
onnx, onnxruntime, opencv, numpy and tqdm, but none of the workstation's own libraries (Qt,
SQLAlchemy, platformdirs, argon2...). A session gets that machine for minutes, seldom, so a missing
import there costs the whole loan; these tests hide those libraries from a child Python and run the
same commands here."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The workstation's libraries that the GPU machine's image does not have (its package list:
# /work/.library/device/KINDS.md); numpy, opencv, onnxruntime, torch and onnx are there.
NOT_ON_THE_GPU_MACHINE = ("PySide6", "sqlalchemy", "platformdirs", "argon2", "openpyxl", "alembic", "pydicom",
                          "xraydb", "spekpy", "reportlab", "fpdf", "psycopg", "pytestqt")


def without_workstation_libraries(tmp_path: Path) -> dict:
    """An environment whose Python refuses to import NOT_ON_THE_GPU_MACHINE (a sitecustomize on its path)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import importlib.abc, sys\n"
        f"BLOCKED = {set(NOT_ON_THE_GPU_MACHINE)!r}\n"
        "class Refuse(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'{name} is not installed on the GPU machine')\n"
        "sys.meta_path.insert(0, Refuse())\n")
    return {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{ROOT}"}


def test_the_blocker_works(tmp_path):
    env = without_workstation_libraries(tmp_path)
    run = subprocess.run([sys.executable, "-c", "import sqlalchemy"], env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "not installed on the GPU machine" in run.stderr


def test_training_scans_are_made_without_the_workstation_libraries(tmp_path):
    env = without_workstation_libraries(tmp_path)
    out = tmp_path / "scans"
    run = subprocess.run([sys.executable, "-m", "app", "sim", "generate", "--count", "3", "--seed", "1", "--out",
                          str(out), "--no-raw", "--rgb-format", "jpg", "--without-held-out-variants"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(list((out / "images").glob("*.jpg"))) == 3
    assert json.loads((out / "manifest.json").read_text())["count"] == 3


@pytest.mark.skipif(shutil.which("bash") is None, reason="the script is bash")
def test_device_train_script_runs_end_to_end_without_the_workstation_libraries(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    env = {**without_workstation_libraries(tmp_path), "OUT": str(tmp_path / "out"), "DATA": str(tmp_path / "data"),
           "COUNT": "12", "VAL_COUNT": "4", "EPOCHS": "1", "TRAIN_SECONDS": "60", "BATCH": "4", "WORKERS": "0",
           "PY": sys.executable}
    run = subprocess.run(["bash", str(ROOT / "tools" / "device_train.sh")], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    made = tmp_path / "out" / "run"
    assert {"detector.onnx", "detector.json", "last.pt", "train.log"} <= {p.name for p in made.iterdir()}
    meta = json.loads((made / "detector.json").read_text())
    assert meta["trained"]["data"][0]["count"] == 12 and len(meta["history"]) >= 1
    assert meta["trained"]["assigner"] == "aligned"  # trains on as the shipped model was trained


def test_a_configuration_error_is_still_told_in_one_line(tmp_path, monkeypatch, capsys):
    """The check for the workstation's own errors (app.cli._is_operator_error) still turns a broken
    config.toml into one line and exit status 2, not a traceback."""
    from app.cli import main

    (tmp_path / "config.toml").write_text("[detection\n", encoding="utf-8")
    monkeypatch.setenv("CHECKPOINT_DATA_DIR", str(tmp_path))
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "config.toml" in err and "Traceback" not in err

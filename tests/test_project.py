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

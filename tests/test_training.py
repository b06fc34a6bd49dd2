"""The training pipeline end to end on the fixtures: one epoch, a checkpoint, resume, ONNX export that
the runtime loads. Needs the `train` extra (torch); skipped where it is not installed (as in CI)."""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")


def test_one_epoch_resume_and_export(tmp_path, fixtures_dir):
    from app.detection.onnx_detector import OnnxDetector
    from app.training.train import main

    run = tmp_path / "run"
    main(["--data", str(fixtures_dir), "--out", str(run), "--epochs", "1", "--batch", "4", "--workers", "0",
          "--width", "0.5", "--size", "256", "--crop", "192"])
    assert (run / "last.pt").is_file() and (run / "detector.onnx").is_file()
    main(["--data", str(fixtures_dir), "--out", str(run), "--epochs", "2", "--batch", "4", "--workers", "0",
          "--width", "0.5", "--size", "256", "--crop", "192"])
    meta = json.loads((run / "detector.json").read_text())
    assert [h["epoch"] for h in meta["history"]] == [0, 1] and meta["input_size"] == 256
    assert "resumed from" in (run / "train.log").read_text()
    detector = OnnxDetector(run / "detector.onnx")
    assert isinstance(detector.detect(np.zeros((300, 500, 3), np.uint8)), list)

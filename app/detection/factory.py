"""Which detector the workstation runs: the trained model with material analysis beside it, or
material analysis alone when there is no model (or a damaged one, which the operator is told).

Beside the model, material analysis only marks opaque regions (what no detector can see behind);
its packet finder stays off there, since the model's drug class does that job with far fewer false
alarms (benchmarks/material_detector.py: 0.62 alarms per clean parcel; benchmarks/detector.py)."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from .base import Detection, Detector, DetectorError
from .material import MaterialAnalysisDetector, MaterialParams

log = logging.getLogger(__name__)
MODEL_FILE = "detector.onnx"
REPO_MODELS = Path(__file__).resolve().parents[2] / "models"  # a checkout (or an editable install)
INSTALLED_MODELS = Path(sys.prefix) / "share" / "checkpoint" / "models"  # pip install . (pyproject data-files)


def default_models_dir() -> Path:
    """Where the shipped model is: the checkout's models/ when running from one, else the installed copy."""
    return REPO_MODELS if (REPO_MODELS / MODEL_FILE).exists() else INSTALLED_MODELS


class CombinedDetector(Detector):
    """Several detectors on the same scan; their findings side by side."""

    def __init__(self, detectors: list[Detector]):
        self.detectors = detectors
        self.name = "+".join(d.name for d in detectors)
        self.version = "+".join(d.version for d in detectors)

    @property
    def tag(self) -> str:
        # Each detector's own tag, so a record (and DICOS's one value a detector) can be read back apart.
        return "; ".join(d.tag for d in self.detectors)

    def detect(self, rgb, high=None, low=None, air_high=None, air_low=None) -> list[Detection]:
        return [d for det in self.detectors for d in det.detect(rgb, high, low, air_high, air_low)]


def with_thresholds(detector: Detector, thresholds: dict[str, float]) -> Detector:
    """The same detector with the trained model on a site's thresholds (the others beside it unchanged),
    built whole so it can be swapped in between two scans. A detector without a trained model has no
    thresholds to set (`model_missing`); a class the model lacks or a value outside (0, 1] is `config_invalid`."""
    from .onnx_detector import OnnxDetector

    if isinstance(detector, OnnxDetector):
        return detector.with_thresholds(thresholds)
    if isinstance(detector, CombinedDetector) and any(isinstance(d, OnnxDetector) for d in detector.detectors):
        return CombinedDetector([d.with_thresholds(thresholds) if isinstance(d, OnnxDetector) else d
                                 for d in detector.detectors])
    raise DetectorError("model_missing", "no trained model runs here, so there are no thresholds to set")


def load_detector(models_dir: Path | None = None, config: dict | None = None) -> tuple[Detector, str | None]:
    """(detector, problem code or None). `config` is the [detection] table of the site's config.toml:
    `model` (another .onnx), `thresholds` and `severity` per class."""
    from .onnx_detector import OnnxDetector

    config = config or {}
    path = Path(config["model"]) if config.get("model") else Path(models_dir or default_models_dir()) / MODEL_FILE
    material = MaterialAnalysisDetector()
    if not path.exists():
        log.error("no model at %s: material analysis only", path)
        return material, "model_missing"
    try:
        model = OnnxDetector(path, thresholds=config.get("thresholds"), severity=config.get("severity"))
        # model.problem: its second look did not load; it runs on its own scores, and the operator is told.
        return CombinedDetector([model, MaterialAnalysisDetector(params=MaterialParams(packets=False))]), model.problem
    except DetectorError as exc:
        log.error("model %s unusable (%s): material analysis only", path, exc)
        return material, exc.code

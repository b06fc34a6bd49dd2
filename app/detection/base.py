"""The detector interface every detector implements: classical image analysis now, ONNX models later.

A detector takes one parcel's image (the colour image, and the raw dual-energy pair when the
scanner gives one) and returns detections: a class label, a score, a box in the image's pixels and a
severity that tells the workstation how loudly to alarm. It knows nothing about scanners, storage or
the UI; `detect_scan` is only a convenience for a `Scan` from `app.devices`.

Errors carry a code, not prose (as scanners' do): the caller maps the code to what the operator sees.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum

import numpy as np


class Severity(str, Enum):
    LOW = "low"
    MEDIUM = "medium"  # the operator must look (e.g. something hides what is behind it)
    HIGH = "high"  # a prohibited item is likely


@dataclass(frozen=True)
class Detection:
    label: str  # class name, e.g. "drugs", "opaque", "knife"
    score: float  # 0..1, higher = more confident
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the scan image's pixels, x1/y1 exclusive
    severity: Severity
    detector: str  # detector name + version, e.g. "material-analysis 1.0"
    note: str = ""  # short machine-readable reason, e.g. "dense organic 34 cm2"


class DetectorError(Exception):
    """A detector could not run. `code` is stable ("model_missing", "bad_input", ...)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class Detector(ABC):
    name: str = "detector"
    version: str = "0"

    @property
    def tag(self) -> str:
        """What goes into Detection.detector: name and version, so a record says what produced it."""
        return f"{self.name} {self.version}"

    @abstractmethod
    def detect(self, rgb: np.ndarray, high: np.ndarray | None = None, low: np.ndarray | None = None,
               air_high: float | None = None, air_low: float | None = None) -> list[Detection]:
        """Detections in one image. rgb: uint8 (H, W, 3); high/low: counts (higher = more
        transmission) of the same size, or None; air_*: the counts for air, None if unknown."""

    def detect_scan(self, scan) -> list[Detection]:
        """Convenience for an `app.devices.base.Scan` (duck-typed, so detection does not import devices)."""
        return self.detect(scan.rgb, scan.high, scan.low, scan.air_high, scan.air_low)

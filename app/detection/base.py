"""The detector interface: every detector (material analysis, the ONNX model) implements it."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum

import numpy as np


class Severity(str, Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Detection:
    label: str  # class name, e.g. "drugs", "opaque", "knife"
    score: float  # 0..1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the scan image's pixels, x1/y1 exclusive
    severity: Severity
    detector: str  # name and version, e.g. "material-analysis 1.0"
    note: str = ""  # short machine-readable reason, e.g. "dense organic 34 cm2"


class DetectorError(Exception):
    """A detector that cannot run (missing or corrupt model, bad input); `code` says which."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


class Detector(ABC):
    name: str = "detector"
    version: str = "0"

    @abstractmethod
    def detect(self, rgb: np.ndarray, high: np.ndarray | None = None, low: np.ndarray | None = None,
               air_high: float | None = None, air_low: float | None = None) -> list[Detection]:
        """Findings on one scan, boxes in the scan image's pixels."""

    def detect_scan(self, scan) -> list[Detection]:
        """Convenience for a devices.base.Scan."""
        return self.detect(scan.rgb, scan.high, scan.low, scan.air_high, scan.air_low)

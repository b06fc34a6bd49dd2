"""The scanner interface every scanner driver implements, real or simulated.

A scanner is started and stopped, reports its state, and delivers each completed scan as an event
carrying the image(s) and metadata. Events are delivered on the scanner's own thread: a consumer
that owns widgets must hand them over to its GUI thread (see ARCHITECTURE.md, Threads).

Errors carry a code, not prose: the UI turns the code into a message that tells the operator what
happened and what to do. A scanner never raises out of its thread; it reports and carries on.
"""
from __future__ import annotations

import threading
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Callable

import numpy as np


class ScannerState(str, Enum):
    STOPPED = "stopped"  # not started, or stopped by the application
    READY = "ready"  # connected, belt running, waiting for a parcel
    SCANNING = "scanning"  # a parcel is in the tunnel
    DISCONNECTED = "disconnected"  # no link to the device
    BELT_STOPPED = "belt_stopped"  # connected, but the belt is not moving (emergency stop, jam)


class ScannerErrorCode(str, Enum):
    DISCONNECTED = "disconnected"
    BELT_STOPPED = "belt_stopped"
    CORRUPT_IMAGE = "corrupt_image"
    SOURCE_EMPTY = "source_empty"  # a replaying scanner has nothing (left) to replay


@dataclass(frozen=True)
class ScannerError:
    code: ScannerErrorCode
    scanner_id: str
    detail: str = ""  # for the log, not for the operator
    source: str | None = None  # the file or device address concerned, if any
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


@dataclass(frozen=True)
class Scan:
    """One parcel's image as the scanner delivered it."""

    scanner_id: str
    rgb: np.ndarray  # uint8 (H, W, 3): the scanner's colour image, or our rendering of high/low
    high: np.ndarray | None = None  # uint16 high-energy counts, higher = more transmission
    low: np.ndarray | None = None  # uint16 low-energy counts
    air_high: float | None = None  # counts for air (no object) in each channel, when known
    air_low: float | None = None
    pixel_mm: float | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    completed_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    source: str | None = None  # file it came from, for replaying and importing scanners
    ground_truth: list[dict] | None = None  # known contents, for simulated scans only
    meta: dict = field(default_factory=dict)
    scan_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def dual_energy(self) -> bool:
        return self.high is not None and self.low is not None

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])


ScanCallback = Callable[[Scan], None]
StateCallback = Callable[[ScannerState], None]
ErrorCallback = Callable[[ScannerError], None]


class Scanner(ABC):
    """Base class: subscription and event delivery; drivers implement start/stop and acquisition."""

    def __init__(self, scanner_id: str):
        self.scanner_id = scanner_id
        self._state = ScannerState.STOPPED
        self._lock = threading.Lock()
        self._scan_callbacks: list[ScanCallback] = []
        self._state_callbacks: list[StateCallback] = []
        self._error_callbacks: list[ErrorCallback] = []

    @property
    def state(self) -> ScannerState:
        return self._state

    def subscribe(self, on_scan: ScanCallback | None = None, on_state: StateCallback | None = None,
                  on_error: ErrorCallback | None = None) -> Callable[[], None]:
        """Register callbacks; returns a function that unregisters them."""
        pairs = [(self._scan_callbacks, on_scan), (self._state_callbacks, on_state), (self._error_callbacks, on_error)]
        with self._lock:
            for lst, cb in pairs:
                if cb is not None:
                    lst.append(cb)

        def unsubscribe() -> None:
            with self._lock:
                for lst, cb in pairs:
                    if cb is not None and cb in lst:
                        lst.remove(cb)

        return unsubscribe

    @abstractmethod
    def start(self) -> None:
        """Connect and begin delivering scans."""

    @abstractmethod
    def stop(self) -> None:
        """Stop delivering scans and release the device. Safe to call twice."""

    # -- for drivers ----------------------------------------------------------------------------
    def _set_state(self, state: ScannerState) -> None:
        if state == self._state:
            return
        self._state = state
        for cb in self._snapshot(self._state_callbacks):
            cb(state)

    def _emit_scan(self, scan: Scan) -> None:
        for cb in self._snapshot(self._scan_callbacks):
            cb(scan)

    def _emit_error(self, code: ScannerErrorCode, detail: str = "", source: str | None = None) -> ScannerError:
        error = ScannerError(code, self.scanner_id, detail, source)
        for cb in self._snapshot(self._error_callbacks):
            cb(error)
        return error

    def _snapshot(self, callbacks: list) -> list:
        with self._lock:
            return list(callbacks)

"""The simulated scanner: replays a folder of scans, or generates new ones, through the Scanner API.

It stands in for a real scanner in tests, demos and training: same events, same states, and it
can be told to fail (a corrupt image, a pulled cable, a stopped belt) so that error handling has
something real to drive. Replayed files go through the same decoding a real export would.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np

from .base import Scan, Scanner, ScannerErrorCode, ScannerState
from .simulator.dataset import MANIFEST
from .simulator.scene import SceneConfig

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


class CorruptImage(Exception):
    """A file that does not decode to a usable scan image."""


@dataclass(frozen=True)
class ReplayEntry:
    image: Path
    high: Path | None = None
    low: Path | None = None
    record: dict | None = None


def replay_entries(folder: Path) -> list[ReplayEntry]:
    """The scans in a folder: from its manifest when it has one, else every image file in it."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return [ReplayEntry(folder / r["image"], folder / r["high"] if r.get("high") else None,
                            folder / r["low"] if r.get("low") else None, r) for r in data["scans"]]
    return [ReplayEntry(p) for p in sorted(folder.iterdir()) if p.suffix.lower() in IMAGE_SUFFIXES]


def _decode(data: bytes, flags: int, path: Path) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flags) if data else None
    if image is None or image.size == 0:
        raise CorruptImage(f"{path}: cannot be decoded as an image ({len(data)} bytes)")
    return image


def load_entry(entry: ReplayEntry, scanner_id: str, corrupt: bool = False) -> Scan:
    """Decode one replay entry into a Scan. `corrupt` truncates the file's bytes first."""
    started = datetime.now(timezone.utc)
    data = entry.image.read_bytes()
    if corrupt:
        data = data[: len(data) // 7]
    bgr = _decode(data, cv2.IMREAD_COLOR, entry.image)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    high = low = None
    if entry.high is not None and entry.low is not None:
        high = _decode(entry.high.read_bytes(), cv2.IMREAD_UNCHANGED, entry.high)
        low = _decode(entry.low.read_bytes(), cv2.IMREAD_UNCHANGED, entry.low)
        if high.dtype != np.uint16 or low.dtype != np.uint16 or high.shape != low.shape or high.shape != rgb.shape[:2]:
            raise CorruptImage(f"{entry.high}: raw pair is not two 16-bit images of the colour image's size")
    rec = entry.record or {}
    return Scan(
        scanner_id=scanner_id, rgb=rgb, high=high, low=low,
        air_high=rec.get("air_level_high") if high is not None else None,
        air_low=rec.get("air_level_low") if low is not None else None,
        pixel_mm=rec.get("pixel_mm"), started_at=started, source=str(entry.image),
        ground_truth=rec.get("objects"), meta={k: rec[k] for k in ("id", "seed", "index", "clean", "contents") if k in rec},
    )


class SimulatedScanner(Scanner):
    """Replays `folder` (in order or shuffled), or generates scans when no folder is given.

    interval_s: seconds between parcels when started; None means a parcel only on trigger().
    loop: start over at the end of the folder (else report SOURCE_EMPTY and wait).
    """

    def __init__(self, folder: Path | None = None, *, scanner_id: str = "sim-1", shuffle: bool = False,
                 interval_s: float | None = 2.0, loop: bool = True, seed: int = 0,
                 scene_config: SceneConfig | None = None):
        super().__init__(scanner_id)
        self.folder = Path(folder) if folder is not None else None
        self.entries = replay_entries(self.folder) if self.folder is not None else []
        if self.folder is not None and not self.entries:
            raise FileNotFoundError(f"no scan images in {self.folder}")
        self.interval_s, self.loop, self.seed = interval_s, loop, seed
        self.scene_config = scene_config or SceneConfig()
        self._order = list(range(len(self.entries)))
        if shuffle:
            np.random.default_rng(seed).shuffle(self._order)
        self._position = 0
        self._generated = 0
        self._corrupt_next = 0
        self._connected = True
        self._belt_running = True
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._scan_lock = threading.Lock()

    # -- the Scanner interface ----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._set_state(self._idle_state())
        if not self._connected:
            self._emit_error(ScannerErrorCode.DISCONNECTED, "simulated link is down")
        self._thread = threading.Thread(target=self._run, name=f"scanner-{self.scanner_id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None
        self._set_state(ScannerState.STOPPED)

    def trigger(self) -> None:
        """A parcel enters the tunnel now (for manual pacing)."""
        self._wake.set()

    # -- failure injection ----------------------------------------------------------------------
    def corrupt_next(self, count: int = 1) -> None:
        """The next `count` images arrive damaged (truncated files)."""
        self._corrupt_next += count

    def disconnect(self) -> None:
        self._connected = False
        if self._state != ScannerState.STOPPED:
            self._set_state(ScannerState.DISCONNECTED)
            self._emit_error(ScannerErrorCode.DISCONNECTED, "simulated cable pulled")

    def reconnect(self) -> None:
        self._connected = True
        if self._state != ScannerState.STOPPED:
            self._set_state(self._idle_state())

    def stop_belt(self) -> None:
        self._belt_running = False
        if self._state != ScannerState.STOPPED:
            self._set_state(self._idle_state())
            self._emit_error(ScannerErrorCode.BELT_STOPPED, "simulated emergency stop")

    def start_belt(self) -> None:
        self._belt_running = True
        if self._state != ScannerState.STOPPED:
            self._set_state(self._idle_state())

    # -- acquisition ----------------------------------------------------------------------------
    def scan_next(self) -> Scan | None:
        """Acquire one parcel now, on the caller's thread; emits the scan or an error."""
        with self._scan_lock:
            if not self._connected:
                self._emit_error(ScannerErrorCode.DISCONNECTED, "scan requested while disconnected")
                return None
            if not self._belt_running:
                self._emit_error(ScannerErrorCode.BELT_STOPPED, "scan requested while the belt is stopped")
                return None
            self._set_state(ScannerState.SCANNING)
            try:
                scan = self._acquire()
            finally:
                self._set_state(self._idle_state())
            if scan is not None:
                self._emit_scan(scan)
            return scan

    def _acquire(self) -> Scan | None:
        if self.folder is None:
            return self._generate()
        if self._position >= len(self._order):
            if not self.loop:
                self._emit_error(ScannerErrorCode.SOURCE_EMPTY, "replay folder exhausted", str(self.folder))
                return None
            self._position = 0
        entry = self.entries[self._order[self._position]]
        self._position += 1
        corrupt = self._corrupt_next > 0
        if corrupt:
            self._corrupt_next -= 1
        try:
            return load_entry(entry, self.scanner_id, corrupt)
        except (CorruptImage, OSError) as exc:
            self._emit_error(ScannerErrorCode.CORRUPT_IMAGE, str(exc), str(entry.image))
            return None

    def _generate(self) -> Scan | None:
        from .simulator.generator import generate_scan  # the physics loads only when generating

        started = datetime.now(timezone.utc)
        sim = generate_scan(self.seed, self._generated, self.scene_config)
        self._generated += 1
        corrupt = self._corrupt_next > 0
        if corrupt:  # a damaged transfer: the colour image cannot be rebuilt from a broken pair
            self._corrupt_next -= 1
            self._emit_error(ScannerErrorCode.CORRUPT_IMAGE, "generated scan damaged in transfer")
            return None
        objects = [{"label": a.label, "variant": a.variant, "box": list(a.box), "hidden_in": a.hidden_in}
                   for a in sim.annotations]
        return Scan(self.scanner_id, sim.rgb, sim.high, sim.low, sim.meta["air_level_high"],
                    sim.meta["air_level_low"], sim.meta["pixel_mm"], started_at=started,
                    ground_truth=objects, meta={k: sim.meta[k] for k in ("seed", "index", "clean", "contents")})

    def _idle_state(self) -> ScannerState:
        if not self._connected:
            return ScannerState.DISCONNECTED
        if not self._belt_running:
            return ScannerState.BELT_STOPPED
        return ScannerState.READY

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(timeout=self.interval_s)
            self._wake.clear()
            if self._stopping.is_set():
                break
            if self._connected and self._belt_running:
                self.scan_next()


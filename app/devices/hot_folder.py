"""A scanner whose vendor software exports each parcel's image(s) to a folder: the commonest way to
get images out of a checkpoint's existing X-ray machine.

The folder is polled (reliable on network shares and on Windows, where change notifications are
not). A file is taken only when it is complete: its size and modification time have not changed for
`settle_s`, and it decodes whole. A parcel is a colour image `<stem>.<ext>`, or a high/low-energy
pair `<stem>_high.<ext>` + `<stem>_low.<ext>` (suffixes configurable; a colour image beside a pair
becomes the displayed image), 8- or 16-bit; or DICOS DX objects (`.dcm`), grouped by series, the
energies told apart by Image Type (Threat Detection Reports in the folder are left alone). A pair
waits up to `pair_wait_s` for its partner.

Each file is entered in a ledger (`.checkpoint-ledger.jsonl` in the folder) before its scan is
delivered, and then moved to `processed/` (or left where it is with after="keep"): a restart never
delivers it twice. A file that cannot be read is reported (CORRUPT_IMAGE, with its name), entered
in the ledger and moved to `failed/`, and the device carries on. A folder that disappears (an
unplugged share) is DISCONNECTED until it is back.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from app.imaging.files import IMAGE_SUFFIXES, ImageFileError, energy_image, read_raw, to_rgb8
from app.imaging.render import estimate_air_level, render_pseudocolour

from .base import Scan, Scanner, ScannerErrorCode, ScannerState

log = logging.getLogger(__name__)
LEDGER = ".checkpoint-ledger.jsonl"
DEVICE_SUFFIXES = IMAGE_SUFFIXES | {".dcm"}  # DICOS DX objects too (app/devices/dicos.py)


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    stable_since: float


@dataclass
class _Group:
    colour: Path | None = None
    high: Path | None = None
    low: Path | None = None
    first_seen: float = field(default_factory=time.monotonic)

    def files(self) -> list[Path]:
        return [p for p in (self.colour, self.high, self.low) if p is not None]


class HotFolderScanner(Scanner):
    def __init__(self, folder: Path, *, scanner_id: str = "folder-1", poll_s: float = 0.5, settle_s: float = 1.0,
                 high_suffix: str = "_high", low_suffix: str = "_low", after: str = "move",
                 pair_wait_s: float = 10.0):
        super().__init__(scanner_id)
        if after not in ("move", "keep"):
            raise ValueError("after must be 'move' or 'keep'")
        self.folder = Path(folder)
        self.poll_s, self.settle_s, self.pair_wait_s = poll_s, settle_s, pair_wait_s
        self.high_suffix, self.low_suffix, self.after = high_suffix, low_suffix, after
        self._seen: dict[Path, _Seen] = {}
        self._done: set[str] = set()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._poll_lock = threading.Lock()

    # -- the Scanner interface ----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._done = self._read_ledger()
        self._stopping.clear()
        self._set_state(ScannerState.READY if self.folder.is_dir() else ScannerState.DISCONNECTED)
        self._thread = threading.Thread(target=self._run, name=f"scanner-{self.scanner_id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None
        self._set_state(ScannerState.STOPPED)

    def test_connection(self) -> tuple[bool, str]:
        """For the settings dialog: can the folder be read and written (for the ledger and moves)?"""
        if not self.folder.is_dir():
            return False, f"{self.folder} does not exist or is not reachable"
        probe = self.folder / f".checkpoint-probe-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            return False, f"{self.folder} is not writable: {exc.strerror or exc}"
        waiting = sum(1 for p in self.folder.iterdir() if p.suffix.lower() in DEVICE_SUFFIXES)
        return True, f"{self.folder}: reachable, {waiting} image file(s) waiting"

    # -- polling ------------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.poll()
            except Exception:  # the device thread must survive anything a share can throw at it
                log.exception("hot folder %s: poll failed", self.folder)
            self._stopping.wait(self.poll_s)

    def poll(self, now: float | None = None) -> int:
        """One look at the folder: deliver every complete parcel; returns how many were delivered."""
        with self._poll_lock:
            now = time.monotonic() if now is None else now
            if not self.folder.is_dir():
                if self._state != ScannerState.DISCONNECTED:
                    self._set_state(ScannerState.DISCONNECTED)
                    self._emit_error(ScannerErrorCode.DISCONNECTED, "export folder unreachable", str(self.folder))
                return 0
            if self._state in (ScannerState.DISCONNECTED, ScannerState.STOPPED):
                self._set_state(ScannerState.READY)
            delivered = 0
            for stem, group in sorted(self._groups(now).items(), key=lambda kv: min(p.stat().st_mtime_ns for p in kv[1].files())):
                delivered += self._take(stem, group, now)
            return delivered

    def _stable(self, path: Path, now: float) -> bool:
        try:
            st = path.stat()
        except FileNotFoundError:
            self._seen.pop(path, None)
            return False
        seen = self._seen.get(path)
        if seen is None or seen.size != st.st_size or seen.mtime_ns != st.st_mtime_ns:
            self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)
            return False
        return st.st_size > 0 and now - seen.stable_since >= self.settle_s

    def _groups(self, now: float) -> dict[str, _Group]:
        groups: dict[str, _Group] = {}
        for path in self.folder.iterdir():
            if not path.is_file() or path.suffix.lower() not in DEVICE_SUFFIXES or path.name.startswith("."):
                continue
            if self._key(path) in self._done:
                continue
            stem = path.stem
            if path.suffix.lower() == ".dcm":
                header = self._dicos_header(path)
                if header is not None:
                    series, kind = header
                    if kind == "TDR":
                        continue  # reports are not parcels
                    g = groups.setdefault("dicos:" + series, _Group())
                    setattr(g, {"HIGH": "high", "LOW": "low"}.get(kind, "colour"), path)
                    continue
            if stem.endswith(self.high_suffix):
                groups.setdefault(stem[: -len(self.high_suffix)], _Group()).high = path
            elif stem.endswith(self.low_suffix):
                groups.setdefault(stem[: -len(self.low_suffix)], _Group()).low = path
            else:
                groups.setdefault(stem, _Group()).colour = path
        ready = {}
        for stem, g in groups.items():
            if not all([self._stable(p, now) for p in g.files()]):  # a list: every file's size is noted
                continue
            half_pair = (g.high is None) != (g.low is None)
            if half_pair:
                since = min(self._seen[p].stable_since for p in g.files())
                if now - since < self.pair_wait_s:
                    continue  # its partner may still be on the way
            ready[stem] = g
        return ready

    def _dicos_header(self, path: Path) -> tuple[str, str] | None:
        """(series, HIGH | LOW | COLOUR | GREY | TDR) of a DICOS file, or None while it cannot be read."""
        import pydicom

        from .dicos import TDR_STORAGE, dx_kind

        try:
            ds = pydicom.dcmread(str(path), stop_before_pixels=True)
        except Exception:  # a file still being written, or not DICOS at all: decided when it is read
            return None
        if str(ds.get("SOPClassUID", "")) == TDR_STORAGE:
            return str(ds.get("SeriesInstanceUID", path.stem)), "TDR"
        return str(ds.get("SeriesInstanceUID", path.stem)), dx_kind(ds)

    def _key(self, path: Path) -> str:
        st = path.stat()
        return f"{path.name}|{st.st_size}|{st.st_mtime_ns}"

    # -- one parcel -----------------------------------------------------------------------------------
    def _take(self, stem: str, group: _Group, now: float) -> int:
        files = group.files()
        keys = [self._key(p) for p in files]
        try:
            scan = self._read(stem, group)
        except ImageFileError as exc:
            self._record(keys, stem, "failed", str(exc))
            self._set_aside(files, "failed")
            self._emit_error(ScannerErrorCode.CORRUPT_IMAGE, str(exc), str(files[0]))
            return 0
        self._record(keys, stem, "delivered", scan.scan_id)  # before delivery: never twice, even after a crash
        self._set_aside(files, "processed")
        self._set_state(ScannerState.SCANNING)
        try:
            self._emit_scan(scan)
        finally:
            self._set_state(ScannerState.READY)
        return 1

    def _read(self, stem: str, g: _Group) -> Scan:
        if any(p.suffix.lower() == ".dcm" for p in g.files()):
            from .dicos import DicosError, read_dx

            try:
                scan = read_dx(g.files())
            except DicosError as exc:
                raise ImageFileError(str(exc)) from exc
            return Scan(self.scanner_id, scan.rgb, scan.high, scan.low, scan.air_high, scan.air_low, scan.pixel_mm,
                        scan.started_at, scan.completed_at, str(g.files()[0]), meta={**scan.meta,
                                                                                     "files": [p.name for p in g.files()]})
        if (g.high is None) != (g.low is None):
            missing = "low" if g.low is None else "high"
            raise ImageFileError(f"{stem}: the {missing}-energy image never arrived")
        high = low = air_high = air_low = None
        if g.high is not None:
            high = energy_image(read_raw(g.high), g.high.name)
            low = energy_image(read_raw(g.low), g.low.name)
            if high.shape != low.shape:
                raise ImageFileError(f"{stem}: high {high.shape[::-1]} and low {low.shape[::-1]} differ in size")
            air_high, air_low = estimate_air_level(high), estimate_air_level(low)
        if g.colour is not None:
            rgb = to_rgb8(read_raw(g.colour))
            if high is not None and rgb.shape[:2] != high.shape:
                raise ImageFileError(f"{stem}: the colour image and the energy pair differ in size")
        else:
            rgb = render_pseudocolour(high, low, air_high=air_high, air_low=air_low)  # our own colours
        if min(rgb.shape[:2]) < 16:
            raise ImageFileError(f"{stem}: too small to be a scan ({rgb.shape[1]} x {rgb.shape[0]} px)")
        mtime = datetime.fromtimestamp(max(p.stat().st_mtime for p in g.files()), timezone.utc)
        if high is not None and high.dtype == np.uint8:  # an 8-bit pair: counts on the 16-bit scale
            high, low = high.astype(np.uint16) * 257, low.astype(np.uint16) * 257
            air_high, air_low = air_high * 257, air_low * 257
        return Scan(self.scanner_id, rgb, high, low, air_high, air_low, started_at=mtime, completed_at=mtime,
                    source=str(g.files()[0]), meta={"files": [p.name for p in g.files()]})

    # -- the ledger and the files ------------------------------------------------------------------
    def _read_ledger(self) -> set[str]:
        done = set()
        try:
            with (self.folder / LEDGER).open(encoding="utf-8") as f:
                for line in f:
                    try:
                        done.update(json.loads(line)["keys"])
                    except (ValueError, KeyError):
                        continue  # a line cut by a crash
        except FileNotFoundError:
            pass
        return done

    def _record(self, keys: list[str], stem: str, outcome: str, detail: str) -> None:
        entry = {"at": datetime.now(timezone.utc).isoformat(), "stem": stem, "outcome": outcome, "detail": detail,
                 "keys": keys}
        with (self.folder / LEDGER).open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        self._done.update(keys)

    def _set_aside(self, files: list[Path], where: str) -> None:
        if self.after == "keep" and where == "processed":
            return
        target = self.folder / where
        target.mkdir(exist_ok=True)
        for p in files:
            try:
                shutil.move(str(p), str(target / p.name))
            except OSError as exc:  # the ledger still keeps it from being read again
                log.warning("could not move %s to %s: %s", p, target, exc)
            self._seen.pop(p, None)

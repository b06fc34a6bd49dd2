"""Scanner images from files, as vendors export them, ready for the detector.

Colour exports (8- or 16-bit, any palette, with or without alpha), grey-scale exports, and 8- or
16-bit high/low-energy pairs named `<stem><high suffix>.<ext>` / `<stem><low suffix>.<ext>` (by
default `_high` / `_low`). A pair is coloured by our own renderer, so the detector sees the palette
it knows, and material analysis gets the raw data. Decoding itself is in app/imaging/files.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.imaging.files import IMAGE_SUFFIXES, ImageFileError, energy_image, read_raw, to_rgb8  # noqa: F401
from app.imaging.render import estimate_air_level, render_pseudocolour

@dataclass
class ScannerImage:
    path: str  # as given (or found in a given folder)
    rgb: np.ndarray  # uint8 (H, W, 3), what the operator would see
    high: np.ndarray | None = None  # raw counts of a dual-energy pair
    low: np.ndarray | None = None
    air_high: float | None = None
    air_low: float | None = None

    @property
    def size(self) -> tuple[int, int]:
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])


def load_pair(high_path: Path, low_path: Path, shown_as: str) -> ScannerImage:
    high, low = energy_image(read_raw(high_path), high_path.name), energy_image(read_raw(low_path), low_path.name)
    if high.shape != low.shape:
        raise ImageFileError(f"high {high.shape[::-1]} and low {low.shape[::-1]} images differ in size")
    air_high, air_low = estimate_air_level(high), estimate_air_level(low)
    rgb = render_pseudocolour(high, low, air_high=air_high, air_low=air_low)
    return ScannerImage(shown_as, rgb, high, low, air_high, air_low)


def find_images(paths: list[str], high_suffix: str = "_high", low_suffix: str = "_low") -> list[tuple[str, Path, Path | None]]:
    """(name as given, first file, its low-energy partner or None) for each image in files and folders.
    The high file of a pair stands for the pair; its low file is not listed separately."""
    found: list[tuple[str, Path, Path | None]] = []
    for given in paths:
        p = Path(given)
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES | {".dcm"}
                       and "_tdr_" not in f.stem) if p.is_dir() else [p]
        names = {f.name for f in files}
        for f in files:
            stem = f.stem
            if p.is_dir() and stem.endswith(low_suffix) and f.name.replace(low_suffix + f.suffix, high_suffix + f.suffix) in names:
                continue  # listed with its high partner
            partner = None
            if stem.endswith(high_suffix):
                candidate = f.with_name(stem[: -len(high_suffix)] + low_suffix + f.suffix)
                if candidate.exists():
                    partner = candidate
            found.append((str(f) if p.is_dir() else given, f, partner))
    return found


def load_image(first: Path, partner: Path | None, shown_as: str) -> ScannerImage:
    if not first.exists():
        raise ImageFileError("no such file")
    if first.suffix.lower() == ".dcm":  # a DICOS DX object (its partner energy, if any, named like ours)
        from app.devices.dicos import DicosError, read_dx

        try:
            scan = read_dx([first] + ([partner] if partner is not None else []))
        except DicosError as exc:
            raise ImageFileError(str(exc)) from exc
        return ScannerImage(shown_as, scan.rgb, scan.high, scan.low, scan.air_high, scan.air_low)
    if partner is not None:
        return load_pair(first, partner, shown_as)
    image = read_raw(first)
    if min(image.shape[:2]) < 16:
        raise ImageFileError(f"too small to be a scan ({image.shape[1]} x {image.shape[0]} px)")
    return ScannerImage(shown_as, to_rgb8(image))

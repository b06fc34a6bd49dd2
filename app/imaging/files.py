"""Decoding scanner image files, shared by the real-scanner devices and the detect/evaluate commands.

Files are read through numpy (np.fromfile + cv2.imdecode) so that paths with Cyrillic names work on
Windows too. Colour exports may be 8- or 16-bit, grey or colour, with or without alpha.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}


class ImageFileError(Exception):
    """A file that is not a readable scanner image; the message says why."""


def read_raw(path: Path) -> np.ndarray:
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError as exc:
        raise ImageFileError(f"cannot read: {exc.strerror or exc}") from exc
    if data.size == 0:
        raise ImageFileError("empty file")
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise ImageFileError("not an image, or a damaged or truncated one")
    return image


def to_rgb8(image: np.ndarray) -> np.ndarray:
    """Any decoded image (grey, BGR, BGRA; 8 or 16 bit; float) as RGB uint8."""
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        image = np.clip(image.astype(np.float32) * (255.0 / max(float(image.max()), 1e-6)), 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2RGB)
    if image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    if image.shape[2] == 1:
        return cv2.cvtColor(image[..., 0], cv2.COLOR_GRAY2RGB)
    raise ImageFileError(f"unexpected channel count {image.shape[2]}")


def energy_image(image: np.ndarray, name: str) -> np.ndarray:
    """One energy channel of a high/low pair: 8- or 16-bit grey (three equal channels accepted)."""
    if image.ndim == 3:
        image = image[..., 0]
    if image.dtype not in (np.uint8, np.uint16):
        raise ImageFileError(f"{name}: energy images must be 8- or 16-bit grey")
    return image

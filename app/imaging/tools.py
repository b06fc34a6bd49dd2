"""The operator's image tools, as on vendor X-ray workstations: grey / organic-only / inorganic-only
views, penetration (absorption) windows, negative, edge enhancement, brightness and contrast.

Plain numpy + OpenCV, no Qt, so it runs on any thread and in tests. With a scanner's raw
dual-energy data the views are recomputed from the physics (attenuation and Zeff, see render.py);
with only an exported colour image they are approximated from hue and brightness.

Order of operations: penetration and mode (what is shown), then negative, then edge enhancement,
then brightness / contrast (display adjustments last, so they act on what the operator sees).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import cv2
import numpy as np

from .render import (ATTENUATION_MAX, DEFAULT_PALETTE, LUT_A, LUT_Z, ZEFF_RANGE, MaterialCalibration, Palette,
                     attenuation, colour_lut, default_calibration, estimate_air_level, estimate_zeff,
                     render_pseudocolour)

MODES = ("colour", "grey", "organic", "inorganic")
PENETRATIONS = ("normal", "high", "low")
# Factor on a_high before brightness / colour look-up. High penetration halves the absorption so
# thick steel (a_high ~6 at 25 mm) keeps visible detail; low doubles it so thin organics show.
PENETRATION_SCALE = {"normal": 1.0, "high": 0.5, "low": 2.0}
BRIGHTNESS_RANGE = (-1.0, 1.0)
CONTRAST_RANGE = (0.25, 4.0)

# RGB-only path: hue boundaries (degrees) between the standard palette's classes. The 50/50 blend of
# organic orange (~31 deg) and inorganic green (~109 deg) sits at ~60 deg; that of green and metal
# blue (~225 deg) at ~187 deg. Reds and magentas (>= 300 deg) are nearest to orange.
HUE_ORGANIC_MAX = 60.0
HUE_ORGANIC_WRAP = 300.0
MIN_SATURATION = 0.15  # below this a pixel is white (thin / empty) or grey-black (opaque): not classified
EDGE_SIGMA, EDGE_AMOUNT = 2.0, 1.0  # unsharp mask: out = img + amount * (img - blur(img, sigma))


@dataclass(frozen=True)
class ViewSettings:
    mode: str = "colour"  # "colour" | "grey" | "organic" | "inorganic"
    negative: bool = False
    edge_enhance: bool = False
    penetration: str = "normal"  # "normal" | "high" | "low"
    brightness: float = 0.0  # -1..1, added offset (clamped when applied)
    contrast: float = 1.0  # 0.25..4, multiplier around mid grey (clamped when applied)

    def __post_init__(self) -> None:
        # A typo in a mode name would otherwise silently show the plain colour image.
        if self.mode not in MODES:
            raise ValueError(f"unknown view mode {self.mode!r}; known: {MODES}")
        if self.penetration not in PENETRATIONS:
            raise ValueError(f"unknown penetration {self.penetration!r}; known: {PENETRATIONS}")

    def with_(self, **changes) -> "ViewSettings":
        return replace(self, **changes)

    @property
    def is_default(self) -> bool:
        return self == ViewSettings()


def apply_view(settings: ViewSettings, *, rgb: np.ndarray, high: np.ndarray | None = None,
               low: np.ndarray | None = None, air_high: float | None = None, air_low: float | None = None,
               calibration: MaterialCalibration | None = None, palette: Palette = DEFAULT_PALETTE) -> np.ndarray:
    """Return the uint8 RGB (H, W, 3) image to display.

    Raw data (both `high` and `low`) is used when given, else `rgb` is worked on. With default
    settings and no raw data `rgb` itself is returned, not a copy.
    """
    raw = high is not None and low is not None
    if settings.is_default:
        if raw:
            return render_pseudocolour(high, low, air_high=air_high, air_low=air_low,
                                       calibration=calibration, palette=palette)
        return rgb
    if raw:
        img = _raw_view(settings, high, low, air_high, air_low, calibration or default_calibration(), palette)
    else:
        img = _rgb_view(settings, np.ascontiguousarray(rgb, dtype=np.uint8))
    if settings.negative:
        img = cv2.bitwise_not(img)
    if settings.edge_enhance:
        img = _unsharp(img)
    if settings.brightness != 0.0 or settings.contrast != 1.0:
        img = cv2.LUT(img, _brightness_contrast_lut(float(settings.brightness), float(settings.contrast)))
    return img


def _raw_view(s: ViewSettings, high: np.ndarray, low: np.ndarray, air_high: float | None, air_low: float | None,
              calibration: MaterialCalibration, palette: Palette) -> np.ndarray:
    if high.shape != low.shape:
        raise ValueError(f"high and low images differ in size: {high.shape} vs {low.shape}")
    a_high = attenuation(high, air_high if air_high is not None else estimate_air_level(high))
    scale = PENETRATION_SCALE[s.penetration]
    a_view = a_high * np.float32(scale) if scale != 1.0 else a_high
    opaque = a_high >= palette.opaque_attenuation
    if s.mode == "grey":
        # As render_grey, on the windowed attenuation.
        grey = np.exp(-a_view * np.float32(palette.gamma))
        grey *= np.clip((palette.opaque_attenuation - a_view) / 0.5, 0, 1)
        out = cv2.cvtColor((grey * 255 + 0.5).astype(np.uint8), cv2.COLOR_GRAY2RGB)
        if scale < 1.0:
            out[opaque] = 0  # see _lookup
        return out
    a_low = attenuation(low, air_low if air_low is not None else estimate_air_level(low))
    # Zeff from the true attenuations: the window changes brightness, never the material class.
    zeff = estimate_zeff(a_high, a_low, calibration)
    keep = None
    if s.mode in ("organic", "inorganic"):
        organic = zeff < palette.organic_edge[0]
        keep = organic if s.mode == "organic" else ~organic
        keep |= opaque  # opaque areas can hide anything and their Zeff is noise: never strip them
    return _lookup(zeff, a_view, palette, keep=keep, opaque=opaque if scale < 1.0 else None)


def _lookup(zeff: np.ndarray, a: np.ndarray, palette: Palette, *, keep: np.ndarray | None = None,
            opaque: np.ndarray | None = None) -> np.ndarray:
    """The colour table look-up of render_pseudocolour, with a given attenuation. Pixels not in
    `keep` get attenuation 0, the background colour (as if empty). Pixels in `opaque` get black:
    a window (scale < 1) would otherwise lift their noise floor to grey, yet nothing got through.
    Done on the indices, then one flat take: several times faster than indexing RGB arrays."""
    zi = np.clip((zeff - ZEFF_RANGE[0]) * ((LUT_Z - 1) / (ZEFF_RANGE[1] - ZEFF_RANGE[0])) + 0.5,
                 0, LUT_Z - 1).astype(np.int32)
    ai = np.clip(a * ((LUT_A - 1) / ATTENUATION_MAX) + 0.5, 0, LUT_A - 1).astype(np.int32)
    if keep is not None:
        ai *= keep
    if opaque is not None:
        ai[opaque] = LUT_A - 1  # the table's last column is past the opaque threshold: black
    zi *= LUT_A
    zi += ai
    return np.take(colour_lut(palette).reshape(-1, 3), zi, axis=0)


def _rgb_view(s: ViewSettings, rgb: np.ndarray) -> np.ndarray:
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"expected an (H, W, 3) RGB image, got shape {rgb.shape}")
    img = rgb
    scale = PENETRATION_SCALE[s.penetration]
    if scale != 1.0:
        # Brightness is T ** gamma = exp(-gamma * a), so scaling a by k is raising brightness to k.
        img = cv2.LUT(img, _gamma_lut(scale))
    if s.mode == "grey":
        return cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    if s.mode in ("organic", "inorganic"):
        # Classify on the original colours: the gamma curve shifts hue slightly in dark pixels.
        hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL)  # hue 0..255 for 0..360 degrees
        hue = hsv[..., 0].astype(np.float32) * (360.0 / 256.0)
        organic = (hue < HUE_ORGANIC_MAX) | (hue >= HUE_ORGANIC_WRAP)
        keep = organic if s.mode == "organic" else ~organic
        # White background and black (opaque) pixels stay as they are.
        keep |= hsv[..., 1] < int(MIN_SATURATION * 255)
        img = np.where(keep[..., None], img, np.uint8(255))
    return img


def _unsharp(img: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(img, (0, 0), EDGE_SIGMA)
    return cv2.addWeighted(img, 1.0 + EDGE_AMOUNT, blur, -EDGE_AMOUNT, 0)  # saturates to uint8


@lru_cache(maxsize=8)
def _gamma_lut(gamma: float) -> np.ndarray:
    x = np.arange(256, dtype=np.float64) / 255.0
    return np.clip(x ** gamma * 255.0 + 0.5, 0, 255).astype(np.uint8)


@lru_cache(maxsize=64)
def _brightness_contrast_lut(brightness: float, contrast: float) -> np.ndarray:
    b = min(max(brightness, BRIGHTNESS_RANGE[0]), BRIGHTNESS_RANGE[1])
    c = min(max(contrast, CONTRAST_RANGE[0]), CONTRAST_RANGE[1])
    x = np.arange(256, dtype=np.float64) / 255.0
    return np.clip(((x - 0.5) * c + 0.5 + b) * 255.0 + 0.5, 0, 255).astype(np.uint8)

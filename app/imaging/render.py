"""Pseudo-colour rendering of dual-energy X-ray data, as a checkpoint screener expects it.

Shared by the simulator and by the workstation for real scanners' dual-energy data, so it knows
nothing about either: it takes a high- and a low-energy image (counts, higher = more
transmission), the air level of each, and a material calibration, and returns RGB.

Colour follows the convention of baggage scanners: organic (Zeff below about 10) orange,
mixed / light metals (about 10-18) green, heavy metals (above about 18) blue, and black where
nothing gets through. Brightness follows total attenuation; saturation grows with attenuation so
thin material fades to white, as on the real screens.

Material discrimination uses the ratio R = a_low / a_high of the two attenuations (a = -ln T).
At a given a_high, R grows with Zeff; because the beam hardens, R also falls with thickness, so
R is compared with reference curves (R of known materials as a function of a_high) rather than with
fixed thresholds. A scanner's calibration is those curves; the default one is computed from the
simulator's physics (tools/build_physics_tables.py) and is a fair start for any 140-160 kV
sandwich-detector scanner.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

DEFAULT_CALIBRATION = Path(__file__).with_name("data") / "calibration_sandwich_150kv.json"
MIN_TRANSMISSION = 1e-5
ZEFF_RANGE = (4.0, 30.0)
ATTENUATION_MAX = 9.0  # a_high beyond this renders as opaque anyway
LUT_Z, LUT_A = 64, 256


@dataclass(frozen=True, eq=False)  # compared by identity, so it can key the look-up cache
class MaterialCalibration:
    """Reference curves R_k(a_high) for materials of known Zeff, sorted by Zeff."""

    a_high_grid: np.ndarray
    zeff: np.ndarray
    ratios: np.ndarray  # (K, G)
    name: str = "custom"

    @classmethod
    def from_dict(cls, data: dict) -> "MaterialCalibration":
        refs = sorted(data["references"].values(), key=lambda r: r["zeff"])
        return cls(
            a_high_grid=np.asarray(data["a_high_grid"], dtype=np.float32),
            zeff=np.asarray([r["zeff"] for r in refs], dtype=np.float32),
            ratios=np.asarray([r["ratio"] for r in refs], dtype=np.float32),
            name=data.get("name", "custom"),
        )

    @classmethod
    def load(cls, path: Path) -> "MaterialCalibration":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_calibration() -> MaterialCalibration:
    return MaterialCalibration.load(DEFAULT_CALIBRATION)


@dataclass(frozen=True)
class Palette:
    """Colours (RGB 0..1) of the three material classes and how brightness follows attenuation."""

    organic: tuple[float, float, float] = (1.00, 0.56, 0.10)
    inorganic: tuple[float, float, float] = (0.32, 0.76, 0.22)
    metal: tuple[float, float, float] = (0.12, 0.32, 0.95)
    background: tuple[float, float, float] = (1.0, 1.0, 1.0)
    # Zeff where organic turns to inorganic, and inorganic to metal (centre, half-width of blend).
    organic_edge: tuple[float, float] = (9.6, 1.2)
    metal_edge: tuple[float, float] = (18.0, 1.5)
    gamma: float = 0.36  # brightness = T_high ** gamma
    saturation_scale: float = 0.30  # a_high at which colour reaches 63 % of full saturation
    opaque_attenuation: float = 7.2  # a_high above this is black: nothing got through
    name: str = "standard"
    extra: dict = field(default_factory=dict, compare=False, hash=False)


DEFAULT_PALETTE = Palette()
# Another vendor's look, never used for training: yellower organics, teal inorganics, violet metal,
# a flatter brightness curve and sharper material edges. The detector benchmark renders a held-out
# set with it to see how the detector does on a palette it never saw (`--palette vendor-b`).
VENDOR_B_PALETTE = Palette(organic=(0.96, 0.74, 0.22), inorganic=(0.16, 0.66, 0.52), metal=(0.36, 0.22, 0.86),
                           organic_edge=(10.2, 0.8), metal_edge=(17.0, 1.0), gamma=0.5, saturation_scale=0.22,
                           name="vendor-b")
PALETTES = {"standard": DEFAULT_PALETTE, "vendor-b": VENDOR_B_PALETTE}


def _smoothstep(x: np.ndarray, centre: float, half_width: float) -> np.ndarray:
    t = np.clip((x - (centre - half_width)) / (2 * half_width), 0.0, 1.0)
    return t * t * (3 - 2 * t)


@lru_cache(maxsize=8)
def colour_lut(palette: Palette = DEFAULT_PALETTE) -> np.ndarray:
    """RGB look-up table indexed by (Zeff bucket, attenuation bucket)."""
    z = np.linspace(*ZEFF_RANGE, LUT_Z)[:, None, None]
    a = np.linspace(0.0, ATTENUATION_MAX, LUT_A)[None, :, None]
    organic, inorganic, metal = (np.asarray(c)[None, None, :] for c in (palette.organic, palette.inorganic, palette.metal))
    to_inorganic = _smoothstep(z, *palette.organic_edge)
    to_metal = _smoothstep(z, *palette.metal_edge)
    base = organic * (1 - to_inorganic) + inorganic * to_inorganic
    base = base * (1 - to_metal) + metal * to_metal
    saturation = 1.0 - np.exp(-a / palette.saturation_scale)
    brightness = np.exp(-a * palette.gamma)
    background = np.asarray(palette.background)[None, None, :]
    rgb = ((1 - saturation) * background + saturation * base) * brightness
    # Fade to black over the last half unit of attenuation before the opaque threshold.
    fade = np.clip((palette.opaque_attenuation - a) / 0.5, 0.0, 1.0)
    rgb = rgb * fade
    return np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


def attenuation(counts: np.ndarray, air_level: float | np.ndarray) -> np.ndarray:
    """a = -ln(T) from raw counts and the air (unattenuated) level, as float32."""
    t = counts.astype(np.float32) / np.asarray(air_level, dtype=np.float32)
    np.clip(t, MIN_TRANSMISSION, 1.0, out=t)
    return -np.log(t)


def estimate_air_level(counts: np.ndarray) -> float:
    """Air level when the scanner does not report it: a high percentile of the image."""
    return float(np.percentile(counts, 99.0))


RATIO_RANGE = (0.8, 4.5)
LUT_RATIO, LUT_AH = 512, 256


@lru_cache(maxsize=8)
def _zeff_lut(calibration: MaterialCalibration) -> np.ndarray:
    """Zeff on a (a_high, ratio) grid, so per-pixel discrimination is one table look-up."""
    a = np.linspace(0.0, ATTENUATION_MAX, LUT_AH, dtype=np.float32)
    ratio = np.linspace(*RATIO_RANGE, LUT_RATIO, dtype=np.float32)
    refs = np.stack([np.interp(a, calibration.a_high_grid, r) for r in calibration.ratios])  # (K, A)
    lut = np.empty((LUT_AH, LUT_RATIO), np.float32)
    for i in range(LUT_AH):
        # Reference ratios rise with Zeff at fixed a_high; interpolate Zeff between them.
        lut[i] = np.interp(ratio, np.maximum.accumulate(refs[:, i]), calibration.zeff)
    return lut


def estimate_zeff(a_high: np.ndarray, a_low: np.ndarray, calibration: MaterialCalibration,
                  smooth: int = 3) -> np.ndarray:
    """Effective atomic number per pixel, between the calibration's reference materials."""
    if smooth > 1:
        # Ratios of two noisy numbers are noisy; vendors smooth before discrimination too.
        a_high = cv2.blur(a_high, (smooth, smooth))
        a_low = cv2.blur(a_low, (smooth, smooth))
    ratio = a_low / np.maximum(a_high, 1e-3)
    ai = np.clip(a_high * ((LUT_AH - 1) / ATTENUATION_MAX) + 0.5, 0, LUT_AH - 1).astype(np.intp)
    ri = np.clip((ratio - RATIO_RANGE[0]) * ((LUT_RATIO - 1) / (RATIO_RANGE[1] - RATIO_RANGE[0])) + 0.5,
                 0, LUT_RATIO - 1).astype(np.intp)
    return _zeff_lut(calibration)[ai, ri]


def render_pseudocolour(high: np.ndarray, low: np.ndarray, *, air_high: float | None = None,
                        air_low: float | None = None, calibration: MaterialCalibration | None = None,
                        palette: Palette = DEFAULT_PALETTE) -> np.ndarray:
    """Render a dual-energy pair (counts, higher = brighter) to an RGB uint8 image."""
    if high.shape != low.shape:
        raise ValueError(f"high and low images differ in size: {high.shape} vs {low.shape}")
    calibration = calibration or default_calibration()
    a_high = attenuation(high, air_high if air_high is not None else estimate_air_level(high))
    a_low = attenuation(low, air_low if air_low is not None else estimate_air_level(low))
    zeff = estimate_zeff(a_high, a_low, calibration)
    zi = np.clip((zeff - ZEFF_RANGE[0]) * ((LUT_Z - 1) / (ZEFF_RANGE[1] - ZEFF_RANGE[0])) + 0.5, 0, LUT_Z - 1).astype(np.intp)
    ai = np.clip(a_high * ((LUT_A - 1) / ATTENUATION_MAX) + 0.5, 0, LUT_A - 1).astype(np.intp)
    return colour_lut(palette)[zi, ai]


def render_grey(high: np.ndarray, *, air_high: float | None = None, palette: Palette = DEFAULT_PALETTE) -> np.ndarray:
    """Grey-scale rendering of the high-energy channel (brightness = transmission ** gamma)."""
    a_high = attenuation(high, air_high if air_high is not None else estimate_air_level(high))
    grey = np.exp(-a_high * palette.gamma) * np.clip((palette.opaque_attenuation - a_high) / 0.5, 0, 1)
    g = (grey * 255 + 0.5).astype(np.uint8)
    return np.repeat(g[..., None], 3, axis=2)

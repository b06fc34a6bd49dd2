"""The scanner's own look: what a dual-energy line detector makes of the transmitted beam.

  * detector blur (scintillator light spread across the line, integration time along the belt);
  * photon noise: each pixel sees a finite number of quanta, so noise grows where little gets
    through, and an electronic noise floor makes very dense objects read as pure noise (opaque);
  * flat-field correction against the empty belt, with a residual gain error per detector element
    (horizontal streaks, sometimes a bad one) and source flicker per time step (vertical bands);
  * 16-bit counts, air at a fixed level, clipped to the converter's range.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .physics import PhysicsTable


@dataclass(frozen=True)
class ScannerModel:
    air_level: int = 50000  # counts for the empty belt after flat-field correction (16-bit)
    quanta_high: float = 14000.0  # detected quanta per pixel in air; noise ~ 1/sqrt(quanta)
    quanta_low: float = 10000.0
    electronic_noise: float = 6.0  # in quanta
    blur_sigma_across: float = 0.6  # pixels, along the detector line
    blur_sigma_along: float = 0.45  # pixels, along the belt
    row_gain_sd: float = 0.003
    column_gain_sd: float = 0.002
    bad_row_probability: float = 0.3
    bad_row_gain: float = 0.03


def acquire(table: PhysicsTable, mass_maps: dict[str, np.ndarray], belt_mass: np.ndarray,
            rng: np.random.Generator, model: ScannerModel = ScannerModel()) -> tuple[np.ndarray, np.ndarray]:
    """Low- and high-energy 16-bit images of a scene (higher value = more transmission)."""
    t_low, t_high = table.transmissions(mass_maps)
    ref_low, ref_high = table.single_material("rubber", belt_mass)  # what flat-field calibration saw
    H, W = t_high.shape
    row_gain = 1.0 + model.row_gain_sd * rng.standard_normal(H)
    if rng.random() < model.bad_row_probability:
        for r in rng.integers(0, H, size=int(rng.integers(1, 4))):
            row_gain[r] *= 1.0 + model.bad_row_gain * rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5)
    flicker = 1.0 + model.column_gain_sd * rng.standard_normal(W)
    out = []
    noise = rng.standard_normal((2, H, W), dtype=np.float32)
    for t, ref, quanta, z in ((t_low, ref_low, model.quanta_low, noise[0]), (t_high, ref_high, model.quanta_high, noise[1])):
        mean = cv2.GaussianBlur(t, (0, 0), sigmaX=model.blur_sigma_along, sigmaY=model.blur_sigma_across)
        mean *= np.float32(quanta)
        # Photon (Poisson, here Gaussian) noise on top of an electronic floor, in quanta.
        sd = np.sqrt(mean + np.float32(model.electronic_noise ** 2))
        sd *= z
        mean += sd
        # Flat-field correction against the empty belt, with residual gain errors.
        mean *= (row_gain * model.air_level / (ref * quanta))[:, None].astype(np.float32)
        mean *= flicker[None, :].astype(np.float32)
        mean += np.float32(0.5)
        out.append(np.clip(mean, 0, 65535).astype(np.uint16))
    return out[0], out[1]

"""Polychromatic dual-energy transmission from per-material mass-thickness maps.

The table (data/physics.json) comes from tools/build_physics_tables.py: a SpekPy tube spectrum
folded with a sandwich detector's two channels in coarse energy bins, and Elam/NIST mass
attenuation coefficients (via xraydb) for every material at each bin. Transmission per channel is

    T_c = sum_b w_c[b] * exp(-sum_m mu_m[b] * rho_t_m)

so overlapping objects add in the log domain per energy, and beam hardening comes out by itself
(a thick organic block transmits a harder spectrum and so looks "more inorganic" by ratio).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

TABLE_PATH = Path(__file__).with_name("data") / "physics.json"


@dataclass(frozen=True)
class Material:
    name: str
    zeff: float
    mu_rho: np.ndarray  # cm^2/g per energy bin


@dataclass(frozen=True)
class PhysicsTable:
    bin_centres_kev: np.ndarray
    weights_low: np.ndarray
    weights_high: np.ndarray
    materials: dict[str, Material]
    references: tuple[str, ...]
    raw: dict

    def material(self, name: str) -> Material:
        try:
            return self.materials[name]
        except KeyError:
            raise KeyError(f"unknown material {name!r}; known: {sorted(self.materials)}") from None

    def transmissions(self, mass_maps: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Low- and high-channel transmission (0..1) for maps of mass thickness in g/cm^2."""
        names = [n for n, m in mass_maps.items() if m is not None]
        if not names:
            raise ValueError("no material maps given")
        shape = mass_maps[names[0]].shape
        stack = np.empty((len(names), int(np.prod(shape))), np.float32)
        for row, n in zip(stack, names):
            row[:] = mass_maps[n].reshape(-1)
        mu = -np.stack([self.material(n).mu_rho for n in names], axis=1).astype(np.float32)  # (E, M)
        line_integral = mu @ stack  # (E, P): minus the sum over materials, per energy bin
        np.exp(line_integral, out=line_integral)
        weights = np.stack([self.weights_low, self.weights_high]).astype(np.float32)
        t_low, t_high = weights @ line_integral
        return t_low.reshape(shape), t_high.reshape(shape)

    def single_material(self, name: str, mass_thickness: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Transmissions of one material at the given mass thicknesses (g/cm^2), any shape."""
        mass_thickness = np.asarray(mass_thickness, dtype=np.float64)
        mu = self.material(name).mu_rho[:, None]
        att = np.exp(-mu * mass_thickness.reshape(1, -1))
        t_low = (self.weights_low[:, None] * att).sum(axis=0)
        t_high = (self.weights_high[:, None] * att).sum(axis=0)
        return t_low.reshape(mass_thickness.shape), t_high.reshape(mass_thickness.shape)


@lru_cache(maxsize=1)
def load_table(path: Path = TABLE_PATH) -> PhysicsTable:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    materials = {
        name: Material(name, float(m["zeff"]), np.asarray(m["mu_rho_cm2_g"], dtype=np.float64))
        for name, m in raw["materials"].items()
    }
    return PhysicsTable(
        bin_centres_kev=np.asarray(raw["bin_centres_kev"], dtype=np.float64),
        weights_low=np.asarray(raw["weights_low"], dtype=np.float64),
        weights_high=np.asarray(raw["weights_high"], dtype=np.float64),
        materials=materials,
        references=tuple(raw["references"]),
        raw=raw,
    )


def reference_curves(table: PhysicsTable, a_high_grid: np.ndarray) -> dict:
    """For each reference material: the ratio a_low/a_high as a function of a_high.

    a = -ln(T). This is the calibration a dual-energy renderer needs to turn a pixel's pair of
    attenuations into an effective atomic number, with beam hardening accounted for.
    """
    curves = {}
    for name in table.references:
        mat = table.material(name)
        # Dense thickness grid, then resample on the a_high grid.
        mass = np.geomspace(1e-5, 14.0 / mat.mu_rho.min(), 4000)
        t_low, t_high = table.single_material(name, mass)
        a_low, a_high = -np.log(t_low), -np.log(t_high)
        ratio = a_low / np.maximum(a_high, 1e-12)
        order = np.argsort(a_high)
        curves[name] = {
            "zeff": mat.zeff,
            "ratio": np.interp(a_high_grid, a_high[order], ratio[order]).round(5).tolist(),
        }
    return curves

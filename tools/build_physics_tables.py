"""Build the simulator's physics table from NIST/Elam and SpekPy data.

Run once (needs the `physics` extra: xraydb and spekpy); the result is committed as
app/devices/simulator/data/physics.json so the app itself needs neither package.

    python tools/build_physics_tables.py

What it computes:
  * the tube spectrum (SpekPy: tungsten anode, kVp, anode angle, filtration);
  * a sandwich dual-energy detector: thin front CsI(Tl) scintillator (low channel), copper filter,
    thick rear CsI(Tl) scintillator (high channel); both energy-integrating, so each photon
    counts in proportion to its energy times the probability it is absorbed;
  * the spectrum folded with each channel's response, in coarse energy bins (weights per bin);
  * mass attenuation coefficients mu/rho (cm^2/g, total with coherent scattering) of every
    material at each bin, averaged over the bin with the channel-weighted spectrum, from the
    Elam/NIST tables in xraydb;
  * each material's effective atomic number (power law, exponent 2.94).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import spekpy
import xraydb

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "app" / "devices" / "simulator" / "data" / "physics.json"

TUBE = {"kvp": 150.0, "anode_angle_deg": 12.0, "filters_mm": {"Al": 3.0}}
DETECTOR = {
    "front_scintillator": {"formula": "CsI", "density": 4.51, "thickness_mm": 0.3},
    "interlayer_filter": {"formula": "Cu", "density": 8.96, "thickness_mm": 0.5},
    "rear_scintillator": {"formula": "CsI", "density": 4.51, "thickness_mm": 3.0},
}
# Energy bin edges in keV: photons below 15 keV never leave the tube housing and tunnel walls.
BIN_EDGES_KEV = [15, 25, 32, 39, 46, 53, 60, 68, 77, 87, 98, 110, 124, 150]

# Materials by mass fraction of formulas (formula -> fraction). Sources for compositions: NIST
# compositions of materials (soda-lime glass, polyethylene, PVC, PET), chemical formulas of the
# substances (sucrose, cellulose, cocaine hydrochloride, heroin), and typical make-up of 18650
# lithium-ion cells and FR4 circuit boards (approximate, cited in ARCHITECTURE.md).
MATERIALS: dict[str, dict[str, float]] = {
    "cellulose": {"C6H10O5": 1.0},            # paper, cardboard, cotton, tea, tobacco, plant matter
    "food": {"C6H10O5": 0.55, "H2O": 0.40, "NaCl": 0.01, "C3H5O3": 0.04},  # bread, biscuits, fruit flesh mix
    "sucrose": {"C12H22O11": 1.0},            # sugar, sweets
    "water": {"H2O": 1.0},                    # water, juice, tinned liquids, fruit
    "ethanol40": {"C2H6O": 0.335, "H2O": 0.665},  # vodka: 40 % by volume is 33.5 % by mass
    "polyethylene": {"C2H4": 1.0},            # bags, PE/PP bottles, syringe barrels
    "pet": {"C10H8O4": 1.0},                  # drink bottles
    "pvc": {"C2H3Cl": 1.0},                   # cable insulation, cards
    "polycarbonate": {"C16H14O3": 1.0},       # device housings (PC/ABS)
    "rubber": {"C5H8": 0.7, "CaCO3": 0.3},    # belt, soles (filled rubber)
    "filled_plastic": {"C3H6": 0.72, "CaCO3": 0.20, "TiO2": 0.08},  # suitcase shells, crates (filled PP)
    "soap": {"C18H35NaO2": 0.85, "H2O": 0.15},
    "butane": {"C4H10": 1.0},
    "glass": {"SiO2": 0.72, "Na2O": 0.14, "CaO": 0.10, "MgO": 0.04},
    "aluminium": {"Al": 1.0},
    "steel": {"Fe": 0.985, "C": 0.005, "Mn": 0.01},
    "stainless": {"Fe": 0.72, "Cr": 0.18, "Ni": 0.10},
    "copper": {"Cu": 1.0},
    "brass": {"Cu": 0.65, "Zn": 0.35},
    "zinc_alloy": {"Zn": 0.96, "Al": 0.04},   # die-cast lighter and buckle parts
    "pcb": {"SiO2": 0.45, "C18H21O3": 0.35, "Cu": 0.20},
    "li_ion_cell": {"LiCoO2": 0.36, "C": 0.20, "Cu": 0.12, "Al": 0.08, "C3H4O3": 0.16, "C2H4": 0.08},
    "alkaline_cell": {"MnO2": 0.40, "Zn": 0.25, "KOH": 0.07, "H2O": 0.13, "C": 0.15},
    "cocaine_hcl": {"C17H22ClNO4": 1.0},
    "heroin": {"C21H23NO5": 1.0},
    "methamphetamine_hcl": {"C10H16ClN": 1.0},
}

# Reference materials for the renderer's material discrimination, with nominal Zeff.
REFERENCES = ["polyethylene", "water", "aluminium", "steel", "copper"]


def channel_responses(energies_kev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Energy-integrating response of the front (low) and rear (high) channels per photon."""
    e_ev = energies_kev * 1000.0

    def transmission(layer):
        mu = xraydb.material_mu(layer["formula"], e_ev, density=layer["density"])
        return np.exp(-mu * layer["thickness_mm"] / 10.0)

    t_front = transmission(DETECTOR["front_scintillator"])
    t_filter = transmission(DETECTOR["interlayer_filter"])
    t_rear = transmission(DETECTOR["rear_scintillator"])
    low = energies_kev * (1.0 - t_front)
    high = energies_kev * t_front * t_filter * (1.0 - t_rear)
    return low, high


def mass_attenuation(composition: dict[str, float], energies_kev: np.ndarray) -> np.ndarray:
    total = sum(composition.values())
    mu = np.zeros_like(energies_kev)
    for formula, fraction in composition.items():
        mu += (fraction / total) * xraydb.material_mu(formula, energies_kev * 1000.0, density=1.0)
    return mu


def effective_z(composition: dict[str, float], exponent: float = 2.94) -> float:
    """Power-law Zeff from electron fractions (Spiers/Johns-Cunningham)."""
    electrons: dict[int, float] = {}
    total = sum(composition.values())
    for formula, fraction in composition.items():
        atoms = xraydb.chemparse(formula)
        mass = sum(n * xraydb.atomic_mass(el) for el, n in atoms.items())
        for el, n in atoms.items():
            z = xraydb.atomic_number(el)
            electrons[z] = electrons.get(z, 0.0) + (fraction / total) * n * z / mass
    e_total = sum(electrons.values())
    return float(sum((n / e_total) * z**exponent for z, n in electrons.items()) ** (1.0 / exponent))


def main() -> None:
    spek = spekpy.Spek(kvp=TUBE["kvp"], th=TUBE["anode_angle_deg"], dk=0.5)
    for element, mm in TUBE["filters_mm"].items():
        spek.filter(element, mm)
    energies, fluence = spek.get_spectrum()
    low_resp, high_resp = channel_responses(energies)
    low_w = fluence * low_resp
    high_w = fluence * high_resp

    edges = np.array(BIN_EDGES_KEV, dtype=float)
    bins = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (energies >= lo) & (energies < hi)
        bins.append(sel)
    centres = [float(np.average(energies[s], weights=fluence[s])) for s in bins]
    w_low = np.array([low_w[s].sum() for s in bins])
    w_high = np.array([high_w[s].sum() for s in bins])
    w_low /= w_low.sum()
    w_high /= w_high.sum()

    materials = {}
    for name, comp in MATERIALS.items():
        mu = mass_attenuation(comp, energies)
        # Bin average weighted by what both channels see, so beam hardening within a bin is small.
        weight = low_w + high_w
        mu_bins = [float(np.average(mu[s], weights=weight[s])) for s in bins]
        materials[name] = {
            "composition": comp,
            "zeff": round(effective_z(comp), 3),
            "mu_rho_cm2_g": [round(m, 6) for m in mu_bins],
        }

    table = {
        "generated": str(date.today()),
        "generator": "tools/build_physics_tables.py",
        "sources": {
            "attenuation": f"Elam/NIST photon cross-sections via xraydb {xraydb.__version__}",
            "spectrum": f"SpekPy {spekpy.__version__ if hasattr(spekpy, '__version__') else ''}".strip(),
        },
        "tube": TUBE,
        "detector": DETECTOR,
        "bin_edges_kev": BIN_EDGES_KEV,
        "bin_centres_kev": [round(c, 3) for c in centres],
        "weights_low": [round(float(w), 8) for w in w_low],
        "weights_high": [round(float(w), 8) for w in w_high],
        "mean_energy_low_kev": round(float(np.sum(w_low * centres)), 2),
        "mean_energy_high_kev": round(float(np.sum(w_high * centres)), 2),
        "materials": materials,
        "references": REFERENCES,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(materials)} materials, {len(centres)} bins); "
          f"mean energy low {table['mean_energy_low_kev']} keV, high {table['mean_energy_high_kev']} keV")


def write_calibration() -> None:
    """The renderer's default material calibration, from the table just written."""
    import sys

    sys.path.insert(0, str(REPO))
    from app.devices.simulator.physics import load_table, reference_curves

    grid = np.linspace(0.0, 10.0, 101)
    grid[0] = 0.005  # the ratio's limit at zero thickness
    curves = reference_curves(load_table(OUT), grid)
    path = REPO / "app" / "imaging" / "data" / "calibration_sandwich_150kv.json"
    data = {
        "name": "sandwich CsI 0.3 mm / Cu 0.5 mm / CsI 3 mm, W anode 150 kV (simulated)",
        "generator": "tools/build_physics_tables.py",
        "a_high_grid": grid.round(4).tolist(),
        "references": curves,
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
    write_calibration()

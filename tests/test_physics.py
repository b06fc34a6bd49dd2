"""The simulator's physics: Beer-Lambert per energy, beam hardening, materials in their places."""
import json

import numpy as np
import pytest

from app.devices.simulator.physics import TABLE_PATH, PhysicsTable

REQUIRED = ["cellulose", "food", "sucrose", "water", "ethanol40", "polyethylene", "pet", "glass", "aluminium",
            "steel", "copper", "li_ion_cell", "cocaine_hcl", "heroin"]


def test_table_names_its_sources_and_has_the_required_materials(table):
    assert "xraydb" in table.raw["sources"]["attenuation"]
    assert "SpekPy" in table.raw["sources"]["spectrum"]
    for name in REQUIRED:
        m = table.material(name)
        assert m.mu_rho.shape == table.bin_centres_kev.shape
        assert np.all(np.diff(m.mu_rho) < 0), f"{name}: mu/rho must fall with energy in 15-150 keV"
    assert table.weights_low.sum() == pytest.approx(1.0) and table.weights_high.sum() == pytest.approx(1.0)
    # The rear (high) channel sees a harder spectrum than the front (low) channel.
    assert np.sum(table.weights_high * table.bin_centres_kev) > np.sum(table.weights_low * table.bin_centres_kev) + 20


def test_nist_values_for_water_and_iron_at_60_kev(table):
    # NIST XCOM, total with coherent: water 0.2059 cm2/g, iron 1.205 cm2/g at 60 keV.
    k = int(np.argmin(abs(table.bin_centres_kev - 60)))
    e = table.bin_centres_kev[k]
    assert 55 < e < 66
    water, iron = table.material("water").mu_rho[k], table.material("steel").mu_rho[k]
    assert 0.18 < water < 0.23
    assert 0.9 < iron < 1.6


def test_effective_atomic_numbers_are_ordered(table):
    z = {n: table.material(n).zeff for n in ("polyethylene", "water", "cocaine_hcl", "aluminium", "steel", "copper")}
    assert z["polyethylene"] < z["water"] < 8 < z["aluminium"] < 14 < z["steel"] < z["copper"]
    assert 6.5 < table.material("sucrose").zeff < 7.5  # Zeff of sugar, near water's


def test_thicker_steel_transmits_less(table):
    mm = np.arange(0, 41, 1.0)
    t_low, t_high = table.single_material("steel", mm / 10 * 7.85)
    assert t_low[0] == pytest.approx(1.0) and t_high[0] == pytest.approx(1.0)
    assert np.all(np.diff(t_low) < 0) and np.all(np.diff(t_high) < 0)
    assert np.all(t_low[1:] < t_high[1:]), "the low-energy channel must attenuate more"


def test_overlap_multiplies_transmission_per_energy(table):
    """Exactly multiplicative for one energy; with a real spectrum, beam hardening makes the pair
    transmit a little more than the product (the first object hardens the beam for the second)."""
    raw = dict(table.raw)
    mono = PhysicsTable(table.bin_centres_kev[[6]], np.array([1.0]), np.array([1.0]),
                        {k: type(v)(v.name, v.zeff, v.mu_rho[[6]]) for k, v in table.materials.items()},
                        table.references, raw)
    a = {"steel": np.full((4, 4), 0.8, np.float32)}
    b = {"water": np.full((4, 4), 5.0, np.float32)}
    both = {**a, **b}
    for tab, exact in ((mono, True), (table, False)):
        ta, tb, tab_ = tab.transmissions(a)[1], tab.transmissions(b)[1], tab.transmissions(both)[1]
        if exact:
            np.testing.assert_allclose(tab_, ta * tb, rtol=1e-5)
        else:
            assert np.all(tab_ >= ta * tb * 0.999)
            np.testing.assert_allclose(tab_, ta * tb, rtol=0.25)


def test_beam_hardening_lowers_the_ratio_of_thick_organics(table):
    mass = np.array([0.5, 20.0])
    t_low, t_high = table.single_material("water", mass)
    ratio = np.log(t_low) / np.log(t_high)
    assert ratio[1] < ratio[0] - 0.05


def test_physics_json_is_what_the_builder_writes():
    raw = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    assert raw["generator"] == "tools/build_physics_tables.py"
    assert raw["tube"]["kvp"] == 150.0

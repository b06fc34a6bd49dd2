"""The pseudo-colour renderer: material classes by colour, brightness by absorption."""
import numpy as np
import pytest

from app.imaging.render import (default_calibration, estimate_zeff, render_grey, render_pseudocolour)

AIR = 50000.0


def counts(table, material, mass, shape=(16, 16)):
    t_low, t_high = table.single_material(material, np.full(shape, mass))
    return (t_high * AIR).astype(np.uint16), (t_low * AIR).astype(np.uint16)


def mass_for_high_transmission(table, material, target):
    lo, hi = 0.0, 500.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if table.single_material(material, np.array([mid]))[1][0] > target:
            lo = mid
        else:
            hi = mid
    return lo


@pytest.mark.parametrize("target", [0.6, 0.3, 0.1])
def test_organic_and_metal_of_equal_transmission_get_different_colours(table, target):
    water = counts(table, "water", mass_for_high_transmission(table, "water", target))
    steel = counts(table, "steel", mass_for_high_transmission(table, "steel", target))
    assert abs(int(water[0][0, 0]) - int(steel[0][0, 0])) < AIR * 0.01  # same brightness in the high channel
    rgb_w = render_pseudocolour(*water, air_high=AIR, air_low=AIR)[8, 8].astype(int)
    rgb_s = render_pseudocolour(*steel, air_high=AIR, air_low=AIR)[8, 8].astype(int)
    assert rgb_w[0] > rgb_w[2] + 40, f"organic should be orange, got {rgb_w}"
    assert rgb_s[2] > rgb_s[0] + 40, f"metal should be blue, got {rgb_s}"


@pytest.mark.parametrize("material,zmin,zmax", [("water", 5, 9.5), ("polyethylene", 4, 9), ("sucrose", 5, 9.5),
                                                 ("aluminium", 10, 17), ("glass", 10, 17), ("steel", 20, 30)])
def test_zeff_estimate_puts_materials_in_their_class_at_any_thickness(table, material, zmin, zmax):
    for target in (0.8, 0.4, 0.1, 0.02):
        high, low = counts(table, material, mass_for_high_transmission(table, material, target))
        a_h = -np.log(high.astype(np.float32) / AIR)
        a_l = -np.log(low.astype(np.float32) / AIR)
        z = float(estimate_zeff(a_h, a_l, default_calibration())[8, 8])
        assert zmin <= z <= zmax, f"{material} at T={target}: Zeff {z}"


def test_brightness_follows_absorption_and_opaque_is_black(table):
    values = []
    for mm in (2, 10, 20, 40):
        high, low = counts(table, "steel", mm / 10 * 7.85)
        values.append(render_pseudocolour(high, low, air_high=AIR, air_low=AIR)[8, 8].astype(int).sum())
    assert values[0] > values[1] > values[2] > values[3]
    assert values[3] == 0, "40 mm of steel stops the beam: black"
    air = render_pseudocolour(np.full((8, 8), AIR, np.uint16), np.full((8, 8), AIR, np.uint16), air_high=AIR, air_low=AIR)
    assert air.min() >= 250


def test_grey_rendering_and_size_checks(table):
    high, low = counts(table, "water", 5.0)
    grey = render_grey(high, air_high=AIR)
    assert grey.shape == (16, 16, 3) and np.all(grey[..., 0] == grey[..., 2])
    with pytest.raises(ValueError):
        render_pseudocolour(high, low[:8], air_high=AIR, air_low=AIR)


def test_air_level_is_estimated_when_not_given(table):
    high, low = counts(table, "steel", 1.0, shape=(40, 40))
    high[:, :20], low[:, :20] = AIR, AIR
    auto = render_pseudocolour(high, low)
    given = render_pseudocolour(high, low, air_high=AIR, air_low=AIR)
    assert np.abs(auto.astype(int) - given.astype(int)).max() <= 2

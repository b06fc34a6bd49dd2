"""The operator's image tools: views, penetration windows, negative, edges, brightness / contrast."""
import numpy as np
import pytest

from app.imaging.render import render_grey, render_pseudocolour
from app.imaging.tools import ViewSettings, apply_view

AIR = 50000.0
STEEL_25MM = 2.5 * 7.85  # g/cm^2


def counts(table, material, mass, shape=(16, 16)):
    t_low, t_high = table.single_material(material, np.full(shape, mass))
    return (t_high * AIR).astype(np.uint16), (t_low * AIR).astype(np.uint16)


def water_and_steel(table, water_mass=5.0, steel_mass=STEEL_25MM):
    """A 32 x 64 image: air border, water block on the left, steel block on the right."""
    high = np.full((32, 64), AIR, np.uint16)
    low = high.copy()
    for material, mass, cols in (("water", water_mass, slice(4, 28)), ("steel", steel_mass, slice(36, 60))):
        h, l = counts(table, material, mass, (24, 24))
        high[4:28, cols], low[4:28, cols] = h, l
    return high, low


def view(settings, high, low, rgb=None):
    rgb = rgb if rgb is not None else np.zeros(high.shape + (3,), np.uint8)
    return apply_view(settings, rgb=rgb, high=high, low=low, air_high=AIR, air_low=AIR).astype(int)


WATER, STEEL, BACKGROUND = (16, 16), (16, 48), (1, 1)


def is_white(px):
    return bool(np.all(px >= 250))


def is_coloured(px):
    return int(px.max()) - int(px.min()) > 40


def test_view_settings_default_and_with_():
    s = ViewSettings()
    assert s.is_default
    changed = s.with_(negative=True, brightness=0.2)
    assert not changed.is_default and changed.negative and changed.brightness == 0.2
    assert s.negative is False, "with_ returns a copy, the original is unchanged"
    assert changed.with_(negative=False, brightness=0.0).is_default
    with pytest.raises(ValueError):
        s.with_(mode="organik")
    with pytest.raises(ValueError):
        ViewSettings(penetration="max")


def test_default_settings_reproduce_the_renderer_and_leave_rgb_alone(table):
    high, low = water_and_steel(table)
    expected = render_pseudocolour(high, low, air_high=AIR, air_low=AIR)
    got = apply_view(ViewSettings(), rgb=np.zeros_like(expected), high=high, low=low, air_high=AIR, air_low=AIR)
    assert got.dtype == np.uint8 and np.array_equal(got, expected)
    # Air levels estimated when not given, as the renderer does.
    assert np.array_equal(apply_view(ViewSettings(), rgb=expected, high=high, low=low),
                          render_pseudocolour(high, low))
    rgb = np.random.default_rng(1).integers(0, 256, (20, 30, 3), dtype=np.uint8)
    assert np.array_equal(apply_view(ViewSettings(), rgb=rgb), rgb)


def test_negative_turns_white_black(table):
    high, low = water_and_steel(table)
    normal = view(ViewSettings(), high, low)
    neg = view(ViewSettings(negative=True), high, low)
    assert is_white(normal[BACKGROUND]) and np.all(neg[BACKGROUND] <= 5)
    assert np.array_equal(neg, 255 - normal)
    rgb = np.full((4, 4, 3), 255, np.uint8)
    assert np.all(apply_view(ViewSettings(negative=True), rgb=rgb) == 0)


def test_organic_and_inorganic_stripping(table):
    high, low = water_and_steel(table, steel_mass=0.5 * 7.85)  # 5 mm: 25 mm is too dark to tell colours
    normal = view(ViewSettings(), high, low)
    assert is_coloured(normal[WATER]) and is_coloured(normal[STEEL])
    organic = view(ViewSettings(mode="organic"), high, low)
    assert np.array_equal(organic[WATER], normal[WATER]) and is_white(organic[STEEL])
    inorganic = view(ViewSettings(mode="inorganic"), high, low)
    assert is_white(inorganic[WATER]) and np.array_equal(inorganic[STEEL], normal[STEEL])
    assert is_white(organic[BACKGROUND]) and is_white(inorganic[BACKGROUND])


def test_opaque_areas_are_never_stripped(table):
    high, low = water_and_steel(table, steel_mass=4.0 * 7.85)  # 40 mm of steel: nothing gets through
    for mode in ("organic", "inorganic"):
        assert np.all(view(ViewSettings(mode=mode), high, low)[STEEL] == 0), mode


def test_grey_is_grey_and_matches_render_grey(table):
    high, low = water_and_steel(table)
    grey = view(ViewSettings(mode="grey"), high, low)
    assert np.all(grey[..., 0] == grey[..., 1]) and np.all(grey[..., 1] == grey[..., 2])
    assert np.array_equal(grey, render_grey(high, air_high=AIR))
    assert grey[STEEL][0] < grey[WATER][0] < grey[BACKGROUND][0]


def test_high_penetration_brightens_thick_steel(table):
    high, low = water_and_steel(table)
    normal = view(ViewSettings(), high, low)[STEEL]
    pen = view(ViewSettings(penetration="high"), high, low)[STEEL]
    assert pen.sum() > normal.sum() + 60, (normal, pen)
    assert pen[2] > pen[0], "still blue: the window does not change the material class"
    grey_n = view(ViewSettings(mode="grey"), high, low)[STEEL][0]
    grey_h = view(ViewSettings(mode="grey", penetration="high"), high, low)[STEEL][0]
    assert grey_h > grey_n + 20


def test_low_penetration_shows_thin_organics(table):
    high, low = water_and_steel(table, water_mass=0.2)
    normal = view(ViewSettings(), high, low)[WATER]
    pen = view(ViewSettings(penetration="low"), high, low)[WATER]
    assert pen.sum() < normal.sum(), (normal, pen)
    assert pen[0] - pen[2] > normal[0] - normal[2], "more saturated orange"


def test_edge_enhance_raises_contrast_across_an_edge(table):
    high, low = water_and_steel(table)
    row = 16
    plain = view(ViewSettings(mode="grey"), high, low)[row, :, 0]
    sharp = view(ViewSettings(mode="grey", edge_enhance=True), high, low)[row, :, 0]
    # Around the air / water edge at column 4: overshoot on both sides.
    assert np.abs(np.diff(sharp[0:9])).max() > np.abs(np.diff(plain[0:9])).max()
    assert sharp[0:9].max() - sharp[0:9].min() > plain[0:9].max() - plain[0:9].min()
    # Flat regions stay as they were.
    assert np.array_equal(sharp[14:19], plain[14:19])


def test_brightness_and_contrast_move_the_image_the_right_way(table):
    high, low = water_and_steel(table)
    base = view(ViewSettings(), high, low)
    assert view(ViewSettings(brightness=0.2), high, low).mean() > base.mean()
    assert view(ViewSettings(brightness=-0.2), high, low).mean() < base.mean()
    assert view(ViewSettings(contrast=2.0), high, low).std() > base.std()
    assert view(ViewSettings(contrast=0.5), high, low).std() < base.std()
    mid = np.full((4, 4, 3), 128, np.uint8)
    assert abs(int(apply_view(ViewSettings(contrast=3.0), rgb=mid)[0, 0, 0]) - 128) <= 1, "mid grey is fixed"
    assert apply_view(ViewSettings(brightness=5.0), rgb=mid).min() == 255, "clamped, not wrapped"


def test_rgb_only_views(table):
    high, low = water_and_steel(table)
    rgb = render_pseudocolour(high, low, air_high=AIR, air_low=AIR)
    organic = apply_view(ViewSettings(mode="organic"), rgb=rgb).astype(int)
    assert np.array_equal(organic[WATER], rgb[WATER]) and is_white(organic[STEEL])
    inorganic = apply_view(ViewSettings(mode="inorganic"), rgb=rgb).astype(int)
    assert is_white(inorganic[WATER]) and np.array_equal(inorganic[STEEL], rgb[STEEL])
    grey = apply_view(ViewSettings(mode="grey"), rgb=rgb).astype(int)
    assert np.all(grey[..., 0] == grey[..., 2]) and grey[STEEL][0] < grey[WATER][0]
    high_pen = apply_view(ViewSettings(penetration="high"), rgb=rgb).astype(int)
    low_pen = apply_view(ViewSettings(penetration="low"), rgb=rgb).astype(int)
    assert low_pen[STEEL].sum() < rgb[STEEL].astype(int).sum() < high_pen[STEEL].sum()


def test_rgb_only_organic_keeps_orange_and_whitens_blue():
    rgb = np.full((20, 40, 3), 255, np.uint8)
    rgb[5:15, 5:15] = (230, 130, 25)  # orange
    rgb[5:15, 25:35] = (30, 80, 240)  # blue
    rgb[0, 0] = (0, 0, 0)  # opaque
    organic = apply_view(ViewSettings(mode="organic"), rgb=rgb)
    assert tuple(organic[10, 10]) == (230, 130, 25)
    assert np.all(organic[10, 30] == 255)
    assert np.all(organic[0, 0] == 0) and np.all(organic[19, 39] == 255), "black and white left alone"
    inorganic = apply_view(ViewSettings(mode="inorganic"), rgb=rgb)
    assert np.all(inorganic[10, 10] == 255) and tuple(inorganic[10, 30]) == (30, 80, 240)

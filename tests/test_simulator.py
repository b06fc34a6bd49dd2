"""Scenes, the scanner model and ground truth of the simulator."""
import numpy as np
import pytest

from app.devices.simulator.acquisition import ScannerModel, acquire
from app.devices.simulator.clutter import CLUTTER
from app.devices.simulator.generator import generate_scan, object_contrast
from app.devices.simulator.physics import load_table
from app.devices.simulator.scene import Placement, SceneConfig, compose
from app.devices.simulator.threats import BUILDERS, THREAT_CLASSES
from app.imaging.render import render_pseudocolour


def test_same_seed_same_scan_and_different_index_different_scan():
    a, b, c = generate_scan(11, 4), generate_scan(11, 4), generate_scan(11, 5)
    assert np.array_equal(a.high, b.high) and np.array_equal(a.low, b.low) and np.array_equal(a.rgb, b.rgb)
    assert [x.box for x in a.annotations] == [x.box for x in b.annotations]
    assert a.high.shape != c.high.shape or not np.array_equal(a.high, c.high)


def test_outputs_are_16_bit_pairs_and_an_rgb_of_the_same_size():
    s = generate_scan(1, 0)
    assert s.high.dtype == np.uint16 and s.low.dtype == np.uint16
    assert s.rgb.dtype == np.uint8 and s.rgb.shape == s.high.shape + (3,)
    h, w = s.high.shape
    assert h == SceneConfig().detector_pixels and 300 <= w <= 1000


@pytest.mark.parametrize("seed", range(6))
def test_ground_truth_boxes_contain_the_items_pixels(seed):
    scan = generate_scan(seed, 0, force_classes=THREAT_CLASSES[seed::3][:3], keep_item_maps=True)
    H, W = scan.high.shape
    assert scan.annotations
    for ann, item_map in zip(scan.annotations, scan.meta["item_maps"]):
        x0, y0, x1, y1 = ann.box
        assert 0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H
        ys, xs = np.nonzero(item_map > 0.02)  # where the item adds noticeable mass
        assert len(xs) > 0
        assert xs.min() >= x0 - 1 and xs.max() <= x1 and ys.min() >= y0 - 1 and ys.max() <= y1, ann.label
        assert ann.mask.shape == (y1 - y0, x1 - x0) and ann.mask.any()
        # The box is tight: the item touches all four sides of it.
        assert ann.mask[0].any() and ann.mask[-1].any() and ann.mask[:, 0].any() and ann.mask[:, -1].any()


def test_contrast_says_how_much_an_item_changes_the_rendered_scan():
    scans = [generate_scan(21, i, force_classes=("gun", "sim_card", "drugs"), measure_contrast=True) for i in range(4)]
    contrast = {a.label: [] for a in scans[0].annotations}
    for scan in scans:
        for a in scan.annotations:
            assert a.contrast is not None and a.contrast >= 0
            contrast[a.label].append(a.contrast)
    assert min(contrast["gun"]) > 100  # steel stands out whatever lies around it
    assert np.median(contrast["drugs"]) < np.median(contrast["gun"])
    # Measured against the same scene without the item: a placement that added nothing changes nothing.
    scene = compose(np.random.default_rng(5), force_classes=("knife",))
    placed, annotation = scene.placements[0], scene.annotations[0]
    assert object_contrast(load_table(), scene.mass_maps, scene.belt_mass, placed, annotation) > 50
    empty = Placement(placed.x0, placed.y0, placed.footprint, placed.mass, parts={})
    assert object_contrast(load_table(), scene.mass_maps, scene.belt_mass, empty, annotation) == 0.0


@pytest.mark.parametrize("label", THREAT_CLASSES)
def test_every_prohibited_item_has_variants_with_real_mass(label):
    rng = np.random.default_rng(3)
    variants = set()
    for _ in range(40):
        item = BUILDERS[label](rng)
        assert item.label == label
        assert item.footprint().sum() > 20
        assert all(m.min() >= 0 for m in item.parts.values())
        variants.add(item.variant)
    assert len(variants) >= 2, f"{label}: only {variants}"


def test_clutter_covers_what_visitors_bring():
    for name in ("clothes", "tea", "sugar", "bread", "tin", "fruit", "book", "cigarettes", "soap", "toiletries",
                 "bottle", "cable", "charger"):
        assert name in CLUTTER
        assert CLUTTER[name][0](np.random.default_rng(0)).footprint().any()


def test_clutter_weights_make_the_confusers_likelier():
    """A training set can show pens and toothbrushes beside the threats more often; without weights the
    scenes stay exactly as they were (the shipped data recipes must come out byte for byte)."""
    def contents(config):
        return [name for i in range(8) for name in compose(np.random.default_rng(i), config).contents]

    plain, boosted = contents(SceneConfig()), contents(SceneConfig(clutter_weights=(("pen", 40.0),)))
    assert boosted.count("pen") > 3 * max(plain.count("pen"), 1)
    assert contents(SceneConfig(clutter_weights=(("pen", 1.0),))) == plain


def test_drug_packets_can_be_hidden_inside_food_or_clothing():
    hidden = []
    for index in range(12):
        scan = generate_scan(8, index, SceneConfig(hidden_drug_fraction=1.0), force_classes=("drugs",))
        hidden += [a.hidden_in for a in scan.annotations if a.hidden_in]
    assert len(hidden) >= 6
    assert set(hidden) <= {"bread", "tin", "soap", "clothes", "cigarettes", "tea"}


def test_clean_fraction_zero_and_one():
    assert all(not generate_scan(2, i, SceneConfig(clean_fraction=1.0)).annotations for i in range(3))
    assert all(generate_scan(2, i, SceneConfig(clean_fraction=0.0)).annotations for i in range(3))


def _uniform_scene(table, maps, shape=(200, 300), seed=0):
    belt = np.zeros(shape[0], np.float32)
    return acquire(table, maps, belt, np.random.default_rng(seed))


def test_noise_in_air_is_like_a_real_detector(table):
    shape = (200, 300)
    low, high = _uniform_scene(table, {"water": np.zeros(shape, np.float32)}, shape)
    model = ScannerModel()
    rel = high.std() / high.mean()
    assert abs(high.mean() - model.air_level) < model.air_level * 0.01
    assert 0.004 < rel < 0.015  # a real scanner's air reads about 0.85 % noise
    assert low.std() / low.mean() > rel  # fewer quanta in the thin front detector


def test_thin_copper_wire_is_resolved_and_thick_steel_is_opaque(table):
    """ASTM F792-style checks: a 0.1 mm copper wire in air stands out of the noise; 40 mm of steel
    lets nothing through (black), 20 mm still shows (vendors quote about 30 mm penetration)."""
    shape = (200, 300)
    cu = np.zeros(shape, np.float32)
    cu[:, 150] = 0.01 * 8.96  # 0.1 mm of copper, one pixel wide
    steel = np.zeros(shape, np.float32)
    steel[:, 20:60] = 2.0 * 7.85  # 20 mm
    steel[:, 220:260] = 4.0 * 7.85  # 40 mm
    low, high = _uniform_scene(table, {"copper": cu, "steel": steel}, shape)
    air = high[:, 90:130].astype(float)
    dip = air.mean() - high[:, 150].astype(float).mean()
    assert dip > 5 * air.std() / np.sqrt(shape[0]) and dip > 2 * air.std()
    rgb = render_pseudocolour(high, low, air_high=ScannerModel().air_level, air_low=ScannerModel().air_level)
    assert rgb[:, 225:255].max() < 30, "40 mm steel must render black"
    assert rgb[:, 25:55, 2].mean() > 30, "20 mm steel must still show (dark blue)"


def test_bad_detector_rows_show_as_streaks(table):
    shape = (300, 200)
    rng_model = ScannerModel(bad_row_probability=1.0, bad_row_gain=0.05, row_gain_sd=0.0)
    belt = np.zeros(shape[0], np.float32)
    low, high = acquire(table, {"water": np.zeros(shape, np.float32)}, belt, np.random.default_rng(1), rng_model)
    row_means = high.mean(axis=1)
    assert (abs(row_means - np.median(row_means)) > 0.02 * np.median(row_means)).sum() >= 1

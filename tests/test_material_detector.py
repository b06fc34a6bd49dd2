"""MaterialAnalysisDetector on synthetic objects, the fixture scans and freshly simulated parcels.

The recall and false-alarm bounds are the figures measured on these seeds minus / plus a margin
(seeds other than those the score was tuned on): they guard against regressions, they are not the
detector's quality report. See the report of the change that added the detector for the full curves.
"""
import cv2
import numpy as np
import pytest

from app.detection.base import Detection, DetectorError, Severity
from app.detection.material import MaterialAnalysisDetector
from app.devices.simulated import load_entry, replay_entries
from app.devices.simulator.acquisition import acquire
from app.devices.simulator.generator import generate_scan
from app.devices.simulator.scene import SceneConfig
from app.imaging.render import attenuation, render_pseudocolour

AIR = 50000


@pytest.fixture(scope="module")
def detector():
    return MaterialAnalysisDetector()


def synthetic(table, maps: dict[str, np.ndarray], seed: int = 0):
    """Colour image and raw pair of mass maps (g/cm^2), through the simulator's physics and detector."""
    h = next(iter(maps.values())).shape[0]
    low, high = acquire(table, maps, np.zeros(h, np.float32), np.random.default_rng(seed))
    return render_pseudocolour(high, low, air_high=AIR, air_low=AIR), high, low


def covers(box, x0, y0, x1, y1, slack=3):
    return box[0] <= x0 + slack and box[1] <= y0 + slack and box[2] >= x1 - slack and box[3] >= y1 - slack


def iou(a, b):
    iw, ih = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
    inter = max(iw, 0) * max(ih, 0)
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def found(dets, box) -> bool:
    """A detection overlaps the true box with IoU >= 0.3 or contains its centre."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(iou(d.box, box) >= 0.3 or (d.box[0] <= cx < d.box[2] and d.box[1] <= cy < d.box[3]) for d in dets)


def check_well_formed(dets, shape):
    h, w = shape
    for d in dets:
        assert isinstance(d, Detection) and d.detector == "material-analysis 1.0" and d.note
        assert d.label in ("drugs", "opaque") and 0.0 <= d.score <= 1.0
        expected = Severity.MEDIUM if d.label == "opaque" or d.score < 0.9 else Severity.HIGH
        assert d.severity == expected and (d.label == "opaque" or d.score >= 0.8)
        x0, y0, x1, y1 = d.box
        assert all(isinstance(v, int) for v in d.box)
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, (d.box, shape)


def test_a_40_mm_steel_block_is_opaque_and_15_mm_is_not(table, detector):
    maps = {"steel": np.zeros((300, 400), np.float32)}
    maps["steel"][100:160, 150:230] = 4.0 * 7.85  # 40 mm of steel, in g/cm^2
    maps["steel"][200:250, 280:360] = 1.5 * 7.85  # 15 mm: dense, but the beam gets through
    rgb, high, low = synthetic(table, maps)
    dets = detector.detect(rgb, high, low, AIR, AIR)
    check_well_formed(dets, high.shape)
    opaque = [d for d in dets if d.label == "opaque"]
    assert len(opaque) == 1 and opaque[0].severity == Severity.MEDIUM
    assert covers(opaque[0].box, 150, 100, 230, 160)
    assert opaque[0].box[3] < 200  # the 15 mm plate is not part of it
    assert not [d for d in dets if d.label == "drugs"]  # steel is not organic


def test_air_only_images_give_no_detections(table, detector):
    rgb, high, low = synthetic(table, {"rubber": np.zeros((600, 700), np.float32)})  # photon noise, streaks
    assert detector.detect(rgb, high, low, AIR, AIR) == []
    assert detector.detect(rgb, high, low) == []  # air level estimated from the image
    assert detector.detect(rgb) == []
    flat = np.full((600, 700), AIR, np.uint16)
    assert detector.detect(np.full((600, 700, 3), 255, np.uint8), flat, flat, AIR, AIR) == []


def test_rgb_only_finds_a_black_rectangle_as_opaque(detector):
    rgb = np.full((300, 400, 3), 255, np.uint8)
    rgb[100:160, 150:250] = (8, 6, 4)
    dets = detector.detect(rgb)
    check_well_formed(dets, rgb.shape[:2])
    assert [d.label for d in dets] == ["opaque"]
    assert covers(dets[0].box, 150, 100, 250, 160, slack=1) and dets[0].box == (150, 100, 250, 160)


def test_organic_packet_on_synthetic_background_is_found_and_sugar_dome_is_too_dense(table, detector):
    yy, xx = np.mgrid[0:400, 0:500]
    r = np.sqrt(((xx - 150) / 40.0) ** 2 + ((yy - 150) / 25.0) ** 2)
    pillow = np.sqrt(np.clip(1 - r, 0, 1) * (2 - np.clip(1 - r, 0, 1))).astype(np.float32)
    r2 = np.sqrt(((xx - 350) / 60.0) ** 2 + ((yy - 280) / 50.0) ** 2)
    bag = np.sqrt(np.clip(1 - r2, 0, 1) * (2 - np.clip(1 - r2, 0, 1))).astype(np.float32)
    maps = {"cellulose": np.zeros((400, 500), np.float32), "cocaine_hcl": 1.6 * pillow, "sucrose": 6.0 * bag}
    maps["cellulose"][40:360, 40:460] = 1.0  # a layer of clothes under everything
    rgb, high, low = synthetic(table, maps)
    dets = detector.detect(rgb, high, low, AIR, AIR)
    check_well_formed(dets, high.shape)
    drugs = [d for d in dets if d.label == "drugs"]
    assert found(drugs, (110, 125, 191, 176))  # 80 x 50 mm packet of cocaine, 16 mm at its thickest
    assert not found(drugs, (290, 230, 411, 331))  # 1 kg of sugar: too dense for a packet


def test_fixture_scans_with_raw_pairs_give_well_formed_detections(fixtures_dir, detector):
    entries = [e for e in replay_entries(fixtures_dir) if e.high is not None]
    assert len(entries) >= 8
    for entry in entries:
        scan = load_entry(entry, "test")
        dets = detector.detect_scan(scan)
        check_well_formed(dets, scan.rgb.shape[:2])
        assert dets == detector.detect(scan.rgb, scan.high, scan.low, scan.air_high, scan.air_low)
        check_well_formed(detector.detect(scan.rgb), scan.rgb.shape[:2])  # colour only


def visible(sim, mass) -> bool:
    """A packet a screener could see: its own a_high (about 0.178 cm^2/g for organics) is at least half
    the 10-90 % spread of what lies behind it, from the simulator's item map."""
    own = 0.178 * mass
    behind = cv2.GaussianBlur(attenuation(sim.high, AIR) - own, (0, 0), 2.0)
    footprint = (mass > 0.004).astype(np.uint8)
    core = cv2.erode(footprint, np.ones((5, 5), np.uint8)).astype(bool)
    core = core if core.sum() >= 10 else footprint.astype(bool)
    b = behind[cv2.dilate(footprint, np.ones((7, 7), np.uint8)).astype(bool)]
    return np.median(own[core]) >= 0.5 * max(np.percentile(b, 90) - np.percentile(b, 10), 0.02)


def test_finds_most_visible_drug_packets_in_simulated_parcels(detector):
    hits = total = 0
    for i in range(50):
        sim = generate_scan(4711, i, force_classes=("drugs", "drugs"), keep_item_maps=True)
        dets = detector.detect(sim.rgb, sim.high, sim.low, AIR, AIR)
        check_well_formed(dets, sim.high.shape)
        drugs = [d for d in dets if d.label == "drugs"]
        for ann, mass in zip(sim.annotations, sim.meta["item_maps"]):
            if ann.variant in ("powder_packet", "capsules") and visible(sim, mass):
                total += 1
                hits += found(drugs, ann.box)
    assert total >= 25
    # benchmarks/material_detector.py measures about 0.57-0.62 on fresh seeds at the default threshold;
    # a single seed of ~30 visible packets varies by +-0.1 (this one: 13/28), hence the margin.
    assert hits / total >= 0.4, f"recall {hits}/{total}"


def test_false_drug_alarms_on_clean_parcels_stay_bounded(detector):
    alarms = []
    for i in range(12):
        sim = generate_scan(4712, i, SceneConfig(clean_fraction=1.0))
        assert not sim.annotations
        alarms.append(sum(d.label == "drugs" for d in detector.detect(sim.rgb, sim.high, sim.low, AIR, AIR)))
    # Measured 0.92 per clean parcel: sugar, soap, fruit and folded clothes look like packets by material.
    assert np.mean(alarms) <= 2.0, alarms


@pytest.mark.parametrize("args", [
    (np.zeros((50, 60), np.uint8),),  # not a colour image
    (np.zeros((50, 60, 3), np.float32),),
    (np.zeros((50, 60, 3), np.uint8), np.zeros((50, 60), np.uint16)),  # high without low
    (np.zeros((50, 60, 3), np.uint8), np.zeros((50, 61), np.uint16), np.zeros((50, 61), np.uint16)),
])
def test_bad_input_is_reported_with_a_code(detector, args):
    with pytest.raises(DetectorError) as err:
        detector.detect(*args)
    assert err.value.code == "bad_input"

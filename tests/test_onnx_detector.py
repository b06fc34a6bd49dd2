"""The ONNX runtime of the detector: letterbox and coordinates, per-class thresholds, class-aware
NMS, and clear errors (with material analysis carrying on) for a missing or damaged model."""
import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.detection.base import DetectorError, Severity
from app.detection.factory import REPO_MODELS, CombinedDetector, load_detector
from app.detection.material import MaterialAnalysisDetector
from app.detection.onnx_detector import OnnxDetector, canvas_size, letterbox, pad_to, plan_windows

DATA = Path(__file__).with_name("data")
MODEL = DATA / "constant_detector.onnx"


def test_letterbox_keeps_aspect_and_centres():
    image, scale, dx, dy = letterbox(np.zeros((700, 2000, 3), np.uint8), 64)
    assert image.shape == (64, 64, 3) and scale == pytest.approx(0.032)
    assert dx == 0 and dy == (64 - 22) // 2
    assert image[0, 0, 0] == 114 and image[dy + 1, 5, 0] == 0


def test_a_free_shape_model_gets_grey_bars_only_up_to_the_next_multiple_of_32():
    assert canvas_size(427, 640, 640, free_shape=True) == (448, 640)
    assert canvas_size(640, 416, 640, free_shape=True) == (640, 416)
    assert canvas_size(427, 640, 640, free_shape=False) == (640, 640)
    canvas, dx, dy = pad_to(np.zeros((427, 640, 3), np.uint8), (448, 640))
    assert canvas.shape == (448, 640, 3) and (dx, dy) == (0, 10)
    assert canvas[5, 5, 0] == 114 and canvas[10, 5, 0] == 0 and canvas[437, 5, 0] == 114


def test_boxes_come_back_in_original_pixels_with_thresholds_and_nms():
    det = OnnxDetector(MODEL)
    rows = json.loads(MODEL.with_suffix(".json").read_text())["rows"]
    found = det.detect(np.zeros((700, 900, 3), np.uint8))  # fits one window
    assert sorted((d.label, round(d.score, 2)) for d in found) == [("drugs", 0.45), ("drugs", 0.55), ("knife", 0.9),
                                                                   ("phone", 0.6), ("phone", 0.7)]
    # Every class over its threshold counts, not only a cell's best: row 5 is both drugs and a phone.
    assert {d.label for d in found if d.box[3] < 200} == {"drugs", "phone"}  # row 5 ends at (20 - 7) / 0.071 px
    # By hand: the whole image fits at 64 / 900 = 0.0711 (within 0.9..1.25 of the nominal 48 / 700),
    # so 64 x 50 px, centred on the 64 px input: 0 px left, 7 px above.
    scale, dx, dy = 64 / 900, 0, 7
    knife = next(d for d in found if d.label == "knife")
    x1, y1, x2, y2 = rows[0][:4]
    expected = ((x1 - dx) / scale, (y1 - dy) / scale, (x2 - dx) / scale, (y2 - dy) / scale)
    assert all(abs(a - b) <= 1 for a, b in zip(knife.box, expected)), (knife.box, expected)
    assert knife.severity == Severity.HIGH and next(d for d in found if d.label == "drugs").severity == Severity.MEDIUM
    assert knife.detector == f"constant-test test#{det.fingerprint}"


@pytest.mark.parametrize("h, w", [(700, 2000), (1000, 500), (600, 746), (448, 440), (1000, 3000), (300, 400)])
def test_windows_cover_the_image_at_the_training_scale(h, w):
    size = 416
    scale, (sw, sh), windows = plan_windows(h, w, size)
    across = min(sw, sh) / (0.75 * size)
    assert 0.9 - 0.01 <= across <= 1.25 + 0.01  # the short side within the scales training saw
    if max(h, w) * 0.75 * size * 0.9 / min(h, w) <= size:
        assert len(windows) == 1 and max(sw, sh) <= size  # a whole image when it fits at a trained scale
    covered = np.zeros((sh, sw), bool)
    for x0, y0, x1, y1 in windows:
        assert 0 <= x0 < x1 <= sw and 0 <= y0 < y1 <= sh and max(x1 - x0, y1 - y0) <= size
        covered[y0:y1, x0:x1] = True
    assert covered.all()
    if len(windows) > 1:  # neighbours overlap by a third, so an object cut by one edge is whole in the other
        starts = sorted(w[0] if sw >= sh else w[1] for w in windows)
        assert all(b - a <= size * 0.65 + 1 for a, b in zip(starts, starts[1:]))


def test_a_long_image_is_read_in_windows_and_merged():
    found = OnnxDetector(MODEL).detect(np.zeros((700, 2000, 3), np.uint8))
    knives = [d for d in found if d.label == "knife"]
    assert len(knives) == len(plan_windows(700, 2000, 64)[2]) > 1  # the constant model: one per window
    assert all(0 <= d.box[0] < d.box[2] <= 2000 and 0 <= d.box[1] < d.box[3] <= 700 for d in found)
    assert len({d.box[0] for d in knives}) == len(knives)  # at different places along the belt


def test_missing_and_corrupt_models_are_clear_errors(tmp_path):
    with pytest.raises(DetectorError) as missing:
        OnnxDetector(tmp_path / "nothing.onnx")
    assert missing.value.code == "model_missing"
    broken = tmp_path / "detector.onnx"
    broken.write_bytes(MODEL.read_bytes()[:100])
    shutil.copy(MODEL.with_suffix(".json"), tmp_path / "detector.json")
    with pytest.raises(DetectorError) as corrupt:
        OnnxDetector(broken)
    assert corrupt.value.code == "model_corrupt"
    (tmp_path / "detector.json").write_text("{not json")
    shutil.copy(MODEL, broken)
    with pytest.raises(DetectorError) as bad_meta:
        OnnxDetector(broken)
    assert bad_meta.value.code == "model_corrupt"
    meta = json.loads(MODEL.with_suffix(".json").read_text())
    (tmp_path / "detector.json").write_text(json.dumps({**meta, "box_fusion": {"iou": 0.5}}))
    with pytest.raises(DetectorError) as bad_fusion:
        OnnxDetector(broken)
    assert bad_fusion.value.code == "model_corrupt" and "box_fusion" in str(bad_fusion.value)


def test_factory_falls_back_to_material_analysis(tmp_path):
    detector, problem = load_detector(tmp_path)  # no model at all: the operator is told, material analysis runs
    assert isinstance(detector, MaterialAnalysisDetector) and problem == "model_missing"
    (tmp_path / "detector.onnx").write_bytes(b"\x00garbage")
    (tmp_path / "detector.json").write_text(MODEL.with_suffix(".json").read_text())
    detector, problem = load_detector(tmp_path)
    assert isinstance(detector, MaterialAnalysisDetector) and problem == "model_corrupt"
    shutil.copy(MODEL, tmp_path / "detector.onnx")
    detector, problem = load_detector(tmp_path)
    assert isinstance(detector, CombinedDetector) and problem is None
    labels = {d.label for d in detector.detect(np.full((300, 400, 3), 255, np.uint8))}
    assert {"knife", "phone"} <= labels


def test_site_configuration_overrides_thresholds_and_severity(tmp_path):
    base = OnnxDetector(MODEL)
    assert {d.label for d in base.detect(np.zeros((700, 2000, 3), np.uint8))} == {"knife", "phone", "drugs"}
    tuned = OnnxDetector(MODEL, thresholds={"phone": 0.8}, severity={"knife": "low"})
    found = {d.label: d for d in tuned.detect(np.zeros((700, 2000, 3), np.uint8))}
    assert set(found) == {"knife", "drugs"} and found["knife"].severity == Severity.LOW
    for bad in ({"thresholds": {"rifle": 0.5}}, {"thresholds": {"knife": 1.5}}, {"severity": {"knife": "loud"}}):
        with pytest.raises(DetectorError) as err:
            OnnxDetector(MODEL, **bad)
        assert err.value.code == "config_invalid"
    shutil.copy(MODEL, tmp_path / "other.onnx")
    shutil.copy(MODEL.with_suffix(".json"), tmp_path / "other.json")
    detector, problem = load_detector(DATA, {"model": str(tmp_path / "other.onnx"), "thresholds": {"knife": 0.95}})
    assert problem is None and "knife" not in {d.label for d in detector.detect(np.zeros((700, 2000, 3), np.uint8))}
    detector, problem = load_detector(DATA, {"model": str(tmp_path / "other.onnx"), "severity": {"knife": 3}})
    assert isinstance(detector, MaterialAnalysisDetector) and problem == "config_invalid"


def test_a_site_s_thresholds_swap_in_as_a_new_detector_that_shares_the_network():
    """What the acceptance test's button puts in force while the workstation runs: the same marks and the
    same tag as a detector started on those thresholds; the one in force before is left as it was."""
    from app.detection.factory import with_thresholds

    shipped = OnnxDetector(REPO_MODELS / "detector.onnx")
    before, tag = shipped.thresholds.copy(), shipped.tag
    site = {"phone": 0.9, "knife": 0.3}
    swapped, started = shipped.with_thresholds(site), OnnxDetector(REPO_MODELS / "detector.onnx", thresholds=site)
    assert swapped.tag == started.tag != tag and (shipped.thresholds == before).all() and shipped.tag == tag
    assert swapped.session is shipped.session  # not loaded again
    marks = 0
    for path in sorted((Path(__file__).parents[1] / "fixtures" / "images" / "images").glob("*.png"))[10:22]:
        image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        found = [(d.label, round(d.score, 5), d.box, d.detector) for d in swapped.detect(image)]
        assert found == [(d.label, round(d.score, 5), d.box, d.detector) for d in started.detect(image)]
        marks += len(found)
    assert marks >= 3
    for bad in ({"rifle": 0.5}, {"knife": 0.0}, {"knife": "high"}):
        with pytest.raises(DetectorError) as err:
            shipped.with_thresholds(bad)
        assert err.value.code == "config_invalid"
    combined = CombinedDetector([OnnxDetector(MODEL), MaterialAnalysisDetector()])
    changed = with_thresholds(combined, {"phone": 0.8})
    assert "phone" not in {d.label for d in changed.detect(np.zeros((700, 2000, 3), np.uint8))}
    assert "phone" in {d.label for d in combined.detect(np.zeros((700, 2000, 3), np.uint8))}
    assert changed.detectors[1] is combined.detectors[1] and changed.tag != combined.tag
    with pytest.raises(DetectorError) as err:
        with_thresholds(MaterialAnalysisDetector(), {"phone": 0.8})
    assert err.value.code == "model_missing"


def test_settings_read_the_detection_table(tmp_path):
    from app.config import ConfigError, Settings

    (tmp_path / "config.toml").write_text('[detection]\nthresholds = { knife = 0.3 }\n', encoding="utf-8")
    assert Settings.load(tmp_path).detection == {"thresholds": {"knife": 0.3}}
    (tmp_path / "config.toml").write_text('detection = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        Settings.load(tmp_path)


def test_first_survivors_are_the_best_of_what_nms_keeps():
    """The shortcut for the classes a second look checks (thousands of cells down to its floor) must keep
    the very boxes that full NMS would, in the same order, for any k."""
    from app.detection.boxes import class_aware_nms, first_survivors

    rng = np.random.default_rng(7)
    for trial in range(20):
        n = int(rng.integers(1, 400))
        xy = rng.uniform(0, 300, (n, 2))
        boxes = np.column_stack([xy, xy + rng.uniform(4, 60, (n, 2))]).astype(np.float32)
        scores = rng.uniform(0.01, 1, n).astype(np.float32)
        full = class_aware_nms(boxes, scores, np.zeros(n, int), 0.5)
        full = full[np.argsort(-scores[full], kind="stable")]
        for k in (1, 3, 6, 50):
            assert first_survivors(boxes, scores, k, 0.5).tolist() == full[:k].tolist()


def test_fused_boxes_are_the_weighted_mean_of_their_clusters_best_cells():
    from app.detection.boxes import fuse_boxes

    boxes = np.array([[0, 0, 10, 10],    # 0: kept, class 0
                      [1, 1, 11, 11],    # 1: overlaps 0 by 0.68, scores over half of it: joins it
                      [0, 0, 14, 14],    # 2: overlaps 0, but scores under half of it: left out
                      [30, 30, 40, 40],  # 3: kept, class 0, alone
                      [2, 2, 12, 12],    # 4: kept, class 1: another class's cells never join
                      [50, 50, 50, 60],  # 5: kept, class 0, no area: itself, not NaN
                      [0, 8, 10, 18]],   # 6: class 0, scores high but overlaps 0 by 0.11: left out
                     np.float32)
    scores = np.array([0.9, 0.8, 0.3, 0.85, 0.9, 0.6, 0.95], np.float32)
    classes = np.array([0, 0, 0, 0, 1, 0, 0])
    kept = np.array([0, 3, 4, 5])
    fused = fuse_boxes(boxes, scores, classes, kept, iou=0.5, relative=0.5, power=3)
    w0, w1 = 0.9 ** 3, 0.8 ** 3
    np.testing.assert_allclose(fused[0], (w0 * boxes[0] + w1 * boxes[1]) / (w0 + w1), rtol=1e-5)
    np.testing.assert_allclose(fused[1:], boxes[[3, 4, 5]])
    assert boxes[0].tolist() == [0, 0, 10, 10]  # the input is left alone


def test_the_tag_names_the_exact_files_and_thresholds_that_made_the_marks(tmp_path):
    # Versions count epochs, so two different looks can share one ("1.26"): a record's tag must still differ.
    shipped = REPO_MODELS / "detector.onnx"
    same = OnnxDetector(shipped)
    assert OnnxDetector(shipped).tag == same.tag and same.tag.endswith("#" + same.fingerprint)
    assert len(same.fingerprint) == 8 and len(same.tag) <= 80  # Detection.detector is 80 characters
    assert OnnxDetector(shipped, thresholds={"phone": 0.8}).tag != same.tag  # a site's thresholds change the marks
    for name in ("detector.onnx", "detector.json", "second-look-sim-card.onnx", "second-look-drugs.onnx"):
        shutil.copy(REPO_MODELS / name, tmp_path / name)
    # Another syringe look of the same version and shape: the drug look's weights under the syringe look's name.
    shutil.copy(REPO_MODELS / "second-look-drugs.onnx", tmp_path / "second-look-syringe.onnx")
    swapped = OnnxDetector(tmp_path / "detector.onnx")
    assert swapped.problem is None and swapped.version.split("#")[0] == same.version.split("#")[0]
    assert swapped.tag != same.tag

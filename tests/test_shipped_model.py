"""The model shipped in models/: its metadata agrees with the file, it finds the knives in the
fixtures where their ground truth says, and the clean fixtures stay quiet at the shipped thresholds."""
import json

import cv2
import numpy as np
import onnxruntime as ort
import pytest

from app.detection.factory import REPO_MODELS, load_detector
from app.detection.metrics import iou_matrix
from app.detection.onnx_detector import OnnxDetector
from app.devices.simulator.threats import THREAT_CLASSES

MODEL = REPO_MODELS / "detector.onnx"


@pytest.fixture(scope="module")
def detector():
    return OnnxDetector(MODEL)


@pytest.fixture(scope="module")
def fixture_scans(fixtures_dir):
    manifest = json.loads((fixtures_dir / "manifest.json").read_text(encoding="utf-8"))
    return [(r, cv2.cvtColor(cv2.imread(str(fixtures_dir / r["image"])), cv2.COLOR_BGR2RGB)) for r in manifest["scans"]]


def test_model_and_metadata_agree():
    meta = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    session = ort.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    assert meta["classes"] == list(THREAT_CLASSES)
    assert inp.shape[:2] == [1, 3] and inp.shape[2:] in ([meta["input_size"]] * 2, ["height", "width"])
    assert out.shape[0] == 1 and out.shape[2] == 4 + len(meta["classes"])
    assert set(meta["thresholds"]) == set(meta["classes"]) == set(meta["severity"])
    assert all(0 < t <= 1 for t in meta["thresholds"].values())
    trained = meta["trained"]
    assert trained["command"].startswith("python -m app.training.train") and len(trained["commit"]) == 40
    assert trained["data"] and all("seed" in d and "count" in d for d in trained["data"])
    assert 0 <= meta["benchmark"]["map50"] <= 1 and meta["benchmark"]["latency_ms"]["p50"] > 0
    blob = np.zeros((1, 3, meta["input_size"], meta["input_size"]), np.float32)
    scores = session.run(None, {inp.name: blob})[0][0, :, 4:]
    assert scores.min() >= 0 and scores.max() <= 1  # scores come out as probabilities


def test_workstation_runs_the_model_by_default():
    detector, problem = load_detector()
    assert problem is None and "checkpoint-detector" in detector.name


def test_knives_are_found_where_the_ground_truth_says(detector, fixture_scans):
    knives = [(r, rgb) for r, rgb in fixture_scans if "knife" in [o["label"] for o in r["objects"]]
              and r["objects"][0]["variant"] in ("kitchen", "utility")]  # a razor blade edge-on is a few pixels
    assert len(knives) == 2
    for r, rgb in knives:
        found = [d for d in detector.detect(rgb) if d.label == "knife"]
        assert found, f"{r['image']}: no knife ({r['objects'][0]['variant']})"
        truth = np.array([o["box"] for o in r["objects"] if o["label"] == "knife"], float)
        assert iou_matrix(np.array([d.box for d in found], float), truth).max() >= 0.5, r["image"]


def test_clean_fixtures_stay_quiet(detector, fixture_scans):
    clean = [(r, rgb) for r, rgb in fixture_scans if not r["objects"]]
    assert len(clean) == 10
    loud = {r["image"]: [(d.label, round(d.score, 2)) for d in detector.detect(rgb)] for r, rgb in clean}
    assert not any(loud.values()), loud


def test_a_known_object_at_a_known_place_in_a_wide_image(detector, fixture_scans):
    """A parcel pasted into a 2,000 x 700 px export (letterboxed to the model's input with wide bars):
    the gun comes back where it was put, in the wide image's own pixels."""
    r, rgb = next((r, rgb) for r, rgb in fixture_scans  # a pistol alone: a shape the training saw
                  if [(o["label"], o["variant"]) for o in r["objects"]] == [("gun", "pistol")])
    scale = 700 / rgb.shape[0] * 0.9
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    canvas = np.full((700, 2000, 3), 255, np.uint8)
    x, y = 1100, 35
    canvas[y:y + small.shape[0], x:x + small.shape[1]] = small
    truth = np.array(r["objects"][0]["box"], float) * scale + [x, y, x, y]
    found = [d for d in detector.detect(canvas) if d.label == "gun"]
    assert found, [(d.label, d.score) for d in detector.detect(canvas)]
    assert iou_matrix(np.array([d.box for d in found], float), truth[None]).max() >= 0.5


class InputShapes:
    """Wraps an onnxruntime session and notes the shape of every input it is given."""

    def __init__(self, session):
        self.session, self.shapes = session, []

    def run(self, names, feeds):
        self.shapes.extend(v.shape for v in feeds.values())
        return self.session.run(names, feeds)


def test_a_wide_scan_is_padded_to_a_rectangle_and_finds_the_same(fixture_scans):
    """The shipped model takes a free height and width: a wide scan needs grey bars only up to the next
    multiple of 32, not up to a square, and what it finds is what the square input finds."""
    r, rgb = max(((r, rgb) for r, rgb in fixture_scans if r["objects"]), key=lambda x: x[1].shape[1] / x[1].shape[0])
    free, square = OnnxDetector(MODEL), OnnxDetector(MODEL)
    assert free.free_shape
    square.free_shape = False  # as a model with a fixed square input is run
    free.session, square.session = InputShapes(free.session), InputShapes(square.session)
    found, reference = free.detect(rgb), square.detect(rgb)
    size = free.input_size
    (shape,) = free.session.shapes
    assert square.session.shapes == [(1, 3, size, size)]
    assert shape[3] == size and shape[2] < size and shape[2] % 32 == 0
    assert reference and [d.label for d in found] == [d.label for d in reference]
    for a, b in zip(found, reference):
        assert abs(a.score - b.score) < 0.05
        assert iou_matrix(np.array([a.box], float), np.array([b.box], float))[0, 0] > 0.9


def test_the_looks_side_by_side_mark_what_they_mark_one_after_another(fixture_scans):
    """The three second looks run at once on two threads (each its own classes' candidates): the marks
    are those of the same looks run one after another, on every fixture."""
    together, in_turn = OnnxDetector(MODEL, threads=2), OnnxDetector(MODEL, threads=2)
    assert len(together.second_looks) >= 2 and together._look_pool is not None
    in_turn._look_pool = None
    checked = {c for look in together.second_looks for c in look.checked}
    seen = set()
    for r, rgb in fixture_scans:
        marks = [(d.label, round(d.score, 5), d.box) for d in together.detect(rgb)]
        assert marks == [(d.label, round(d.score, 5), d.box) for d in in_turn.detect(rgb)], r["image"]
        seen.update(label for label, _, _ in marks)
    assert seen & checked  # some looked-at class was marked, so the looks' answers were put to use


def test_box_fusion_moves_boxes_by_a_few_pixels_and_keeps_the_scores(tmp_path, fixture_scans):
    """The shipped model with and without its box fusion: the classes no look checks get the same marks
    and scores (their boxes moved a little); the looked-at classes may score differently, since their
    crops are cut around the fused boxes. Each way has a tag of its own. A box that fusion moves by more
    than a few pixels (a cell's own guess far off, its neighbours' nearer) must fit its object better."""
    import shutil

    meta = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta.get("box_fusion"), "the shipped model fuses its boxes"
    for path in REPO_MODELS.glob("*.onnx"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "detector.json").write_text(json.dumps({**meta, "box_fusion": None}), encoding="utf-8")
    fused, plain = OnnxDetector(MODEL), OnnxDetector(tmp_path / "detector.onnx")
    assert fused.tag != plain.tag and fused.box_fusion and not plain.box_fusion
    looked = {c for look in fused.second_looks for c in look.checked}
    moves = []
    for r, rgb in fixture_scans:
        a = [d for d in fused.detect(rgb) if d.label not in looked]
        b = [d for d in plain.detect(rgb) if d.label not in looked]
        assert [(d.label, round(d.score, 4)) for d in a] == [(d.label, round(d.score, 4)) for d in b]
        for x, y in zip(a, b):
            side = max(y.box[2] - y.box[0], y.box[3] - y.box[1])
            moves.append(max(abs(p - q) for p, q in zip(x.box, y.box)) / side)
            if moves[-1] > 0.15:
                truth = np.array([o["box"] for o in r["objects"] if o["label"] == x.label], float)
                assert len(truth), (r["image"], x)  # a far move on a false mark would be a guess, not a fit
                before, after = (iou_matrix(np.array([d.box], float), truth).max() for d in (y, x))
                assert after > before, (r["image"], x, y)
    assert moves and max(moves) > 0, "fusion moved no box at all"
    assert np.median(moves) <= 0.05 and np.mean(np.array(moves) <= 0.15) >= 0.9  # mostly a few pixels

"""The second look (app/detection/second_look.py): crops cut where the boxes are, each class's best
candidates chosen, the shipped classifier re-scoring only the classes it checks, and a missing or
damaged classifier leaving the detector running on its own thresholds, with the operator told."""
import json
import shutil

import cv2
import numpy as np
import pytest

from app.detection.factory import REPO_MODELS, load_detector
from app.detection.metrics import iou_matrix
from app.detection.onnx_detector import OnnxDetector
from app.detection.second_look import CROP, cut_crops, second_look_specs, spec_classes, top_per_class

MODEL = REPO_MODELS / "detector.onnx"
META = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
SPECS = second_look_specs(META)  # the shipped looks, each checking its own classes
SIM_LOOK = next(s for s in SPECS if "sim_card" in spec_classes(s))


def test_a_crop_holds_its_box_and_marks_it():
    rgb = np.full((300, 400, 3), 40, np.uint8)
    rgb[100:120, 200:230] = 250  # a bright 30 x 20 object
    (crop,) = cut_crops(rgb, np.array([[200, 100, 230, 120]], np.float32))
    assert crop.shape == (4, CROP, CROP) and crop.dtype == np.float32
    mask = crop[3] > 0.5
    # The box is drawn where the object landed in the crop, and the object fills it.
    assert mask.sum() > 0.2 * CROP * CROP and crop[:3, mask].mean() > 0.9
    assert crop[:3, ~mask].mean() < 0.3
    rows, cols = np.nonzero(mask)
    assert abs(rows.mean() - CROP / 2) < 2 and abs(cols.mean() - CROP / 2) < 2
    (edge,) = cut_crops(rgb, np.array([[0, 0, 10, 10]], np.float32))  # beyond the scan: grey, as letterboxed
    assert abs(edge[0, 0, 0] - 114 / 255) < 0.01 and edge[3, -1, -1] == 0


def test_a_tighter_context_gives_the_object_more_of_the_crop():
    """A long object (a syringe's box, 120 px) fills 1/context of the crop's width: 1/1.6 by default,
    1/1.2 for a classifier mined and trained with --context 1.2, whose spec then says so."""
    rgb = np.full((400, 400, 3), 40, np.uint8)
    rgb[190:210, 140:260] = 250
    box = np.array([[140, 190, 260, 210]], np.float32)
    for context, size in ((1.6, 64), (1.2, 96)):
        (crop,) = cut_crops(rgb, box, size, context)
        columns = np.nonzero((crop[3] > 0.5).any(0))[0]
        assert crop.shape == (4, size, size)
        assert abs(len(columns) - size / context) <= 2
        assert crop[:3, crop[3] > 0.5].mean() > 0.8  # the object is where its box is marked

def test_a_smaller_least_side_gives_a_small_object_more_of_the_crop():
    """A SIM card's box (16 px) is under the crop's least side: the default 40 px square gives it 16/40 of
    the crop, a look trained with --min-side 24 (and its spec's "min_side") 16/25.6, context then ruling."""
    rgb = np.full((200, 200, 3), 40, np.uint8)
    rgb[92:108, 92:108] = 250
    box = np.array([[92, 92, 108, 108]], np.float32)
    for min_side, share in ((40.0, 16 / 40), (24.0, 16 / 25.6)):
        (crop,) = cut_crops(rgb, box, 64, 1.6, min_side)
        columns = np.nonzero((crop[3] > 0.5).any(0))[0]
        assert abs(len(columns) - 64 * share) <= 2
        assert crop[:3, crop[3] > 0.5].mean() > 0.8


def test_each_class_keeps_its_best_candidates():
    labels = ["drugs", "syringe", "drugs", "drugs", "syringe", "drugs"]
    scores = [0.1, 0.5, 0.4, 0.05, 0.2, 0.3]
    assert top_per_class(labels, scores, 2).tolist() == [1, 2, 4, 5]
    assert top_per_class([], [], 2).tolist() == []


@pytest.fixture(scope="module")
def scans(fixtures_dir):
    manifest = json.loads((fixtures_dir / "manifest.json").read_text(encoding="utf-8"))
    return [(r, cv2.cvtColor(cv2.imread(str(fixtures_dir / r["image"])), cv2.COLOR_BGR2RGB)) for r in manifest["scans"]]


def test_the_shipped_second_look_rescores_only_the_classes_it_checks(scans):
    for spec in SPECS:
        assert (REPO_MODELS / spec["model"]).is_file() and set(spec["classes"]) < set(META["classes"])
    assert set(META["detector_thresholds"]) == set(META["classes"])
    both, alone = OnnxDetector(MODEL), OnnxDetector(MODEL, second_look=False)
    assert len(both.second_looks) == len(SPECS) and both.problem is None and "+look" in both.version
    for t in (both, alone):
        t.thresholds[:] = 0.05
    checked = {c for look in both.second_looks for c in look.checked}  # a class weighted 0 is left to the detector
    assert checked and checked <= {c for spec in SPECS for c in spec["classes"]}
    changed = 0
    for r, rgb in scans[10:20]:
        mine, theirs = both.detect(rgb), alone.detect(rgb)
        # Classes it does not check come out exactly as the network alone gives them.
        assert sorted((d.label, d.box, round(d.score, 5)) for d in mine if d.label not in checked) == \
            sorted((d.label, d.box, round(d.score, 5)) for d in theirs if d.label not in checked)
        for d in mine:
            if d.label in checked:  # a mark the network made, re-scored and perhaps re-boxed
                same = np.array([t.box for t in theirs if t.label == d.label], float).reshape(-1, 4)
                assert len(same) and iou_matrix(np.array([d.box], float), same).max() > 0.2 and 0 <= d.score <= 1
                score = max(t.score for t in theirs if t.label == d.label and t.box == d.box) \
                    if any(t.box == d.box for t in theirs if t.label == d.label) else None
                changed += score is None or abs(d.score - score) > 1e-3
    assert changed > 0


def test_the_second_look_finds_the_sim_card_fixtures(scans):
    """The fixtures' SIM cards are marked where the ground truth says at the shipped thresholds, at least
    two of the three (the third, 26 x 22 px, is missed by the network alone too),
    and the second look is surer of them than the network alone."""
    both, alone = OnnxDetector(MODEL), OnnxDetector(MODEL, second_look=False)
    cards = [(r, rgb) for r, rgb in scans if "sim_card" in [o["label"] for o in r["objects"]]]
    assert len(cards) == 3
    found = 0
    for r, rgb in cards:
        truth = np.array([o["box"] for o in r["objects"] if o["label"] == "sim_card"], float)
        marks = [d for d in both.detect(rgb) if d.label == "sim_card"]
        if marks and iou_matrix(np.array([d.box for d in marks], float), truth).max() >= 0.5:
            found += 1
            own = [d.score for d in alone.detect(rgb) if d.label == "sim_card"]
            assert max(d.score for d in marks) > max(own, default=0.0)
    assert found >= 2


def test_mirror_averaging_sees_a_mirrored_scan_alike(scans):
    """With each crop averaged with its mirror image, a SIM card in a mirrored scan gets the same
    probability and the mirror of the same box (within the pixel or so that resampling a mirrored scan
    shifts, up to 1.0 px measured on these cards; a box whose offsets are not mirrored back lands 13 px
    or more away). Without the averaging the probabilities differ more (the network is not
    mirror-symmetric by itself). The shipped SIM-card look runs without the mirror (its 96 px crops
    cost as much unmirrored as the old 64 px ones mirrored); the averaging is a setting any look's spec
    can turn on, so it is checked here on that look with it turned on."""
    look = next(look for look in OnnxDetector(MODEL).second_looks if "sim_card" in look.checked)
    assert look.refine["sim_card"]
    flip = np.array([-1, 1, -1, 1], np.float32)

    def both_ways(rgb, boxes):
        width = np.array([rgb.shape[1], 0, rgb.shape[1], 0], np.float32)
        prob, box = look.look(rgb, boxes, ["sim_card"] * len(boxes))
        prob_m, box_m = look.look(np.ascontiguousarray(rgb[:, ::-1]), boxes[:, [2, 1, 0, 3]] * flip + width,
                                  ["sim_card"] * len(boxes))
        return prob, prob_m, box, box_m[:, [2, 1, 0, 3]] * flip + width

    gaps, refined = [], 0
    for r, rgb in scans:
        for o in (o for o in r["objects"] if o["label"] == "sim_card"):
            x0, y0, x1, y1 = o["box"]
            boxes = np.array([[x0 - 2, y0 + 1, x1 + 1, y1 + 3]], np.float32)  # a mark a few pixels off the card
            look.mirror = True
            prob, prob_m, box, back = both_ways(rgb, boxes)
            assert abs(prob[0] - prob_m[0]) < 0.02
            if prob[0] > 0.5:  # a box is refined only where the look sees a card (its box is taught on cards
                # alone): the mini card in 025.png lies in a dense item, all but its chip hidden, and scores 0
                assert np.abs(back - box).max() < 1.5
                refined += np.abs(box - boxes).max() > 1  # the box moved, so the check above means something
            look.mirror = False
            single, single_m, _, _ = both_ways(rgb, boxes)
            gaps.append((abs(prob[0] - prob_m[0]), abs(single[0] - single_m[0])))
    assert len(gaps) == 3 and refined >= 2
    assert sum(g[0] for g in gaps) < sum(g[1] for g in gaps)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_without_its_second_look_the_detector_runs_alone_and_says_so(tmp_path, scans, damage):
    for name in ("detector.onnx", "detector.json", *(spec["model"] for spec in SPECS)):
        shutil.copy(REPO_MODELS / name, tmp_path / name)
    for spec in SPECS:
        looked = tmp_path / spec["model"]
        if damage == "missing":
            looked.unlink()
        else:
            looked.write_bytes(b"not a model")
    detector = OnnxDetector(tmp_path / "detector.onnx")
    assert detector.second_looks == [] and detector.problem == "second_look_unusable"
    own = META["detector_thresholds"]
    assert detector.thresholds.tolist() == pytest.approx([own[c] for c in detector.classes])
    workstation_detector, problem = load_detector(tmp_path)
    assert problem == "second_look_unusable" and "checkpoint-detector" in workstation_detector.name
    r, rgb = next((r, rgb) for r, rgb in scans if [o["label"] for o in r["objects"]] == ["gun"])
    assert "gun" in [d.label for d in workstation_detector.detect(rgb)]


def test_a_damaged_look_leaves_only_its_own_classes_to_the_detector(tmp_path, scans):
    """Two looks, the second one damaged: the first still re-scores its classes on the combined
    thresholds; the damaged one's classes fall back to the network's own thresholds, and it is said."""
    for name in ("detector.onnx", SIM_LOOK["model"]):
        shutil.copy(REPO_MODELS / name, tmp_path / name)
    syringe_look = {**SIM_LOOK, "model": "second-look-syringe.onnx", "classes": ["syringe"],
                    "weights": {"syringe": 0.6}, "refine": {"syringe": False}, "installed_for": ["syringe"]}
    sim_look = dict(SIM_LOOK)
    meta = {**META, "second_look": [sim_look, syringe_look]}
    (tmp_path / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "second-look-syringe.onnx").write_bytes(b"not a model")
    detector = OnnxDetector(tmp_path / "detector.onnx")
    assert [look.checked for look in detector.second_looks] == [["sim_card"]]
    assert detector.problem == "second_look_unusable"
    expected = {**META["thresholds"], "syringe": META["detector_thresholds"]["syringe"]}
    assert detector.thresholds.tolist() == pytest.approx([expected[c] for c in detector.classes])
    # Both looks whole but checking one class twice: the metadata is wrong, the second is refused.
    shutil.copy(REPO_MODELS / SIM_LOOK["model"], tmp_path / "second-look-syringe.onnx")
    meta["second_look"] = [sim_look, {**sim_look, "model": "second-look-syringe.onnx"}]
    (tmp_path / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    detector = OnnxDetector(tmp_path / "detector.onnx")
    assert len(detector.second_looks) == 1 and detector.problem == "second_look_unusable"


def test_the_operator_is_told_what_a_missing_second_look_means():
    from app.ui.messages import error_message

    text = error_message("second_look_unusable")
    assert "second look" in text and "administrator" in text


def test_test_time_flip_sees_a_mirrored_scan_alike(scans):
    """Test-time flip (off in the shipped metadata: measured, twice the network's time) merges the
    network's cells on the scan and on its mirror: a mirrored scan then gets the mirror of the same
    marks, within a pixel of letterbox rounding."""
    detector = OnnxDetector(MODEL, second_look=False)
    assert not detector.test_time_flip
    detector.test_time_flip = True
    r, rgb = next((r, rgb) for r, rgb in scans if [o["label"] for o in r["objects"]] == ["gun"])
    width = rgb.shape[1]
    marks = detector.detect(rgb)
    mirrored = detector.detect(np.ascontiguousarray(rgb[:, ::-1]))
    gun, gun_m = ([d for d in found if d.label == "gun"][0] for found in (marks, mirrored))
    truth = np.array([next(o["box"] for o in r["objects"])], float)
    assert iou_matrix(np.array([gun.box], float), truth)[0, 0] >= 0.5
    assert abs(gun.score - gun_m.score) < 0.02
    back = (width - gun_m.box[2], gun_m.box[1], width - gun_m.box[0], gun_m.box[3])
    assert max(abs(a - b) for a, b in zip(back, gun.box)) <= 2


def test_install_reads_weights_given_by_hand_and_refuses_one_out_of_range():
    from app.training.second_look_install import parse_weights

    assert parse_weights("syringe=0.45,drugs=0.4") == {"syringe": 0.45, "drugs": 0.4}
    assert parse_weights("") == {}
    with pytest.raises(SystemExit, match="between 0 and 1"):
        parse_weights("syringe=1.5")


def test_a_look_that_keeps_its_boxes_can_be_taught_as_ap50_counts():
    """By default a mark half on an object (IoU 0.3-0.5) is taught as the object, so that its box can be
    refined onto it; with --positive-iou 0.5 --negative-iou 0.3 it is taught as not one, as AP@0.5
    counts it, and only the marks between 0.3 and 0.5 are left out."""
    from app.training.second_look import labelled

    iou = np.array([0.0, 0.05, 0.2, 0.4, 0.6, -1.0], np.float32)
    score = np.array([0.3, 0.3, 0.3, 0.3, 0.3, -1.0], np.float32)  # the last: a jittered true box
    data = {"iou": iou, "score": score}
    rows, label = labelled(data)
    assert rows.tolist() == [0, 1, 3, 4, 5] and label.tolist() == [0, 0, 1, 1, 1]
    rows, label = labelled(data, positive_iou=0.5, negative_iou=0.3)
    assert rows.tolist() == [0, 1, 2, 4, 5] and label.tolist() == [0, 0, 0, 1, 1]


def test_hidden_objects_are_drawn_more_without_changing_the_share_of_true_crops():
    """--hidden-boost 3: a true crop on a packet hidden in an item is drawn three times as often as one
    in the open; the true crops' share of the draws, and the false crops' chances, stay as they were."""
    from app.training.second_look import draw_weights, hidden_boost

    cls = np.array([0, 0, 0, 0, 0, 0])
    label = np.array([1, 1, 1, 0, 0, 0], np.float32)
    data = {"hidden": np.array([1, 0, 0, 1, 0, 0], np.int8)}
    data = type("Mined", (dict,), {"files": property(lambda self: list(self))})(data)
    rows = np.arange(6)
    plain = draw_weights(cls, label, 1, 0.3, hidden_boost(data, rows, 1.0))
    assert np.allclose(plain, [0.1, 0.1, 0.1, 0.7 / 3, 0.7 / 3, 0.7 / 3])
    boosted = draw_weights(cls, label, 1, 0.3, hidden_boost(data, rows, 3.0))
    assert np.isclose(boosted[0], 3 * boosted[1]) and np.isclose(boosted[:3].sum(), 0.3)
    assert np.allclose(boosted[3:], plain[3:])  # a false mark on a hidden packet's host is not drawn more
    older = type(data)({})  # mined before mining recorded hidden objects
    with pytest.raises(SystemExit, match="mine again"):
        hidden_boost(older, rows, 3.0)


def test_a_look_blended_by_the_arithmetic_mean_scores_each_mark_so(tmp_path, scans):
    """A look installed with `--combine arithmetic` makes each of its marks' score (1 - w) * the network's
    + w * its own, where a sure look lifts a mark the network scored low; its version and fingerprint
    say so, and a blend it does not know leaves its class to the detector, with the operator told."""
    from app.detection.second_look import combine

    weight = 0.5
    look = {**SIM_LOOK, "weights": {"sim_card": weight}, "refine": {"sim_card": False}}
    detectors = {}
    for blend in ("geometric", "arithmetic"):
        folder = tmp_path / blend
        folder.mkdir()
        for name in ("detector.onnx", SIM_LOOK["model"]):
            shutil.copy(REPO_MODELS / name, folder / name)
        spec = {**look, "combine": blend}
        (folder / "detector.json").write_text(json.dumps({**META, "second_look": [spec]}), encoding="utf-8")
        detectors[blend] = OnnxDetector(folder / "detector.onnx")
    blended, alone = detectors["arithmetic"], OnnxDetector(MODEL, second_look=False)
    assert blended.problem is None and blended.second_looks[0].blend == "arithmetic"
    untagged = {blend: d.version.split("#")[0] for blend, d in detectors.items()}
    assert untagged["arithmetic"].endswith("a") and not untagged["geometric"].endswith("a")
    assert blended.fingerprint != detectors["geometric"].fingerprint
    for t in (*detectors.values(), alone):
        t.thresholds[:] = 0.05
    checked = 0
    for r, rgb in scans:
        network = {d.box: d.score for d in alone.detect(rgb) if d.label == "sim_card"}
        geometric = {d.box: d.score for d in detectors["geometric"].detect(rgb) if d.label == "sim_card"}
        for d in blended.detect(rgb):
            if d.label == "sim_card" and d.box in network and d.box in geometric:
                # the look's own probability, from the geometric mean of the same two scores
                prob = (geometric[d.box] / network[d.box] ** (1 - weight)) ** (1 / weight)
                assert d.score == pytest.approx((1 - weight) * network[d.box] + weight * prob, abs=2e-3)
                checked += 1
    assert checked >= 3
    assert combine(np.float32(0.04), np.float32(0.96), 0.5, "arithmetic") == pytest.approx(0.5)
    assert combine(np.float32(0.04), np.float32(0.96), 0.5) == pytest.approx(0.196, abs=1e-3)
    folder = tmp_path / "arithmetic"
    (folder / "detector.json").write_text(json.dumps({**META, "second_look": [{**look, "combine": "harmonic"}]}),
                                          encoding="utf-8")
    unknown = OnnxDetector(folder / "detector.onnx")
    assert unknown.second_looks == [] and unknown.problem == "second_look_unusable"


def test_looks_averaged_in_one_file_answer_as_the_mean_of_their_parts(tmp_path):
    """`second_look ensemble`: two looks cutting the same crops become one ONNX file whose probability and
    box offsets are the mean of the two looks' own, that the runtime loads as any look (its version
    says "e2"); looks cutting their crops otherwise are refused."""
    pytest.importorskip("onnx")
    import onnxruntime as ort

    from app.detection.second_look import SecondLook
    from app.training.second_look import main as second_look_main

    by_class = {c: s for s in SPECS for c in spec_classes(s)}
    runs = {}
    for name, spec in (("a", by_class["drugs"]), ("b", by_class["syringe"]), ("sim", by_class["sim_card"])):
        runs[name] = tmp_path / name
        runs[name].mkdir()
        shutil.copy(REPO_MODELS / spec["model"], runs[name] / "second-look.onnx")
        (runs[name] / "second-look.json").write_text(json.dumps({**spec, "classes": ["drugs"]}), encoding="utf-8")
    out = tmp_path / "mean"
    second_look_main(["ensemble", "--runs", f"{runs['a']},{runs['b']}", "--out", str(out)])
    crops = np.random.default_rng(0).random((5, 4, 128, 128), np.float32)

    def answers(path):
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return session.run(None, {session.get_inputs()[0].name: crops})

    (pa, ba), (pb, bb), (pm, bm) = (answers(p) for p in (runs["a"] / "second-look.onnx",
                                                          runs["b"] / "second-look.onnx", out / "second-look.onnx"))
    assert not np.allclose(pa, pb)  # two different looks, or the mean proves nothing
    assert np.allclose(pm, (pa + pb) / 2, atol=1e-6) and np.allclose(bm, (ba + bb) / 2, atol=1e-6)
    spec = json.loads((out / "second-look.json").read_text(encoding="utf-8"))
    assert [p["run"] for p in spec["ensemble_of"]] == [str(runs["a"]), str(runs["b"])]
    assert "weight_choice" not in spec and "validation_with_detector" not in spec  # the first part's, not the mean's
    look = SecondLook(out / "second-look.onnx", {**spec, "weights": {"drugs": 0.5}})
    assert look.version.endswith("e2")
    rgb = np.random.default_rng(1).integers(0, 255, (300, 400, 3), np.uint8)
    probs, _ = look.look(rgb, np.array([[50, 60, 120, 140]], np.float32), ["drugs"])
    assert probs.shape == (1,) and 0 <= probs[0] <= 1
    with pytest.raises(SystemExit, match="cuts its crops otherwise"):  # the SIM look: 96 px crops
        second_look_main(["ensemble", "--runs", f"{runs['a']},{runs['sim']}", "--out", str(tmp_path / "no")])

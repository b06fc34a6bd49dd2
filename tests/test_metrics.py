"""The detection metric against cases computed by hand."""
import numpy as np
import pytest

from app.detection.metrics import average_precision, bootstrap_ap, evaluate, interval, iou_matrix, resampled_images


def test_iou_by_hand():
    a = np.array([[0, 0, 10, 10]], float)
    b = np.array([[5, 0, 15, 10], [20, 20, 30, 30]], float)
    np.testing.assert_allclose(iou_matrix(a, b), [[50 / 150, 0.0]])


def test_perfect_and_empty():
    truth = [[("knife", (0, 0, 10, 10))]]
    res = evaluate([[("knife", 0.9, (0, 0, 10, 10))]], truth, ["knife", "gun"])
    assert res["knife"].ap50 == pytest.approx(1.0) and res["knife"].ap50_95 == pytest.approx(1.0)
    assert res["gun"].ap50 == 0.0 and res["gun"].ground_truths == 0


def test_hand_computed_ranking():
    """Two knives; three predictions ranked: hit, false alarm, hit. PR points: (0.5, 1), (0.5, 0.5),
    (1.0, 2/3). Interpolated precision: 1 for recall <= 0.5, 2/3 above: AP = (51 * 1 + 50 * 2/3) / 101."""
    truth = [[("knife", (0, 0, 10, 10))], [("knife", (0, 0, 10, 10))]]
    preds = [[("knife", 0.9, (0, 0, 10, 10)), ("knife", 0.8, (50, 50, 60, 60))], [("knife", 0.7, (0, 0, 10, 10))]]
    res = evaluate(preds, truth, ["knife"])
    assert res["knife"].ap50 == pytest.approx((51 + 50 * 2 / 3) / 101)


def test_loose_box_counts_at_0_5_but_not_at_0_9():
    truth = [[("gun", (0, 0, 10, 10))]]
    res = evaluate([[("gun", 0.9, (0, 0, 10, 14))]], truth, ["gun"])  # IoU 100/140 = 0.71
    assert res["gun"].ap50 == pytest.approx(1.0)
    assert res["gun"].ap50_95 == pytest.approx(5 / 10)  # thresholds 0.5..0.7 pass, 0.75..0.95 fail


def test_average_precision_of_nothing():
    assert average_precision(np.zeros(0), np.zeros(0)) == 0.0


def random_set(rng, n_images=60, miss=0.3, false_rate=1.0):
    """Images with 0-2 knives; a model that finds each with probability 1 - miss (score 0.5-1, box jittered)
    and adds false marks (score 0-0.7)."""
    truths, preds = [], []
    for _ in range(n_images):
        objs = [("knife", tuple(map(float, (x, 10, x + 20, 30)))) for x in rng.choice([0, 40, 80], rng.integers(0, 3), replace=False)]
        found = [("knife", float(rng.uniform(0.5, 1)), tuple(np.add(b, rng.normal(0, 1, 4)))) for _, b in objs if rng.random() > miss]
        false = [("knife", float(rng.uniform(0, 0.7)), (200.0, 200.0, 220.0, 220.0)) for _ in range(rng.poisson(false_rate))]
        truths.append(objs)
        preds.append(found + false)
    return preds, truths


def test_bootstrap_with_every_image_once_is_the_plain_ap():
    preds, truths = random_set(np.random.default_rng(3))
    once = np.ones((1, len(truths)), int)
    assert bootstrap_ap(preds, truths, ["knife"], once)["knife"][0] == pytest.approx(evaluate(preds, truths, ["knife"])["knife"].ap50)


def test_bootstrap_interval_holds_the_figure_and_narrows_with_more_images():
    rng = np.random.default_rng(4)
    widths = []
    for n in (40, 640):
        preds, truths = random_set(rng, n)
        ap = evaluate(preds, truths, ["knife"])["knife"].ap50
        low, high = interval(bootstrap_ap(preds, truths, ["knife"], resampled_images(n, 300, seed=1))["knife"])
        assert low <= ap <= high
        widths.append(high - low)
    assert widths[1] < widths[0] / 2  # four times the interval's width for 1/16 of the images, roughly


def test_paired_resamplings_tell_a_real_difference_from_none():
    rng = np.random.default_rng(5)
    preds, truths = random_set(rng, 400, miss=0.2)
    worse = [[(c, s * (0.6 if rng.random() < 0.5 else 1.0), b) for c, s, b in p] for p in preds]  # hits pushed down
    draws = resampled_images(len(truths), 300, seed=2)
    a = bootstrap_ap(preds, truths, ["knife"], draws)["knife"]
    assert np.all(a - bootstrap_ap(preds, truths, ["knife"], draws)["knife"] == 0)
    low, high = interval(a - bootstrap_ap(worse, truths, ["knife"], draws)["knife"])
    assert low > 0


def test_false_marks_are_those_touching_no_object():
    from app.detection.metrics import false_marks
    objects = [(0, 0, 100, 20)]
    marks = [(0, 0, 100, 20),      # on it
             (80, 0, 130, 20),     # a fifth of it: touches (IoU 0.15)
             (200, 200, 220, 220),  # elsewhere
             (96, 0, 140, 20)]     # its end: IoU 0.03, under the 0.1 that counts as touching
    assert false_marks(marks, objects).tolist() == [[200, 200, 220, 220], [96, 0, 140, 20]]
    assert false_marks(marks, []).shape == (4, 4) and false_marks([], objects).shape == (0, 4)

"""The detection metric against cases computed by hand."""
import numpy as np
import pytest

from app.detection.metrics import average_precision, evaluate, iou_matrix


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

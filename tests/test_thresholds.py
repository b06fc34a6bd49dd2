"""Per-class thresholds chosen on a validation set: precise where the class allows, and stricter
where clean parcels would alarm too often."""
from app.detection.thresholds import choose_thresholds, clean_alarm_rate, match_flags

BOX = (10, 10, 50, 50)
FAR = (200, 200, 240, 240)


def test_match_flags_counts_each_object_once():
    preds = [[("knife", 0.9, BOX), ("knife", 0.8, BOX), ("knife", 0.7, FAR)]]
    scores, flags, n = match_flags(preds, [[("knife", BOX)]], "knife")
    assert list(scores) == [0.9, 0.8, 0.7] and list(flags) == [True, False, False] and n == 1


def test_threshold_is_the_lowest_precise_score_and_clean_parcels_tighten_it():
    # Ten knives found at 0.8; false knives at 0.3 and 0.35 on parcels with other things in them.
    preds = [[("knife", 0.8, BOX)] for _ in range(10)] + [[("knife", 0.3, FAR)], [("knife", 0.35, FAR)]]
    truths = [[("knife", BOX)] for _ in range(10)] + [[("gun", BOX)], [("gun", BOX)]]
    chosen = choose_thresholds(preds, truths, ["knife", "gun"], precision=0.9)
    assert chosen["knife"] == 0.35  # 10 of 12 right below it, 10 of 11 at it
    # Now the false knives are on clean parcels: the rule on clean parcels must lift the threshold above them.
    truths = [[("knife", BOX)] for _ in range(10)] + [[], []]
    chosen = choose_thresholds(preds, truths, ["knife", "gun"], precision=0.5, max_clean_alarm_rate=0.0)
    assert chosen["knife"] == 0.4  # 0.15 would do for precision; clean parcels lift it past the 0.35
    assert clean_alarm_rate(preds, truths, chosen) == 0.0
    assert clean_alarm_rate(preds, truths, {"knife": 0.2, "gun": 0.5}) == 1.0

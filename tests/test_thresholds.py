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


def test_clean_parcels_tighten_the_class_that_loses_the_fewest_real_objects():
    # One clean parcel alarms on a false knife, another on a false lighter, both at 0.4. Ten real knives
    # score 0.42, ten real lighters 0.8. Half the clean parcels may alarm: one class must step up, and
    # lifting knife past 0.42 would lose every knife while lifting lighter loses none.
    preds = ([[("knife", 0.42, BOX)] for _ in range(10)] + [[("lighter", 0.8, BOX)] for _ in range(10)]
             + [[("knife", 0.4, FAR)], [("lighter", 0.4, FAR)]])
    truths = [[("knife", BOX)] for _ in range(10)] + [[("lighter", BOX)] for _ in range(10)] + [[], []]
    chosen = choose_thresholds(preds, truths, ["knife", "lighter"], precision=0.9, max_clean_alarm_rate=0.5)
    assert chosen == {"knife": 0.15, "lighter": 0.45}  # the false lighter is the cheap one to lose
    assert clean_alarm_rate(preds, truths, chosen) == 0.5


def test_high_severity_classes_ask_less_precision_of_themselves():
    # Four real knives at 0.7, four at 0.5; false knives at 0.5 and 0.3 (on parcels with a gun in them).
    # Precision: 0.8 from 0.3 down, 0.89 up to 0.5, 1.0 up to 0.7.
    preds = ([[("knife", 0.7, BOX)] for _ in range(4)] + [[("knife", 0.5, BOX)] for _ in range(4)]
             + [[("knife", 0.5, FAR)], [("knife", 0.3, FAR)]])
    truths = [[("knife", BOX)] for _ in range(8)] + [[("gun", BOX)], [("gun", BOX)]]
    strict = choose_thresholds(preds, truths, ["knife"], precision=0.9)
    relaxed = choose_thresholds(preds, truths, ["knife"], precision=0.9, severity={"knife": "high"},
                                high_precision=0.8)
    assert strict["knife"] == 0.55  # half the knives, every mark right
    assert relaxed["knife"] == 0.15  # every knife, 8 of 10 marks right


def test_a_rare_class_starts_where_it_is_told_and_only_clean_parcels_move_it():
    # No SIM card among these parcels: by precision alone it would fall to the grid's floor (0.15).
    preds = [[("knife", 0.8, BOX)] for _ in range(10)] + [[("sim_card", 0.5, FAR)], [("sim_card", 0.2, FAR)]]
    truths = [[("knife", BOX)] for _ in range(10)] + [[("gun", BOX)], [("gun", BOX)]]
    chosen = choose_thresholds(preds, truths, ["knife", "sim_card"], start={"sim_card": 0.8})
    assert chosen == {"knife": 0.15, "sim_card": 0.8}  # every knife mark is right from the floor up
    # On clean parcels the false SIM card at 0.5 alarms only below its start; at 0.45 the budget lifts it.
    truths = [[("knife", BOX)] for _ in range(10)] + [[], []]
    assert choose_thresholds(preds, truths, ["knife", "sim_card"], start={"sim_card": 0.8},
                             max_clean_alarm_rate=0.0)["sim_card"] == 0.8
    assert choose_thresholds(preds, truths, ["knife", "sim_card"], start={"sim_card": 0.45},
                             max_clean_alarm_rate=0.0)["sim_card"] == 0.55

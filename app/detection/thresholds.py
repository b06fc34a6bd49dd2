"""Per-class score thresholds for a trained model, chosen on a validation set (never the benchmark's).

A class's threshold starts at the lowest score at which its detections are right at least `precision`
of the time (the best F1 where the class never gets there): the most of that class it can find at that
precision. High-severity classes ask less precision of themselves (`high_precision`): a missed blade or
drug packet goes into the prison, while a false mark on a parcel costs the operator a look.

Then, while more than `max_clean_alarm_rate` of the clean parcels would raise any alarm, one class is
made stricter, by the least that quiets one of its clean-parcel alarms: the class whose step silences
the most clean parcels for the fewest real objects lost (counted twice for a high-severity class). The
operator's trust in the alarm is the point: a workstation that cries wolf on every fifth parcel is
switched off in a week; but the step that costs the knife rule most of its knives is the last to take.
Used by the training script to write the metadata's `thresholds`.
"""
from __future__ import annotations

import numpy as np

from .metrics import iou_matrix

GRID = np.round(np.arange(0.15, 0.951, 0.05), 2)
# The rule's settings, the same where a model is trained and where a site chooses its own thresholds.
PRECISION = 0.9
HIGH_SEVERITY_PRECISION = 0.8  # a missed blade goes in; a false mark costs a look
MAX_CLEAN_ALARM_RATE = 0.04


def match_flags(predictions, truths, cls: str, iou: float = 0.5) -> tuple[np.ndarray, np.ndarray, int]:
    """(scores, true-positive flags) of class `cls`'s predictions, best first, and its number of objects."""
    scored = sorted(((s, i, b) for i, pred in enumerate(predictions) for c, s, b in pred if c == cls),
                    key=lambda t: -t[0])
    gts = [np.array([b for c, b in truth if c == cls], float).reshape(-1, 4) for truth in truths]
    used = [np.zeros(len(g), bool) for g in gts]
    flags = np.zeros(len(scored), bool)
    for k, (_, i, box) in enumerate(scored):
        if len(gts[i]):
            ious = iou_matrix(np.array(box, float)[None], gts[i])[0]
            ious[used[i]] = -1
            j = int(ious.argmax())
            if ious[j] >= iou:
                used[i][j] = flags[k] = True
    return np.array([s for s, _, _ in scored], float), flags, sum(len(g) for g in gts)


def precise_threshold(scores: np.ndarray, flags: np.ndarray, n: int, precision: float) -> float:
    """The lowest grid score whose detections are right `precision` of the time, else the best F1's."""
    best, best_f1 = float(GRID[-1]), -1.0
    for t in GRID:
        keep = scores >= t
        tp = int(flags[keep].sum())
        p = tp / max(int(keep.sum()), 1)
        r = tp / max(n, 1)
        if keep.any() and p >= precision:
            return float(t)
        f1 = 2 * p * r / max(p + r, 1e-9)
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def choose_thresholds(predictions, truths, classes: list[str], precision: float = PRECISION,
                      max_clean_alarm_rate: float = MAX_CLEAN_ALARM_RATE, severity: dict[str, str] | None = None,
                      high_precision: float | None = None, start: dict[str, float] | None = None) -> dict[str, float]:
    """predictions[i]: (class, score, box) of image i at a low threshold; truths[i]: (class, box).
    `severity` (class -> "high"/"medium"/...) with `high_precision` relaxes the precision asked of the
    high-severity classes and makes their found objects dearer when the clean-parcel rule tightens.
    `start` (class -> threshold): classes too rare in these images to choose by precision start there
    instead (a site's few labelled parcels may hold no SIM card at all), and only the clean-parcel rule
    may make them stricter."""
    severity = severity or {}
    start = start or {}
    high = {c for c in classes if severity.get(c) == "high"}
    matched = {c: match_flags(predictions, truths, c) for c in classes}
    chosen = {c: float(start[c]) if c in start else
              precise_threshold(*matched[c], high_precision if c in high and high_precision else precision)
              for c in classes}
    clean = [i for i, truth in enumerate(truths) if not truth]
    if not clean:
        return chosen
    # Each clean parcel's best score per class: a parcel alarms where any class reaches its threshold.
    top = np.zeros((len(clean), len(classes)))
    for row, i in enumerate(clean):
        for c, s, _ in predictions[i]:
            k = classes.index(c)
            top[row, k] = max(top[row, k], s)

    def alarming(thresholds: np.ndarray) -> np.ndarray:
        return top >= thresholds[None, :] - 1e-9

    current = np.array([chosen[c] for c in classes])
    while True:
        hits = alarming(current)
        if hits.any(axis=1).mean() <= max_clean_alarm_rate:
            break
        best_k, best_to, best_value = None, 0.0, -1.0
        for k, c in enumerate(classes):
            if not hits[:, k].any():
                continue
            # The least strictness that quiets at least one clean parcel's alarm of this class.
            above = GRID[GRID > top[hits[:, k], k].min() + 1e-9]
            if not len(above):
                continue
            stricter = current.copy()
            stricter[k] = float(above[0])
            after = alarming(stricter)
            silenced = hits.any(axis=1).sum() - after.any(axis=1).sum()  # clean parcels that go quiet
            quieter = hits[:, k].sum() - after[:, k].sum()  # ... or at least lose this class's alarm
            scores, flags, _ = matched[c]
            lost = int((flags & (scores >= current[k] - 1e-9) & (scores < stricter[k] - 1e-9)).sum())
            value = (silenced + 0.1 * quieter) / (lost * (2.0 if c in high else 1.0) + 0.5)
            if value > best_value:
                best_k, best_to, best_value = k, stricter[k], value
        if best_k is None:  # every alarming class is at the top of the grid already
            break
        current[best_k] = best_to
    return {c: float(current[k]) for k, c in enumerate(classes)}


def clean_alarm_rate(predictions, truths, thresholds: dict[str, float]) -> float:
    clean = [i for i, truth in enumerate(truths) if not truth]
    return float(np.mean([any(s >= thresholds[c] for c, s, _ in predictions[i]) for i in clean])) if clean else 0.0

"""Per-class score thresholds for a trained model, chosen on a validation set (never the benchmark's).

A class's threshold is the lowest score at which its detections are right at least `precision` of the
time (the best F1 where the class never gets there); then, while more than `max_clean_alarm_rate` of
the clean parcels would raise any alarm, the class that alarms most on clean parcels is made stricter.
The operator's trust in the alarm is the point: a workstation that cries wolf on every fifth parcel is
switched off in a week. Used by the training script to write the metadata's `thresholds`.
"""
from __future__ import annotations

import numpy as np

from .metrics import iou_matrix

GRID = np.round(np.arange(0.15, 0.951, 0.05), 2)


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


def choose_thresholds(predictions, truths, classes: list[str], precision: float = 0.9,
                      max_clean_alarm_rate: float = 0.04) -> dict[str, float]:
    """predictions[i]: (class, score, box) of image i at a low threshold; truths[i]: (class, box)."""
    chosen = {}
    for cls in classes:
        scores, flags, n = match_flags(predictions, truths, cls)
        best, best_f1 = float(GRID[-1]), -1.0
        for t in GRID:
            keep = scores >= t
            tp = int(flags[keep].sum())
            p = tp / max(int(keep.sum()), 1)
            r = tp / max(n, 1)
            if keep.any() and p >= precision:
                best = float(t)
                break
            f1 = 2 * p * r / max(p + r, 1e-9)
            if f1 > best_f1:
                best, best_f1 = float(t), f1
        chosen[cls] = best
    clean = [i for i, truth in enumerate(truths) if not truth]
    while clean:
        alarms = {c: 0 for c in classes}
        alarmed = 0
        for i in clean:
            hits = {c for c, s, _ in predictions[i] if s >= chosen[c]}
            alarmed += bool(hits)
            for c in hits:
                alarms[c] += 1
        worst = max(classes, key=lambda c: (alarms[c], -chosen[c]))
        if alarmed / len(clean) <= max_clean_alarm_rate or chosen[worst] >= GRID[-1]:
            break
        chosen[worst] = round(min(chosen[worst] + 0.05, float(GRID[-1])), 2)
    return chosen


def clean_alarm_rate(predictions, truths, thresholds: dict[str, float]) -> float:
    clean = [i for i, truth in enumerate(truths) if not truth]
    return float(np.mean([any(s >= thresholds[c] for c, s, _ in predictions[i]) for i in clean])) if clean else 0.0

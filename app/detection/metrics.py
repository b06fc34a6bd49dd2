"""Detection metrics: average precision per class at IoU thresholds (COCO-style 101-point
interpolation), precision/recall at the shipped thresholds, and false alarms per clean image.
One implementation, used by training, `benchmarks/detector.py` and (later) `checkpoint evaluate`."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

IOU_THRESHOLDS = np.round(np.arange(0.5, 0.96, 0.05), 2)
LOOSE_IOU = 0.1  # a mark that overlaps an object this much touches it at all


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in a (N, 4) with every box in b (M, 4), boxes as x1, y1, x2, y2."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    x1 = np.maximum(a[:, None, 0], b[None, :, 0])
    y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2])
    y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-9)


def false_marks(marks, objects) -> np.ndarray:
    """(N, 4) float boxes of `marks` that touch none of `objects` (IoU under LOOSE_IOU): false however
    loosely boxed, so a mark half on its object is not counted against it."""
    marks = np.array(marks, float).reshape(-1, 4)
    objects = np.array(objects, float).reshape(-1, 4)
    return marks[iou_matrix(marks, objects).max(axis=1, initial=0) < LOOSE_IOU] if len(marks) else marks


def average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """Area under the interpolated precision-recall curve, sampled at 101 recall points (COCO)."""
    if len(recall) == 0:
        return 0.0
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    points = np.linspace(0, 1, 101)
    idx = np.searchsorted(recall, points, side="left")
    return float(np.mean([envelope[i] if i < len(envelope) else 0.0 for i in idx]))


@dataclass
class ClassResult:
    ap50: float
    ap50_95: float
    ground_truths: int


def _class_marks(predictions, truths, cls: str):
    """One class's marks over all images, best first (a stable sort, so ties keep their order), each as
    (score, image, box), and its ground-truth boxes per image."""
    gts = [np.array([b for c, b in truth if c == cls], float).reshape(-1, 4) for truth in truths]
    scored = [(s, i, np.array(b, float)) for i, pred in enumerate(predictions) for c, s, b in pred if c == cls]
    scored.sort(key=lambda t: -t[0])
    return scored, gts


def _true_positives(scored, gts, thr: float) -> np.ndarray:
    """1 for each mark (best first) that claims a not yet claimed object of its image at IoU `thr`."""
    used = [np.zeros(len(g), bool) for g in gts]
    tp = np.zeros(len(scored))
    for k, (_, i, box) in enumerate(scored):
        if len(gts[i]) == 0:
            continue
        ious = iou_matrix(box[None], gts[i])[0]
        ious[used[i]] = -1
        j = int(ious.argmax())
        if ious[j] >= thr:
            used[i][j] = True
            tp[k] = 1
    return tp


def evaluate(predictions: list[list[tuple[str, float, tuple]]], truths: list[list[tuple[str, tuple]]],
             classes: list[str], iou_thresholds=IOU_THRESHOLDS) -> dict[str, ClassResult]:
    """predictions[i]: (class, score, box) of image i; truths[i]: (class, box). AP per class, `ap50` at
    the first of `iou_thresholds` and `ap50_95` averaged over them (other thresholds than COCO's ask
    other questions: at IoU 0.1 a mark counts wherever it touches its object)."""
    results = {}
    for cls in classes:
        scored, gts = _class_marks(predictions, truths, cls)
        n_gt = sum(len(g) for g in gts)
        aps = []
        for thr in iou_thresholds:
            ctp = np.cumsum(_true_positives(scored, gts, thr))
            recall = ctp / max(n_gt, 1)
            precision = ctp / np.arange(1, len(scored) + 1) if len(scored) else np.zeros(0)
            aps.append(average_precision(recall, precision) if n_gt else 0.0)
        results[cls] = ClassResult(aps[0], float(np.mean(aps)), n_gt)
    return results


def resampled_images(n_images: int, rounds: int = 1000, seed: int = 0) -> np.ndarray:
    """(rounds, n_images): how many times each image is drawn in each resampling with replacement. The
    same for a given image count and seed, so two models' figures on one set are compared pairwise."""
    rng = np.random.default_rng(seed)
    return np.stack([np.bincount(rng.integers(0, n_images, n_images), minlength=n_images) for _ in range(rounds)])


def bootstrap_ap(predictions, truths, classes: list[str], draws: np.ndarray, iou: float = 0.5) -> dict[str, np.ndarray]:
    """Each class's AP at `iou` on each resampling of the images (`draws`, from resampled_images): how
    much a figure on a few hundred scans would move on another set like it. A set of 80 SIM cards gives
    an AP that another such set could put 0.1 away; two models' difference on the same resamplings
    says whether a change is more than that noise. Returns class -> (rounds,) APs (0 where a resampling
    holds no object of the class). With every image drawn once this is `evaluate`'s AP exactly."""
    results = {}
    for cls in classes:
        scored, gts = _class_marks(predictions, truths, cls)
        tp = _true_positives(scored, gts, iou)
        image = np.array([i for _, i, _ in scored], int)
        objects = draws @ np.array([len(g) for g in gts], float)  # (rounds,)
        weight = draws[:, image].astype(float)  # (rounds, marks): each mark counts as often as its image is drawn
        ctp, count = np.cumsum(weight * tp, axis=1), np.cumsum(weight, axis=1)
        precision = np.divide(ctp, count, out=np.zeros_like(ctp), where=count > 0)
        aps = np.zeros(len(draws))
        for r in range(len(draws)):
            if objects[r] == 0 or not len(scored):
                continue
            aps[r] = average_precision(ctp[r] / objects[r], precision[r])
        results[cls] = aps
    return results


def interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The central `level` share of bootstrap samples (percentile interval)."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)

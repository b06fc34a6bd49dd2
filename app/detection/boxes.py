"""What becomes of the network's cells on the way to marks: each class over its own threshold, class-aware
non-maximum suppression, the first few survivors of one class (for the second looks), and box fusion.
Plain numpy and OpenCV, shared by the runtime (onnx_detector.py) and training's validation."""
from __future__ import annotations

import cv2
import numpy as np

from .metrics import iou_matrix


def class_aware_nms(boxes: np.ndarray, scores: np.ndarray, classes: np.ndarray, iou: float) -> np.ndarray:
    """Indices kept by non-maximum suppression within each class (boxes x1, y1, x2, y2)."""
    if len(boxes) == 0:
        return np.zeros(0, int)
    xywh = np.column_stack([boxes[:, :2], boxes[:, 2:] - boxes[:, :2]])
    kept = cv2.dnn.NMSBoxesBatched(xywh.tolist(), scores.tolist(), classes.tolist(), 0.0, iou)
    return np.asarray(kept, dtype=int).reshape(-1)


def first_survivors(boxes: np.ndarray, scores: np.ndarray, k: int, iou: float) -> np.ndarray:
    """Indices of the first k boxes (one class) that greedy NMS keeps, best first: the k best of what
    class_aware_nms keeps, found in k vectorised steps instead of suppressing every box."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    kept = []
    while len(order) and len(kept) < k:
        best, order = order[0], order[1:]
        kept.append(best)
        order = order[iou_matrix(boxes[best][None], boxes[order])[0] <= iou]
    return np.array(kept, int)


def fuse_boxes(boxes: np.ndarray, scores: np.ndarray, classes: np.ndarray, kept: np.ndarray, iou: float,
               relative: float, power: float) -> np.ndarray:
    """The kept boxes (rows `kept`) each replaced by the score-weighted mean of its own class's cells that
    overlap it by `iou` or more and score at least `relative` times its score, with weights score ** `power`,
    so the best cells count most. One cell's box is a noisy guess; its neighbours' guesses at the same
    object average that noise out, which matters most for a 14 px SIM card, where two pixels decide IoU 0.5.
    Returns (len(kept), 4); the input is left alone."""
    fused = boxes[kept].astype(np.float32, copy=True)
    for c in np.unique(classes[kept]):
        mine = np.nonzero(classes == c)[0]
        rows = np.nonzero(classes[kept] == c)[0]
        near = iou_matrix(boxes[kept[rows]], boxes[mine]) >= iou  # (kept of c, cells of c)
        near &= scores[mine][None, :] >= relative * scores[kept[rows]][:, None]
        near[np.arange(len(rows)), np.searchsorted(mine, kept[rows])] = True  # itself, even when it has no area
        weights = near * scores[mine][None, :].astype(np.float64) ** power
        fused[rows] = (weights @ boxes[mine]) / weights.sum(axis=1, keepdims=True)
    return fused


def over_threshold(scores: np.ndarray, thresholds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cell rows, classes, scores) of every class over its threshold at each cell, not only a cell's best:
    a drug packet scored 0.4 on a cell where a battery scores 0.45 still alarms as drugs.
    `thresholds` is one value or one per class."""
    rows, cls = np.nonzero(scores >= np.asarray(thresholds))  # (N, C) against one or (C,) values
    return rows, cls, scores[rows, cls]

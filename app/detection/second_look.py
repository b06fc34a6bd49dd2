"""A second look at the detector's marks of its weakest classes: a small classifier on a close crop.

The detector scores every cell of the whole parcel with 158k parameters shared by ten classes; a SIM
card (14 px across at 640) or a syringe comes out of it with a score close to a coin's or a
toothbrush's (benchmarks/detector.py: the weak classes' hits score a median 0.37 against 0.23 for
hundreds of false marks). The second look spends its own capacity on only those marks: each candidate
of a checked class, down to a low floor, is cut from the scan at its own resolution with context around
it and a fourth channel that marks the candidate's box, and a classifier trained on the detector's own
marks over the training scans (its true hits against its false ones, app/training/second_look.py)
says whether it is the class. The mark's score becomes a weighted geometric mean of the two scores
(the weight per class chosen on validation scans), so both must agree; the per-class thresholds in the
metadata are chosen on those combined scores.

The classifier is an ONNX file beside the detector, `second_look` in the detector's metadata names it:
    {"model": "second-look.onnx", "classes": [...], "crop": 64, "context": 1.6, "floor": 0.03, "top_k": 6,
     "weights": {class: weight}, "refine": {class: bool}, "mirror": bool, "min_side": 40,
     "combine": "geometric" (the default) or "arithmetic", ...}
or a list of such looks, each with its own crop size and context (a SIM card wants 64 px of close
context, a syringe 96 px of its whole length), each checking its own classes. The network's own
thresholds, for a class whose look cannot load, are the metadata's `detector_thresholds`. A look that is
missing or damaged (DetectorError) leaves its classes to the detector's own scores.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cv2
import numpy as np

from .base import DetectorError
from .onnx_detector import PAD_VALUE, open_session, session_options

CROP = 64  # pixels of the square the classifier sees
MIN_SIDE = 40.0  # a crop covers at least this many scan pixels: a SIM card keeps its own resolution
CONTEXT = 1.6  # the crop's side over the box's longest side: what lies around the object counts
TOP_K = 6  # candidates of one class per scan that get the second look; the rest are dropped
FLOOR = 0.03  # the detector's score from which a candidate is looked at
NMS_IOU = 0.3  # overlap at which two re-scored candidates of a class are one


BLENDS = ("geometric", "arithmetic")  # how a look's score and the detector's make the final one


def combine(detector: np.ndarray, second: np.ndarray, weight: float, blend: str = "geometric") -> np.ndarray:
    """The final score: by default a weighted geometric mean, detector ** (1 - weight) * second ** weight,
    so a mark scores high only where both agree (weight 0.5: the plain geometric mean). "arithmetic":
    (1 - weight) * detector + weight * second, where a sure look can lift a mark the detector scored low
    (a drug packet hidden in bread: the network's score is a few hundredths)."""
    detector, second = np.asarray(detector, np.float32), np.asarray(second, np.float32)
    if blend == "arithmetic":
        return ((1.0 - weight) * detector + weight * second).astype(np.float32)
    return np.power(detector, 1.0 - weight) * np.power(second, weight)


def top_per_class(labels, scores, k: int = TOP_K) -> np.ndarray:
    """Indices of each class's k best-scored candidates, `labels` being each one's class (name or index).
    A scan seldom holds more than two of a class: below its k best, a class's marks are the clutter's."""
    scores = np.asarray(scores, float)
    labels = np.asarray(labels)
    keep = [np.nonzero(labels == c)[0][np.argsort(-scores[labels == c], kind="stable")[:k]] for c in np.unique(labels)]
    return np.sort(np.concatenate(keep)) if keep else np.zeros(0, int)


def crop_squares(boxes: np.ndarray, context: float = CONTEXT, min_side: float = MIN_SIDE) -> np.ndarray:
    """(N, 3) centre x, centre y and side, in scan pixels, of the square cut around each box (x1 y1 x2 y2):
    `context` times its longest side, at least `min_side`."""
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    longest = np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])
    return np.column_stack([cx, cy, np.maximum(min_side, context * longest)])


def crop_fractions(boxes: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Boxes (N, 4) in scan pixels as fractions of their crop squares (N, 3: centre x, y, side)."""
    x0, y0, side = squares[:, 0] - squares[:, 2] / 2, squares[:, 1] - squares[:, 2] / 2, squares[:, 2]
    return (np.asarray(boxes, np.float32) - np.column_stack([x0, y0, x0, y0])) / side[:, None]


def from_fractions(fractions: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Boxes given as fractions of their crop squares (N, 4) back in scan pixels."""
    x0, y0, side = squares[:, 0] - squares[:, 2] / 2, squares[:, 1] - squares[:, 2] / 2, squares[:, 2]
    return np.asarray(fractions, np.float32) * side[:, None] + np.column_stack([x0, y0, x0, y0])


def cut_crops(rgb: np.ndarray, boxes: np.ndarray, size: int = CROP, context: float = CONTEXT,
              min_side: float = MIN_SIDE) -> np.ndarray:
    """(N, 4, size, size) float32: each box's square of the scan (RGB, 0..1; grey beyond the scan's
    edges, as the letterbox is) and a channel that is 1 inside the box, so the classifier knows which of
    the things in the crop is meant."""
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
    h, w = rgb.shape[:2]
    out = np.zeros((len(boxes), 4, size, size), np.float32)
    for i, ((cx, cy, side), box) in enumerate(zip(crop_squares(boxes, context, min_side), boxes)):
        s = size / side
        x0, y0 = cx - side / 2, cy - side / 2
        source, ox, oy = rgb, 0, 0
        if s < 0.5:  # shrinking a long syringe's square: blur first, as INTER_AREA would, so thin lines survive
            sigma = 0.4 / s
            margin = int(np.ceil(3 * sigma)) + 2  # only the square and the blur's reach: not the whole scan
            ox, oy = max(int(x0) - margin, 0), max(int(y0) - margin, 0)
            ex, ey = min(int(x0 + side) + margin + 1, w), min(int(y0 + side) + margin + 1, h)
            if ex > ox and ey > oy:
                source = cv2.GaussianBlur(rgb[oy:ey, ox:ex], (0, 0), sigma)
            else:
                ox, oy = 0, 0
        matrix = np.array([[s, 0, -(x0 - ox) * s], [0, s, -(y0 - oy) * s]], np.float32)
        patch = cv2.warpAffine(source, matrix, (size, size), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=(PAD_VALUE,) * 3)
        out[i, :3] = patch.transpose(2, 0, 1) * (1 / 255.0)
        bx0, by0 = int(np.floor((box[0] - x0) * s)), int(np.floor((box[1] - y0) * s))
        bx1, by1 = int(np.ceil((box[2] - x0) * s)), int(np.ceil((box[3] - y0) * s))
        out[i, 3, max(by0, 0):max(by1, 0), max(bx0, 0):max(bx1, 0)] = 1.0
    return out


class SecondLook:
    """The crop classifier at run time (onnxruntime): `look(rgb, boxes, classes)` -> its probability
    that each candidate is the class the detector gave it, and the box it puts on the object."""

    def __init__(self, model_path: str | Path, spec: dict):
        model_path = Path(model_path)
        if not model_path.is_file():
            raise DetectorError("model_missing", str(model_path))
        try:
            self.classes: list[str] = list(spec["classes"])
            self.crop = int(spec.get("crop", CROP))
            self.context = float(spec.get("context", CONTEXT))
            self.min_side = float(spec.get("min_side", MIN_SIDE))
            self.floor = float(spec.get("floor", FLOOR))
            self.top_k = int(spec.get("top_k", TOP_K))
            self.nms_iou = float(spec.get("nms_iou", NMS_IOU))
            self.weights = {c: float(spec.get("weights", {}).get(c, 0.5)) for c in self.classes}
            self.refine = {c: bool(spec.get("refine", {}).get(c, False)) for c in self.classes}
            # Averaging each crop with its mirror image: validation SIM-card AP@0.5 0.527 -> 0.558, for
            # a handful more 64 x 64 crops.
            self.mirror = bool(spec.get("mirror", False))
            self.blend = str(spec.get("combine", "geometric"))
            if self.blend not in BLENDS:
                raise ValueError(f"combine {self.blend!r} is none of {', '.join(BLENDS)}")
            # A class whose weight is 0 is better ranked by the detector alone: not looked at, no crops cut.
            self.checked = spec_classes(spec)
        except (KeyError, TypeError, ValueError) as exc:
            raise DetectorError("model_corrupt", f"second_look: {exc}") from exc
        # m: mirror-averaged; a: scores blended by the arithmetic mean
        self.version = (str(spec.get("version", "0")) + ("m" if self.mirror else "")
                        + ("a" if self.blend == "arithmetic" else ""))
        # A handful of 64 x 64 crops: one thread does it (and does not spin-wait after its run, or it keeps
        # the cores from the detector's own thread pool on the next scan: measured 2x slower).
        self.session, model = open_session(model_path, session_options(1))
        self.digest = hashlib.sha256(model).digest()  # for the detector's fingerprint
        self.input_name = self.session.get_inputs()[0].name
        width = self.session.get_outputs()[0].shape[-1]
        if isinstance(width, int) and width != len(self.classes):
            raise DetectorError("model_corrupt", f"{model_path.name}: {width} outputs for {len(self.classes)} classes")

    def look(self, rgb: np.ndarray, boxes: np.ndarray, classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities (N,), boxes (N, 4)) for candidate boxes (N, 4) in `rgb`'s pixels, each of the
        class named in `classes`: how sure the second look is that it is that class, and the box it
        puts on the object (the candidate's own where the class's box is not refined)."""
        if len(boxes) == 0:
            return np.zeros(0, np.float32), np.zeros((0, 4), np.float32)
        boxes = np.asarray(boxes, np.float32)
        crops = cut_crops(rgb, boxes, self.crop, self.context, self.min_side)
        n, columns = len(boxes), np.array([self.classes.index(c) for c in classes])
        if self.mirror:  # each crop and its mirror image in one run
            crops = np.concatenate([crops, crops[..., ::-1]])
        outputs = self.session.run(None, {self.input_name: np.ascontiguousarray(crops)})
        probs = outputs[0][np.arange(len(crops)), np.tile(columns, len(crops) // n)].reshape(-1, n).mean(0)
        probs = probs.astype(np.float32)
        if len(outputs) < 2:
            return probs, boxes
        offsets = outputs[1][:n]  # the second output: the object's box less the candidate's (crop fractions)
        if self.mirror:  # the mirror's left edge is the crop's right one, its offsets the other way round
            offsets = (offsets + outputs[1][n:][:, [2, 1, 0, 3]] * np.array([-1, 1, -1, 1], np.float32)) / 2
        squares = crop_squares(boxes, self.context, self.min_side)
        refined = from_fractions(crop_fractions(boxes, squares) + offsets, squares)
        refine = np.array([self.refine.get(c, False) for c in classes])
        return probs, np.where(refine[:, None], refined, boxes)


def second_look_specs(meta: dict) -> list:
    """The looks the detector's metadata names: one spec or a list of them (none: an empty list)."""
    specs = meta.get("second_look") or []
    return [specs] if isinstance(specs, dict) else list(specs) if isinstance(specs, list) else [specs]


def spec_classes(spec) -> list[str]:
    """The classes a look checks (weight above 0), read from its spec alone: what falls back to the
    detector's own thresholds when the look cannot load."""
    try:
        return [c for c in spec["classes"] if float(spec.get("weights", {}).get(c, 0.5)) > 0]
    except (KeyError, TypeError, ValueError, AttributeError):
        return []


def detector_thresholds(meta: dict) -> dict[str, float]:
    """The thresholds chosen for the network's own scores, for classes whose look cannot load: the
    metadata's `detector_thresholds` (older metadata kept them in its one look's spec)."""
    kept = {}
    for spec in second_look_specs(meta):
        if isinstance(spec, dict):
            kept.update(spec.get("detector_thresholds", {}))
    return {**kept, **meta.get("detector_thresholds", {})}


def load_second_look(model_path: Path, spec) -> SecondLook:
    """One look the detector's metadata names, its model file beside the detector's."""
    if not isinstance(spec, dict) or "model" not in spec:
        raise DetectorError("model_corrupt", f"second_look: {json.dumps(spec)[:80]}")
    return SecondLook(Path(model_path).parent / spec["model"], spec)

"""The mined crops as training reads them (app/training/second_look.py): one mined file or several
joined, which of them are taught as the class, and how often each is drawn."""
from __future__ import annotations

import numpy as np

from app.detection.second_look import CONTEXT, MIN_SIDE

from .second_look_mining import NEGATIVE_IOU

REFINE_IOU = 0.3  # a mark this much on an object is taught as that object, its box refined onto it


def labelled(data, positive_iou: float = REFINE_IOU,
             negative_iou: float = NEGATIVE_IOU) -> tuple[np.ndarray, np.ndarray]:
    """(rows to train on, their labels): a mark on an object of its class (IoU >= positive_iou; by default
    REFINE_IOU, so the box can be refined onto it) or a jittered true box is 1, a mark touching none
    (IoU < negative_iou) 0; the rest, half on an object, are left out. A look that will not refine its
    boxes can be taught as AP@0.5 counts (--positive-iou 0.5 --negative-iou 0.3): a mark half on a
    syringe is then not one."""
    iou, score = data["iou"], data["score"]
    positive = (score < 0) | (iou >= positive_iou)
    negative = (score >= 0) & (iou < negative_iou)
    rows = np.nonzero(positive | negative)[0]
    return rows, positive[rows].astype(np.float32)


class MinedSets(dict):
    """Several mined files as one (`train --train a.npz,b.npz`): rows concatenated, the settings the crops
    were cut with checked alike, each file's mining command kept."""

    @property
    def files(self) -> list[str]:
        return list(self)


def mined_setting(data, key: str):
    """A setting a mined file was cut with; files mined before it was recorded were cut with the default."""
    if key in data.files:
        return data[key]
    return np.float32({"context": CONTEXT, "min_side": MIN_SIDE}[key])


def load_mined(paths: str):
    """One mined file as np.load gives it, or several (comma-separated) joined; crops cut otherwise
    (classes, crop size, context, least side) are refused, since the runtime cuts them one way."""
    names = [p for p in paths.split(",") if p]
    if len(names) == 1:
        return np.load(names[0])
    parts = [np.load(n) for n in names]
    first = parts[0]
    for name, part in zip(names[1:], parts[1:]):
        for key in ("classes", "context", "min_side"):
            if not np.array_equal(mined_setting(part, key), mined_setting(first, key)):
                raise SystemExit(f"--train: {name} was mined with another {key} than {names[0]}")
        if part["crops"].shape[1:] != first["crops"].shape[1:]:
            raise SystemExit(f"--train: {name} holds crops of another size than {names[0]}")
    joined = MinedSets({k: first[k] for k in first.files if first[k].ndim == 0 or k == "classes"})
    for key in ("crops", "cls", "label", "score", "scan", "iou", "box", "target"):
        joined[key] = np.concatenate([p[key] for p in parts])
    if all("hidden" in p.files for p in parts):  # mined before it was recorded: not known
        joined["hidden"] = np.concatenate([p["hidden"] for p in parts])
    if all("command" in p.files for p in parts):
        joined["command"] = np.array("; ".join(str(p["command"]) for p in parts))
    return joined


def hidden_boost(data, rows: np.ndarray, boost: float) -> np.ndarray:
    """Each crop's draw factor: `boost` for those on an object hidden inside an everyday item, 1 otherwise."""
    if boost == 1.0:
        return np.ones(len(rows))
    if "hidden" not in data.files:
        raise SystemExit("--hidden-boost: these crops were mined before mining recorded hidden objects; mine again")
    return np.where(data["hidden"][rows] == 1, boost, 1.0)


def draw_weights(cls: np.ndarray, label: np.ndarray, num_classes: int, positive_share: float,
                 factor: np.ndarray) -> np.ndarray:
    """The chance of drawing each crop: a share of true crops, so each batch has them; within each kind,
    every class alike; true crops of a class in proportion to `factor` (hidden objects drawn more)."""
    weights = np.zeros(len(cls))
    for k in range(num_classes):
        for value, share in ((1.0, positive_share), (0.0, 1 - positive_share)):
            m = (cls == k) & (label == value)
            each = factor[m] if value else np.ones(m.sum())  # a false mark near a hidden packet: not drawn more
            weights[m] = share * each / max(each.sum(), 1e-9)
    return weights / weights.sum()

"""Mining for the second look (app/training/second_look.py): the shipped detector's own marks of the
checked classes on a simulated set, cut as labelled crops, with the box of the object each lies on.

    python -m app.training.second_look mine --data data/train --out runs/sl2/train.npz --top-k 8 --jitter 3

Each mark is labelled by its overlap with the nearest object of its class (1 from POSITIVE_IOU, 0 under
NEGATIVE_IOU, -1 between); jittered copies of the true boxes are added as 1. Training relabels from the
stored overlaps (second_look.labelled), so the thresholds here only shape the log and the `label` field.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import time
from pathlib import Path

import cv2
import numpy as np

from app.detection.metrics import iou_matrix
from app.detection.second_look import cut_crops, top_per_class

log = logging.getLogger("second_look")
CHECKED = ("syringe", "sim_card", "drugs")  # the classes under 0.75 AP@0.5 on the held-out set
MINE_FLOOR = 0.03
POSITIVE_IOU = 0.5  # a hit, as AP@0.5 counts it
NEGATIVE_IOU = 0.1  # a mark touching no object of its class this much is taught as not the class


def _mine_chunk(job) -> dict:
    model, folder, records, checked, floor, top_k, jitter, seed, crop, context, min_side = job
    from app.detection.onnx_detector import OnnxDetector

    detector = OnnxDetector(model, threads=1, second_look=False)
    detector.thresholds[:] = [floor if c in checked else 1.0 for c in detector.classes]
    rng = np.random.default_rng(seed)
    crops, cls, labels, scores, scans, overlaps, all_boxes, targets, hidden = [], [], [], [], [], [], [], [], []
    for r in records:
        bgr = cv2.imread(str(Path(folder) / r["image"]), cv2.IMREAD_COLOR)
        if bgr is None:
            continue
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        boxes, names, kinds, marks, ious, goals, inside = [], [], [], [], [], [], []
        found = detector.detect(rgb)
        found = [found[i] for i in top_per_class([d.label for d in found], [d.score for d in found], top_k)]
        for d in found:
            same = [o for o in r["objects"] if o["label"] == d.label]
            truths = np.array([o["box"] for o in same], float).reshape(-1, 4)
            ious_ = iou_matrix(np.array(d.box, float)[None], truths)[0] if len(truths) else np.zeros(0)
            best = float(ious_.max()) if len(truths) else 0.0
            nearest = int(ious_.argmax()) if best > 0 else None
            goals.append(truths[nearest] if nearest is not None else np.zeros(4))
            inside.append(nearest is not None and bool(same[nearest].get("hidden_in")))
            label = 1 if best >= POSITIVE_IOU else 0 if best < NEGATIVE_IOU else -1
            boxes.append(d.box), names.append(d.label), kinds.append(label), marks.append(d.score), ious.append(best)
        for o in r["objects"]:  # the true boxes too, shifted and scaled as a detector's box would be
            if o["label"] not in checked:
                continue
            x0, y0, x1, y1 = map(float, o["box"])
            for _ in range(jitter):
                w, h = x1 - x0, y1 - y0
                dx, dy = rng.uniform(-0.2, 0.2, 2) * (w, h)
                sw, sh = rng.uniform(0.75, 1.33, 2)
                cx, cy = (x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy
                boxes.append((cx - w * sw / 2, cy - h * sh / 2, cx + w * sw / 2, cy + h * sh / 2))
                names.append(o["label"]), kinds.append(1), marks.append(-1.0), ious.append(-1.0)
                goals.append(np.array([x0, y0, x1, y1])), inside.append(bool(o.get("hidden_in")))
        if boxes:
            patch = cut_crops(rgb, np.array(boxes, np.float32), crop, context, min_side)
            crops.append((patch * 255 + 0.5).astype(np.uint8))
            cls.extend(checked.index(n) for n in names)
            labels.extend(kinds), scores.extend(marks), scans.extend([int(r["index"])] * len(boxes))
            overlaps.extend(ious), all_boxes.extend(boxes), targets.extend(goals), hidden.extend(inside)
    return {"crops": np.concatenate(crops) if crops else np.zeros((0, 4, crop, crop), np.uint8),
            "cls": np.array(cls, np.int8), "label": np.array(labels, np.int8),
            "score": np.array(scores, np.float32), "scan": np.array(scans, np.int32),
            "iou": np.array(overlaps, np.float32),  # with the nearest true object of the mark's class
            "box": np.array(all_boxes, np.float32).reshape(-1, 4),
            "target": np.array(targets, np.float32).reshape(-1, 4),  # that object's box (zeros: none)
            "hidden": np.array(hidden, np.int8)}  # 1: that object lies hidden inside an everyday item


def mine(args) -> None:
    manifest = json.loads((Path(args.data) / "manifest.json").read_text(encoding="utf-8"))
    records = manifest["scans"][: args.limit or None]
    checked = tuple(args.classes.split(","))
    chunks = [records[i::args.workers * 8] for i in range(args.workers * 8)]
    jobs = [(args.model, args.data, chunk, checked, args.floor, args.top_k, args.jitter, i, args.crop, args.context,
             args.min_side)
            for i, chunk in enumerate(chunks)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        parts = pool.map(_mine_chunk, jobs)
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, classes=np.array(checked), context=np.float32(args.context), min_side=np.float32(args.min_side),
             command=np.array(args.command_line),
             **merged)
    for i, c in enumerate(checked):
        mine_ = merged["cls"] == i
        det = mine_ & (merged["score"] >= 0)
        log.info("%s: %d detector marks (%d hits, %d of them hidden; %d false, %d between), %d jittered true boxes"
                 " (%d hidden)", c, det.sum(), (det & (merged["label"] == 1)).sum(),
                 (det & (merged["label"] == 1) & (merged["hidden"] == 1)).sum(), (det & (merged["label"] == 0)).sum(),
                 (det & (merged["label"] == -1)).sum(), (mine_ & (merged["score"] < 0)).sum(),
                 (mine_ & (merged["score"] < 0) & (merged["hidden"] == 1)).sum())
    log.info("mined %d scans in %.0f s -> %s", len(records), time.perf_counter() - t0, out)

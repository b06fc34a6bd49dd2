"""The detector's accuracy on a held-out simulated set and its speed on this CPU.

    checkpoint sim generate --count 1000 --seed 2 --out data/heldout --no-raw --rgb-format jpg
    python benchmarks/detector.py --data data/heldout --reference [--write-metadata]

The held-out set is a seed training never used, with every shape variant, including the ones
(HELD_OUT_VARIANTS) the training set leaves out. Prints AP@0.5 and AP@0.5:0.95 per class and their
means, recall at the shipped thresholds for seen and unseen shape variants, AP@0.5 per shape variant
of each class under 0.75 and, where the set records it, by the objects' contrast, what its false marks
lie on (each parcel composed again from its seed: the item a mark boxes whole, or part of), the share of clean
scans with any alarm, and latency p50/p95 per image (letterbox, inference, NMS, the second look) with
onnxruntime, beside the detector's alone. Each AP comes with its 95 % interval over 1,000 resamplings
of the scans: a class with 80 objects can score 0.1 higher or lower on another set like this one.
--baseline OTHER.onnx runs a second model on the same scans and prints the difference per class with
its interval over the same resamplings, so a change is told from that noise, and times it in the
same turns, so what a change costs is measured too.
--reference also times a YOLOv8n-size network at the same input size and thread count, exported to
ONNX from random weights (benchmarks/reference_yolov8n.py, or ultralytics' own definition when that
benchmark-only, AGPL package is installed; never shipped), so the ratio is measured in the same run:
the reference, the detector and the detector without its second looks take turns, 50 images each, so
a slow spell of a shared machine weighs on all of them alike.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from app.detection.metrics import (LOOSE_IOU, bootstrap_ap, evaluate, false_marks, interval, iou_matrix,  # noqa: E402
                                   resampled_images)
from app.services.evaluation import CURVE_FLOOR, format_scores, score_predictions  # noqa: E402
from app.devices.simulator.dataset import PART_COVER, WHOLE_ITEM_IOU, item_under, scene_items  # noqa: E402
from app.devices.simulator.threats import HELD_OUT_VARIANTS  # noqa: E402
from app.detection.onnx_detector import OnnxDetector, letterbox, session_options  # noqa: E402

WEAK_AP50 = 0.75  # the floor for any one class
# Bands of an object's contrast (app/devices/simulator/generator.py: object_contrast, RGB distance at
# the 90th percentile of its pixels): under 30 it is a faint shade in the clutter, from 80 it stands out.
CONTRAST_EDGES = (30.0, 80.0)
FAINT_CONTRAST = 20.0  # under this, an object is hardly visible at all (a few levels against clutter)
# The weak classes' objects mostly score under the shipped thresholds (median 0.1-0.4), so what they are
# confused with shows among the marks at this score, where their AP is won or lost, not at the threshold.
DOUBT_SCORE = 0.25


RESAMPLINGS = 1000  # of the scans, drawn with replacement, for the intervals (app/detection/metrics.py)


def span(samples: np.ndarray, digits: int = 3, signed: bool = False) -> str:
    """A bootstrap's 95 % interval as [low, high]."""
    low, high = interval(samples)
    fmt = f"{{:{'+' if signed else ''}.{digits}f}}"
    return f"[{fmt.format(low)}, {fmt.format(high)}]"


def latency(runs, images, repeats: int = 1, block: int = 50) -> list[tuple[float, float]]:
    """p50 and p95 per image, in ms, of each of `runs`, timed side by side: they take turns, each a block of
    `block` images at a time (the order rotating from turn to turn), so a slow spell of a shared machine
    falls on each alike instead of on whichever was timed during it. Whole blocks rather than single
    images, since a network run straight after another finds the processor's caches full of the other's
    weights; a checkpoint PC runs one detector, its caches warm."""
    times: list[list[float]] = [[] for _ in runs]
    chunks = [images[i:i + block] for i in range(0, len(images), block)] * repeats
    for turn, chunk in enumerate(chunks):
        for k in range(len(runs)):
            which = (turn + k) % len(runs)
            for image in chunk:
                t0 = time.perf_counter()
                runs[which](image)
                times[which].append((time.perf_counter() - t0) * 1000)
    return [(float(np.percentile(t, 50)), float(np.percentile(t, 95))) for t in times]


def reference_network(num_classes: int):
    """(module, how it was built): ultralytics' own YOLOv8n definition if installed, else the same topology
    written out in benchmarks/reference_yolov8n.py. Random weights: only its speed matters."""
    try:
        from ultralytics.nn.tasks import DetectionModel

        return DetectionModel("yolov8n.yaml", nc=num_classes, verbose=False).eval(), "ultralytics yolov8n.yaml"
    except ImportError:
        from reference_yolov8n import build

        return build(num_classes), "YOLOv8n topology in plain torch (benchmarks/reference_yolov8n.py)"


def reference_runner(size: int, num_classes: int, threads: int):
    """(run one RGB image through it, how it was built, millions of parameters), or None without torch."""
    try:
        import onnxruntime as ort
        import torch
    except ImportError:
        return None
    model, how = reference_network(num_classes)
    params = sum(p.numel() for p in model.parameters()) / 1e6
    path = Path(tempfile.mkdtemp()) / "yolov8n.onnx"
    with warnings.catch_warnings():
        # the legacy exporter is chosen on purpose (no onnxscript needed); its notice is noise here
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(model, torch.zeros(1, 3, size, size), str(path), opset_version=17, dynamo=False)
    options = session_options(threads)  # OnnxDetector's own (no spin-waiting): the ratio compares networks
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    def run(rgb):
        image = letterbox(rgb, size)[0]
        session.run(None, {name: (image.astype(np.float32) / 255).transpose(2, 0, 1)[None]})

    return run, how, params


def recall_by_variant(preds, records, thresholds: dict[str, float], held_out: set[str]) -> dict[str, dict]:
    """Per class, the share of objects found at the shipped thresholds (IoU >= 0.5): [found, objects] for
    shape variants training saw ("seen") and never saw ("unseen"), and for objects lying in the open
    ("open") and hidden inside another item, as drug packets in food or soap are ("hidden")."""
    counts: dict[str, dict[str, list[int]]] = {}
    for pred, r in zip(preds, records):
        for o in r["objects"]:
            boxes = np.array([b for c, s, b in pred if c == o["label"] and s >= thresholds[c]], float).reshape(-1, 4)
            hit = len(boxes) > 0 and iou_matrix(np.array(o["box"], float)[None], boxes).max() >= 0.5
            tallies = counts.setdefault(o["label"], {k: [0, 0] for k in ("seen", "unseen", "open", "hidden")})
            for kind in ("unseen" if f"{o['label']}/{o['variant']}" in held_out else "seen",
                         "hidden" if o.get("hidden_in") else "open"):
                tallies[kind][0] += int(hit)
                tallies[kind][1] += 1
    return counts


def ap50_kept(preds, records, cls: str, keep) -> float:
    """AP@0.5 of one class over the objects `keep(object)` accepts, the rest set aside as Pascal VOC sets
    aside its "difficult" objects: they count neither as misses nor, when a detection lands on one
    (IoU >= 0.5), as false alarms. Tells how a class's AP splits between kinds of object."""
    kept_preds, kept_truths = [], []
    for pred, r in zip(preds, records):
        kept, aside = [], []
        for o in r["objects"]:
            if o["label"] == cls:
                (kept if keep(o) else aside).append(o["box"])
        mine = [(c, s, b) for c, s, b in pred if c == cls]
        if aside and mine:
            on_aside = iou_matrix(np.array([b for _, _, b in mine], float), np.array(aside, float)).max(axis=1) >= 0.5
            mine = [m for m, off in zip(mine, ~on_aside) if off]
        kept_preds.append(mine)
        kept_truths.append([(cls, tuple(box)) for box in kept])
    return evaluate(kept_preds, kept_truths, [cls])[cls].ap50


def ap50_set_aside(preds, records, cls: str, hidden: bool) -> float:
    """AP@0.5 of one class with the objects hidden inside another item (hidden=True) or those in the open
    set aside. Tells how much of a class's AP the hiding costs."""
    return ap50_kept(preds, records, cls, lambda o: bool(o.get("hidden_in")) != hidden)


def ap50_by_variant(preds, records, cls: str) -> dict[str, tuple[float, int]]:
    """{shape variant: (AP@0.5 with the class's other variants set aside, objects)} for one class."""
    counts: dict[str, int] = {}
    for r in records:
        for o in r["objects"]:
            if o["label"] == cls:
                counts[o["variant"]] = counts.get(o["variant"], 0) + 1
    return {v: (ap50_kept(preds, records, cls, lambda o, v=v: o["variant"] == v), n) for v, n in sorted(counts.items())}


def ap50_by_contrast(preds, records, cls: str, edges=CONTRAST_EDGES) -> dict[str, tuple[float, int]]:
    """{contrast band: (AP@0.5 with the class's objects in other bands set aside, objects)} for one class,
    on a set whose manifest records each object's contrast; bands with no object are left out.
    Tells whether a class is weak because its objects can hardly be seen or because the detector
    misses ones that can."""
    bounds = [0.0, *edges, float("inf")]
    result = {}
    for lo, hi in zip(bounds, bounds[1:]):
        inside = lambda o, lo=lo, hi=hi: lo <= o["contrast"] < hi  # noqa: E731
        n = sum(1 for r in records for o in r["objects"] if o["label"] == cls and inside(o))
        if n:
            name = f"under {hi:g}" if lo == 0 else f"{lo:g} and over" if hi == float("inf") else f"{lo:g}-{hi:g}"
            result[name] = (ap50_kept(preds, records, cls, inside), n)
    return result


def map50_without_faint(preds, records, classes, floor: float = FAINT_CONTRAST) -> tuple[float, int]:
    """(mean AP@0.5 over the classes present with the objects under contrast `floor` set aside, how many
    were set aside): what the detector scores on what can be seen, beside the full figure."""
    present = [c for c in classes if any(o["label"] == c for r in records for o in r["objects"])]
    aps = [ap50_kept(preds, records, c, lambda o: o["contrast"] >= floor) for c in present]
    faint = sum(1 for r in records for o in r["objects"] if o["contrast"] < floor)
    return float(np.mean(aps)) if aps else 0.0, faint


def ap_loose(preds, records, cls: str, iou: float = LOOSE_IOU) -> float:
    """AP of one class where a mark counts once it overlaps its object by IoU `iou`: when it is far above
    AP@0.5 the class's boxes are badly placed; when it is close, the class is missed or confused."""
    truths = [[(o["label"], tuple(o["box"])) for o in r["objects"]] for r in records]
    return evaluate(preds, truths, [cls], iou_thresholds=(iou,))[cls].ap50


def box_fit_by_variant(preds, records, cls: str) -> dict[str, tuple[int, int, float, float]]:
    """{shape variant: (objects, objects a mark touches, median IoU of the best-scoring touching mark, share
    of those at IoU 0.5 or more)} for one class: where a class is found but its boxes do not count, which
    shape it is (a mini SIM card's mark covers the chip, not the card's faint plastic body)."""
    fits: dict[str, list[float | None]] = {}  # per object: its best-scoring touching mark's IoU, or None
    for pred, r in zip(preds, records):
        mine = [o for o in r["objects"] if o["label"] == cls]
        marks = [(s, b) for c, s, b in pred if c == cls]
        ious = iou_matrix(np.array([o["box"] for o in mine], float).reshape(-1, 4),
                          np.array([b for _, b in marks], float).reshape(-1, 4))
        for o, row in zip(mine, ious):
            touching = [k for k in range(len(marks)) if row[k] >= LOOSE_IOU]
            best = max(touching, key=lambda k: marks[k][0]) if touching else None
            fits.setdefault(o["variant"], []).append(None if best is None else float(row[best]))
    out = {}
    for variant, values in sorted(fits.items()):
        hit = np.array([v for v in values if v is not None])
        out[variant] = (len(values), len(hit), float(np.median(hit)) if len(hit) else 0.0,
                        float(np.mean(hit >= 0.5)) if len(hit) else 0.0)
    return out


def false_marks_in(pred, record: dict, cls: str, threshold: float) -> np.ndarray:
    """(N, 4) boxes of one scan's `cls` marks at or over `threshold` that touch no object of the class."""
    return false_marks([b for c, s, b in pred if c == cls and s >= threshold],
                       [o["box"] for o in record["objects"] if o["label"] == cls])


def false_marks_by_item(preds, records, cls: str, threshold: float = DOUBT_SCORE, least: int = 50, top: int = 4):
    """(share of scans with a false `cls` mark, [(benign item, how many times likelier such a mark is in
    the scans that hold it, scans that hold it)]): which everyday items the detector takes for the class.
    A false mark is one at or over `threshold` that touches no object of the class (IoU under LOOSE_IOU); items
    held by fewer than `least` scans are left out."""
    marked = [len(false_marks_in(pred, r, cls, threshold)) > 0 for pred, r in zip(preds, records)]
    base = sum(marked) / max(len(records), 1)
    holding: dict[str, list[bool]] = {}
    for r, m in zip(records, marked):
        for item in set(r.get("contents", ())):
            holding.setdefault(item, []).append(m)
    lift = [(item, float(np.mean(ms)) / base, len(ms)) for item, ms in holding.items() if len(ms) >= least and base]
    return base, sorted(lift, key=lambda t: -t[1])[:top]


def false_marks_on_items(preds, records, manifest: dict, classes, threshold: float = DOUBT_SCORE):
    """What each class's false marks at or over `threshold` (touching no object of the class, IoU under
    LOOSE_IOU) lie on, each scan's parcel composed again once (`scene_items`, `item_under`): {class:
    (false marks, {item: marks that box it whole}, {item: marks on a part of it}, marks across several
    items or on none)}."""
    found = {c: (0, {}, {}, 0) for c in classes}
    for pred, r in zip(preds, records):
        marks = {c: false_marks_in(pred, r, c, threshold) for c in classes}
        if not any(len(m) for m in marks.values()):
            continue
        everything = scene_items(manifest, r)
        for c, boxes in marks.items():
            total, whole, part, across = found[c]
            items = [item for item in everything if item[1] != c]
            for mark in boxes:
                total += 1
                under = item_under(mark, items)
                if under is None:
                    across += 1
                else:
                    name, counts = items[under[0]][0], whole if under[1] else part
                    counts[name] = counts.get(name, 0) + 1
            found[c] = (total, whole, part, across)
    return found


def most_often(counts: dict[str, int], top: int = 4) -> str:
    """"pen 27, comb 18, ...": the `top` commonest, or "-"."""
    return ", ".join(f"{item} {n}" for item, n in sorted(counts.items(), key=lambda t: -t[1])[:top]) or "-"


def objects_within_reach(preds, records, cls: str, top_k: int, iou: float = 0.5) -> tuple[int, int]:
    """(objects of `cls` that one of the class's `top_k` best marks in their scan overlaps by `iou` or more,
    objects of `cls`): the most a second look re-scoring those marks could find. Marks are the network's
    own, after its NMS, so this says whether a weak class is lost before the look or by it."""
    reached = total = 0
    for pred, r in zip(preds, records):
        mine = np.array([o["box"] for o in r["objects"] if o["label"] == cls], float).reshape(-1, 4)
        if not len(mine):
            continue
        marks = sorted((m for m in pred if m[0] == cls), key=lambda m: -m[1])[:top_k]
        boxes = np.array([b for _, _, b in marks], float).reshape(-1, 4)
        total += len(mine)
        if len(boxes):
            reached += int((iou_matrix(mine, boxes).max(axis=1) >= iou).sum())
    return reached, total


def heldout_scores(detector: OnnxDetector, folder: Path, records: list[dict]):
    """(scores, predictions, ground truths, the first 100 images) of the detector on a simulated set's manifest records.
    One pass at a low threshold gives the precision-recall curves; the shipped per-class thresholds
    are then applied to the same detections (NMS within a class makes that the same as rerunning)."""
    shipped = dict(zip(detector.classes, detector.thresholds.tolist()))
    detector.thresholds[:] = CURVE_FLOOR
    preds, truths, images = [], [], []
    try:
        for r in records:
            rgb = cv2.cvtColor(cv2.imread(str(folder / r["image"])), cv2.COLOR_BGR2RGB)
            if len(images) < 100:
                images.append(rgb)
            preds.append([(d.label, d.score, d.box) for d in detector.detect(rgb)])
            truths.append([(o["label"], tuple(o["box"])) for o in r["objects"]])
    finally:
        detector.thresholds[:] = [shipped[c] for c in detector.classes]
    return score_predictions(preds, truths, detector.classes, shipped), preds, truths, images  # as `checkpoint evaluate`


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="models/detector.onnx")
    p.add_argument("--data", required=True, help="held-out dataset folder (manifest.json)")
    p.add_argument("--reference", action="store_true", help="time a YOLOv8n-size network in the same run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--write-metadata", action="store_true", help="record the figures in the model's .json")
    p.add_argument("--baseline", default="",
                   help="another model file to compare with on the same scans: the difference per class, with "
                        "how far it could move on another set (paired resampling of the scans)")
    p.add_argument("--test-time-flip", action="store_true",
                   help="the network also sees each scan mirrored (twice its time; thresholds are the metadata's)")
    args = p.parse_args()
    detector = OnnxDetector(args.model, threads=args.threads)
    detector.test_time_flip = detector.test_time_flip or args.test_time_flip
    manifest = json.loads((Path(args.data) / "manifest.json").read_text(encoding="utf-8"))
    records = manifest["scans"][: args.limit or None]
    scores, preds, truths, images = heldout_scores(detector, Path(args.data), records)
    shipped = dict(zip(detector.classes, detector.thresholds.tolist()))
    held_out = set(manifest.get("config", {}).get("exclude_variants") or ()) or set(HELD_OUT_VARIANTS)
    recall = recall_by_variant(preds, records, shipped, held_out)
    print(f"model {detector.tag}, {len(records)} held-out scans from {args.data} "
          f"(seed {manifest['seed']}; shape variants never trained on: {len(held_out)})"
          f"{'; test-time flip: each scan also seen mirrored' if detector.test_time_flip else ''}")
    print(format_scores(scores))
    draws = resampled_images(len(records), RESAMPLINGS)
    present = scores.present
    boot = bootstrap_ap(preds, truths, present, draws)
    boot_map = np.mean([boot[c] for c in present], axis=0)
    print(f"\nHow far these could move on another set like this one (95 % of {RESAMPLINGS} resamplings of the "
          f"scans):\nmAP50 {scores.map50:.3f} {span(boot_map)}; " +
          ", ".join(f"{c} {scores.classes[c].ap50:.2f} {span(boot[c], 2)}" for c in present))
    other = None
    if args.baseline:  # the same scans through another model, the same resamplings: a paired difference
        other = OnnxDetector(args.baseline, threads=args.threads)
        other_scores, other_preds, _, _ = heldout_scores(other, Path(args.data), records)
        other_boot = bootstrap_ap(other_preds, truths, present, draws)
        gain = lambda c: scores.classes[c].ap50 - other_scores.classes[c].ap50  # noqa: E731
        print(f"against {args.baseline} ({other.tag}), this model's AP50 less its, same scans and resamplings:\n"
              f"mAP50 {scores.map50 - other_scores.map50:+.3f} "
              f"{span(boot_map - np.mean([other_boot[c] for c in present], axis=0), signed=True)}; " +
              ", ".join(f"{c} {gain(c):+.2f} {span(boot[c] - other_boot[c], 2, signed=True)}" for c in present))
    print(f"\n{'class':10s} {'recall on shapes seen in training':>34s} {'on shapes never seen':>21s}")
    fmt = lambda t: f"{t[0] / t[1]:.2f} ({t[1]})" if t[1] else "-"  # noqa: E731
    for c in detector.classes:
        seen, unseen = recall.get(c, {}).get("seen", [0, 0]), recall.get(c, {}).get("unseen", [0, 0])
        print(f"{c:10s} {fmt(seen):>34s} {fmt(unseen):>21s}")
    hidden_classes = [c for c in detector.classes if recall.get(c, {}).get("hidden", [0, 0])[1]]
    if hidden_classes:  # drug packets: how much of the miss is the ones hidden inside food, soap or clothes
        print(f"\n{'class':10s} {'recall in the open':>34s} {'hidden inside an item':>21s}")
        for c in hidden_classes:
            print(f"{c:10s} {fmt(recall[c]['open']):>34s} {fmt(recall[c]['hidden']):>21s}")
        # The same with no threshold: a hidden object the network never marks is lost to finding, one it
        # marks but scores under the threshold to ranking.
        reached = recall_by_variant(preds, records, dict.fromkeys(detector.classes, 0.0), held_out)
        for c in hidden_classes:
            print(f"{c + ', a mark of any score':34s} {fmt(reached[c]['open']):>10s} {fmt(reached[c]['hidden']):>21s}")
        for c in hidden_classes:
            print(f"{c:10s} AP50 {scores.classes[c].ap50:.3f}; on those in the open alone (hidden ones set aside) "
                  f"{ap50_set_aside(preds, records, c, hidden=True):.3f}, on the hidden alone "
                  f"{ap50_set_aside(preds, records, c, hidden=False):.3f}")
    weak = [c for c in detector.classes if scores.classes[c].ap50 < WEAK_AP50]
    if weak:  # which shapes of a weak class are missed: AP@0.5 per shape variant, the others set aside
        print(f"\nAP50 by shape variant of the classes under {WEAK_AP50} (objects in brackets):")
        for c in weak:
            cells = [f"{v} {ap:.2f} ({n})" for v, (ap, n) in ap50_by_variant(preds, records, c).items()]
            print(f"{c:10s} " + ", ".join(cells))
        print(f"\nMissed or misplaced? AP of the classes under {WEAK_AP50} where a mark only has to touch its "
              f"object (IoU {LOOSE_IOU:g}), beside AP50:")
        for c in weak:
            print(f"{c:10s} AP50 {scores.classes[c].ap50:.3f}, AP at IoU {LOOSE_IOU:g} {ap_loose(preds, records, c):.3f}")
        print(f"\nHow the boxes fit, by shape variant: objects a mark touches (IoU {LOOSE_IOU:g}), the median IoU of "
              f"the best-scoring such mark, and the share of those at 0.5 or more:")
        for c in weak:
            cells = [f"{v} {touched}/{n} {median:.2f} {share:.0%}"
                     for v, (n, touched, median, share) in box_fit_by_variant(preds, records, c).items()]
            print(f"{c:10s} " + ", ".join(cells))
        if any(r.get("contents") for r in records):
            print(f"\nWhat they are confused with: scans with a false mark scoring {DOUBT_SCORE:g} or more, and the "
                  "everyday items that make one likelier (times as likely in the scans that hold them; scans in brackets):")
            for c in weak:
                base, lift = false_marks_by_item(preds, records, c)
                print(f"{c:10s} {base:.1%}; " + ", ".join(f"{item} x{x:.1f} ({n})" for item, x, n in lift))
            try:
                under = false_marks_on_items(preds, records, manifest, weak)
            except ValueError as e:  # scans from another generator version cannot be composed again
                print(f"(what the false marks lie on: not known here, {e})")
                under = {}
            if under:
                print(f"\nWhat those false marks lie on (scoring {DOUBT_SCORE:g} or more; each parcel composed again "
                      f"from its seed): an item they box whole (IoU {WHOLE_ITEM_IOU:g} or more), a part of one "
                      f"(holding {PART_COVER:.0%} of the mark), or several items at once:")
                for c, (total, whole, part, across) in under.items():
                    print(f"{c:10s} {total} marks; whole {sum(whole.values())}: {most_often(whole)}; "
                          f"part {sum(part.values())}: {most_often(part)}; several {across}")
        if all(o.get("contrast") is not None for r in records for o in r["objects"]):
            print(f"\nAP50 by contrast (how much the object changes its pixels in the rendered scan, RGB distance)"
                  f" of the classes under {WEAK_AP50}:")
            for c in weak:
                cells = [f"{band} {ap:.2f} ({n})" for band, (ap, n) in ap50_by_contrast(preds, records, c).items()]
                print(f"{c:10s} " + ", ".join(cells))
            visible, faint = map50_without_faint(preds, records, detector.classes)
            print(f"mAP50 {scores.map50:.3f}; with the {faint} objects under contrast {FAINT_CONTRAST:g} "
                  f"(hardly visible) set aside {visible:.3f}")
        looked = {c: look.top_k for look in detector.second_looks for c in look.checked if c in weak}
        if looked:  # the ceiling the looks work under: objects the network's own marks reach at all
            network = OnnxDetector(args.model, threads=args.threads, second_look=False)
            _, own_preds, _, _ = heldout_scores(network, Path(args.data), records)
            print("\nWithin reach of the second look: objects the network's own best marks a scan overlap by IoU "
                  "0.5 (and 0.1), among the look's candidates and among 30:")
            for c, k in looked.items():
                cells = [f"{objects_within_reach(own_preds, records, c, n, iou)[0]}" for n in (k, 30)
                         for iou in (0.5, LOOSE_IOU)]
                total = objects_within_reach(own_preds, records, c, k)[1]
                print(f"{c:10s} top {k}: {cells[0]} ({cells[1]}) of {total}; top 30: {cells[2]} ({cells[3]})")
    looks = detector.second_looks
    runs = {"detector": detector.detect}
    if looks:  # what the second looks cost: the network alone, timed beside the whole detector
        alone = OnnxDetector(args.model, threads=args.threads, second_look=False)
        alone.test_time_flip = detector.test_time_flip
        runs["alone"] = alone.detect
    if other is not None:  # the baseline's time too, in the same turns, so a change's cost is measured
        runs["baseline"] = other.detect
    ref = reference_runner(detector.input_size, len(detector.classes), args.threads) if args.reference else None
    if ref is not None:
        runs["reference"] = ref[0]
    timed = dict(zip(runs, latency(list(runs.values()), images, repeats=2)))
    p50, p95 = timed["detector"]
    print(f"\nlatency per image (letterbox + inference + NMS{' + second look' if looks else ''}, {args.threads} threads"
          f"{'; timed in turns with the reference' if ref is not None else ''}): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    if looks:
        for look in looks:
            print(f"second look {look.version} on {', '.join(look.checked)} ({look.crop} px crops at context "
                  f"{look.context:g}, at least {look.min_side:g} px{', mirror-averaged' if look.mirror else ''}; "
                  f"up to {look.top_k} candidates a class from score {look.floor:g}; "
                  f"weights { {c: look.weights[c] for c in look.checked} }; boxes refined for "
                  f"{', '.join(c for c in look.checked if look.refine.get(c)) or 'none'})")
        a50, a95 = timed["alone"]
        print(f"the detector alone: p50 {a50:.1f} ms, p95 {a95:.1f} ms")
    if other is not None:
        b50, b95 = timed["baseline"]
        print(f"the baseline {other.tag}: p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    map50, map5095, clean_rate = scores.map50, scores.map50_95, scores.clean_with_alarm
    figures = {"data": {k: manifest.get(k) for k in ("generator", "seed", "count")}, "map50": round(map50, 4),
               "map50_95": round(map5095, 4), "per_class_ap50": {c: round(f.ap50, 3) for c, f in scores.classes.items()},
               "map50_interval95": [round(v, 4) for v in interval(boot_map)],
               "clean_alarm_rate": round(clean_rate, 4), "latency_ms": {"p50": round(p50, 1), "p95": round(p95, 1)},
               "threads": args.threads, "command": "python " + " ".join(sys.argv)}
    if args.reference:
        if ref is None:
            print("reference: needs torch (pip install -e '.[train]')")
        else:
            _, how, params = ref
            r50, r95 = timed["reference"]
            print(f"reference {how}, {params:.2f} M parameters, same input and threads, timed in turns with ours "
                  f"on the same images: p50 {r50:.1f} ms, p95 {r95:.1f} ms; ratio ours/reference {p50 / r50:.2f}")
            figures["reference"] = {"network": how, "p50_ms": round(r50, 1), "ratio": round(p50 / r50, 3)}
    if args.write_metadata:
        path = Path(args.model).with_suffix(".json")
        meta = json.loads(path.read_text(encoding="utf-8"))
        meta["benchmark"] = figures
        path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {path}")


if __name__ == "__main__":
    main()

"""Installing a trained second look (app/training/second_look.py) beside the detector:

    python -m app.training.second_look install --run runs/sl --val data/val800 --models models [--only sim_card]
    python -m app.training.second_look install --run runs/sld --val data/val800 --models models --add --only drugs
    python -m app.training.second_look install --run runs/sly2 --val data/val800,data/check800 --add \
        --only syringe --weight-grid 0.15,0.3,0.45,0.6,0.9

The look's spec goes into `detector.json` (`second_look`, a list: `--add` keeps the looks installed, a
look for the same classes replaced), its ONNX file beside the detector's, and every class's threshold
is chosen again on the validation scans' combined scores (the clean-parcel alarm budget is shared).
`--val` may name several folders, pooled. The weight of the look's score (`detector ** (1 - w) *
second ** w`) is the one training chose on the marks alone, unless `--weights` sets it or
`--weight-grid` chooses it by the whole runtime's AP on the validation scans. Training's choice ranks
the mined marks (8 a scan, each a hit on its own); the runtime looks at `top_k` a scan, runs NMS again
and counts one well-fitting mark an object, and a classifier taught that a mark half on an object is
one can lift ill-fitting marks over good ones: for syringes training chose 0.9, and on three sets
0.3-0.6 did better (models/TRAINING.md, "The syringe look shipped after all").
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import cv2
import numpy as np

from app.detection.second_look import detector_thresholds, second_look_specs, spec_classes
log = logging.getLogger("second_look")
CURVE_FLOOR = 0.01  # lowest score kept when thresholds are chosen, as app.services.evaluation's


def scan_predictions(detector, folder: Path, records: list[dict], floor: float):
    """(predictions, truths) of a runtime detector on a simulated set, every class down to `floor`."""
    saved = detector.thresholds.copy()
    detector.thresholds[:] = floor
    preds, truths = [], []
    try:
        for r in records:
            rgb = cv2.cvtColor(cv2.imread(str(Path(folder) / r["image"])), cv2.COLOR_BGR2RGB)
            preds.append([(d.label, d.score, d.box) for d in detector.detect(rgb)])
            truths.append([(o["label"], tuple(o["box"])) for o in r["objects"]])
    finally:
        detector.thresholds[:] = saved
    return preds, truths


def pooled_predictions(detector, folders: list[Path], floor: float):
    """(predictions, truths) over the scans of several simulated sets, one after the other."""
    preds, truths = [], []
    for folder in folders:
        records = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["scans"]
        p, t = scan_predictions(detector, folder, records, floor)
        preds += p
        truths += t
    return preds, truths


def parse_weights(text: str) -> dict[str, float]:
    """`syringe=0.45,drugs=0.4` -> {"syringe": 0.45, "drugs": 0.4}; each weight from 0 to 1."""
    weights = {}
    for item in filter(None, text.split(",")):
        name, _, value = item.partition("=")
        weight = float(value)
        if not 0.0 <= weight <= 1.0:
            raise SystemExit(f"--weights: {name} = {weight} is not between 0 and 1")
        weights[name.strip()] = weight
    return weights


def runtime_predictions(meta: dict, meta_path: Path, folders: list[Path], threads: int):
    """`meta` written beside the detector, the detector loaded with every look it names, and its
    (classes, predictions, truths) on the validation scans, every class down to CURVE_FLOOR."""
    from app.detection.onnx_detector import OnnxDetector

    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    detector = OnnxDetector(meta_path.with_suffix(".onnx"), threads=threads)
    if detector.problem or len(detector.second_looks) != len(meta["second_look"]):
        raise SystemExit(f"a second look did not load: {detector.problem}")
    return detector.classes, *pooled_predictions(detector, folders, CURVE_FLOOR)


def choose_weight(meta: dict, spec: dict, meta_path: Path, checks: set[str], grid: list[float], folders, threads):
    """The grid's weight (the same for every class this look checks) with the best mean AP@0.5 of those
    classes through the whole runtime on the validation scans, set in `spec`; every weight tried, with its
    AP, in order; and the chosen weight's (classes, predictions, truths)."""
    from app.detection.metrics import evaluate

    tried, best, best_run = [], None, None
    for weight in grid:
        spec["weights"] = {c: (weight if c in checks else w) for c, w in spec["weights"].items()}
        run = runtime_predictions(meta, meta_path, folders, threads)
        ap = evaluate(run[1], run[2], run[0])
        tried.append((weight, round(float(np.mean([ap[c].ap50 for c in sorted(checks)])), 4)))
        log.info("weight %.2f: AP@0.5 of %s %.4f", weight, ",".join(sorted(checks)), tried[-1][1])
        if best is None or tried[-1][1] > best[1]:  # the first of equals: the grid's order decides ties
            best, best_run = tried[-1], run
    spec["weights"] = {c: (best[0] if c in checks else w) for c, w in spec["weights"].items()}
    return best[0], tried, best_run


def thresholds_and_validation(classes: list[str], preds, truths) -> tuple[dict, dict]:
    """Every class's threshold chosen on the runtime's validation predictions, and the figures there:
    mAP@0.5, AP@0.5 per class, and the clean-parcel alarm rate at those thresholds."""
    from app.detection.metrics import evaluate
    from app.detection.thresholds import choose_thresholds, clean_alarm_rate
    from .train import HIGH_SEVERITY_PRECISION, SEVERITY

    thresholds = choose_thresholds(preds, truths, classes, severity=SEVERITY, high_precision=HIGH_SEVERITY_PRECISION)
    ap = evaluate(preds, truths, classes)
    return thresholds, {"map50": round(float(np.mean([ap[c].ap50 for c in classes])), 4),
                        "per_class_ap50": {c: round(ap[c].ap50, 3) for c in classes},
                        "clean_alarm_rate_at_thresholds": round(clean_alarm_rate(preds, truths, thresholds), 4)}


def install(args) -> None:
    """Put the second look beside the detector and choose every class's threshold again on the combined
    scores of the validation scans (the clean-parcel alarm budget is shared by all classes)."""
    from .train import git_commit

    run, models = Path(args.run), Path(args.models)
    meta_path = models / "detector.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    spec = json.loads((run / "second-look.json").read_text(encoding="utf-8"))
    if args.only:  # the latency budget: the other classes are left to the detector (weight 0, no crops)
        spec["weights"] = {c: (w if c in args.only.split(",") else 0.0) for c, w in spec["weights"].items()}
    if args.floor is not None:
        spec["floor"] = args.floor
    if args.top_k is not None:
        spec["top_k"] = args.top_k
    spec["mirror"] = not args.no_mirror
    if args.combine != "geometric":  # (the default is left unwritten, as looks installed before it say it)
        spec["combine"] = args.combine
    else:
        spec.pop("combine", None)
    spec["installed"] = {"command": args.command_line,
                         "commit": git_commit(),
                         "mined": "; ".join(spec.get("trained", {}).get("mined") or [
                             "python -m app.training.second_look mine --data data/train --top-k 8 --jitter 3 "
                             "(and --data data/val800 --jitter 0)"]) + ", detector " + str(meta.get("version"))}
    # The thresholds for the network's own scores, kept for when a look cannot load; on a later install
    # they are the ones the first one kept.
    meta["detector_thresholds"] = detector_thresholds(meta) or meta["thresholds"]
    previous = second_look_specs(meta)
    for p in previous:
        if isinstance(p, dict):
            p.pop("detector_thresholds", None)
    # The classes this look is for: those named, or all it was trained on (a weight of 0 chosen in training
    # leaves a class to the detector, but it is still this look's to replace).
    checks = set(args.only.split(",")) if args.only else set(spec["classes"])
    if not spec_classes(spec):
        log.warning("the second look checks no class: training found none it ranks better than the detector")
    spec["installed_for"] = sorted(checks)
    if args.weights:  # checked before anything is written
        set_to = parse_weights(args.weights)
        unknown = set(set_to) - (checks & set(spec["weights"]))  # a class left to the detector stays at 0
        if unknown:
            raise SystemExit(f"--weights: this look is not installed for {', '.join(sorted(unknown))}")
        spec["weights"].update(set_to)
    replaced = previous
    if args.add:  # beside the looks installed, each under its own file name; one checking the same class goes
        previous = [p for p in previous if not checks & set(p.get("installed_for") or spec_classes(p))]
        spec["model"] = f"second-look-{'-'.join(sorted(checks)).replace('_', '-')}.onnx"
    else:
        previous = []
    # A replaced look's file is left where it is (it may be under version control): say so, so that it
    # is not shipped beside the look that replaced it.
    for gone in {p.get("model") for p in replaced} - {p.get("model") for p in previous} - {spec["model"]}:
        if gone and (models / gone).exists():
            log.warning("%s is no longer named in detector.json: remove it (and from pyproject.toml's data-files)",
                        models / gone)
    shutil.copyfile(run / "second-look.onnx", models / spec["model"])
    meta["second_look"] = [*previous, spec]
    folders = [Path(f) for f in args.val.split(",") if f]
    if args.weight_grid:  # the chosen weight's run is the one the thresholds are chosen on
        grid = [float(w) for w in args.weight_grid.split(",") if w]
        best, tried, (classes, preds, truths) = choose_weight(meta, spec, meta_path, checks, grid, folders,
                                                              args.threads)
        spec["weight_choice"] = {"classes": sorted(checks), "data": args.val, "tried": tried, "chosen": best}
    else:
        classes, preds, truths = runtime_predictions(meta, meta_path, folders, args.threads)
    thresholds, validation = thresholds_and_validation(classes, preds, truths)
    spec["validation_with_detector"] = {"data": str(args.val), **validation}
    meta["thresholds"] = thresholds
    meta_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("installed in %s: validation mAP@0.5 %.3f %s, thresholds %s", models,
             spec["validation_with_detector"]["map50"], spec["validation_with_detector"]["per_class_ap50"], thresholds)

"""Train the detector on simulated scans, resumably, and export it to ONNX with its metadata.

    checkpoint sim generate --count 20000 --seed 1 --out data/train --no-raw --rgb-format jpg
    checkpoint sim generate --count 1000 --seed 2 --out data/val --no-raw --rgb-format jpg
    python -m app.training.train --data data/train --val data/val --out runs/main --epochs 60

Progress goes to runs/NAME/train.log; runs/NAME/last.pt is written after every epoch and picked up
again by the same command, so a run that was stopped continues where it was. At the end (or with
--export-only) the model goes to runs/NAME/detector.onnx with detector.json beside it.
"""
from __future__ import annotations

import argparse
import copy
import json
import logging
import math
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader

from app.detection.metrics import evaluate
from app.detection.boxes import class_aware_nms, over_threshold
from app.detection.thresholds import HIGH_SEVERITY_PRECISION, choose_thresholds, clean_alarm_rate
from app.devices.simulator.dataset import single_threaded_worker
from app.devices.simulator.threats import THREAT_CLASSES

from .data import SimulatedScans, WeightedDraws, collate, network_input
from .loss import detection_loss
from .model import CheckpointDetector, export_onnx
from .widen import widen

log = logging.getLogger("train")


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


@torch.no_grad()
def predict(model: CheckpointDetector, loader, classes: list[str], threshold: float = 0.05, max_det: int = 100):
    """(predictions, truths) per validation image, in letterboxed input pixels, as the runtime sees them."""
    model.eval()
    device = next(model.parameters()).device
    preds, truths = [], []
    for images, targets in loader:
        out = model(network_input(images.to(device))).cpu().numpy()
        for o, t in zip(out, targets):
            rows, cls, conf = over_threshold(o[:, 4:], threshold)  # as the runtime reads it
            kept = class_aware_nms(o[rows, :4], conf, cls, 0.5)
            kept = kept[np.argsort(-conf[kept])][:max_det]
            preds.append([(classes[cls[k]], float(conf[k]), tuple(o[rows[k], :4])) for k in kept])
            truths.append([(classes[int(r[0])], tuple(r[1:].tolist())) for r in t])
    model.train()
    return preds, truths


def validate(model: CheckpointDetector, loader, classes: list[str]):
    return evaluate(*predict(model, loader, classes), classes)


# How loudly each class alarms. High blocks "clear" at the workstation (see ScreeningService.decide);
# batteries and lighters are restricted rather than prohibited outright, so they ask for a look.
SEVERITY = {"knife": "high", "gun": "high", "scissors": "high", "syringe": "high", "phone": "high",
            "sim_card": "high", "battery": "medium", "drugs": "high", "alcohol": "high", "lighter": "medium"}
# The precision a high-severity class's threshold must reach on validation (the others: 0.9) is
# HIGH_SEVERITY_PRECISION, imported above from app/detection/thresholds.py, where a site's own choice
# (`checkpoint evaluate --suggest-thresholds`) takes it from too.


class WeightAverage:
    """An exponential moving average of the weights (and BatchNorm statistics), which is what gets
    validated and exported: on batches of 16 the raw weights jitter from step to step, and the average
    sits nearer the middle of where they wander. The decay ramps up over the first `ramp` updates so
    that the average follows quickly from the start (as YOLOv5's ModelEMA does)."""

    def __init__(self, model: torch.nn.Module, decay: float, ramp: float = 2000.0, updates: int = 0):
        self.module = copy.deepcopy(model).eval()
        for p in self.module.parameters():
            p.requires_grad_(False)
        self.decay, self.ramp, self.updates = decay, ramp, updates

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.ramp))
        current = model.state_dict()
        for name, value in self.module.state_dict().items():
            if value.dtype.is_floating_point:
                value.mul_(d).add_(current[name].detach(), alpha=1 - d)
            else:
                value.copy_(current[name])


def data_recipe(folders: list[str]) -> list[dict]:
    """What a dataset folder holds, from its manifest: enough to generate it again."""
    recipe = []
    for folder in folders:
        manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
        recipe.append({k: manifest.get(k) for k in ("generator", "seed", "start", "count", "config", "options")})
    return recipe


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", action="append", required=True, help="dataset folder(s) from `checkpoint sim generate`")
    p.add_argument("--val", help="held-out dataset folder")
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--width", type=float, help="channel multiplier (default: that of the run resumed or --init, else 1)")
    p.add_argument("--fine-blocks", type=int,
                   help="inverted residual blocks on the stride-8 level (default: as in the run resumed or --init, "
                   "else 0); more than --init has are added as the identity, so training goes on from what it computes")
    p.add_argument("--size", type=int, default=416, help="input size of the exported model")
    p.add_argument("--crop", type=int, default=320, help="training window (the network is fully convolutional)")
    p.add_argument("--warmup", type=int, default=300, help="steps of linear learning-rate warm-up")
    p.add_argument("--val-every", type=int, default=2, help="validate every N epochs")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    p.add_argument("--init", help="start from the weights of an earlier run's last.pt (its history is kept as an "
                   "earlier stage; optimizer and schedule start afresh; a larger --width grows it, see widen.py)")
    p.add_argument("--focus-fraction", type=float, default=0.0,
                   help="share of training windows placed on an object picked by --focus-weights")
    p.add_argument("--focus-weights", default="",
                   help="class=weight,... for picking the object a window holds (others weigh 1)")
    p.add_argument("--ema", type=float, default=0.999,
                   help="decay of the weight average that is validated and exported (0: the raw weights)")
    p.add_argument("--time-limit", type=float, default=0,
                   help="seconds of training in all (0: none); the learning rate then decays over whichever of "
                   "epochs and time runs out first, and training stops there (for a machine lent for minutes)")
    p.add_argument("--cls-loss", choices=("focal", "quality"), default="focal",
                   help="focal: 0/1 class targets; quality: a positive's target is its box's IoU (GFL)")
    p.add_argument("--assigner", choices=("centre", "aligned"), default="centre",
                   help="centre: the cells near a box's centre on the level its size fits (FCOS); aligned: the "
                   "cells whose own prediction fits it best, with soft targets (TOOD; implies the quality loss)")
    p.add_argument("--ignore-under-contrast", type=float, default=0.0,
                   help="objects whose recorded contrast is under this (hardly visible, see the simulator's "
                   "object_contrast) are neither positives nor background in the loss (0: all are objects)")
    p.add_argument("--device", default="auto", help="cpu, cuda (auto: cuda where torch sees one)")
    p.add_argument("--export-only", action="store_true")
    args = p.parse_args(argv)
    if args.assigner == "aligned":  # its soft targets are taught with the quality focal loss; record that
        args.cls_loss = "quality"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for handler in list(log.handlers):  # a second run in the same process writes to its own log
        log.removeHandler(handler)
        handler.close()
    for handler in (logging.FileHandler(out / "train.log"), logging.StreamHandler(sys.stderr)):
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    if args.threads:
        torch.set_num_threads(args.threads)
    # Tiny gradients (focal loss on easy cells) turn into denormal floats, which the CPU handles on a
    # slow path: a run here dropped from 45 to 26 images/s mid-epoch until they were flushed to zero.
    torch.set_flush_denormal(True)
    classes = list(THREAT_CLASSES)
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device)
    checkpoint = out / "last.pt"
    resumed = torch.load(checkpoint, map_location=device, weights_only=False) if checkpoint.exists() else None
    earlier = torch.load(args.init, map_location=device, weights_only=False) if args.init and resumed is None else None
    source = resumed if resumed is not None else earlier
    source_width = float(source["args"].get("width", 1.0)) if source is not None else 1.0
    if args.width is None:  # the width of the run resumed or started from
        args.width = source_width
    elif resumed is not None and args.width != source_width:
        p.error(f"--width {args.width:g}: {checkpoint} is at width {source_width:g}; resume it at that width")
    source_fine = int(source["args"].get("fine_blocks") or 0) if source is not None else 0
    if args.fine_blocks is None:
        args.fine_blocks = source_fine
    elif (resumed is not None and args.fine_blocks != source_fine) or args.fine_blocks < source_fine:
        p.error(f"--fine-blocks {args.fine_blocks}: the run started from has {source_fine}")
    model = CheckpointDetector(len(classes), args.width, args.size, args.fine_blocks)
    model = model.to(device, memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    start, history, stages, average_state = 0, [], [], None
    if resumed is not None:
        state = resumed
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start, history, stages = state["epoch"] + 1, state["history"], state.get("stages", [])
        average_state = state.get("ema")
        log.info("resumed from %s at epoch %d", checkpoint, start)
    elif earlier is not None:
        state = earlier
        # An earlier run's averaged weights are the better start, where it kept them.
        weights = state["ema"]["model"] if state.get("ema") else state["model"]
        if source_width != args.width:  # grown to the new width, computing what it computed
            narrow = CheckpointDetector(len(classes), source_width, args.size, source_fine)
            narrow.load_state_dict(weights)
            try:
                weights = widen(narrow, args.width).state_dict()
            except ValueError as exc:  # a smaller --width than the start's: no way to narrow it
                p.error(f"--width {args.width:g} with --init {args.init}: {exc}")
            log.info("widened from width %g to %g", source_width, args.width)
        missing, unexpected = model.load_state_dict(weights, strict=False)
        if unexpected or any(not key.startswith("fine.") for key in missing):
            p.error(f"--init {args.init}: its network differs from this one ({(unexpected or missing)[:3]})")
        if missing:
            log.info("added %d fine blocks (as the identity) to %s", args.fine_blocks - source_fine, args.init)
        # The earlier run's own earlier stages come first, then that run itself.
        stages = [*state.get("stages", []), {"args": state["args"], "history": state["history"]}]
        log.info("initialised from %s (%d earlier epochs)", args.init, len(state["history"]))
    average = WeightAverage(model, args.ema) if args.ema > 0 else None
    if average is not None and average_state is not None:
        average.module.load_state_dict(average_state["model"])
        average.updates = average_state["updates"]
    shipped = average.module if average is not None else model  # what is validated and exported
    focus_weights = {k: float(v) for k, v in (item.split("=") for item in args.focus_weights.split(",") if item)}
    unknown = set(focus_weights) - set(classes)
    if unknown:
        p.error(f"--focus-weights: unknown classes {sorted(unknown)}")
    data = SimulatedScans([Path(d) for d in args.data], classes, args.size, train=True, crop=args.crop,
                          focus_fraction=args.focus_fraction, focus_weights=focus_weights,
                          ignore_under=args.ignore_under_contrast)
    if args.ignore_under_contrast and not any("contrast" in o for r in data.records for o in r["objects"]):
        p.error("--ignore-under-contrast: the training set records no contrast; generate it again")
    # With focus weights, scans holding the slowly learnt classes are drawn more often, too.
    sampler = WeightedDraws(data.record_weights()) if focus_weights else None
    loader = DataLoader(data, batch_size=args.batch, shuffle=sampler is None, sampler=sampler, num_workers=args.workers,
                        collate_fn=collate, drop_last=True, persistent_workers=args.workers > 0,
                        pin_memory=device.type == "cuda", worker_init_fn=single_threaded_worker)
    val_loader = None
    if args.val:
        val_loader = DataLoader(SimulatedScans([Path(args.val)], classes, args.size, train=False), batch_size=16,
                                num_workers=args.workers, collate_fn=collate, worker_init_fn=single_threaded_worker)

    def cosine(progress: float) -> float:
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0))))

    spent = sum(h["seconds"] for h in history)  # training seconds before this (resumed) run
    for epoch in range(start, 0 if args.export_only else args.epochs):
        if args.time_limit and spent >= args.time_limit:
            log.info("time limit reached (%.0f s of %.0f)", spent, args.time_limit)
            break
        data.epoch = epoch
        if sampler is not None:
            sampler.epoch = epoch
        # Cosine decay over the planned epochs (recomputed, so a resumed run may extend the plan).
        epoch_lr = cosine(epoch / max(args.epochs, 1))
        t0, losses, out_of_time = time.perf_counter(), [], False
        for step, (images, targets) in enumerate(loader):
            warm = min(1.0, (epoch * len(loader) + step + 1) / max(args.warmup, 1))
            if args.time_limit:  # per step, on whichever of epochs and seconds is further along
                used = (spent + time.perf_counter() - t0) / args.time_limit
                epoch_lr = cosine(max((epoch + step / len(loader)) / max(args.epochs, 1), used))
                out_of_time = used >= 1.0
            for group in optimizer.param_groups:
                group["lr"] = epoch_lr * warm
            images = network_input(images.to(device, non_blocking=True))
            targets = [t.to(device) for t in targets]
            loss, parts = detection_loss(model.raw(images), targets, len(classes), images.shape[-1],
                                           quality=args.cls_loss == "quality", aligned=args.assigner == "aligned")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            optimizer.step()
            if average is not None:
                average.update(model)
            losses.append(loss.item())
            if step % 50 == 0:
                log.info("epoch %d step %d/%d loss %.3f (cls %.3f box %.3f, %d positives)", epoch, step, len(loader),
                         losses[-1], parts["cls"], parts["box"], parts["positives"])
            if out_of_time:
                break
        elapsed = time.perf_counter() - t0
        spent += elapsed
        # Seconds to the millisecond: a resumed run sums them against its time limit, and rounded to a
        # tenth a short epoch counted as no time at all.
        entry = {"epoch": epoch, "loss": float(np.mean(losses)), "seconds": round(elapsed, 3),
                 "images_per_s": round(len(losses) * args.batch / elapsed, 1)}
        last = epoch == args.epochs - 1 or out_of_time
        if val_loader is not None and ((epoch + 1) % args.val_every == 0 or last):
            res = validate(shipped, val_loader, classes)
            entry["map50"] = float(np.mean([r.ap50 for r in res.values()]))
            entry["map50_95"] = float(np.mean([r.ap50_95 for r in res.values()]))
            entry["per_class_ap50"] = {c: round(r.ap50, 3) for c, r in res.items()}
        history.append(entry)
        log.info("epoch %s", json.dumps(entry))
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "epoch": epoch, "history": history, "stages": stages, "args": vars(args),
                    "ema": None if average is None else {"model": average.module.state_dict(),
                                                         "updates": average.updates}}, out / "last.tmp")
        (out / "last.tmp").replace(checkpoint)  # a stop mid-write never leaves a broken checkpoint
        if out_of_time:
            log.info("time limit reached after %d steps of epoch %d", len(losses), epoch)
            break
    export_onnx(shipped, str(out / "detector.onnx"))
    thresholds, validation = {c: 0.5 for c in classes}, {}
    if val_loader is not None:
        preds, truths = predict(shipped, val_loader, classes)
        thresholds = choose_thresholds(preds, truths, classes, severity=SEVERITY, high_precision=HIGH_SEVERITY_PRECISION)
        res = evaluate(preds, truths, classes)
        validation = {"data": data_recipe([args.val])[0], "map50": round(float(np.mean([r.ap50 for r in res.values()])), 4),
                      "per_class_ap50": {c: round(r.ap50, 3) for c, r in res.items()},
                      "clean_alarm_rate_at_thresholds": round(clean_alarm_rate(preds, truths, thresholds), 4)}
    earlier_epochs = sum(len(stage["history"]) for stage in stages)
    earlier_hours = sum(h["seconds"] for stage in stages for h in stage["history"]) / 3600
    metadata = {
        # 0.<stages>.<epochs in this stage>: 0.1.17 was one stage of 17 epochs.
        "name": "checkpoint-detector", "version": f"0.{len(stages) + 1}.{len(history)}", "classes": classes, "input_size": args.size,
        "normalisation": "RGB, 0..1 (divide by 255), letterboxed with grey (114) bars",
        "output": "detections (1, N, 4 + C): x1 y1 x2 y2 in input pixels, then each class's score",
        "default_threshold": 0.5, "thresholds": thresholds, "nms_iou": 0.5, "severity": SEVERITY,
        "trained": {"commit": git_commit(), "command": " ".join(["python -m app.training.train", *sys.argv[1:]]),
                    "data": data_recipe(args.data), "epochs": earlier_epochs + len(history), "width": args.width,
                    "fine_blocks": args.fine_blocks,
                    "crop": args.crop, "ema": args.ema, "cls_loss": args.cls_loss,
                    "assigner": args.assigner,
                    "focus_fraction": args.focus_fraction, "focus_weights": focus_weights,
                    "ignore_under_contrast": args.ignore_under_contrast,
                    "earlier_stages": [{"command_args": stage["args"], "epochs": len(stage["history"]),
                                        "hours": round(sum(h["seconds"] for h in stage["history"]) / 3600, 2)}
                                       for stage in stages],
                    "parameters": sum(p.numel() for p in model.parameters()),
                    "hours": round(earlier_hours + sum(h["seconds"] for h in history) / 3600, 2),
                    "machine": (f"{torch.cuda.get_device_name(device)}, {args.workers} data workers, torch {torch.__version__}"
                                if device.type == "cuda" else
                                f"{platform.machine()} CPU, {torch.get_num_threads()} torch threads, torch {torch.__version__}")},
        "validation": validation,
        "history": history,
    }
    (out / "detector.json").write_text(json.dumps(metadata, indent=1) + "\n", encoding="utf-8")
    log.info("exported %s", out / "detector.onnx")


if __name__ == "__main__":
    main()

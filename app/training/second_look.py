"""Training the second look (app/detection/second_look.py): a crop classifier for the detector's weakest
classes, taught on the detector's own marks.

    # 1. the shipped detector's marks of the checked classes on the training scans, down to a low floor,
    #    each labelled by whether it hits an object of its class (IoU >= 0.5), plus jittered true boxes
    python -m app.training.second_look mine --data data/train --out runs/sl/train.npz
    python -m app.training.second_look mine --data data/val800 --out runs/sl/val.npz --jitter 0
    # 2. the classifier (CPU, minutes), exported to ONNX
    python -m app.training.second_look train --train runs/sl/train.npz --val runs/sl/val.npz --out runs/sl
    # 3. beside the detector: thresholds chosen again on the combined scores of the validation scans
    python -m app.training.second_look install --run runs/sl --val data/val800 --models models [--only sim_card]
    #    or beside the looks installed, e.g. a syringe look at 96 px:
    #    mine ... --classes syringe --crop 96 --context 1.2, train, then install ... --add --only syringe
    # 4. (optional) two looks of one class trained apart, averaged in one file, installed as one look
    python -m app.training.second_look ensemble --runs runs/sl,runs/sl6 --out runs/slE

Hard negatives come for free: every false mark the detector makes on a toothbrush, a coin or a bar of
soap is a training example of what the class is not, in the proportion the detector makes them.
"""
from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from app.detection.second_look import (BLENDS, CONTEXT, CROP, FLOOR, MIN_SIDE, NMS_IOU, TOP_K, combine,
                                       crop_fractions, crop_squares, from_fractions)

from .second_look_data import REFINE_IOU, draw_weights, hidden_boost, labelled, load_mined, mined_setting
from .second_look_ensemble import ensemble
from .second_look_install import install
from .second_look_mining import CHECKED, MINE_FLOOR, NEGATIVE_IOU, POSITIVE_IOU, mine

log = logging.getLogger("second_look")
WEIGHT_GRID = tuple(np.round(np.arange(0.0, 1.01, 0.1), 1))
MIN_GAIN = 0.01  # of validation candidate AP, for a class to be looked at again
BOX_WEIGHT = 5.0


def build_classifier(num_classes: int, channels=(32, 64, 128, 192), width: float = 1.0):
    """A small separable CNN on a (4, 64, 64) crop: stride-2 stem, three stride-2 stages, average and
    max pooled together (a SIM card is a few cells of the last map; the mean alone would wash it out).
    Two outputs: one probability per checked class, and how far the object's box x1 y1 x2 y2 lies from
    the candidate's, in fractions of the crop (the detector's box for a 14 px SIM card is often a few
    pixels off: IoU under 0.5).
    About 7M multiply-adds a crop at width 1; `width` scales every stage's channels (1.5: about 2.2x)."""
    import torch
    from torch import nn

    from .model import SeparableBlock, conv_bn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            a, b, c, d = (max(8, int(round(n * width / 8)) * 8) for n in channels)
            self.body = nn.Sequential(conv_bn(4, a, 3, 2), SeparableBlock(a, a), SeparableBlock(a, b, 2),
                                      SeparableBlock(b, b), SeparableBlock(b, c, 2), SeparableBlock(c, c),
                                      SeparableBlock(c, d, 2), SeparableBlock(d, d))
            self.head = nn.Linear(2 * d, num_classes)
            self.box = nn.Linear(2 * d, 4)
            nn.init.zeros_(self.box.weight)  # start from the candidate's own box
            nn.init.zeros_(self.box.bias)

        def both(self, x):
            f = self.body(x)
            pooled = torch.cat([f.mean((2, 3)), f.amax((2, 3))], 1)
            return self.head(pooled), self.box(pooled)

        def forward(self, x):
            logits, box = self.both(x)
            return torch.sigmoid(logits), box

    return Net()


def augment(rng: np.random.Generator, crops: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Crops (B, 4, S, S) uint8 -> float32 0..1, and boxes (B, K, 4, crop fractions: the candidate's and
    the object's) moved alike: flips and quarter turns (the box channel turns with the picture), other palettes' hue,
    saturation and gamma, noise. The same kinds the detector saw."""
    from .data import colour_jitter

    out = np.empty(crops.shape, np.float32)
    boxes = boxes.copy()
    for i, crop in enumerate(crops):
        x = crop.transpose(1, 2, 0)  # S, S, 4
        b = boxes[i]  # (K, 4)
        if rng.random() < 0.5:
            x, b = x[:, ::-1], np.stack([1 - b[:, 2], b[:, 1], 1 - b[:, 0], b[:, 3]], 1)
        if rng.random() < 0.5:
            x, b = x[::-1], np.stack([b[:, 0], 1 - b[:, 3], b[:, 2], 1 - b[:, 1]], 1)
        for _ in range(int(rng.integers(4))):  # counter-clockwise: (x, y) -> (y, 1 - x)
            x, b = np.rot90(x), np.stack([b[:, 1], 1 - b[:, 2], b[:, 3], 1 - b[:, 0]], 1)
        boxes[i] = b
        rgb = np.ascontiguousarray(x[..., :3])
        if rng.random() < 0.8:
            rgb = colour_jitter(rng, rgb)
        rgb = rgb.astype(np.float32)
        if rng.random() < 0.4:
            rgb += rng.normal(0, rng.uniform(2, 8), rgb.shape).astype(np.float32)
        out[i, :3] = np.clip(rgb, 0, 255).transpose(2, 0, 1) * (1 / 255.0)
        out[i, 3] = x[..., 3] * (1 / 255.0)
    return out, boxes


def candidate_ap(scores: np.ndarray, hits: np.ndarray) -> float:
    """Average precision of ranking the candidates by `scores` (hits among them): how well the score
    separates a class's true marks from its false ones on the validation scans."""
    order = np.argsort(-scores, kind="stable")
    flags = hits[order].astype(float)
    if flags.sum() == 0:
        return 0.0
    precision = np.cumsum(flags) / np.arange(1, len(flags) + 1)
    return float((precision * flags).sum() / flags.sum())


def paired_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x1, y1 = np.maximum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1])
    x2, y2 = np.minimum(a[:, 2], b[:, 2]), np.minimum(a[:, 3], b[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = lambda z: np.clip(z[:, 2] - z[:, 0], 0, None) * np.clip(z[:, 3] - z[:, 1], 0, None)  # noqa: E731
    return inter / np.maximum(area(a) + area(b) - inter, 1e-6)


def train(args) -> None:
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    data = load_mined(args.train)
    classes = [str(c) for c in data["classes"]]
    rows, label = labelled(data, args.positive_iou, args.negative_iou)
    context = round(float(mined_setting(data, "context")), 4)  # as the crops were cut
    min_side = round(float(mined_setting(data, "min_side")), 2)
    crops, cls = data["crops"][rows], data["cls"][rows].astype(np.int64)
    squares = crop_squares(data["box"][rows], context, min_side)
    frames = np.stack([crop_fractions(data["box"][rows], squares), crop_fractions(data["target"][rows], squares)],
                      1).astype(np.float32)  # (N, 2, 4): the candidate's box and its object's
    val = np.load(args.val)
    vrows = np.nonzero(val["score"] >= 0)[0]  # every detector mark, as the runtime meets them
    vcrops, vcls, vscore = val["crops"][vrows], val["cls"][vrows], val["score"][vrows]
    vbox, vtarget, viou = val["box"][vrows], val["target"][vrows], val["iou"][vrows]
    log.info("train: %d crops (%d true), val: %d detector marks (%d hits)", len(crops), int(label.sum()),
             len(vcrops), int((viou >= POSITIVE_IOU).sum()))
    boost = hidden_boost(data, rows, args.hidden_boost)
    weights = draw_weights(cls, label, len(classes), args.positive_share, boost)
    net = build_classifier(len(classes), width=args.width).to(memory_format=torch.channels_last)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    checkpoint = out / "second-look.pt"
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    start, history = 0, []
    if checkpoint.exists():  # resume
        state = torch.load(checkpoint, weights_only=False)
        net.load_state_dict(state["model"]), optimizer.load_state_dict(state["optimizer"])
        start, history = state["epoch"] + 1, state["history"]
        log.info("resumed after epoch %d", state["epoch"])
    steps = args.steps_per_epoch
    for epoch in range(start, args.epochs):
        net.train()
        t0, losses = time.perf_counter(), []
        for step in range(steps):
            progress = (epoch * steps + step) / (args.epochs * steps)
            lr = args.lr * 0.5 * (1 + np.cos(np.pi * progress)) * min(1.0, (epoch * steps + step + 1) / 100)
            for group in optimizer.param_groups:
                group["lr"] = lr
            idx = rng.choice(len(crops), args.batch, p=weights)
            images, boxes = augment(rng, crops[idx], frames[idx])
            shift = torch.from_numpy(boxes[:, 1] - boxes[:, 0])
            x = torch.from_numpy(images).contiguous(memory_format=torch.channels_last)
            logits, box = net.both(x)
            logits = logits[torch.arange(len(idx)), torch.from_numpy(cls[idx])]
            target = torch.from_numpy(label[idx])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
            on_object = target > 0
            if on_object.any():  # the box is learnt on the objects alone
                loss = loss + BOX_WEIGHT * torch.nn.functional.smooth_l1_loss(
                    box[on_object], shift[on_object], beta=0.02)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        seconds = time.perf_counter() - t0
        probs, refined = predict(net, vcrops, vcls, vbox, context, min_side)
        entry = {"epoch": epoch, "loss": round(float(np.mean(losses)), 4), "seconds": round(seconds, 1),
                 "crops_per_s": round(steps * args.batch / seconds)}
        hits_before, hits_after = viou >= POSITIVE_IOU, paired_iou(refined, vtarget) >= POSITIVE_IOU
        for k, c in enumerate(classes):
            m = vcls == k
            entry[c] = {"detector": round(candidate_ap(vscore[m], hits_before[m]), 3),
                        "second_look": round(candidate_ap(probs[m], hits_after[m]), 3),
                        "combined": round(candidate_ap(combine(vscore[m], probs[m], 0.5), hits_after[m]), 3),
                        "hits_before": int(hits_before[m].sum()), "hits_refined": int(hits_after[m].sum())}
        history.append(entry)
        log.info("epoch %s", json.dumps(entry))
        torch.save({"model": net.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch,
                    "history": history, "classes": classes, "args": vars(args)}, out / "second-look.tmp")
        (out / "second-look.tmp").replace(checkpoint)
    # How much each class's final score leans on the second look: the weight whose combined score best
    # ranks the validation marks (0 is the detector alone, 1 the second look alone), and whether they rank
    # better counted on its refined boxes or on the detector's.
    probs, refined = predict(net, vcrops, vcls, vbox, context, min_side)
    weights, refine = {}, {}
    for k, c in enumerate(classes):
        m = vcls == k
        # Refined boxes or the detector's, whichever ranks best: refinement can hit more objects and still
        # rank worse (syringes, 96 px: 98 hits against 76, but candidate AP 0.43 against 0.48).
        grids = {}
        for refined_boxes in (False, True):
            hits = paired_iou(refined[m], vtarget[m]) >= POSITIVE_IOU if refined_boxes else viou[m] >= POSITIVE_IOU
            grids[refined_boxes] = [(candidate_ap(combine(vscore[m], probs[m], w), hits), w) for w in WEIGHT_GRID]
        refine[c] = max(grids[True]) > max(grids[False])
        grid = grids[refine[c]]
        best_ap, weights[c] = max(grid)
        if best_ap < grids[False][0][0] + MIN_GAIN:  # not worth the crops: the detector alone ranks as well
            weights[c], refine[c] = 0.0, False
        log.info("%s: refine %s, candidate AP by weight %s", c, refine[c], " ".join(f"{w:.1f}:{ap:.3f}" for ap, w in grid))
    mined = [str(d["command"]) for d in (data, val) if "command" in d.files]  # sets mined before it was recorded: none
    export(net, classes, out, history, args, weights, refine, crops.shape[-1], context, mined, min_side)


def predict(net, crops: np.ndarray, cls: np.ndarray, boxes: np.ndarray, context: float = CONTEXT,
            min_side: float = MIN_SIDE, batch: int = 512):
    """(probability of each crop's own class, refined boxes in scan pixels) for crops cut around `boxes`."""
    import torch

    net.eval()
    probs, fractions = [], []
    with torch.no_grad():
        for i in range(0, len(crops), batch):
            x = torch.from_numpy(crops[i:i + batch].astype(np.float32) * (1 / 255.0))
            p, b = net(x.contiguous(memory_format=torch.channels_last))
            probs.append(p.numpy()[np.arange(len(p)), cls[i:i + batch]])
            fractions.append(b.numpy())
    if not probs:
        return np.zeros(0, np.float32), np.zeros((0, 4), np.float32)
    squares = crop_squares(boxes, context, min_side)
    return np.concatenate(probs), from_fractions(crop_fractions(boxes, squares) + np.concatenate(fractions), squares)


def export(net, classes: list[str], out: Path, history: list, args, weights: dict[str, float],
           refine: dict[str, bool], crop: int = CROP, context: float = CONTEXT, mined: list[str] = (),
           min_side: float = MIN_SIDE) -> None:
    import torch

    net = net.eval().to(memory_format=torch.contiguous_format)
    torch.onnx.export(net, torch.zeros(1, 4, crop, crop), str(out / "second-look.onnx"), input_names=["crops"],
                      output_names=["probabilities", "boxes"], opset_version=17, dynamo=False,
                      dynamic_axes={"crops": {0: "candidates"}, "probabilities": {0: "candidates"},
                                    "boxes": {0: "candidates"}})
    spec = {"model": "second-look.onnx", "classes": classes, "crop": crop, "context": context, "min_side": min_side,
            "top_k": TOP_K, "floor": FLOOR, "nms_iou": NMS_IOU, "weights": weights, "refine": refine, "version": f"1.{len(history)}",
            "parameters": sum(p.numel() for p in net.parameters()),
            "trained": {"command": args.command_line,
                        "data": str(args.train), "mined": list(mined), "epochs": len(history),
                        "minutes": round(sum(h["seconds"] for h in history) / 60, 1)},
            "validation": history[-1] if history else {}}
    (out / "second-look.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    log.info("exported %s", out / "second-look.onnx")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mine", help="crops of the detector's marks and of true boxes, labelled")
    m.add_argument("--data", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--model", default="models/detector.onnx")
    m.add_argument("--classes", default=",".join(CHECKED))
    m.add_argument("--floor", type=float, default=MINE_FLOOR)
    m.add_argument("--top-k", type=int, default=TOP_K, help="marks per class and scan")
    m.add_argument("--jitter", type=int, default=3, help="jittered copies of each true box")
    m.add_argument("--workers", type=int, default=2)
    m.add_argument("--crop", type=int, default=CROP, help="pixels of the square crop")
    m.add_argument("--context", type=float, default=CONTEXT, help="the crop's side over the box's longest side")
    m.add_argument("--min-side", type=float, default=MIN_SIDE,
                   help="the crop's least side in scan pixels (smaller: a small object gets more of the crop)")
    m.add_argument("--limit", type=int, default=0, help="only the first N scans")
    t = sub.add_parser("train", help="the crop classifier, exported to ONNX")
    t.add_argument("--train", required=True, help="mined crops (.npz); several, comma-separated, are joined")
    t.add_argument("--val", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--steps-per-epoch", type=int, default=300)
    t.add_argument("--batch", type=int, default=128)
    t.add_argument("--lr", type=float, default=3e-3)
    t.add_argument("--positive-share", type=float, default=0.3)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--width", type=float, default=1.0, help="the classifier's channels, times the default's")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--hidden-boost", type=float, default=1.0,
                   help="draw true crops of objects hidden inside an item this many times as often")
    t.add_argument("--positive-iou", type=float, default=REFINE_IOU,
                   help="a mark overlapping its object this much is taught as the object")
    t.add_argument("--negative-iou", type=float, default=NEGATIVE_IOU,
                   help="a mark overlapping every object of its class less than this is taught as none")
    i = sub.add_parser("install", help="copy beside the detector, thresholds chosen again")
    i.add_argument("--run", required=True)
    i.add_argument("--val", required=True, help="validation set folder; several, comma-separated, are pooled")
    i.add_argument("--models", default="models")
    i.add_argument("--threads", type=int, default=2)
    i.add_argument("--only", default="", help="comma-separated classes to look at; the rest go by the detector")
    i.add_argument("--floor", type=float, default=None, help="the detector's score from which to look")
    i.add_argument("--no-mirror", action="store_true", help="look at each crop alone, not averaged with its mirror")
    i.add_argument("--combine", choices=BLENDS, default="geometric",
                   help="the weighted mean that makes the final score of the detector's and the look's")
    i.add_argument("--top-k", type=int, default=None, help="candidates per class and scan to look at")
    i.add_argument("--weights", default="",
                   help="the look's weight per class, e.g. syringe=0.45 (instead of the one training chose)")
    i.add_argument("--weight-grid", default="",
                   help="weights to try, e.g. 0.15,0.3,0.45: the one with the best AP through the whole runtime on "
                        "--val is kept for the classes this look checks")
    i.add_argument("--add", action="store_true",
                   help="beside the looks installed (a look of the same classes is replaced), not instead of them")
    e = sub.add_parser("ensemble", help="looks of the same classes and crops averaged in one ONNX file")
    e.add_argument("--runs", required=True, help="the looks' run folders, comma-separated")
    e.add_argument("--out", required=True)
    args = p.parse_args(argv)
    # What made a file, recorded in its spec: the arguments given, also when called from Python.
    args.command_line = " ".join(["python -m app.training.second_look", *(sys.argv[1:] if argv is None else argv)])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    {"mine": mine, "train": train, "install": install, "ensemble": ensemble}[args.command](args)


if __name__ == "__main__":
    main()

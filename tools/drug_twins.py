"""What could tell a drug packet from the everyday items the detector takes for one (socks, mostly)?
Two probes, on simulated sets (the figures in models/TRAINING.md, "What the weak classes' false marks
lie on"):

    python tools/drug_twins.py texture --train data/train --test data/val800,data/check800    # 80 s
    checkpoint sim generate --count 800 --seed 3 --out data/val800raw --rgb-format jpg   # val800 with its pair
    python tools/drug_twins.py zeff --raw data/val800raw                                    # 10 s

`texture`: the mottle's grain. A 32 px patch at the scan's own resolution from the middle of each pair
of socks and each drug packet of plant material in the open; the power spectrum of its saturation and
value in six frequency bands; logistic regression fitted on --train (its first 4,000 scans), its AUC on --test.
`zeff`: the material. A set written with the 16-bit pair (`checkpoint sim generate` without --no-raw);
the detector's drug marks from 0.2 that touch no packet are put down to the item they lie on (as the
benchmark does), and for them and for every packet the Zeff of the box's own attenuation over what it
lies on is measured as material analysis measures it (app/detection/material.py); medians by group.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.detection.material import MaterialAnalysisDetector  # noqa: E402
from app.detection.metrics import false_marks  # noqa: E402
from app.detection.onnx_detector import OnnxDetector  # noqa: E402
from app.devices.simulator.dataset import item_under, scene_items  # noqa: E402
from app.imaging.render import attenuation, estimate_zeff  # noqa: E402

PATCH = 32
BANDS = [(0.02, 0.06), (0.06, 0.1), (0.1, 0.15), (0.15, 0.22), (0.22, 0.32), (0.32, 0.5)]  # cycles a pixel


def patch_features(hsv: np.ndarray) -> list[float]:
    fy, fx = np.meshgrid(np.fft.fftfreq(PATCH), np.fft.fftfreq(PATCH), indexing="ij")
    radius, window = np.hypot(fy, fx), np.outer(np.hanning(PATCH), np.hanning(PATCH))
    features = []
    for channel in (1, 2):  # saturation, value
        a = hsv[..., channel] - hsv[..., channel].mean()
        power = np.abs(np.fft.fft2(a * window)) ** 2
        total = power.sum() + 1e-6
        features += [np.log(power[(radius >= lo) & (radius < hi)].sum() / total + 1e-9) for lo, hi in BANDS]
        features += [np.log(a.std() + 1e-3), hsv[..., channel].mean() / 255]
    return features


def texture_set(folder: Path, limit: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Features of socks (0) and of plant material in the open (1) in one set (its first `limit` scans)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    xs, ys = [], []
    for record in manifest["scans"][: limit or None]:
        wanted = [(1, o["box"]) for o in record["objects"]
                  if o["label"] == "drugs" and o["variant"] == "plant_material" and not o["hidden_in"]]
        if "socks" in record["contents"]:
            wanted += [(0, box) for name, _, box in scene_items(manifest, record) if name == "socks"]
        if not wanted:
            continue
        hsv = cv2.cvtColor(cv2.imread(str(folder / record["image"])), cv2.COLOR_BGR2HSV).astype(np.float32)
        for label, (x0, y0, x1, y1) in wanted:
            cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
            patch = hsv[cy - PATCH // 2:cy + PATCH // 2, cx - PATCH // 2:cx + PATCH // 2]
            if patch.shape[:2] == (PATCH, PATCH):
                xs.append(patch_features(patch))
                ys.append(label)
    return np.array(xs), np.array(ys)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores)] = np.arange(1, len(scores) + 1)
    n1 = labels.sum()
    return float((ranks[labels == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * (len(labels) - n1)))


def texture(args) -> None:
    x_train, y_train = texture_set(Path(args.train), args.limit)
    tests = [texture_set(Path(f)) for f in args.test.split(",")]
    x_test, y_test = np.concatenate([t[0] for t in tests]), np.concatenate([t[1] for t in tests])
    mu, sd = x_train.mean(0), x_train.std(0) + 1e-6
    a, b = (x_train - mu) / sd, (x_test - mu) / sd
    w, bias = np.zeros(a.shape[1]), 0.0
    balance = np.where(y_train == 1, 0.5 / y_train.mean(), 0.5 / (1 - y_train.mean()))
    for _ in range(3000):  # plain gradient descent on the balanced logistic loss, a little L2
        g = (1 / (1 + np.exp(-(a @ w + bias))) - y_train) * balance
        w -= 0.1 * (a.T @ g / len(y_train) + 1e-3 * w)
        bias -= 0.1 * g.mean()
    print(f"socks against plant material in the open: fitted on {len(y_train)} patches ({y_train.sum()} plant), "
          f"AUC {auc(a @ w + bias, y_train):.2f}; on {len(y_test)} others ({y_test.sum()} plant), AUC {auc(b @ w + bias, y_test):.2f}")


def own_zeff(material, high, low, air: float, boxes) -> list[float]:
    """The Zeff of each box's own attenuation (over the grey opening of what it lies on), at half size."""
    a_high, a_low = attenuation(high, air), attenuation(low, air)
    half = (a_high.shape[1] // 2, a_high.shape[0] // 2)
    hs = cv2.GaussianBlur(cv2.resize(a_high, half, interpolation=cv2.INTER_AREA), (0, 0), 1.0)
    ls = cv2.GaussianBlur(cv2.resize(a_low, half, interpolation=cv2.INTER_AREA), (0, 0), 1.0)
    eh, el = hs - material._background(hs), ls - material._background(ls)
    out = []
    for x0, y0, x1, y1 in boxes:
        h, lo = (e[y0 // 2:(y1 + 1) // 2, x0 // 2:(x1 + 1) // 2] for e in (eh, el))
        own = h > 0.03
        if own.sum() < 5:
            out.append(float("nan"))
            continue
        z = estimate_zeff(np.float32([h[own].mean()]), np.float32([lo[own].mean()]), material.calibration, smooth=1)
        out.append(float(z[0]))
    return out


def zeff(args) -> None:
    folder = Path(args.raw)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    detector, material = OnnxDetector(args.model, threads=2), MaterialAnalysisDetector()
    detector.thresholds[:] = args.floor
    groups: dict[str, list[float]] = collections.defaultdict(list)
    for record in manifest["scans"]:
        if "high" not in record:
            sys.exit(f"{folder} has no raw pair: generate it without --no-raw")
        packets = [o for o in record["objects"] if o["label"] == "drugs"]
        rgb = cv2.cvtColor(cv2.imread(str(folder / record["image"])), cv2.COLOR_BGR2RGB)
        false = [tuple(int(v) for v in box) for box in
                 false_marks([d.box for d in detector.detect(rgb) if d.label == "drugs"], [o["box"] for o in packets])]
        if not packets and not false:
            continue
        high, low = (cv2.imread(str(folder / record[c]), cv2.IMREAD_UNCHANGED) for c in ("high", "low"))
        z = own_zeff(material, high, low, float(record["air_level_high"]), [o["box"] for o in packets] + false)
        for o, value in zip(packets, z):
            groups[f"packet: {o['variant']}{', hidden' if o['hidden_in'] else ''}"].append(value)
        items = [item for item in scene_items(manifest, record) if item[1] != "drugs"] if false else []
        for box, value in zip(false, z[len(packets):]):
            under = item_under(box, items)
            name = "several items" if under is None else items[under[0]][0] + ("" if under[1] else " (part)")
            groups[f"false mark: {name}"].append(value)
    print(f"own Zeff of drug packets and of false drug marks from {args.floor:g} (median, quartiles; n):")
    for name, values in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        v = np.array(values)
        v = v[~np.isnan(v)]
        if len(values) >= args.least and len(v):
            q1, med, q3 = np.percentile(v, [25, 50, 75])
            print(f"{name:34s} {med:5.2f} [{q1:.2f}, {q3:.2f}]  n={len(values)}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="probe", required=True)
    t = sub.add_parser("texture")
    t.add_argument("--train", default="data/train")
    t.add_argument("--test", default="data/val800,data/check800")
    t.add_argument("--limit", type=int, default=4000, help="of --train's scans (0: all)")
    z = sub.add_parser("zeff")
    z.add_argument("--raw", required=True, help="a simulated set written with its 16-bit pair")
    z.add_argument("--model", default="models/detector.onnx")
    z.add_argument("--floor", type=float, default=0.2)
    z.add_argument("--least", type=int, default=3, help="groups with fewer marks are left out")
    args = p.parse_args()
    texture(args) if args.probe == "texture" else zeff(args)


if __name__ == "__main__":
    main()

"""Look at one class's objects and the detector's marks on them, close up: a PNG of tiles, each a scan's
region around one object, magnified, as the scan shows it (left) and with the ground-truth box (green)
and the detector's marks of that class that touch it (red) drawn on (right). For telling a box the
network cannot see to draw from one it draws badly (a mini SIM card's faint plastic body, say):

    python tools/mark_crops.py --data data/heldout --label sim_card --variant mini --out /tmp/mini.png

With --false, the class's highest-scoring false marks instead (touching none of its objects), red, with
the item each lies on (the parcel composed again from its seed, as the benchmark does) boxed in blue
and named over the tile:

    python tools/mark_crops.py --data data/val800 --label drugs --false --count 12 --out /tmp/false-drugs.png
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.detection.metrics import false_marks  # noqa: E402
from app.detection.onnx_detector import OnnxDetector  # noqa: E402
from app.devices.simulator.dataset import item_under, scene_items  # noqa: E402

TRUTH, MARK, ITEM = (0, 200, 0), (0, 0, 255), (200, 80, 0)  # BGR


def tile(bgr: np.ndarray, box, marks, least_radius: int, side: int, caption: str = "",
         colours=(TRUTH, MARK)) -> np.ndarray:
    """The scan around `box` (a square 1.5 times its longest side, at least 2 * least_radius px, white
    beyond the scan), magnified to `side` x `side` without smoothing, so the noise stays as it is; `box`
    drawn in the first colour and `marks` in the second on a copy beside it, with `caption` over it."""
    x0, y0, x1, y1 = box
    radius = max(least_radius, int(0.75 * max(x1 - x0, y1 - y0)) + 1)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    padded = cv2.copyMakeBorder(bgr, radius, radius, radius, radius, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    plain = cv2.resize(padded[cy:cy + 2 * radius, cx:cx + 2 * radius], (side, side), interpolation=cv2.INTER_NEAREST)
    scale = side / (2 * radius)
    drawn = plain.copy()
    for b, colour in [(box, colours[0])] + [(m, colours[1]) for m in marks]:
        a = [int(round((v - c + radius) * scale)) for v, c in zip(b, (cx, cy, cx, cy))]
        cv2.rectangle(drawn, (a[0], a[1]), (a[2], a[3]), colour, 1)
    if caption:
        cv2.putText(drawn, caption, (6, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.55, (0, 0, 0), 1, cv2.LINE_AA)
    return np.hstack([plain, drawn])


def false_mark_tiles(detector, data: Path, manifest: dict, label: str, floor: float, count: int,
                     radius: int, side: int) -> list[np.ndarray]:
    """The `count` highest-scoring `label` marks at or over `floor` that touch none of its objects, each
    with the item it lies on (blue) named: "0.54 socks", "0.40 part of clothes", "0.38 several items"."""
    found = []
    for record in manifest["scans"]:
        bgr = cv2.imread(str(data / record["image"]))
        if bgr is None:
            sys.exit(f"cannot read {data / record['image']}")
        mine = [o["box"] for o in record["objects"] if o["label"] == label]
        for d in detector.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)):
            if d.label == label and d.score >= floor and len(false_marks([d.box], mine)):
                found.append((d.score, record, d.box))
    found.sort(key=lambda t: -t[0])
    tiles = []
    for score, record, box in found[:count]:
        items = [item for item in scene_items(manifest, record) if item[1] != label]
        under = item_under(box, items)
        if under is None:
            name, item_boxes = "several items", []
        else:
            item_name, _, item_box = items[under[0]]
            name, item_boxes = item_name if under[1] else f"part of {item_name}", [item_box]
        bgr = cv2.imread(str(data / record["image"]))
        tiles.append(tile(bgr, box, item_boxes, radius, side, f"{score:.2f} {name}", colours=(MARK, ITEM)))
    return tiles


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="a simulated set's folder (manifest.json)")
    p.add_argument("--label", required=True)
    p.add_argument("--variant", default="", help="only this shape variant")
    p.add_argument("--model", default="models/detector.onnx")
    p.add_argument("--floor", type=float, default=0.05, help="marks from this score")
    p.add_argument("--count", type=int, default=6)
    p.add_argument("--radius", type=int, default=40, help="at least this many scan pixels each side of the object's centre")
    p.add_argument("--side", type=int, default=320, help="pixels a side of each half of a tile")
    p.add_argument("--false", action="store_true",
                   help="the class's highest-scoring false marks and the items they lie on, not its objects")
    p.add_argument("--false-floor", type=float, default=0.25, help="with --false: marks from this score")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    data = Path(args.data)
    detector = OnnxDetector(args.model, threads=2)
    detector.thresholds[:] = args.floor
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    if args.false:
        tiles = false_mark_tiles(detector, data, manifest, args.label, args.false_floor, args.count, args.radius, args.side)
        if not tiles:
            sys.exit(f"no false {args.label} marks of {args.false_floor:g} or more in {data}")
        if not cv2.imwrite(args.out, np.vstack(tiles)):
            sys.exit(f"cannot write {args.out}")
        print(f"{len(tiles)} false marks -> {args.out} (left: the scan; right: the mark red, the item it lies on blue)")
        return
    tiles = []
    for record in manifest["scans"]:
        objects = [o for o in record["objects"] if o["label"] == args.label
                   and (not args.variant or o.get("variant") == args.variant)]
        if not objects:
            continue
        bgr = cv2.imread(str(data / record["image"]))
        if bgr is None:
            sys.exit(f"cannot read {data / record['image']}")
        marks = [d.box for d in detector.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)) if d.label == args.label]
        for o in objects[: args.count - len(tiles)]:
            x0, y0, x1, y1 = o["box"]
            touching = [m for m in marks if m[2] > x0 and m[0] < x1 and m[3] > y0 and m[1] < y1]
            tiles.append(tile(bgr, o["box"], touching, args.radius, args.side))
        if len(tiles) >= args.count:
            break
    if not tiles:
        sys.exit(f"no {args.label} {args.variant} objects in {data}")
    if not cv2.imwrite(args.out, np.vstack(tiles)):
        sys.exit(f"cannot write {args.out}")
    print(f"{len(tiles)} objects -> {args.out} (left: the scan; right: truth green, marks red)")


if __name__ == "__main__":
    main()

"""Can the network's cells reach a class's objects at all? The ceiling of any re-scoring of its marks.

For each object of one class in a simulated set, the best score of the network's own cells (before NMS,
down to a floor of 0.001) whose box overlaps the object 0.1, 0.3 and 0.5 or more, and how that score
ranks among the class's marks kept in its scan. An object with no such cell cannot be found by a second
look, whatever it learns; one whose cell ranks first is the network's to score. Optionally a montage of
the missed objects that stand out (contrast 30 or more), to look at.

    python benchmarks/candidate_recall.py --data data/val800 --label sim_card --montage missed.png
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import app.detection.onnx_detector as onnx_detector  # noqa: E402
from app.detection.metrics import iou_matrix  # noqa: E402

FLOOR = 0.001
OVERLAPS = (0.1, 0.3, 0.5)
VISIBLE = 30  # the simulator's object contrast from which an object plainly changes the scan


class CellRecorder:
    """Keeps the boxes, scores and kept indices of the detector's NMS call (its cells over the floor)."""

    def __init__(self):
        self.seen: dict = {}
        self._nms = onnx_detector.class_aware_nms

    def __call__(self, boxes, scores, classes, iou):
        kept = self._nms(boxes, scores, classes, iou)
        self.seen = {"boxes": boxes.copy(), "scores": scores.copy(), "kept": kept}
        return kept


def tile(rgb: np.ndarray, box, caption: str, half: int = 60) -> np.ndarray:
    """A 2x enlarged square of the scan around a box, the box drawn in green."""
    x0, y0, x1, y1 = map(int, box)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    padded = cv2.copyMakeBorder(rgb, half, half, half, half, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    t = cv2.resize(padded[cy:cy + 2 * half, cx:cx + 2 * half], (4 * half, 4 * half), interpolation=cv2.INTER_NEAREST)
    cv2.rectangle(t, ((x0 - cx + half) * 2, (y0 - cy + half) * 2), ((x1 - cx + half) * 2, (y1 - cy + half) * 2), (0, 255, 0), 1)
    cv2.putText(t, caption, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1)
    return t


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="models/detector.onnx")
    p.add_argument("--data", required=True, help="a simulated set (manifest.json)")
    p.add_argument("--label", default="sim_card")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--montage", default="", help="PNG of the missed objects of contrast 30 or more")
    args = p.parse_args(argv)

    detector = onnx_detector.OnnxDetector(args.model, threads=args.threads, second_look=False)
    recorder = CellRecorder()
    onnx_detector.class_aware_nms = recorder  # the detector's module-level NMS, seen from inside
    detector.thresholds[:] = 1.0  # only the one class's cells, down to the floor
    detector.thresholds[detector.classes.index(args.label)] = FLOOR
    folder = Path(args.data)
    records = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["scans"]
    rows, tiles = [], []
    for r in records:
        objects = [o for o in r["objects"] if o["label"] == args.label]
        if not objects:
            continue
        rgb = cv2.cvtColor(cv2.imread(str(folder / r["image"])), cv2.COLOR_BGR2RGB)
        recorder.seen = {}
        detector.detect(rgb)
        boxes = recorder.seen.get("boxes", np.zeros((0, 4), np.float32))
        scores = recorder.seen.get("scores", np.zeros(0, np.float32))
        kept_scores = scores[recorder.seen["kept"]] if recorder.seen else scores
        for o in objects:
            overlap = iou_matrix(boxes, np.array([o["box"]], float))[:, 0] if len(boxes) else np.zeros(0)
            best = [float(scores[overlap >= t].max()) if (overlap >= t).any() else 0.0 for t in OVERLAPS]
            rank = int((kept_scores > best[-1]).sum()) if best[-1] > 0 else -1
            contrast = float(o.get("contrast", -1))
            rows.append((*best, rank, contrast))
            if args.montage and best[1] == 0 and contrast >= VISIBLE:
                tiles.append(tile(rgb, o["box"], f"{o['variant']} c{contrast:.0f} {o.get('hidden_in') or ''}"))
    onnx_detector.class_aware_nms = recorder._nms
    a = np.array(rows, float).reshape(-1, 5)
    print(f"{args.label}: {len(a)} objects in {args.data}; the network's cells down to score {FLOOR}")
    for i, t in enumerate(OVERLAPS):
        print(f"  a cell overlapping {t} or more: {np.mean(a[:, i] > 0):.2f} of objects; its best score "
              f"(10/25/50/75 %): {' '.join(f'{v:.3f}' for v in np.percentile(a[:, i], [10, 25, 50, 75]))}")
    reached = a[:, 3] >= 0
    print(f"  of the {int(reached.sum())} with a cell at 0.5: ranked first in their scan {int((a[:, 3] == 0).sum())}, "
          f"in the first 6 {int(((a[:, 3] >= 0) & (a[:, 3] < 6)).sum())}")
    missed = a[:, 1] == 0
    visible = a[:, 4] >= VISIBLE
    print(f"  no cell at 0.3: {int(missed.sum())}; of them under contrast {VISIBLE}: {int((missed & ~visible).sum())}, "
          f"{VISIBLE} or more: {int((missed & visible).sum())} of the {int(visible.sum())} that stand out")
    if args.montage and tiles:
        print(f"  {len(tiles)} missed objects that stand out: {args.montage}")
        while len(tiles) % 5:
            tiles.append(np.full_like(tiles[0], 255))
        rows_ = [np.hstack(tiles[i:i + 5]) for i in range(0, len(tiles), 5)]
        cv2.imwrite(args.montage, cv2.cvtColor(np.vstack(rows_), cv2.COLOR_RGB2BGR))


if __name__ == "__main__":
    main()

"""The detector's accuracy on a held-out simulated set and its speed on this CPU.

    checkpoint sim generate --count 1000 --seed 777 --out data/heldout --no-raw --rgb-format jpg
    python benchmarks/detector.py --model models/detector.onnx --data data/heldout [--reference]

Prints AP@0.5 and AP@0.5:0.95 per class and their means, alarms per clean scan at the shipped
thresholds, and latency p50/p95 per image (preprocessing, inference, NMS) with onnxruntime.
--reference also times a YOLOv8n-size network at the same input size, built from the ultralytics
model definition without weights (needs `pip install ultralytics onnx`, a benchmark-only extra; AGPL,
never shipped), so the ratio is measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from app.detection.metrics import evaluate  # noqa: E402
from app.detection.onnx_detector import OnnxDetector, letterbox  # noqa: E402


def latency(run, images, repeats: int = 1) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        for image in images:
            t0 = time.perf_counter()
            run(image)
            times.append((time.perf_counter() - t0) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def reference_network(num_classes: int):
    """(module, how it was built): ultralytics' own YOLOv8n definition if installed, else the same topology
    written out in benchmarks/reference_yolov8n.py. Random weights: only its speed matters."""
    try:
        from ultralytics.nn.tasks import DetectionModel

        return DetectionModel("yolov8n.yaml", nc=num_classes, verbose=False).eval(), "ultralytics yolov8n.yaml"
    except ImportError:
        from reference_yolov8n import build

        return build(num_classes), "YOLOv8n topology in plain torch (benchmarks/reference_yolov8n.py)"


def reference_latency(size: int, num_classes: int, images, threads: int):
    try:
        import onnxruntime as ort
        import torch
    except ImportError:
        return None
    model, how = reference_network(num_classes)
    params = sum(p.numel() for p in model.parameters()) / 1e6
    path = Path(tempfile.mkdtemp()) / "yolov8n.onnx"
    torch.onnx.export(model, torch.zeros(1, 3, size, size), str(path), opset_version=17, dynamo=False)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    def run(rgb):
        image = letterbox(rgb, size)[0]
        session.run(None, {name: (image.astype(np.float32) / 255).transpose(2, 0, 1)[None]})

    return latency(run, images, repeats=2), how, params


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="models/detector.onnx")
    p.add_argument("--data", required=True, help="held-out dataset folder (manifest.json)")
    p.add_argument("--reference", action="store_true")
    p.add_argument("--limit", type=int, default=0)
    args = p.parse_args()
    detector = OnnxDetector(args.model, threads=2)
    manifest = json.loads((Path(args.data) / "manifest.json").read_text(encoding="utf-8"))
    scans = manifest["scans"][: args.limit or None]
    preds, truths, images, clean_alarms = [], [], [], []
    for r in scans:
        rgb = cv2.cvtColor(cv2.imread(str(Path(args.data) / r["image"])), cv2.COLOR_BGR2RGB)
        images.append(rgb)
        found = detector.detect(rgb)
        preds.append([(d.label, d.score, d.box) for d in found])
        truths.append([(o["label"], tuple(o["box"])) for o in r["objects"]])
        if not r["objects"]:
            clean_alarms.append(len(found) > 0)
    # AP needs the low-score tail too: rerun with every class threshold at 0.01 for the curves.
    detector.thresholds[:] = 0.01
    curve_preds = [[(d.label, d.score, d.box) for d in detector.detect(im)] for im in images]
    res = evaluate(curve_preds, truths, detector.classes)
    print(f"model {detector.tag}, {len(scans)} held-out scans from {args.data}")
    print(f"{'class':10s} {'AP50':>6s} {'AP50:95':>8s} {'objects':>8s}")
    for c, r in res.items():
        print(f"{c:10s} {r.ap50:6.3f} {r.ap50_95:8.3f} {r.ground_truths:8d}")
    print(f"{'mean':10s} {np.mean([r.ap50 for r in res.values()]):6.3f} {np.mean([r.ap50_95 for r in res.values()]):8.3f}")
    if clean_alarms:
        print(f"clean scans with any alarm at the shipped thresholds: {np.mean(clean_alarms):.1%} of {len(clean_alarms)}")
    sample = images[:100]
    p50, p95 = latency(detector.detect, sample, repeats=2)
    print(f"latency per image (letterbox + inference + NMS, 2 threads): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    if args.reference:
        ref = reference_latency(detector.input_size, sample)
        if ref is None:
            print("reference: ultralytics not installed (pip install ultralytics onnx)")
        else:
            print(f"YOLOv8n-size reference, same input: p50 {ref[0]:.1f} ms, p95 {ref[1]:.1f} ms; ratio {p50 / ref[0]:.2f}")


if __name__ == "__main__":
    main()

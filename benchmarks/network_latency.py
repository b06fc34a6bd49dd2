"""How much network fits in the latency budget: the detector's network at several widths, random weights,
timed in turns with the YOLOv8n-size reference on this machine's cores.

The target is the whole detector (network, second looks, pre- and post-processing) at no more than half
the reference's time. The looks and the processing around the network cost the same whatever its width,
so a wider network moves the ratio by its extra milliseconds over the reference's. This script times only
the networks (the shipped file too, as the yardstick), so a width can be chosen before any training is
spent on it:

    python benchmarks/network_latency.py --widths 1.25,1.5,2 --shipped-ratio 0.41

`--shipped-ratio` is the whole shipped detector's ratio from `benchmarks/detector.py --reference`
(0.41 for stage 19); each width's line adds (its p50 - the shipped network's p50) / the reference's p50.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detector import latency, reference_runner  # noqa: E402

from app.detection.onnx_detector import session_options  # noqa: E402


def network_runner(path: Path, threads: int, height: int, width: int):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), session_options(threads), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    def run(image):
        blob = (image[:height, :width].astype(np.float32) / 255).transpose(2, 0, 1)[None]
        session.run(None, {name: np.ascontiguousarray(blob)})

    return run


def export_width(width: float, fine_blocks: int, classes: int, folder: Path) -> tuple[Path, int]:
    import torch

    from app.training.model import CheckpointDetector, export_onnx

    torch.manual_seed(0)
    model = CheckpointDetector(classes, width, 640, fine_blocks)
    path = folder / f"w{width:g}-f{fine_blocks}.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        export_onnx(model, str(path))
    return path, sum(p.numel() for p in model.parameters())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--widths", default="1.25,1.5,1.75,2")
    p.add_argument("--fine-blocks", type=int, default=0)
    p.add_argument("--shipped", type=Path, default=Path("models/detector.onnx"))
    p.add_argument("--images", type=int, default=200, help="images per network per repeat")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--shipped-ratio", type=float, default=0.41,
                   help="the whole shipped detector's ratio to the reference, from benchmarks/detector.py")
    args = p.parse_args()

    folder = Path(tempfile.mkdtemp())
    rng = np.random.default_rng(0)
    # 448 x 640 is what a simulator scan letterboxes to; the reference takes the 640 x 640 square.
    images = [rng.integers(0, 256, (640, 640, 3), np.uint8) for _ in range(args.images)]
    names, runs = [], []
    has_shipped = args.shipped.exists()
    if has_shipped:
        names.append(f"shipped {args.shipped}")
        runs.append(network_runner(args.shipped, args.threads, 448, 640))
    for w in (float(v) for v in args.widths.split(",")):
        path, params = export_width(w, args.fine_blocks, 10, folder)
        names.append(f"width {w:g}, fine blocks {args.fine_blocks}, {params / 1e3:.0f}k parameters")
        runs.append(network_runner(path, args.threads, 448, 640))
    reference = reference_runner(640, 10, args.threads)
    if reference is None:
        sys.exit("torch is needed to build the reference network (pip install -e .[train])")
    ref_run, how, ref_params = reference
    names.append(f"reference: {how}, {ref_params:.2f} M parameters")
    runs.append(ref_run)

    figures = latency(runs, images, args.repeats)
    ref_p50 = figures[-1][0]
    print(f"networks alone, 448 x 640 (reference 640 x 640), {args.threads} threads, timed in turns:")
    for name, (p50, p95) in zip(names[:-1], figures[:-1]):  # ours; the reference is last
        line = f"  {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        if has_shipped:
            line += f"; whole detector's ratio about {args.shipped_ratio + (p50 - figures[0][0]) / ref_p50:.2f}"
        print(line)
    print(f"  {names[-1]}: p50 {ref_p50:.1f} ms, p95 {figures[-1][1]:.1f} ms")


if __name__ == "__main__":
    main()

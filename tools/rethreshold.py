"""A newly trained network beside the looks already shipped: every class's threshold chosen again with
those looks, through the whole runtime, on the pooled validation scans (as `second_look install` does
for a new look). Writes the network, its metadata and the looks' files into OUT, ready to benchmark
and to copy into models/:

    python tools/rethreshold.py runs/s13 runs/s13-models --val data/val800,data/check800
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.training.second_look_install import runtime_predictions, thresholds_and_validation  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", help="the training run's folder (detector.onnx, detector.json)")
    p.add_argument("out", help="where the network, its metadata and the looks go")
    p.add_argument("--val", required=True, help="validation folders, comma-separated, pooled")
    p.add_argument("--models", default="models", help="where the looks come from")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    run, out, models = Path(args.run), Path(args.out), Path(args.models)
    out.mkdir(parents=True, exist_ok=True)
    shipped = json.loads((models / "detector.json").read_text(encoding="utf-8"))
    meta = json.loads((run / "detector.json").read_text(encoding="utf-8"))
    shutil.copyfile(run / "detector.onnx", out / "detector.onnx")
    for spec in shipped.get("second_look", []):
        shutil.copyfile(models / spec["model"], out / spec["model"])
    meta["detector_thresholds"] = meta["thresholds"]  # the network's own, for when a look cannot load
    meta["second_look"] = shipped.get("second_look", [])
    if shipped.get("box_fusion"):  # the shipped way of fusing boxes, which the thresholds below are chosen with
        meta["box_fusion"] = shipped["box_fusion"]
    classes, preds, truths = runtime_predictions(meta, out / "detector.json", [Path(f) for f in args.val.split(",")],
                                                 args.threads)
    meta["thresholds"], validation = thresholds_and_validation(classes, preds, truths)
    (out / "detector.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"pooled mAP@0.5 {validation['map50']:.4f}", validation["per_class_ap50"],
          f"clean alarms {validation['clean_alarm_rate_at_thresholds']:.4f}", meta["thresholds"])


if __name__ == "__main__":
    main()

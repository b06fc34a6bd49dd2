"""Write tests/data/constant_detector.onnx (+ .json): a model whose output is fixed, so the runtime's
letterboxing, thresholds, NMS and coordinate mapping can be tested against known numbers.

    python tools/make_test_models.py      (needs the `onnx` package; the tests need only onnxruntime)
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parents[1] / "tests" / "data"
SIZE, CLASSES, N = 64, ["knife", "drugs", "phone"], 16

# Rows: x1 y1 x2 y2 (input pixels) then one score per class.
ROWS = np.zeros((N, 4 + len(CLASSES)), np.float32)
ROWS[0] = [10, 25, 30, 40, 0.9, 0.0, 0.1]  # knife
ROWS[1] = [11, 26, 31, 41, 0.8, 0.0, 0.0]  # the same knife again: NMS drops it
ROWS[2] = [10, 25, 30, 40, 0.1, 0.0, 0.7]  # a phone in the same place: another class, kept
ROWS[3] = [40, 30, 60, 42, 0.0, 0.3, 0.0]  # drugs below their threshold (0.4): dropped
ROWS[4] = [40, 30, 60, 42, 0.0, 0.45, 0.0]  # drugs above it: kept
ROWS[5] = [40, 5, 56, 20, 0.0, 0.55, 0.6]  # one cell, two classes over their thresholds: both kept


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    images = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, SIZE, SIZE])
    detections = helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, N, 4 + len(CLASSES)])
    nodes = [
        helper.make_node("ReduceSum", ["images"], ["total"], keepdims=1),  # depend on the input ...
        helper.make_node("Mul", ["total", "zero"], ["nothing"]),  # ... by nothing
        helper.make_node("Reshape", ["nothing", "shape"], ["nothing3"]),
        helper.make_node("Add", ["rows", "nothing3"], ["detections"]),
    ]
    inits = [numpy_helper.from_array(np.zeros((1,), np.float32), "zero"),
             numpy_helper.from_array(np.array([1, 1, 1], np.int64), "shape"),
             numpy_helper.from_array(ROWS[None], "rows")]
    graph = helper.make_graph(nodes, "constant_detector", [images], [detections], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="checkpoint-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, OUT / "constant_detector.onnx")
    meta = {"name": "constant-test", "version": "test", "classes": CLASSES, "input_size": SIZE,
            "thresholds": {"knife": 0.5, "drugs": 0.4, "phone": 0.5}, "severity": {"drugs": "medium"},
            "nms_iou": 0.5, "rows": ROWS.tolist()}
    (OUT / "constant_detector.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'constant_detector.onnx'}")


if __name__ == "__main__":
    main()

"""Several second looks of one class made into one ONNX file that averages them.

    python -m app.training.second_look ensemble --runs runs/sld128,runs/sld6 --out runs/sldE

Looks trained apart (other mined scans, another seed) err apart: their mean ranks the candidates better
than either (drug packets, val800's mined marks: candidate AP 0.558 and 0.575 alone, 0.597 averaged).
The file has the one input and the two outputs of a single look, so the runtime and `install` take it
as they take any look; it costs the sum of the looks' time per crop.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger("second_look")
# What the looks must share to be averaged: the same crops, cut the same way, for the same classes.
SAME_CROPS = ("classes", "crop", "context", "min_side")


def merge_looks(paths: list[Path]):
    """One ONNX model: every look's graph on the shared input, each output the Mean of the looks' own."""
    import onnx
    from onnx import compose, helper

    models = [onnx.load(path) for path in paths]
    first = models[0]
    shared = first.graph.input[0].name
    nodes, initializers = [], []
    for i, (path, model) in enumerate(zip(paths, models)):
        if [o.name for o in model.graph.output] != [o.name for o in first.graph.output]:
            raise SystemExit(f"{path}: outputs {[o.name for o in model.graph.output]}, not those of {paths[0]}")
        if model.opset_import[0].version != first.opset_import[0].version:
            raise SystemExit(f"{path}: opset {model.opset_import[0].version}, "
                             f"{paths[0]} {first.opset_import[0].version}")
        model = compose.add_prefix(model, f"look{i}_")
        for node in model.graph.node:
            node.input[:] = [shared if name == f"look{i}_{shared}" else name for name in node.input]
            nodes.append(node)
        initializers.extend(model.graph.initializer)
    for output in first.graph.output:
        nodes.append(helper.make_node("Mean", [f"look{i}_{output.name}" for i in range(len(paths))], [output.name]))
    graph = helper.make_graph(nodes, "second_look_ensemble", [first.graph.input[0]], list(first.graph.output),
                              initializers)
    merged = helper.make_model(graph, opset_imports=first.opset_import, producer_name="checkpoint second look ensemble")
    merged.ir_version = first.ir_version
    onnx.checker.check_model(merged)
    return merged


def ensemble(args) -> None:
    """Write the averaged look and its spec (the first look's, with the parts named) into `args.out`."""
    import onnx

    runs = [Path(r) for r in args.runs.split(",") if r]
    if len(runs) < 2:
        raise SystemExit("--runs: name two or more look runs, comma-separated")
    specs = [json.loads((r / "second-look.json").read_text(encoding="utf-8")) for r in runs]
    for run, spec in zip(runs[1:], specs[1:]):
        differ = [k for k in SAME_CROPS if spec.get(k) != specs[0].get(k)]
        if differ:
            raise SystemExit(f"{run} cuts its crops otherwise than {runs[0]} ({', '.join(differ)}): "
                             "they cannot be averaged")
    merged = merge_looks([r / "second-look.onnx" for r in runs])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    onnx.save(merged, out / "second-look.onnx")
    spec = dict(specs[0])
    # "e2": the mean of two looks, the first of this version (their own versions are under ensemble_of)
    spec["version"] = f"{specs[0].get('version', '0')}e{len(runs)}"
    spec["parameters"] = sum(int(s.get("parameters", 0)) for s in specs)
    spec["ensemble_of"] = [{"run": str(r), "version": s.get("version"), "trained": s.get("trained"),
                            "validation": s.get("validation")} for r, s in zip(runs, specs)]
    spec["trained"] = {"command": args.command_line,
                       "mined": [m for s in specs for m in (s.get("trained") or {}).get("mined") or []],
                       "minutes": round(sum(float((s.get("trained") or {}).get("minutes") or 0) for s in specs), 1)}
    # Each part's training figures are under ensemble_of; where the first part was installed, that
    # install's record (weights tried, thresholds' validation) is not the mean's: install measures it anew.
    for key in ("validation", "installed", "installed_for", "weight_choice", "validation_with_detector"):
        spec.pop(key, None)
    (out / "second-look.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("the mean of %d looks (%d parameters) in %s", len(runs), spec["parameters"], out / "second-look.onnx")

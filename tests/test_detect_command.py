"""`checkpoint detect`: the JSON on stdout exactly as specified, a damaged file among good ones,
dual-energy pairs, marked copies, and the exit status."""
import json
import shutil
from pathlib import Path

import cv2
import numpy as np

from app.cli import main

CONSTANT = Path(__file__).with_name("data") / "constant_detector.onnx"


def run_json(capsys, *args):
    code = main(["detect", "--json", "--model", str(CONSTANT), *map(str, args)])
    out = capsys.readouterr().out
    return code, json.loads(out)  # stdout is one JSON document and nothing else


def test_json_schema_exactly(capsys, tmp_path, fixtures_dir):
    image = fixtures_dir / "images" / "000.png"
    code, results = run_json(capsys, image)
    assert code == 0 and len(results) == 1
    r = results[0]
    assert set(r) == {"image", "width", "height", "detections"} and r["image"] == str(image)
    assert (r["width"], r["height"]) == (746, 600)
    assert r["detections"] and all(set(d) == {"class", "score", "box"} for d in r["detections"])
    for d in r["detections"]:
        x1, y1, x2, y2 = d["box"]
        assert isinstance(d["class"], str) and 0 <= d["score"] <= 1 and all(isinstance(v, int) for v in d["box"])
        assert 0 <= x1 < x2 <= 746 and 0 <= y1 < y2 <= 600


def test_a_damaged_file_among_good_ones(capsys, tmp_path, fixtures_dir):
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(fixtures_dir / "images" / "000.png", folder / "посылка 1.png")  # Cyrillic names work
    good = cv2.imread(str(fixtures_dir / "images" / "001.png"))
    ok, jpg = cv2.imencode(".jpg", good)
    (folder / "b.jpg").write_bytes(jpg.tobytes()[: len(jpg) // 2])  # truncated mid-write
    (folder / "c.png").write_text("not an image")
    cv2.imwrite(str(folder / "d.tif"), cv2.cvtColor(good, cv2.COLOR_BGR2GRAY))  # a grey-scale export
    code, results = run_json(capsys, folder, tmp_path / "missing.png")
    assert code == 0
    by_name = {Path(r["image"]).name: r for r in results}
    assert set(by_name) == {"посылка 1.png", "b.jpg", "c.png", "d.tif", "missing.png"}
    assert "error" in by_name["c.png"] and "error" in by_name["missing.png"]
    assert set(by_name["c.png"]) == {"image", "error"}
    assert "detections" in by_name["посылка 1.png"] and "detections" in by_name["d.tif"]
    # A truncated JPEG either decodes in part or is reported; it never stops the run.
    assert "detections" in by_name["b.jpg"] or "error" in by_name["b.jpg"]


def test_nothing_readable_is_a_failure(capsys, tmp_path):
    (tmp_path / "x.png").write_bytes(b"\x89PNG broken")
    code, results = run_json(capsys, tmp_path / "x.png")
    assert code == 1 and "error" in results[0]


def test_pairs_are_rendered_and_marked_copies_written(capsys, tmp_path, fixtures_dir):
    raw = tmp_path / "raw"
    shutil.copytree(fixtures_dir / "raw", raw)
    pairs = sorted(raw.glob("*_high.png"))
    code, results = run_json(capsys, raw)
    assert code == 0 and len(results) == len(pairs)  # a pair is one image, named by its high file
    assert all(Path(r["image"]).stem.endswith("_high") for r in results)
    out = tmp_path / "marked"
    assert main(["detect", "--model", str(CONSTANT), "--out", str(out), str(pairs[0])]) == 0
    marked = cv2.imread(str(next(out.glob("*.png"))))
    high = cv2.imread(str(pairs[0]), cv2.IMREAD_UNCHANGED)
    assert marked.shape[:2] == high.shape and marked.dtype == np.uint8

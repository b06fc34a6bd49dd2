"""Datasets on disk: COCO, YOLO, raw pairs, manifest; the same files whatever the worker count."""
import hashlib
import json

import cv2
import numpy as np
import pytest

from app.cli import main
from app.devices.simulator.dataset import WriteOptions, generate_dataset, item_under, scene_items
from app.devices.simulator.scene import SceneConfig
from app.devices.simulator.threats import THREAT_CLASSES


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def test_dataset_files_and_ground_truth_agree(tmp_path):
    manifest = generate_dataset(tmp_path, 6, seed=4, workers=1)
    coco = json.loads((tmp_path / "annotations.coco.json").read_text())
    assert [c["name"] for c in coco["categories"]] == list(THREAT_CLASSES)
    assert len(coco["images"]) == 6 == len(manifest["scans"])
    for image, record in zip(coco["images"], manifest["scans"]):
        rgb = cv2.imread(str(tmp_path / record["image"]), cv2.IMREAD_UNCHANGED)
        high = cv2.imread(str(tmp_path / record["high"]), cv2.IMREAD_UNCHANGED)
        low = cv2.imread(str(tmp_path / record["low"]), cv2.IMREAD_UNCHANGED)
        assert rgb.shape == (image["height"], image["width"], 3)
        assert high.dtype == np.uint16 and low.dtype == np.uint16 and high.shape == rgb.shape[:2]
        anns = [a for a in coco["annotations"] if a["image_id"] == image["id"]]
        lines = (tmp_path / "labels" / f"{record['id']}.txt").read_text().split()
        assert len(lines) == 5 * len(anns) == 5 * len(record["objects"])
        assert all(o["contrast"] >= 0 for o in record["objects"])  # written datasets carry it
        for k, a in enumerate(anns):
            cls, cx, cy, w, h = (float(v) for v in lines[5 * k: 5 * k + 5])
            x, y, bw, bh = a["bbox"]
            assert int(cls) == a["category_id"] - 1
            assert abs(cx * image["width"] - (x + bw / 2)) < 0.01 and abs(w * image["width"] - bw) < 0.01
            assert abs(cy * image["height"] - (y + bh / 2)) < 0.01 and abs(h * image["height"] - bh) < 0.01
            poly = np.array(a["segmentation"][0]).reshape(-1, 2)
            assert poly[:, 0].min() >= x and poly[:, 0].max() <= x + bw and poly[:, 1].min() >= y and poly[:, 1].max() <= y + bh
            assert 0 < a["area"] <= bw * bh


def test_a_written_scans_items_come_back_from_its_seed(tmp_path):
    # The benchmark asks what a false mark lies on by composing each parcel again: the prohibited items
    # must come back exactly where the ground truth has them, and the everyday ones be the scan's contents
    # (a config with weighted clutter, which JSON writes back as lists, included).
    config = SceneConfig(clean_fraction=0.0, clutter_weights=(("socks", 3.0),))
    manifest = generate_dataset(tmp_path, 4, seed=21, config=config, workers=1, options=WriteOptions(raw=False))
    for record in manifest["scans"]:
        items = scene_items(json.loads(json.dumps(manifest)), record)
        assert sorted((label, box) for _, label, box in items if label) == \
            sorted((o["label"], tuple(o["box"])) for o in record["objects"])
        everyday = [name for name, label, _ in items if label is None]
        assert everyday and set(everyday) <= set(record["contents"])
        for _, _, (x0, y0, x1, y1) in items:
            assert 0 <= x0 < x1 <= record["width"] and 0 <= y0 < y1 <= record["height"]
    stale = dict(manifest, generator="sim-0.9")
    with pytest.raises(ValueError, match="sim-0.9"):
        scene_items(stale, manifest["scans"][0])


def test_the_item_a_box_lies_on():
    items = [("clothes", None, (0, 0, 300, 200)), ("toothpaste", None, (100, 100, 260, 140)),
             ("comb", None, (20, 20, 200, 30)), ("phone", "phone", (400, 0, 470, 150))]
    assert item_under((22, 19, 195, 31), items) == (2, True)      # frames the comb
    assert item_under((240, 110, 255, 125), items) == (1, False)  # the toothpaste's cap: the smallest holder
    assert item_under((250, 150, 290, 190), items) == (0, False)  # on the clothes
    assert item_under((280, 100, 420, 150), items) is None                 # across the clothes and the phone
    assert item_under((10, 10, 20, 20), []) is None


def test_same_files_with_one_or_two_workers(tmp_path):
    generate_dataset(tmp_path / "one", 4, seed=9, workers=1, options=WriteOptions(raw=False))
    generate_dataset(tmp_path / "two", 4, seed=9, workers=2, options=WriteOptions(raw=False))
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")


def test_generate_command_with_jpeg_and_no_raw(tmp_path, capsys):
    out = tmp_path / "ds"
    assert main(["sim", "generate", "--count", "3", "--seed", "2", "--out", str(out), "--workers", "1",
                 "--no-raw", "--rgb-format", "jpg"]) == 0
    assert len(list((out / "images").glob("*.jpg"))) == 3
    assert not (out / "raw").exists()
    assert "3 scans in" in capsys.readouterr().out


def test_generate_command_records_clutter_weights_and_refuses_unknown_items(tmp_path, capsys):
    out = tmp_path / "ds"
    assert main(["sim", "generate", "--count", "1", "--seed", "2", "--out", str(out), "--workers", "1", "--no-raw",
                 "--clutter-weights", "toiletries=3,pen=2.5"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["clutter_weights"] == [["toiletries", 3.0], ["pen", 2.5]]
    for wrong in ("toothbrush=3", "pen=many", "pen=-1"):
        assert main(["sim", "generate", "--count", "1", "--out", str(tmp_path / "no"), "--clutter-weights", wrong]) == 2
        assert "--clutter-weights" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_contact_sheet_command(tmp_path):
    out = tmp_path / "sheet.png"
    assert main(["sim", "contact-sheet", "--count", "4", "--columns", "2", "--out", str(out)]) == 0
    sheet = cv2.imread(str(out))
    assert sheet is not None and sheet.shape[0] > 600 and sheet.shape[1] > 600

"""The committed fixture set is complete, consistent, and is what the builder makes."""
import json
from collections import Counter

import cv2
import numpy as np

from app.devices.simulator.fixtures import fixture_plan
from app.devices.simulator.threats import THREAT_CLASSES
from app.imaging.render import render_pseudocolour


def test_manifest_matches_the_files(fixtures_dir):
    manifest = json.loads((fixtures_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["count"] == len(manifest["scans"]) == len(fixture_plan())
    counts = Counter(o["label"] for r in manifest["scans"] for o in r["objects"])
    for cls in THREAT_CLASSES:
        assert counts[cls] >= 2, cls
    clean = [r for r in manifest["scans"] if r["clean"]]
    assert len(clean) >= 8 and all(not r["objects"] for r in clean)
    for r in manifest["scans"]:
        assert (fixtures_dir / r["image"]).is_file()
        labels = (fixtures_dir / "labels" / f"{r['id']}.txt").read_text().splitlines()
        assert len(labels) == len(r["objects"])
    assert any(o.get("hidden_in") for r in manifest["scans"] for o in r["objects"])


def test_raw_pairs_render_to_the_committed_colour_image(fixtures_dir):
    manifest = json.loads((fixtures_dir / "manifest.json").read_text(encoding="utf-8"))
    with_raw = [r for r in manifest["scans"] if r.get("high")]
    assert len(with_raw) >= 6
    for r in with_raw[:3]:
        high = cv2.imread(str(fixtures_dir / r["high"]), cv2.IMREAD_UNCHANGED)
        low = cv2.imread(str(fixtures_dir / r["low"]), cv2.IMREAD_UNCHANGED)
        rgb = cv2.cvtColor(cv2.imread(str(fixtures_dir / r["image"])), cv2.COLOR_BGR2RGB)
        again = render_pseudocolour(high, low, air_high=r["air_level_high"], air_low=r["air_level_low"])
        assert np.array_equal(again, rgb)


def test_fixture_set_is_light(fixtures_dir):
    total = sum(p.stat().st_size for p in fixtures_dir.rglob("*") if p.is_file())
    assert total < 25 * 2**20

"""The committed fixture set and contact sheets: small, deterministic, covering every class."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from .dataset import COCO_FILE, MANIFEST, WriteOptions, coco_document, write_scan
from .generator import GENERATOR_VERSION, SimulatedScan, generate_scan
from .scene import SceneConfig
from .threats import THREAT_CLASSES

FIXTURE_SEED = 20261123


def fixture_plan() -> list[tuple[str, ...]]:
    """What each fixture scan holds: 10 clean, every class alone twice, and some pairs."""
    plan: list[tuple[str, ...]] = [()] * 10
    plan += [(c,) for c in THREAT_CLASSES] * 2
    plan += [("knife", "phone"), ("drugs", "sim_card"), ("gun", "battery"), ("syringe", "drugs"),
             ("alcohol", "lighter"), ("scissors", "knife")]
    return plan


def build_fixtures(out: Path, seed: int = FIXTURE_SEED, raw_every: int = 4) -> dict:
    """Write the fixture set; the raw 16-bit pair is kept for every `raw_every`-th scan only,
    since photon noise does not compress and the repository should stay light."""
    out = Path(out)
    for sub in ("images", "labels", "raw"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    records = []
    plain, hiding = SceneConfig(hidden_drug_fraction=0.0), SceneConfig(hidden_drug_fraction=1.0)
    for index, classes in enumerate(fixture_plan()):
        # Drug packets in the open in the first half of the set, hidden in food or clothing after.
        config = hiding if index >= len(fixture_plan()) // 2 else plain
        scan = generate_scan(seed, index, config, force_classes=classes)
        options = WriteOptions(raw=index % raw_every == 0, png_compression=9)
        records.append(write_scan(out, scan, f"{index:03d}", options))
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "start": 0, "count": len(records),
                "classes": list(THREAT_CLASSES), "command": "checkpoint sim fixtures --out fixtures/images",
                "scans": records}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / COCO_FILE).write_text(json.dumps(coco_document(records)) + "\n", encoding="utf-8")
    (out / "classes.txt").write_text("\n".join(THREAT_CLASSES) + "\n", encoding="utf-8")
    return manifest


def draw_ground_truth(scan: SimulatedScan) -> np.ndarray:
    """BGR image with each prohibited item's box and class drawn on it."""
    image = cv2.cvtColor(scan.rgb, cv2.COLOR_RGB2BGR)
    for a in scan.annotations:
        x0, y0, x1, y1 = a.box
        cv2.rectangle(image, (x0, y0), (x1 - 1, y1 - 1), (40, 40, 230), 2)
        text = a.label + (f" in {a.hidden_in}" if a.hidden_in else "")
        cv2.putText(image, text, (x0, max(y0 - 5, 14)), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (40, 40, 230), 2)
    return image


def contact_sheet(seed: int, count: int, columns: int = 4, tile_height: int = 320, boxes: bool = True,
                  config: SceneConfig = SceneConfig()) -> np.ndarray:
    """A grid of generated scans (BGR), for looking at beside real ones."""
    tiles = []
    for index in range(count):
        scan = generate_scan(seed, index, config)
        image = draw_ground_truth(scan) if boxes else cv2.cvtColor(scan.rgb, cv2.COLOR_RGB2BGR)
        h, w = image.shape[:2]
        tiles.append(cv2.resize(image, (int(w * tile_height / h), tile_height), interpolation=cv2.INTER_AREA))
    tile_w = max(t.shape[1] for t in tiles)
    tiles = [np.pad(t, ((4, 4), (4, tile_w - t.shape[1] + 4), (0, 0)), constant_values=90) for t in tiles]
    while len(tiles) % columns:
        tiles.append(np.full_like(tiles[0], 90))
    rows = [np.hstack(tiles[i:i + columns]) for i in range(0, len(tiles), columns)]
    return np.vstack(rows)

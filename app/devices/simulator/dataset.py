"""Write simulated scans to disk with their ground truth, and read them back.

Layout of a dataset folder:
    manifest.json            what was generated, how, and one record per scan
    annotations.coco.json    COCO detection ground truth (boxes and polygon masks)
    classes.txt              class names, in YOLO index order
    images/NNNNNN.png        pseudo-colour rendering (RGB), as the operator sees it
    raw/NNNNNN_high.png      16-bit high-energy counts (higher = more transmission)
    raw/NNNNNN_low.png       16-bit low-energy counts
    labels/NNNNNN.txt        YOLO text: class cx cy w h, normalised to the image size
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable

import cv2
import numpy as np
from threadpoolctl import threadpool_limits

from .generator import GENERATOR_VERSION, SimulatedScan, generate_scan, scan_seed
from .scene import SceneConfig, compose
from .threats import THREAT_CLASSES

MANIFEST = "manifest.json"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
COCO_FILE = "annotations.coco.json"
RAW_PNG_PARAMS = [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_HUFFMAN_ONLY]


@dataclass(frozen=True)
class WriteOptions:
    raw: bool = True  # write the 16-bit high/low pair
    rgb_format: str = "png"  # "png" (lossless) or "jpg" (smaller, as many scanners export)
    jpeg_quality: int = 92
    png_compression: int = 1  # 1 is fast; the committed fixtures use 9
    palette: str = "standard"  # a name in app.imaging.render.PALETTES


def mask_polygons(mask: np.ndarray, x0: int, y0: int) -> list[list[float]]:
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    polys = []
    for c in contours:
        if len(c) >= 3:
            polys.append([float(v) for p in c[:, 0, :] for v in (p[0] + x0, p[1] + y0)])
    return polys


def write_scan(out: Path, scan: SimulatedScan, stem: str, options: WriteOptions = WriteOptions()) -> dict:
    """Write one scan's files; return its manifest record (with COCO-ready annotations)."""
    h, w = scan.rgb.shape[:2]
    bgr = cv2.cvtColor(scan.rgb, cv2.COLOR_RGB2BGR)
    if options.rgb_format == "jpg":
        image_name = f"images/{stem}.jpg"
        ok = cv2.imwrite(str(out / image_name), bgr, [cv2.IMWRITE_JPEG_QUALITY, options.jpeg_quality])
    else:
        image_name = f"images/{stem}.png"
        ok = cv2.imwrite(str(out / image_name), bgr, [cv2.IMWRITE_PNG_COMPRESSION, options.png_compression])
    if not ok:
        raise OSError(f"could not write {out / image_name}")
    record = {"id": stem, "image": image_name, "width": w, "height": h}
    if options.raw:
        for channel in ("high", "low"):
            name = f"raw/{stem}_{channel}.png"
            # Huffman-only: photon noise does not compress anyway, and it is twice as fast as zlib.
            params = RAW_PNG_PARAMS if options.png_compression <= 1 else [cv2.IMWRITE_PNG_COMPRESSION, options.png_compression]
            if not cv2.imwrite(str(out / name), getattr(scan, channel), params):
                raise OSError(f"could not write {out / name}")
            record[channel] = name
    lines, objects = [], []
    for a in scan.annotations:
        x0, y0, x1, y1 = a.box
        cls = THREAT_CLASSES.index(a.label)
        lines.append(f"{cls} {(x0 + x1) / 2 / w:.6f} {(y0 + y1) / 2 / h:.6f} {(x1 - x0) / w:.6f} {(y1 - y0) / h:.6f}")
        objects.append({"label": a.label, "variant": a.variant, "name": a.name, "box": [x0, y0, x1, y1],
                        "area": int(a.mask.sum()), "segmentation": mask_polygons(a.mask, x0, y0),
                        "hidden_in": a.hidden_in,
                        "contrast": None if a.contrast is None else round(a.contrast, 1)})
    (out / f"labels/{stem}.txt").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    record.update({k: v for k, v in scan.meta.items() if k not in ("item_maps", "mass_maps")})
    record["objects"] = objects
    return record


def single_threaded_worker(_worker_id: int | None = None) -> None:
    """One process per core: threads inside each (OpenCV) would only fight over the cores. A pool's
    initializer here, and a training loader's worker_init_fn (which passes the worker's number)."""
    cv2.setNumThreads(1)


def _generate_one(job) -> dict:
    out, seed, index, config, options = job
    from app.imaging.render import PALETTES

    scan = generate_scan(seed, index, config, palette=PALETTES[options.palette], measure_contrast=True)
    return write_scan(Path(out), scan, f"{index:06d}", options)


def scene_config(saved: dict) -> SceneConfig:
    """The SceneConfig a manifest's `config` was written from (JSON keeps tuples as lists)."""
    def tupled(v):
        return tuple(tupled(x) for x in v) if isinstance(v, list) else v
    return SceneConfig(**{k: tupled(v) for k, v in saved.items()})


def scene_items(manifest: dict, record: dict) -> list[tuple[str, str | None, tuple[int, int, int, int]]]:
    """Every item in one written scan, everyday and prohibited, as (name, class or None, box in the
    scan's pixels), from its parcel composed again by seed and index (milliseconds: no photons, no
    image). For asking what a false mark lies on; the manifest must come from this generator version."""
    if manifest.get("generator") != GENERATOR_VERSION:
        raise ValueError(f"scans from generator {manifest.get('generator')!r}; this is {GENERATOR_VERSION}")
    scene_ss, _ = scan_seed(record["seed"], record["index"]).spawn(2)
    scene = compose(np.random.default_rng(scene_ss), scene_config(manifest["config"]))
    return ([(str(name), None, box) for name, box in scene.clutter]
            + [(str(a.name), a.label, tuple(int(v) for v in a.box)) for a in scene.annotations])


# A box "is" an item when it frames the whole item about as well as a true mark must frame its object
# (IoU 0.3: a syringe mark on a toothbrush); failing that, it lies on part of the smallest item whose
# box holds this much of it (a SIM-card mark on a toothpaste tube's cap).
WHOLE_ITEM_IOU = 0.3
PART_COVER = 0.8


def item_under(box, items) -> tuple[int, bool] | None:
    """(index in `items`, whether `box` frames it whole) of the item ((name, class, box) as from
    `scene_items`) that `box` lies on, or None when it lies across several items or on none."""
    if not items:
        return None
    boxes = np.array([b for _, _, b in items], float)
    x0, y0, x1, y1 = (float(v) for v in box)
    ix = np.clip(np.minimum(x1, boxes[:, 2]) - np.maximum(x0, boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(y1, boxes[:, 3]) - np.maximum(y0, boxes[:, 1]), 0, None)
    inter = ix * iy
    own = max((x1 - x0) * (y1 - y0), 1.0)
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    iou = inter / (own + areas - inter)
    if iou.max() >= WHOLE_ITEM_IOU:
        return int(iou.argmax()), True
    holders = np.nonzero(inter / own >= PART_COVER)[0]
    if len(holders):
        return int(holders[areas[holders].argmin()]), False
    return None


def coco_document(records: list[dict]) -> dict:
    images, annotations = [], []
    for img_id, r in enumerate(records, start=1):
        images.append({"id": img_id, "file_name": r["image"], "width": r["width"], "height": r["height"]})
        for o in r["objects"]:
            x0, y0, x1, y1 = o["box"]
            annotations.append({"id": len(annotations) + 1, "image_id": img_id,
                                "category_id": THREAT_CLASSES.index(o["label"]) + 1,
                                "bbox": [x0, y0, x1 - x0, y1 - y0], "area": o["area"],
                                "segmentation": o["segmentation"], "iscrowd": 0})
    return {"info": {"description": "Checkpoint simulated dual-energy parcel scans", "version": GENERATOR_VERSION},
            "images": images, "annotations": annotations,
            "categories": [{"id": i + 1, "name": c, "supercategory": "prohibited"} for i, c in enumerate(THREAT_CLASSES)]}


def generate_dataset(out: Path, count: int, seed: int, config: SceneConfig = SceneConfig(),
                     options: WriteOptions = WriteOptions(), workers: int | None = None, start: int = 0,
                     progress: Callable[[Iterable], Iterable] | None = None) -> dict:
    """Generate scans start..start+count-1 of `seed` into `out`; returns the manifest."""
    out = Path(out)
    for sub in ("images", "labels") + (("raw",) if options.raw else ()):
        (out / sub).mkdir(parents=True, exist_ok=True)
    jobs = [(str(out), seed, i, config, options) for i in range(start, start + count)]
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1:
        # One BLAS thread, as in each worker: a multi-threaded matrix product sums in another order,
        # and the same scan must come out byte for byte however many workers made it.
        with threadpool_limits(limits=1):
            results: Iterable[dict] = map(_generate_one, jobs)
            records = list(progress(results) if progress else results)
    else:
        saved = {k: os.environ.get(k) for k in THREAD_VARIABLES}
        os.environ.update({k: "1" for k in THREAD_VARIABLES})  # inherited by the spawned workers
        try:
            pool = get_context("spawn").Pool(workers, initializer=single_threaded_worker)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        with pool:
            results = pool.imap(_generate_one, jobs, chunksize=4)
            records = list(progress(results) if progress else results)
    manifest = {
        "generator": GENERATOR_VERSION, "seed": seed, "start": start, "count": count,
        "classes": list(THREAT_CLASSES), "config": asdict(config), "options": asdict(options),
        "scans": records,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / COCO_FILE).write_text(json.dumps(coco_document(records)) + "\n", encoding="utf-8")
    (out / "classes.txt").write_text("\n".join(THREAT_CLASSES) + "\n", encoding="utf-8")
    return manifest

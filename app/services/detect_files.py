"""The detector on image files outside the window (`checkpoint detect`): one result per image, with
boxes in the original image's pixels, an error entry for a file that cannot be read, and marked
copies on request. The trained model runs on every image; material analysis (opaque regions) joins
where a dual-energy pair gives it the raw data, as it does at the workstation."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import cv2
import numpy as np

from app.detection.base import Detection, Detector, Severity
from app.detection.material import MaterialAnalysisDetector, MaterialParams

from .image_files import ImageFileError, ScannerImage, find_images, load_image

COLOURS = {Severity.HIGH: (230, 30, 30), Severity.MEDIUM: (245, 160, 0), Severity.LOW: (40, 120, 240)}


def draw_marks(rgb: np.ndarray, detections: list[Detection], show_scores: bool = True) -> np.ndarray:
    out = rgb.copy()
    scale = max(1.0, max(rgb.shape[:2]) / 1000)
    for d in detections:
        x0, y0, x1, y1 = d.box
        colour = COLOURS.get(d.severity, (255, 0, 255))
        cv2.rectangle(out, (x0, y0), (x1, y1), colour, max(2, int(2 * scale)))
        label = f"{d.label} {d.score:.2f}" if show_scores else d.label
        (tw, th), _ = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.5 * scale, 1)
        ty = y0 - 4 if y0 - th - 6 > 0 else y1 + th + 4
        cv2.rectangle(out, (x0, ty - th - 3), (x0 + tw + 4, ty + 3), colour, -1)
        cv2.putText(out, label, (x0 + 2, ty), cv2.FONT_HERSHEY_SIMPLEX, 0.5 * scale, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def detect_image(model: Detector, image: ScannerImage, material: Detector | None = None) -> list[Detection]:
    found = model.detect(image.rgb)
    if material is not None and image.high is not None:
        found += material.detect(image.rgb, image.high, image.low, image.air_high, image.air_low)
    return found


def detect_files(paths: list[str], model: Detector, out_dir: Path | None = None,
                 progress: Callable[[Iterable], Iterable] | None = None, high_suffix: str = "_high",
                 low_suffix: str = "_low") -> list[dict]:
    """[{"image", "width", "height", "detections": [{"class", "score", "box"}]}], or {"image", "error"}."""
    material = MaterialAnalysisDetector(params=MaterialParams(packets=False))
    items = find_images(paths, high_suffix, low_suffix)
    results = []
    if out_dir is not None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    for n, (shown, first, partner) in enumerate(progress(items) if progress else items):
        try:
            image = load_image(first, partner, shown)
        except ImageFileError as exc:
            results.append({"image": shown, "error": str(exc)})
            continue
        found = detect_image(model, image, material)
        w, h = image.size
        results.append({"image": shown, "width": w, "height": h, "detections": [
            {"class": d.label, "score": round(float(d.score), 4), "box": [int(v) for v in d.box]} for d in found]})
        if out_dir is not None:
            marked = draw_marks(image.rgb, found)
            target = Path(out_dir) / f"{n:05d}_{first.stem}.png"
            ok, buf = cv2.imencode(".png", cv2.cvtColor(marked, cv2.COLOR_RGB2BGR))
            if ok:
                buf.tofile(str(target))
    return results

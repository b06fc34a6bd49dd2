"""Ground truth as sites and public datasets label it: COCO JSON, YOLO text, Pascal VOC XML, read to
one form: {image file name: [(class, (x1, y1, x2, y2)), ...]} in the image's pixels. A mapping file
turns foreign class names into ours:

    # classes.toml
    [classes]
    blade = "knife"
    Knife = "knife"
    pistol = "gun"
    cellphone = "phone"
    wrench = ""          # not one of ours: ignored
"""
from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

Truth = dict[str, list[tuple[str, tuple[float, float, float, float]]]]


class LabelError(Exception):
    pass


def read_class_map(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LabelError(f"{path}: {exc}") from exc
    table = doc.get("classes", doc)
    return {str(k): str(v) for k, v in table.items()}


def read_coco(path: Path) -> Truth:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    names = {c["id"]: c["name"] for c in doc.get("categories", [])}
    files = {im["id"]: Path(im["file_name"]).name for im in doc.get("images", [])}
    truth: Truth = {name: [] for name in files.values()}
    for a in doc.get("annotations", []):
        x, y, w, h = a["bbox"]
        truth[files[a["image_id"]]].append((names[a["category_id"]], (x, y, x + w, y + h)))
    return truth


def _yolo_names(folder: Path) -> list[str]:
    for candidate in (folder / "classes.txt", folder.parent / "classes.txt"):
        if candidate.is_file():
            return [line.strip() for line in candidate.read_text(encoding="utf-8").splitlines() if line.strip()]
    for candidate in (folder / "data.yaml", folder.parent / "data.yaml"):
        if candidate.is_file():  # the common `names: [a, b]` or `names:\n  0: a` forms, without a YAML library
            text = candidate.read_text(encoding="utf-8")
            if "names:" in text:
                rest = text.split("names:", 1)[1]
                if rest.strip().startswith("["):
                    return [n.strip().strip("'\"") for n in rest.split("[", 1)[1].split("]", 1)[0].split(",")]
                names = []
                for line in rest.splitlines()[1:]:
                    if ":" not in line or not line.startswith((" ", "\t")):
                        break
                    names.append(line.split(":", 1)[1].strip().strip("'\""))
                return names
    raise LabelError(f"{folder}: YOLO labels need a classes.txt (one name a line) or a data.yaml with names")


def read_yolo(folder: Path, image_sizes: dict[str, tuple[int, int]]) -> Truth:
    """`image_sizes`: {image file name: (width, height)}; YOLO boxes are relative to the image."""
    folder = Path(folder)
    names = _yolo_names(folder)
    truth: Truth = {}
    by_stem = {Path(n).stem: n for n in image_sizes}
    for txt in sorted(folder.glob("*.txt")):
        if txt.name == "classes.txt" or txt.stem not in by_stem:
            continue
        image = by_stem[txt.stem]
        w, h = image_sizes[image]
        boxes = []
        for line in txt.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 5:
                continue
            c, cx, cy, bw, bh = int(parts[0]), *map(float, parts[1:5])
            boxes.append((names[c], ((cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h)))
        truth[image] = boxes
    for image in image_sizes:  # an image without a label file is a clean one, as YOLO has it
        truth.setdefault(image, [])
    return truth


def read_voc(folder: Path) -> Truth:
    truth: Truth = {}
    for xml in sorted(Path(folder).glob("*.xml")):
        root = ET.parse(xml).getroot()
        name = root.findtext("filename") or xml.stem
        boxes = []
        for obj in root.iter("object"):
            bb = obj.find("bndbox")
            # VOC pixel coordinates are 1-based and inclusive.
            x1, y1, x2, y2 = (float(bb.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            boxes.append((obj.findtext("name").strip(), (x1 - 1, y1 - 1, x2, y2)))
        truth[Path(name).name] = boxes
    return truth


def read_labels(path: Path, image_sizes: dict[str, tuple[int, int]]) -> Truth:
    """COCO (a .json file), Pascal VOC (a folder of .xml) or YOLO (a folder of .txt)."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".json":
        return read_coco(path)
    if path.is_dir():
        if any(path.glob("*.xml")):
            return read_voc(path)
        if any(path.glob("*.txt")):
            return read_yolo(path, image_sizes)
    raise LabelError(f"{path}: not a COCO .json file, nor a folder of VOC .xml or YOLO .txt labels")


def map_classes(truth: Truth, mapping: dict[str, str], ours: list[str]) -> tuple[Truth, set[str]]:
    """Foreign names to ours; boxes whose class maps to nothing of ours are dropped (returned as a set)."""
    dropped: set[str] = set()
    out: Truth = {}
    for image, boxes in truth.items():
        kept = []
        for c, box in boxes:
            name = mapping.get(c, c)
            if name in ours:
                kept.append((name, box))
            else:
                dropped.add(c)
        out[image] = kept
    return out, dropped

"""Training samples from a simulated dataset folder, with the augmentations that carry a detector
beyond the simulator: colour and intensity shifts (other vendors' palettes and gamma), grey-scale,
flips and quarter turns, scale and placement in the letterbox, noise, blur and JPEG."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset

from app.detection.onnx_detector import PAD_VALUE


def load_records(folder: Path) -> list[dict]:
    manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    return [dict(r, folder=str(folder)) for r in manifest["scans"]]


def colour_jitter(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-12, 12)) % 180  # another vendor's hues
    hsv[..., 1] *= rng.uniform(0.5, 1.4)
    hsv[..., 2] *= rng.uniform(0.75, 1.2)
    out = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB)
    gamma = rng.uniform(0.7, 1.5)
    lut = (np.linspace(0, 1, 256) ** gamma * 255).astype(np.uint8)
    out = cv2.LUT(out, lut)
    if rng.random() < 0.1:  # grey-scale exports
        out = np.repeat(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
    return out


def degrade(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    if rng.random() < 0.3:
        rgb = cv2.GaussianBlur(rgb, (0, 0), rng.uniform(0.5, 1.2))
    if rng.random() < 0.4:
        noise = rng.normal(0, rng.uniform(2, 8), rgb.shape)
        rgb = np.clip(rgb + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.4:
        ok, buf = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(35, 95))])
        rgb = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED) if ok else rgb
    return rgb


def geometric(rng: np.random.Generator, rgb: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = rgb.shape[:2]
    if rng.random() < 0.5:
        rgb, boxes = rgb[:, ::-1], np.column_stack([w - boxes[:, 2], boxes[:, 1], w - boxes[:, 0], boxes[:, 3]])
    if rng.random() < 0.5:
        rgb, boxes = rgb[::-1], np.column_stack([boxes[:, 0], h - boxes[:, 3], boxes[:, 2], h - boxes[:, 1]])
    if rng.random() < 0.25:  # a quarter turn: the belt may run either way across the screen
        rgb = np.ascontiguousarray(np.rot90(rgb))  # counter-clockwise: (x, y) -> (y, w - x)
        boxes = np.column_stack([boxes[:, 1], w - boxes[:, 2], boxes[:, 3], w - boxes[:, 0]])
    return np.ascontiguousarray(rgb), boxes


def place_in_letterbox(rng, rgb: np.ndarray, boxes: np.ndarray, size: int, train: bool):
    h, w = rgb.shape[:2]
    fit = min(size / w, size / h)
    scale = fit * (rng.uniform(0.6, 1.0) if train else 1.0)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    resized = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)
    dx = int(rng.integers(0, size - nw + 1)) if train else (size - nw) // 2
    dy = int(rng.integers(0, size - nh + 1)) if train else (size - nh) // 2
    canvas = np.full((size, size, 3), PAD_VALUE, np.uint8)
    canvas[dy:dy + nh, dx:dx + nw] = resized
    return canvas, boxes * scale + np.array([dx, dy, dx, dy], np.float32)


class SimulatedScans(Dataset):
    def __init__(self, folders: list[Path], classes: list[str], size: int = 416, train: bool = True, seed: int = 0):
        self.records = [r for f in folders for r in load_records(f)]
        self.classes, self.size, self.train, self.seed = classes, size, train, seed
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int):
        r = self.records[i]
        rng = np.random.default_rng([self.seed, self.epoch, i])
        bgr = cv2.imread(str(Path(r["folder"]) / r["image"]), cv2.IMREAD_COLOR)
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        objs = [o for o in r["objects"] if o["label"] in self.classes]
        boxes = np.array([o["box"] for o in objs], np.float32).reshape(-1, 4)
        labels = np.array([self.classes.index(o["label"]) for o in objs], np.int64)
        if self.train:
            rgb, boxes = geometric(rng, rgb, boxes)
            rgb = degrade(rng, colour_jitter(rng, rgb))
        image, boxes = place_in_letterbox(rng, rgb, boxes, self.size, self.train)
        tensor = torch.from_numpy(image).permute(2, 0, 1).float().div_(255.0)
        target = torch.from_numpy(np.column_stack([labels, boxes]).astype(np.float32)).reshape(-1, 5)
        return tensor, target


def collate(batch):
    images, targets = zip(*batch)
    return torch.stack(images), list(targets)

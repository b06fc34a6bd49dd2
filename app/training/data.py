"""Training samples from a simulated dataset folder, with the augmentations that carry a detector
beyond the simulator: colour and intensity shifts (other vendors' palettes and gamma), grey-scale,
flips and quarter turns, scale, bars of metal over the contents, noise, blur and JPEG."""
from __future__ import annotations

import json
import math
from pathlib import Path

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset, Sampler

from app.detection.onnx_detector import PAD_VALUE, letterbox


IGNORE = -1  # the class of a target row the loss skips (see SimulatedScans.object_label)


def load_records(folder: Path) -> list[dict]:
    manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    return [dict(r, folder=str(folder)) for r in manifest["scans"]]


def colour_jitter(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    hue, saturation, value = rng.uniform(-12, 12), rng.uniform(0.5, 1.4), rng.uniform(0.75, 1.2)
    gamma, grey = rng.uniform(0.7, 1.5), rng.random() < 0.1
    # Another vendor moves each material's hue by its own amount (a green inorganic to teal, an orange
    # organic a little towards yellow), which no single shift of every hue reproduces: half the time
    # the hues are also bent by a smooth wave around the colour circle, up to 20 of OpenCV's 180 hue
    # steps either way (below 180 / 2 pi, so the order of hues is kept).
    bend, phase = (rng.uniform(-20, 20), rng.uniform(0, 2 * np.pi)) if rng.random() < 0.5 else (0.0, 0.0)
    # Each HSV channel's change depends on that channel's own value alone, so one lookup table a
    # channel gives exactly what float arithmetic on every pixel gives, at a third of the cost.
    levels = np.arange(256, dtype=np.float32)
    table = np.stack([hue_bent(levels, hue, bend, phase), levels * saturation, levels * value], axis=1)
    table = np.clip(table, 0, 255).astype(np.uint8).reshape(256, 1, 3)
    out = cv2.cvtColor(cv2.LUT(cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV), table), cv2.COLOR_HSV2RGB)
    out = cv2.LUT(out, (np.linspace(0, 1, 256) ** gamma * 255).astype(np.uint8))
    if grey:  # grey-scale exports
        out = np.repeat(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
    return out


def hue_bent(h: np.ndarray, shift: float, bend: float, phase: float) -> np.ndarray:
    """OpenCV hues (0..179, float32) shifted, bent by a wave of amplitude `bend`, and wrapped."""
    return (h + np.float32(shift) + np.float32(bend) * np.sin(h * np.float32(2 * np.pi / 180) + np.float32(phase))) % 180


def degrade(rng: np.random.Generator, rgb: np.ndarray) -> np.ndarray:
    if rng.random() < 0.3:
        rgb = cv2.GaussianBlur(rgb, (0, 0), rng.uniform(0.5, 1.2))
    if rng.random() < 0.4:
        noise = np.empty(rgb.shape, np.int16)
        cv2.setRNGSeed(int(rng.integers(1 << 30)))
        cv2.randn(noise, 0, float(rng.uniform(2, 8)))  # several times faster than numpy's normal
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


def metal_occlusion(rng: np.random.Generator, rgb: np.ndarray, extent: tuple[int, int] | None = None) -> np.ndarray:
    """A bar of metal across part of the parcel: what it covers goes darker and bluer, as overlap does.
    The bar is sized by `extent` (width, height: the whole scan's, where `rgb` is a window of it)."""
    h, w = rgb.shape[:2]
    ew, eh = extent or (w, h)
    mask = np.zeros((h, w), np.uint8)
    centre = (float(rng.uniform(0, w)), float(rng.uniform(0, h)))
    size = (float(rng.uniform(0.05, 0.35) * ew), float(rng.uniform(0.02, 0.08) * eh))
    cv2.fillPoly(mask, [cv2.boxPoints((centre, size, float(rng.uniform(0, 180)))).astype(np.int32)], 1)
    shade = np.array([rng.uniform(0.15, 0.5), rng.uniform(0.2, 0.55), rng.uniform(0.45, 0.8)], np.float32)
    out = rgb.copy()
    covered = mask > 0
    out[covered] = (out[covered] * shade).astype(np.uint8)
    return out


def scale_to(rgb: np.ndarray, boxes: np.ndarray, scale: float, interpolation: int) -> tuple[np.ndarray, np.ndarray]:
    h, w = rgb.shape[:2]
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    resized = cv2.resize(rgb, (nw, nh), interpolation=interpolation if scale < 1 else cv2.INTER_LINEAR)
    return resized, boxes * np.array([nw / w, nh / h, nw / w, nh / h], np.float32)


def window_start(rng: np.random.Generator, length: int, crop: int, around: tuple[float, float] | None = None) -> int:
    """Where a crop-long window starts along one axis: anywhere in the image (or the image anywhere in
    the window when the image is shorter), or, given an object's extent `around`, so that the object
    lies inside the window wherever the image allows."""
    lo, hi = (0, length - crop) if length > crop else (length - crop, 0)
    if around is not None:
        lo, hi = max(lo, math.ceil(around[1]) - crop), min(hi, math.floor(around[0]))
        if lo > hi:  # the object is longer than the window: centre on it
            return int(min(max((around[0] + around[1] - crop) / 2, min(0, length - crop)), max(0, length - crop)))
    return int(rng.integers(lo, hi + 1))


def random_crop(rng: np.random.Generator, rgb: np.ndarray, boxes: np.ndarray, labels: np.ndarray, crop: int,
                keep_fraction: float = 0.45, focus: int | None = None, paint=None):
    """A crop x crop window of the scaled image (grey where the image is smaller). Of a few random
    windows the one that cuts the fewest objects wins; boxes mostly outside the window are dropped.
    With `focus` (an index into boxes) every candidate window holds that object. `paint` (pixels ->
    pixels of the same shape) is applied to the window's share of the image alone, so augmentation
    works on the pixels that are kept and the grey bars stay the letterbox's grey."""
    h, w = rgb.shape[:2]
    areas = np.maximum((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]), 1e-6)
    fx = None if focus is None else (float(boxes[focus, 0]), float(boxes[focus, 2]))
    fy = None if focus is None else (float(boxes[focus, 1]), float(boxes[focus, 3]))
    best = None
    for _ in range(6):
        ox, oy = window_start(rng, w, crop, fx), window_start(rng, h, crop, fy)
        clipped = np.clip(boxes - np.array([ox, oy, ox, oy], np.float32), 0, crop)
        visible = (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1]) / areas
        cut = int(((visible > 0.05) & (visible < 0.95)).sum())
        if best is None or cut < best[0]:
            best = (cut, ox, oy, clipped, visible)
        if cut == 0:
            break
    _, ox, oy, clipped, visible = best
    canvas = np.full((crop, crop, 3), PAD_VALUE, np.uint8)
    sx, sy = max(ox, 0), max(oy, 0)
    part = rgb[sy:sy + crop - max(-oy, 0), sx:sx + crop - max(-ox, 0)]
    if paint is not None and part.size:
        part = paint(np.ascontiguousarray(part))
    canvas[max(-oy, 0):max(-oy, 0) + part.shape[0], max(-ox, 0):max(-ox, 0) + part.shape[1]] = part
    keep = visible >= keep_fraction
    return canvas, clipped[keep], labels[keep]


class SimulatedScans(Dataset):
    """Training samples are `crop` x `crop` windows of the scan at the runtime's scale (times 0.75..1.25):
    the network is fully convolutional, so it learns on windows and runs on the whole letterboxed image,
    and a window spends the 2 cores on parcel rather than on letterbox bars. Photometric augmentation
    happens after scaling and cropping, on the window's pixels alone. Validation samples are letterboxed
    exactly as at run time."""

    def __init__(self, folders: list[Path], classes: list[str], size: int = 416, train: bool = True, seed: int = 0,
                 crop: int = 320, focus_fraction: float = 0.0, focus_weights: dict[str, float] | None = None,
                 ignore_under: float = 0.0):
        self.records = [r for f in folders for r in load_records(f)]
        self.classes, self.size, self.train, self.seed, self.crop = classes, size, train, seed, crop
        self.focus_fraction = focus_fraction
        self.ignore_under = ignore_under
        weights = focus_weights or {}
        self.class_weight = np.array([weights.get(c, 1.0) for c in classes], np.float64)
        self.epoch = 0

    def pick_focus(self, rng: np.random.Generator, labels: np.ndarray) -> int | None:
        """Which object the window is to hold, or None for a window anywhere. Classes the network learns
        slowly (small, faint) are picked by weight, so they give many more positives per hour of CPU."""
        if not len(labels) or rng.random() >= self.focus_fraction:
            return None
        p = np.where(labels >= 0, self.class_weight[labels], 0.0)  # an ignored object is never the focus
        return int(rng.choice(len(labels), p=p / p.sum())) if p.sum() > 0 else None

    def __len__(self) -> int:
        return len(self.records)

    def object_label(self, obj: dict) -> int:
        """The class index, or IGNORE for an object too faint to see (contrast under `ignore_under`, where
        the manifest records it): the loss then neither rewards nor punishes a mark on it. Taught as an
        object it asks the detector to fire on bare clutter; taught as background, to stay quiet on a
        real threat."""
        if self.train and self.ignore_under > 0 and obj.get("contrast", float("inf")) < self.ignore_under:
            return IGNORE
        return self.classes.index(obj["label"])

    def record_weights(self) -> np.ndarray:
        """How often each scan is drawn: by its most heavily weighted object (1 for a clean scan)."""
        labels = [[self.object_label(o) for o in r["objects"] if o["label"] in self.classes] for r in self.records]
        return np.array([max([self.class_weight[k] for k in scan if k != IGNORE], default=1.0) for scan in labels])

    def __getitem__(self, i: int):
        # i may be a draw number beyond len(self) (see WeightedDraws): the scan is i modulo the length,
        # and i itself seeds the augmentation, so a scan drawn twice in an epoch gives two samples.
        r = self.records[i % len(self.records)]
        rng = np.random.default_rng([self.seed, self.epoch, i])
        objs = [o for o in r["objects"] if o["label"] in self.classes]
        boxes = np.array([o["box"] for o in objs], np.float32).reshape(-1, 4)
        labels = np.array([self.object_label(o) for o in objs], np.int64)
        path = str(Path(r["folder"]) / r["image"])
        if self.train:
            fit = min(self.size / r["width"], self.size / r["height"])  # the same for a quarter-turned image
            scale = fit * rng.uniform(0.75, 1.25)
            # Scaling comes first, so every later step works on a fifth of the pixels; the JPEG decoder
            # itself halves the image when that is enough.
            if scale <= 0.5:
                rgb, boxes, scale = cv2.imread(path, cv2.IMREAD_REDUCED_COLOR_2), boxes * np.float32(0.5), scale * 2
            else:
                rgb = cv2.imread(path, cv2.IMREAD_COLOR)
            rgb = cv2.cvtColor(rgb, cv2.COLOR_BGR2RGB)
            rgb, boxes = scale_to(rgb, boxes, scale, cv2.INTER_AREA if rng.random() < 0.5 else cv2.INTER_LINEAR)
            rgb, boxes = geometric(rng, rgb, boxes)
            extent = (rgb.shape[1], rgb.shape[0])

            def paint(part: np.ndarray) -> np.ndarray:
                if rng.random() < 0.3:
                    part = metal_occlusion(rng, part, extent)
                return degrade(rng, colour_jitter(rng, part))

            # The photometric steps run on the window alone: at 640 px a 320 px window is a third of a scan.
            image, boxes, labels = random_crop(rng, rgb, boxes, labels, self.crop, focus=self.pick_focus(rng, labels),
                                               paint=paint)
        else:
            rgb = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            image, scale, dx, dy = letterbox(rgb, self.size)  # the runtime's own, so validation sees what it sees
            boxes = boxes * np.float32(scale) + np.array([dx, dy, dx, dy], np.float32)
        tensor = torch.from_numpy(np.ascontiguousarray(image))  # (H, W, 3) uint8; see network_input()
        target = torch.from_numpy(np.column_stack([labels, boxes]).astype(np.float32)).reshape(-1, 5)
        return tensor, target


class WeightedDraws(Sampler):
    """An epoch of len(weights) draws with replacement, in proportion to the weights, reproducible from
    (seed, epoch). Yields draw numbers (scan + length x position) for SimulatedScans.__getitem__."""

    def __init__(self, weights: np.ndarray, seed: int = 0):
        self.p = np.asarray(weights, np.float64) / np.sum(weights)
        self.seed, self.epoch = seed, 0

    def __len__(self) -> int:
        return len(self.p)

    def __iter__(self):
        n = len(self.p)
        draws = np.random.default_rng([self.seed, self.epoch]).choice(n, size=n, p=self.p)
        return iter((draws + n * np.arange(n)).tolist())


def collate(batch):
    images, targets = zip(*batch)
    return torch.stack(images), list(targets)


def network_input(images: torch.Tensor) -> torch.Tensor:
    """(B, H, W, 3) uint8 to the network's (B, 3, H, W) float 0..1, kept channels-last in memory:
    torch's CPU convolutions run this small network about 1.7x faster so than in the default layout."""
    return images.permute(0, 3, 1, 2).float().div_(255.0).contiguous(memory_format=torch.channels_last)

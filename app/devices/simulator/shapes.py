"""Thickness maps of simple solids, in millimetres, on local canvases (1 px = 1 mm at the belt).

An X-ray line scanner shows each object as the path length of the ray through it, so every object
here is a map of thickness, not a flat sticker: a lying cylinder is thickest along its axis, a
bottle is thick at its walls' edges and holds its liquid in between, a box shows its side walls
as bright outlines.
"""
from __future__ import annotations

import cv2
import numpy as np


class Item:
    """A thing in a parcel: mass-thickness maps (g/cm^2) per material on one local canvas.

    Build it by pasting thickness maps (mm) of a material at a bulk density (a loaf of bread is
    much lighter than starch); `label` is the detector class for prohibited items, None for clutter.
    """

    def __init__(self, name: str, h: int, w: int, label: str | None = None, variant: str = ""):
        self.name, self.label, self.variant = name, label, str(variant)
        self.h, self.w = max(int(h), 1), max(int(w), 1)
        self.parts: dict[str, np.ndarray] = {}
        self.extras: dict = {}

    @property
    def shape(self) -> tuple[int, int]:
        return self.h, self.w

    def add(self, material: str, density: float, thickness_mm: np.ndarray, x: float = 0, y: float = 0) -> "Item":
        """Paste a thickness map with its top-left corner at (x, y) of the item's canvas."""
        material, x, y = str(material), int(round(x)), int(round(y))
        th, tw = thickness_mm.shape
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + tw, self.w), min(y + th, self.h)
        if x1 <= x0 or y1 <= y0:
            return self
        target = self.parts.setdefault(material, np.zeros(self.shape, np.float32))
        target[y0:y1, x0:x1] += thickness_mm[y0 - y:y1 - y, x0 - x:x1 - x] * (density / 10.0)
        return self

    def footprint(self, min_mass: float = 0.004) -> np.ndarray:
        mask = np.zeros(self.shape, dtype=bool)
        for m in self.parts.values():
            mask |= m > min_mass
        return mask


def canvas(h: int, w: int) -> np.ndarray:
    return np.zeros((max(int(h), 1), max(int(w), 1)), dtype=np.float32)


def polygon_mask(h: int, w: int, points) -> np.ndarray:
    m = np.zeros((max(int(h), 1), max(int(w), 1)), dtype=np.uint8)
    cv2.fillPoly(m, [np.round(np.asarray(points)).astype(np.int32)], 1, lineType=cv2.LINE_8)
    return m.astype(bool)


def ellipse_mask(h: int, w: int, centre, axes, angle: float = 0.0) -> np.ndarray:
    m = np.zeros((max(int(h), 1), max(int(w), 1)), dtype=np.uint8)
    cv2.ellipse(m, (int(round(centre[0])), int(round(centre[1]))),
                (max(int(round(axes[0])), 1), max(int(round(axes[1])), 1)), angle, 0, 360, 1, -1)
    return m.astype(bool)


def rounded_slab(mask: np.ndarray, depth: float, edge: float = 3.0) -> np.ndarray:
    """Constant thickness inside the mask, rounding off over `edge` mm near the outline."""
    if not mask.any():
        return np.zeros(mask.shape, np.float32)
    dist = cv2.distanceTransform(np.pad(mask.astype(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    prof = np.clip(dist / max(edge, 1e-3), 0.0, 1.0)
    return (depth * np.sqrt(prof * (2 - prof))).astype(np.float32)


def dome(mask: np.ndarray, depth: float) -> np.ndarray:
    """A pillow: thickest in the middle, falling to zero at the outline (packets, loaves, fruit)."""
    if not mask.any():
        return np.zeros(mask.shape, np.float32)
    dist = cv2.distanceTransform(np.pad(mask.astype(np.uint8), 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    prof = dist / max(float(dist.max()), 1e-3)
    return (depth * np.sqrt(prof * (2 - prof))).astype(np.float32)


def ellipsoid(h: int, w: int, depth: float) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a, b = w / 2.0, h / 2.0
    r2 = ((xx + 0.5 - a) / a) ** 2 + ((yy + 0.5 - b) / b) ** 2
    return (depth * np.sqrt(np.clip(1 - r2, 0, None))).astype(np.float32)


def chord(y: np.ndarray, radius: float) -> np.ndarray:
    """Path length through a circle of `radius` at offset y from its centre."""
    return 2.0 * np.sqrt(np.clip(radius * radius - y * y, 0, None))


def lying_cylinder(length: int, radius: float, wall: float | None = None) -> np.ndarray:
    """A cylinder lying along x, seen from the side; hollow if `wall` is given."""
    h = int(np.ceil(2 * radius)) + 2
    y = np.arange(h, dtype=np.float32) - (h - 1) / 2.0
    t = chord(y, radius)
    if wall is not None:
        t = t - chord(y, max(radius - wall, 0.0))
    col = t.astype(np.float32)[:, None]
    return np.repeat(col, int(length), axis=1)


def lying_cylinder_inner(length: int, radius: float, wall: float) -> np.ndarray:
    """What fills a lying hollow cylinder: the chord through its inside, on the same canvas."""
    h = int(np.ceil(2 * radius)) + 2
    y = np.arange(h, dtype=np.float32) - (h - 1) / 2.0
    return np.repeat(chord(y, max(radius - wall, 0.0)).astype(np.float32)[:, None], int(length), axis=1)


def upright_cylinder(diameter: int, height: float, wall: float | None = None, base: float = 0.0) -> np.ndarray:
    """A cylinder standing on the belt, seen from above: walls edge-on show as a bright ring."""
    d = int(diameter)
    yy, xx = np.mgrid[0:d, 0:d].astype(np.float32)
    r = np.hypot(xx + 0.5 - d / 2, yy + 0.5 - d / 2)
    outer = r <= d / 2
    if wall is None:
        return np.where(outer, height, 0).astype(np.float32)
    ring = outer & (r > d / 2 - wall)
    return np.where(ring, height, np.where(outer, base, 0)).astype(np.float32)


def line_thickness(h: int, w: int, points, width: float, closed: bool = False) -> np.ndarray:
    """A wire or rod along a polyline: round cross-section of diameter `width`."""
    m = np.ones((max(int(h), 1), max(int(w), 1)), dtype=np.uint8)
    pts = np.round(np.asarray(points)).astype(np.int32)
    cv2.polylines(m, [pts], closed, 0, thickness=1)
    dist = cv2.distanceTransform(m, cv2.DIST_L2, 3)
    return chord(dist, width / 2.0).astype(np.float32)


def smooth_blob(rng: np.random.Generator, h: int, w: int, irregularity: float = 0.15, n: int = 48) -> np.ndarray:
    """An irregular rounded outline filling most of an h x w box (soft bags, plant matter)."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    radial = np.ones(n)
    for k in (2, 3, 4, 5):
        radial += irregularity / k * rng.normal() * np.cos(k * angles + rng.uniform(0, 2 * np.pi))
    radial = np.clip(radial, 0.6, 1.3)
    radial /= radial.max()
    pts = np.stack([w / 2 + (w / 2 - 1) * radial * np.cos(angles), h / 2 + (h / 2 - 1) * radial * np.sin(angles)], 1)
    return polygon_mask(h, w, pts)


def box_walls(h: int, w: int, wall: float, height: float, lid: float) -> np.ndarray:
    """A closed carton seen from above: top and bottom sheets, side walls edge-on."""
    t = np.full((h, w), 2 * lid, dtype=np.float32)
    wl = max(int(round(wall)), 1)
    t[:wl, :] += height
    t[-wl:, :] += height
    t[:, :wl] += height
    t[:, -wl:] += height
    return t


def texture(rng: np.random.Generator, shape, scale: float, amount: float) -> np.ndarray:
    """Smooth multiplicative variation around 1 (crumb of bread, folds of cloth, grain of tea)."""
    h, w = shape
    small = rng.normal(size=(max(int(h / scale), 2), max(int(w / scale), 2))).astype(np.float32)
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(1.0 + amount * big, 0.0, None).astype(np.float32)


def sampler(rng: np.random.Generator):
    """u(a, b): a uniform float in [a, b) from the given generator (item builders' shorthand)."""
    return lambda a, b: float(rng.uniform(a, b))

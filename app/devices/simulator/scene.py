"""Compose a parcel on the belt: container, clutter, prohibited items, with pose and geometry.

The result is a set of mass-thickness maps (g/cm^2 per material) on the detector grid, plus the
ground truth of every prohibited item. Rows are detector elements across the tunnel, columns are
time steps along the belt (1 px is about 1 mm at belt level).

Geometry of a line scanner: the fan beam spreads only across the tunnel, so an object higher above
the belt is magnified along the detector axis alone (by D / (D - height)), and not along the belt.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .clutter import CLUTTER, HOSTS
from .containers import container
from .shapes import Item
from .threats import BUILDERS, THREAT_CLASSES


@dataclass(frozen=True)
class SceneConfig:
    detector_pixels: int = 600  # detector elements across the tunnel (image rows)
    margin_px: int = 40  # air before and after the parcel along the belt
    max_parcel_length: int = 820
    clean_fraction: float = 0.35  # share of parcels with no prohibited item
    max_threats: int = 3
    hidden_drug_fraction: float = 0.35  # drug packets hidden inside food, soap, clothing...
    classes: tuple[str, ...] = THREAT_CLASSES
    source_distance_mm: float = 1000.0  # focal spot to belt; sets the magnification of raised objects
    max_height_mm: float = 220.0
    belt_rows: tuple[float, float] = (0.04, 0.96)  # the belt's edges, as a fraction of the detector
    belt_thickness_mm: float = 3.0
    belt_joint_probability: float = 0.08  # a metal belt lacing crosses the image
    exclude_variants: tuple[str, ...] = ()  # "class/variant" never drawn (training sets leave held-out shapes out)
    # (item, factor) pairs that make an everyday item likelier than CLUTTER's frequency: a training set that
    # shows the detector's confusers (toothbrushes, combs, pens, coins) beside the threats more often.
    clutter_weights: tuple[tuple[str, float], ...] = ()


@dataclass
class Annotation:
    label: str
    variant: str
    name: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, x1/y1 exclusive
    mask: np.ndarray  # bool, the size of the box
    hidden_in: str | None = None
    # How much the item changes the rendered image where it lies (see generator.object_contrast):
    # low for a SIM card under a dense tin, a drug packet in bread; None until measured.
    contrast: float | None = None


@dataclass
class Scene:
    mass_maps: dict[str, np.ndarray]
    annotations: list[Annotation]
    contents: list[str]
    container: str
    belt_mass: np.ndarray  # per-row mass thickness of the empty belt (what calibration saw)
    item_maps: list[np.ndarray] = field(default_factory=list)  # per annotation, when asked for
    placements: list["Placement"] = field(default_factory=list)  # per annotation: where its materials went
    # Every everyday item placed, as (name, box in pixels where its footprint is 0.3 or more): what a
    # false mark lies on, for the benchmark; the order of `contents`, less items that fell outside.
    clutter: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        return next(iter(self.mass_maps.values())).shape


@dataclass
class Placement:
    x0: int
    y0: int
    footprint: np.ndarray  # float 0..1 coverage on the placed box
    mass: np.ndarray  # total mass thickness the item added on the placed box
    parts: dict[str, np.ndarray] = field(default_factory=dict)  # the same, per material


def place(item: Item, maps: dict[str, np.ndarray], cx: float, cy: float, angle_deg: float, flip: bool,
          magnification: float, source_row: float) -> Placement | None:
    """Rotate, flip and magnify an item's maps and add them into the scene at (cx, cy)."""
    H, W = next(iter(maps.values())).shape
    h, w = item.shape
    a = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    A = np.diag([1.0, magnification]) @ rot @ np.diag([-1.0 if flip else 1.0, 1.0])
    centre = np.array([cx, source_row + (cy - source_row) * magnification])
    t = centre - A @ np.array([w / 2.0, h / 2.0])
    corners = A @ np.array([[0, w, 0, w], [0, 0, h, h]], dtype=float) + t[:, None]
    x0, y0 = max(int(np.floor(corners[0].min())), 0), max(int(np.floor(corners[1].min())), 0)
    x1, y1 = min(int(np.ceil(corners[0].max())) + 1, W), min(int(np.ceil(corners[1].max())) + 1, H)
    if x1 <= x0 or y1 <= y0:
        return None
    M = np.hstack([A, (t - [x0, y0])[:, None]]).astype(np.float64)
    size = (x1 - x0, y1 - y0)
    total = np.zeros((y1 - y0, x1 - x0), np.float32)
    parts = {}
    for material, mass in item.parts.items():
        warped = cv2.warpAffine(mass, M, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        target = maps.get(material)
        if target is None:
            target = maps[material] = np.zeros((H, W), np.float32)
        target[y0:y1, x0:x1] += warped
        total += warped
        parts[material] = warped
    footprint = cv2.warpAffine(item.footprint().astype(np.float32), M, size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return Placement(x0, y0, footprint, total, parts)


def footprint_box(placed: Placement | None) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """(box in scene pixels, x1/y1 exclusive, and the mask on it) where a placed item covers 0.3 of a
    pixel or more; None when it covers none or fell outside the scene (`place` gave None)."""
    if placed is None:
        return None
    mask = placed.footprint >= 0.3
    if not mask.any():
        return None
    rows, cols = np.nonzero(mask)
    y0, y1, x0, x1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    box = (placed.x0 + int(x0), placed.y0 + int(y0), placed.x0 + int(x1), placed.y0 + int(y1))
    return box, mask[y0:y1, x0:x1]


def _random_point(rng: np.random.Generator, mask: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    k = int(rng.integers(len(xs)))
    return float(xs[k]), float(ys[k])


def _threat_count(rng: np.random.Generator, cfg: SceneConfig) -> int:
    if not cfg.classes or rng.random() < cfg.clean_fraction:
        return 0
    weights = np.array([0.6, 0.3, 0.1][: cfg.max_threats])
    return int(rng.choice(np.arange(1, len(weights) + 1), p=weights / weights.sum()))


def compose(rng: np.random.Generator, cfg: SceneConfig = SceneConfig(), keep_item_maps: bool = False,
            force_classes: tuple[str, ...] | None = None) -> Scene:
    """A random parcel. `force_classes` puts exactly those prohibited items in (for fixtures)."""
    H = cfg.detector_pixels
    box, inside = container(rng, int(H * 0.92), cfg.max_parcel_length)
    W = box.w + 2 * cfg.margin_px
    maps: dict[str, np.ndarray] = {}
    belt = np.zeros(H, np.float32)
    r0, r1 = int(cfg.belt_rows[0] * H), int(cfg.belt_rows[1] * H)
    belt[r0:r1] = cfg.belt_thickness_mm * 1.3 / 10.0
    maps["rubber"] = np.repeat(belt[:, None], W, axis=1) * (1 + 0.01 * rng.standard_normal((1, W))).astype(np.float32)
    if rng.random() < cfg.belt_joint_probability:
        x = int(rng.integers(0, W - 6))
        maps["steel"] = np.zeros((H, W), np.float32)
        maps["steel"][r0:r1:6, x:x + 4] += 0.8  # lacing clips every 6 mm
    source_row = H * 0.5
    bx, by = cfg.margin_px, int((H - box.h) / 2 + rng.integers(-H // 30, H // 30 + 1))
    place(box, maps, bx + box.w / 2, by + box.h / 2, 0.0, False, 1.0, source_row)
    inside_full = np.zeros((H, W), bool)
    ys, xs = slice(max(by, 0), min(by + box.h, H)), slice(bx, bx + box.w)
    inside_full[ys, xs] = inside[max(-by, 0): max(-by, 0) + (ys.stop - ys.start)]

    def pose():
        height = rng.uniform(0, cfg.max_height_mm)
        # Packed things tend to lie square to the parcel; the rest fall as they may.
        angle = rng.uniform(0, 360) if rng.random() < 0.5 else 90.0 * rng.integers(4) + rng.normal(0, 8)
        return float(angle), bool(rng.random() < 0.5), cfg.source_distance_mm / (cfg.source_distance_mm - height)

    in_ys, in_xs = np.nonzero(inside_full)
    cx0, cx1, cy0, cy1 = in_xs.min(), in_xs.max(), in_ys.min(), in_ys.max()

    def position(item: Item, angle: float, mag: float) -> tuple[float, float]:
        """A centre inside the parcel where the item's turned extent mostly fits."""
        a = np.deg2rad(angle)
        half_w = 0.5 * (abs(np.cos(a)) * item.w + abs(np.sin(a)) * item.h)
        half_h = 0.5 * mag * (abs(np.sin(a)) * item.w + abs(np.cos(a)) * item.h)
        lo_x, hi_x = cx0 + half_w, cx1 - half_w
        lo_y, hi_y = cy0 + half_h, cy1 - half_h
        if lo_x > hi_x:
            lo_x = hi_x = (cx0 + cx1) / 2
        if lo_y > hi_y:
            lo_y = hi_y = (cy0 + cy1) / 2
        # Rejection sampling over the inside pixels: cheap, and uniform over where the item fits.
        idx = rng.integers(len(in_xs), size=64)
        xs, ys = in_xs[idx], in_ys[idx]
        ok = np.nonzero((xs >= lo_x - 1) & (xs <= hi_x + 1) & (ys >= lo_y - 1) & (ys <= hi_y + 1))[0]
        if len(ok):
            return float(xs[ok[0]]), float(ys[ok[0]])
        return float(np.clip((cx0 + cx1) / 2, lo_x, hi_x)), float(np.clip((cy0 + cy1) / 2, lo_y, hi_y))

    names = list(CLUTTER)
    boost = dict(cfg.clutter_weights)
    freq = np.array([CLUTTER[n][1] * float(boost.get(n, 1.0)) for n in names])
    n_clutter = int(np.clip(inside.sum() / 15000 * rng.uniform(0.6, 1.5), 3, 22))
    contents, hosts, clutter = [], [], []
    for _ in range(n_clutter):
        name = str(rng.choice(names, p=freq / freq.sum()))
        item = CLUTTER[name][0](rng)
        angle, flip, mag = pose()
        cx, cy = position(item, angle, mag)
        placed = place(item, maps, cx, cy, angle, flip, mag, source_row)
        contents.append(item.name)
        covered = footprint_box(placed)
        if covered is not None:
            clutter.append((item.name, covered[0]))
        if placed is not None and name in HOSTS:
            hosts.append((name, placed, mag))

    labels = list(force_classes) if force_classes is not None else [
        str(rng.choice(cfg.classes)) for _ in range(_threat_count(rng, cfg))]
    annotations, item_maps, placements = [], [], []
    for label in labels:
        item = BUILDERS[label](rng)
        while f"{label}/{item.variant}" in cfg.exclude_variants:  # draw again; no loop when nothing is excluded
            item = BUILDERS[label](rng)
        angle, flip, mag = pose()
        hidden_in = None
        cx, cy = position(item, angle, mag)
        if label == "drugs" and hosts and rng.random() < cfg.hidden_drug_fraction:
            host_name, host, mag = hosts[int(rng.integers(len(hosts)))]
            core = cv2.erode((host.footprint > 0.5).astype(np.uint8), np.ones((15, 15), np.uint8))
            if core.any():
                hx, hy = _random_point(rng, core.astype(bool))
                cx, cy = host.x0 + hx, source_row + (host.y0 + hy - source_row) / mag
                hidden_in = host_name
        placed = place(item, maps, cx, cy, angle, flip, mag, source_row)
        covered = footprint_box(placed)
        if covered is None:
            continue
        item_box, mask = covered
        annotations.append(Annotation(label, item.variant, item.name, item_box, mask.copy(), hidden_in))
        placements.append(placed)
        if keep_item_maps:
            full = np.zeros((H, W), np.float32)
            full[placed.y0:placed.y0 + placed.mass.shape[0], placed.x0:placed.x0 + placed.mass.shape[1]] = placed.mass
            item_maps.append(full)
    return Scene(maps, annotations, contents, box.name, belt, item_maps, placements, clutter)

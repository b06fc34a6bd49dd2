"""The parcel itself: bags, cartons, plastic sacks and trolley cases, with the inside mask where
contents may go."""
from __future__ import annotations

import cv2
import numpy as np

from .shapes import (Item, sampler, box_walls, line_thickness, lying_cylinder, polygon_mask, rounded_slab, smooth_blob,
                     texture, upright_cylinder)


def small_metal(rng, it: Item, xs: np.ndarray, ys: np.ndarray, count: int) -> None:
    """Zip pullers, rivets, buckles and rings scattered over a bag's outline points."""
    u = sampler(rng)
    for _ in range(count):
        k = int(rng.integers(len(xs)))
        kind = rng.random()
        if kind < 0.4:  # zip puller
            m = polygon_mask(22, 22, [(4, 8), (18, 8), (18, 14), (4, 14)])
            it.add("zinc_alloy", 7.0, rounded_slab(m, u(1.5, 3.0), 1) * 1.0, xs[k], ys[k])
        elif kind < 0.7:  # ring or buckle
            it.add("steel", 7.85, upright_cylinder(int(u(10, 30)), u(2, 4), wall=u(2, 3.5)), xs[k], ys[k])
        else:  # rivet or snap
            it.add("brass", 8.5, upright_cylinder(int(u(5, 9)), u(2, 4)), xs[k], ys[k])


def _suitcase(rng, W: int, L: int) -> tuple[Item, np.ndarray]:
    """A trolley case: filled-plastic shell, walls edge-on, aluminium handle tubes, wheels."""
    u = sampler(rng)
    it = Item("trolley case", W + 4, L + 4, variant="suitcase")
    corner = int(min(W, L) * 0.12) | 1
    core = np.zeros((W, L), np.uint8)
    core[corner // 2:W - corner // 2, corner // 2:L - corner // 2] = 1
    body = cv2.dilate(cv2.erode(core, np.ones((corner, corner), np.uint8)),
                      cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * corner + 1, 2 * corner + 1))).astype(bool)
    depth = u(180, 260)
    edge = rounded_slab(body, 1.0, 4)
    rim = body & (edge < 0.999)
    it.add("filled_plastic", 1.1, 2 * u(1.2, 2.2) * edge + rim * depth * 0.03, 2, 2)
    for y in (W * u(0.25, 0.35), W * u(0.65, 0.75)):  # telescopic handle tubes along the length
        it.add("aluminium", 2.7, lying_cylinder(int(L * 0.8), 9, wall=1.2), L * 0.1, y - 9)
    for x, y in ((L * 0.06, W * 0.1), (L * 0.06, W * 0.9)):  # wheels with steel axles
        it.add("rubber", 1.2, upright_cylinder(40, 25, wall=10, base=10), x - 20, y - 20)
        it.add("steel", 7.85, upright_cylinder(8, 30), x - 4, y - 4)
    ys, xs = np.nonzero(rim)
    it.add("zinc_alloy", 7.0, line_thickness(W + 4, L + 4, [(x + 2, y + 2) for x, y in zip(xs[::97], ys[::97])][:2], 4.0))
    small_metal(rng, it, xs, ys, int(rng.integers(4, 12)))
    inside = np.zeros((W + 4, L + 4), bool)
    inside[2:-2, 2:-2] = cv2.erode(body.astype(np.uint8), np.ones((21, 21), np.uint8)).astype(bool)
    return it, inside


def container(rng, max_h: int, max_w: int) -> tuple[Item, np.ndarray]:
    """The parcel itself and the mask of its inside (where contents may go)."""
    u = sampler(rng)
    kind = rng.choice(["bag", "box", "sack", "suitcase"], p=[0.45, 0.3, 0.12, 0.13])
    W, L = int(u(0.55, 0.92) * max_h), int(u(0.5, 1.0) * max_w)
    if kind == "suitcase":
        return _suitcase(rng, W, L)
    if kind == "box":
        it = Item("carton box", W + 4, L + 4, variant="box")
        H, wall = u(150, 320), u(3, 6)
        it.add("cellulose", 0.55, box_walls(W, L, wall, H, wall * 0.9), 2, 2)
        it.add("polyethylene", 0.95, np.full((W, 48), 0.1, np.float32), 2 + L / 2 - 24, 2)  # tape
        inside = np.zeros((W + 4, L + 4), bool)
        inside[8:-8, 8:-8] = True
        return it, inside
    it = Item("bag" if kind == "bag" else "plastic sack", W + 4, L + 4, variant=str(kind))
    blob = smooth_blob(rng, W, L, 0.12)
    if kind == "sack":
        it.add("polyethylene", 0.92, rounded_slab(blob, 0.15, 1) * texture(rng, (W, L), 30, 0.5), 2, 2)
    else:
        edge = rounded_slab(blob, 1.0, 10)
        rim = (blob & (edge < 0.999)) * texture(rng, (W, L), 15, 0.4)
        fabric = "cellulose" if rng.random() < 0.5 else "filled_plastic"  # cotton or coated nylon
        it.add(fabric, 0.6, 3.0 * edge + rim * u(6, 18), 2, 2)
        ys, xs = np.nonzero(blob)
        # The zip runs along the top seam; pullers, buckles and rings sit on the bag.
        cols = np.arange(int(L * 0.15), int(L * 0.85), 6)
        cols = cols[blob[:, cols].any(axis=0)]
        tops = blob[:, cols].argmax(axis=0) + 10
        pts = [(int(c) + 2, int(t) + 2) for c, t in zip(cols, tops)]
        if len(pts) > 1:
            it.add("brass", 8.5, line_thickness(W + 4, L + 4, pts, 3.0) * 0.4)
        small_metal(rng, it, xs, ys, int(rng.integers(2, 9)))
        for side in (0.3, 0.7):  # handles lying across the bag
            x = L * side
            strap = [(x - 40, W * 0.2), (x, W * u(0.05, 0.3)), (x + 40, W * 0.2)]
            it.add("cellulose", 0.8, line_thickness(W + 4, L + 4, strap, 25) * 0.15)
    inside = np.zeros((W + 4, L + 4), bool)
    inside[2:-2, 2:-2] = blob
    inside = cv2.erode(inside.astype(np.uint8), np.ones((25, 25), np.uint8)).astype(bool)
    return it, inside

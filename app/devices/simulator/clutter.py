"""What visitors bring to a prison: the benign contents of a parcel, and the parcel itself.

Each builder returns an Item with label None. Some items can hide a drug packet (bread, tins,
soap, clothing, cigarettes, tea); the scene composer uses HOSTS for that.
"""
from __future__ import annotations

import numpy as np

from .shapes import (Item, sampler, box_walls, dome, ellipse_mask, ellipsoid, line_thickness, lying_cylinder,
                     lying_cylinder_inner, polygon_mask, rounded_slab, smooth_blob, texture, upright_cylinder)



def folded_layers(rng, mask: np.ndarray, folds: int) -> np.ndarray:
    """Layer count of a folded garment: each fold line doubles the cloth on one side of it,
    which gives the crisp steps in thickness that folded clothes show on a scanner."""
    h, w = mask.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    layers = np.ones((h, w), np.float32)
    for _ in range(folds):
        a = rng.uniform(0, np.pi)
        px, py = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        side = (xx - px) * np.cos(a) + (yy - py) * np.sin(a) > 0
        layers += side * rng.integers(1, 3)
    return layers * mask


def clothes(rng):
    u = sampler(rng)
    L, W = int(u(180, 380)), int(u(140, 280))
    it = Item("clothes", W + 4, L + 4)
    blob = smooth_blob(rng, W, L, 0.2)
    layers = folded_layers(rng, blob, int(rng.integers(1, 5)))
    weave = texture(rng, (W, L), u(6, 14), 0.25)
    it.add("cellulose", u(0.3, 0.5), layers * u(4.0, 8.0) * weave * rounded_slab(blob, 1.0, 6), 2, 2)
    for _ in range(int(rng.integers(0, 4))):  # seams: several layers stitched together
        p0 = (u(0, L), u(0, W))
        p1 = (p0[0] + u(-150, 150), p0[1] + u(-150, 150))
        it.add("cellulose", 0.5, line_thickness(W + 4, L + 4, [p0, p1], 3.0) * blob_pad(blob) * 1.5)
    if rng.random() < 0.4:  # a zip
        x0, y0 = u(10, L * 0.4), u(10, W - 10)
        pts = [(x0 + k * 4, y0 + np.sin(k / 6) * 3) for k in range(int(u(20, 45)))]
        it.add("brass", 8.5, line_thickness(W + 4, L + 4, pts, 3.0) * 0.5)
        it.add("brass", 8.5, np.full((6, 10), 2.0, np.float32), *pts[-1])
    for _ in range(int(rng.integers(0, 6))):  # buttons
        it.add("polycarbonate" if rng.random() < 0.8 else "steel", 1.2, upright_cylinder(int(u(9, 16)), 2.5), u(5, L - 15), u(5, W - 15))
    return it


def blob_pad(blob: np.ndarray) -> np.ndarray:
    return np.pad(blob, 2).astype(np.float32)


def tea(rng):
    u = sampler(rng)
    L, W, H = int(u(120, 190)), int(u(60, 100)), u(50, 90)
    it = Item("tea", W + 4, L + 4)
    it.add("cellulose", 0.7, box_walls(W, L, 1, H, 0.5), 2, 2)
    it.add("cellulose", u(0.3, 0.45), rounded_slab(np.ones((W - 4, L - 4), bool), H - 4, 2) * texture(rng, (W - 4, L - 4), 3, 0.1), 4, 4)
    return it


def sugar(rng):
    u = sampler(rng)
    L, W = int(u(160, 220)), int(u(100, 130))
    it = Item("sugar", W + 4, L + 4)
    blob = smooth_blob(rng, W, L, 0.08)
    it.add("sucrose", u(0.8, 0.9), dome(blob, u(50, 75)), 2, 2)
    it.add("polyethylene", 0.92, rounded_slab(blob, 0.3, 2), 2, 2)
    return it


def bread(rng):
    u = sampler(rng)
    L, W = int(u(200, 300)), int(u(90, 130))
    it = Item("bread", W + 4, L + 4)
    it.add("food", u(0.2, 0.3), ellipsoid(W, L, u(80, 110)) * texture(rng, (W, L), 3, 0.3), 2, 2)
    return it


def tin(rng):
    u = sampler(rng)
    contents = rng.choice(["water", "food"])
    if rng.random() < 0.6:  # standing on the belt: the wall edge-on shows as a dark ring
        d, H = int(u(70, 105)), u(45, 115)
        it = Item("tin", d + 4, d + 4)
        wall_mm = 0.22
        ring = upright_cylinder(d, H * wall_mm, wall=1.0, base=0.0)  # sub-pixel wall, area-weighted
        it.add("steel", 7.85, ring + upright_cylinder(d, 2 * wall_mm), 2, 2)
        it.add(contents, 1.0, upright_cylinder(d - 2, H - 4), 3, 3)
        return it
    L, r = int(u(60, 110)), u(35, 50)
    it = Item("tin", int(2 * r + 6), L + 4)
    it.add("steel", 7.85, lying_cylinder(L, r, wall=0.22), 2, 2)
    it.add("steel", 7.85, lying_cylinder(2, r), 2, 2)
    it.add("steel", 7.85, lying_cylinder(2, r), L, 2)
    it.add(contents, 1.0, lying_cylinder_inner(L - 4, r, 0.22), 4, 2)
    return it


def fruit(rng):
    u = sampler(rng)
    n = int(rng.integers(1, 5))
    d = int(u(60, 90))
    it = Item("fruit", d * 2 + 8, d * 2 + 8)
    for k in range(n):
        dd = int(d * u(0.9, 1.1))
        it.add("water", u(0.8, 0.9), ellipsoid(dd, dd, dd), (k % 2) * d * 0.9 + u(0, 6), (k // 2) * d * 0.9 + u(0, 6))
    return it


def book(rng):
    u = sampler(rng)
    L, W, T = int(u(170, 240)), int(u(120, 170)), u(8, 35)
    it = Item("book", W + 4, L + 4)
    it.add("cellulose", u(0.7, 0.9), rounded_slab(np.ones((W, L), bool), T, 2), 2, 2)
    if rng.random() < 0.3:  # spiral binding
        for k in range(int(W / 7)):
            it.add("steel", 7.85, line_thickness(12, 12, [(2, 6), (10, 6)], 1.0), 0, 2 + k * 7)
    elif rng.random() < 0.4:  # staples
        for y in (W * 0.3, W * 0.7):
            it.add("steel", 7.85, line_thickness(W + 4, L + 4, [(L / 2, y), (L / 2, y + 12)], 0.6))
    return it


def cigarettes(rng):
    """Packs lying flat, side by side: 20 rods of tobacco each, in card and foil."""
    packs = int(rng.integers(1, 6))
    L, W, T = 88, 56, 22
    it = Item("cigarettes", L + 8, packs * (W + 1) + 8)
    rods = (0.75 + 0.25 * np.cos(np.arange(W) * (2 * np.pi / 8.0))).astype(np.float32)  # 8 mm rods
    for p in range(packs):
        x = 4 + p * (W + 1)
        it.add("cellulose", 0.6, box_walls(L, W, 1, T, 0.4), x, 4)
        it.add("aluminium", 2.7, np.full((L, W), 0.02, np.float32), x, 4)
        it.add("cellulose", 0.25, np.tile(rods * (T - 2), (L - 12, 1)), x, 16)  # filters are the last 12 mm
        it.add("cellulose", 0.12, np.tile(rods * (T - 2), (10, 1)), x, 5)
    return it


def soap(rng):
    u = sampler(rng)
    L, W, T = int(u(80, 100)), int(u(50, 65)), u(22, 32)
    it = Item("soap", W + 4, L + 4)
    it.add("soap", 1.05, rounded_slab(ellipse_mask(W, L, (L / 2, W / 2), (L / 2, W / 2)) | polygon_mask(
        W, L, [(8, 2), (L - 8, 2), (L - 8, W - 2), (8, W - 2)]), T, 8), 2, 2)
    return it


def toiletries(rng):
    u = sampler(rng)
    kind = rng.choice(["shampoo", "toothpaste", "toothbrush", "comb"])
    if kind == "shampoo":
        L, r = int(u(140, 200)), u(25, 35)
        it = Item("shampoo", int(2 * r + 6), L + 4)
        it.add("polyethylene", 0.95, lying_cylinder(L, r, wall=1.0), 2, 2)
        it.add("water", 1.02, lying_cylinder_inner(int(L * u(0.5, 0.95)), r, 1.0), 2, 2)
        return it
    if kind == "toothpaste":
        L, W = int(u(150, 190)), int(u(35, 48))
        it = Item("toothpaste", W + 4, L + 4)
        tube = polygon_mask(W, L, [(0, W * 0.3), (L * 0.85, 0), (L, 0), (L, W), (L * 0.85, W), (0, W * 0.7)])
        it.add("aluminium", 2.7, rounded_slab(tube, 0.1, 1), 2, 2)
        it.add("glass", 1.4, dome(tube, u(15, 25)) * 0.5, 2, 2)  # silica/chalk paste: mid-Z, greenish
        it.add("polyethylene", 0.95, np.full((W - 10, 16), 12.0, np.float32), L - 12, 7)
        return it
    L = int(u(170, 200))
    it = Item(kind, 24, L + 4)
    it.add("polycarbonate", 1.2, rounded_slab(polygon_mask(24, L + 4, [(2, 8), (L, 6), (L, 16), (2, 16)]), u(4, 9), 2))
    return it


def bottle(rng):
    u = sampler(rng)
    if rng.random() < 0.35:  # juice carton
        L, W, T = int(u(160, 200)), int(u(60, 75)), u(40, 60)
        it = Item("juice carton", W + 4, L + 4)
        it.add("cellulose", 0.8, box_walls(W, L, 1, T, 0.5), 2, 2)
        it.add("aluminium", 2.7, np.full((W, L), 0.012, np.float32), 2, 2)
        it.add("water", 1.05, rounded_slab(np.ones((W - 2, L - 2), bool), T - 2, 1), 3, 3)
        return it
    L, r = int(u(180, 290)), u(30, 45)
    it = Item("water bottle", int(2 * r + 6), L + 50)
    it.add("pet", 1.38, lying_cylinder(L, r, wall=0.35), 2, 2)
    it.add("water", 1.0, lying_cylinder_inner(L, r, 0.35) * u(0.5, 1.0), 2, 2)
    it.add("pet", 1.38, lying_cylinder(30, 13, wall=1.5), L + 2, r + 2 - 13)
    it.add("polyethylene", 0.95, lying_cylinder(12, 15, wall=1.5), L + 30, r + 2 - 15)
    return it


def cable(rng):
    u = sampler(rng)
    size = int(u(100, 220))
    it = Item("cable", size, size)
    pts, p, a = [], np.array([size / 2, size / 2]), u(0, 2 * np.pi)
    for _ in range(int(u(40, 120))):
        a += u(-0.5, 0.5)
        p = np.clip(p + 5 * np.array([np.cos(a), np.sin(a)]), 5, size - 5)
        pts.append(tuple(p))
    it.add("pvc", 1.35, line_thickness(size, size, pts, u(3, 5)))
    it.add("copper", 8.96, line_thickness(size, size, pts, 1.0) * 0.35)
    if rng.random() < 0.6:  # plug
        it.add("steel", 7.85, np.full((8, 12), 3.0, np.float32), pts[-1][0] - 6, pts[-1][1] - 4)
        it.add("polycarbonate", 1.2, rounded_slab(np.ones((14, 24), bool), 8, 2), pts[-1][0] - 12, pts[-1][1] - 7)
    return it


def charger(rng):
    u = sampler(rng)
    L, W, T = int(u(45, 70)), int(u(35, 50)), u(22, 30)
    it = Item("charger", W + 4, L + 24)
    body = np.ones((W, L), bool)
    it.add("polycarbonate", 1.2, rounded_slab(body, 3, 3) + box_walls(W, L, 1, T, 0)[:, :] * 0.7, 2, 2)
    it.add("pcb", 1.9, rounded_slab(np.ones((W - 8, L - 10), bool), 1.5, 1), 6, 6)
    it.add("steel", 7.85, rounded_slab(np.ones((12, 14), bool), 10, 2), L / 2 - 7, W / 2 - 6)  # transformer core
    it.add("copper", 8.96, upright_cylinder(18, 6, wall=4), L / 2 - 9, W / 2 - 9)
    for dy in (W * 0.3, W * 0.7):  # pins
        it.add("brass", 8.5, lying_cylinder(19, 2.2), L + 2, dy)
    return it


def spoon(rng):
    u = sampler(rng)
    L = int(u(140, 190))
    it = Item("spoon", 40, L + 4)
    material = "stainless" if rng.random() < 0.5 else "polyethylene"
    density = 7.9 if material == "stainless" else 0.95
    t = 1.2 if material == "stainless" else 2.0
    it.add(material, density, rounded_slab(ellipse_mask(40, L + 4, (L * 0.85, 20), (L * 0.15, 17)), t, 1))
    it.add(material, density, line_thickness(40, L + 4, [(2, 20), (L * 0.7, 20)], 8) * (t / 8))
    return it


def noodles(rng):
    u = sampler(rng)
    L, W = int(u(100, 130)), int(u(90, 110))
    it = Item("noodles", W + 4, L + 4)
    it.add("food", 0.35, rounded_slab(np.ones((W, L), bool), u(25, 35), 5) * texture(rng, (W, L), 2, 0.3), 2, 2)
    it.add("polyethylene", 0.95, rounded_slab(np.ones((W, L), bool), 0.2, 2), 2, 2)
    return it


def jar(rng):
    u = sampler(rng)
    d, H = int(u(70, 90)), u(90, 130)
    it = Item("jar", d + 4, d + 4)
    it.add("glass", 2.5, upright_cylinder(d, H, wall=3, base=8), 2, 2)
    it.add(rng.choice(["sucrose", "water"]), 1.3, upright_cylinder(d - 6, H - 20), 5, 5)
    it.add("steel", 7.85, upright_cylinder(d, 0.4), 2, 2)
    return it


def pen(rng):
    u = sampler(rng)
    L = int(u(130, 150))
    it = Item("pen", 14, L + 4)
    it.add("polycarbonate", 1.2, lying_cylinder(L, 4.5, wall=1.0), 2, 2)
    it.add("polyethylene", 0.95, lying_cylinder(L - 20, 1.5), 12, 5)
    it.add("brass", 8.5, lying_cylinder(6, 1.2), L - 8, 5.5)  # the tip
    if rng.random() < 0.5:
        it.add("steel", 7.85, line_thickness(14, L + 4, [(20, 7), (40, 7)], 3.0) * 0.15)  # spring
    return it


def hair_clips(rng):
    u = sampler(rng)
    it = Item("hair clips", 60, 80)
    for _ in range(int(rng.integers(1, 5))):
        x, y = u(5, 50), u(5, 45)
        it.add("steel", 7.85, line_thickness(60, 80, [(x, y), (x + 45, y + u(-4, 4)), (x, y + 3)], 0.8))
    return it


def socks(rng):
    u = sampler(rng)
    L, W = int(u(90, 160)), int(u(60, 100))
    it = Item("socks", W + 4, L + 4)
    it.add("cellulose", u(0.15, 0.25), dome(smooth_blob(rng, W, L, 0.3), u(15, 35)) * texture(rng, (W, L), 8, 0.4), 2, 2)
    return it


def glasses(rng):
    """Spectacles: thin metal frame and hinges, plastic or glass lenses."""
    u = sampler(rng)
    w, h = int(u(125, 145)), int(u(38, 50))
    it = Item("glasses", h + 8, w + 8)
    for cx in (w * 0.27 + 4, w * 0.73 + 4):
        lens = ellipse_mask(h + 8, w + 8, (cx, h / 2 + 4), (w * 0.22, h / 2))
        it.add("polycarbonate" if rng.random() < 0.7 else "glass", 1.3, rounded_slab(lens, 2.5, 3))
        ring = lens & ~ellipse_mask(h + 8, w + 8, (cx, h / 2 + 4), (w * 0.22 - 2, h / 2 - 2))
        it.add("stainless", 7.9, ring.astype(np.float32) * 1.6)
    it.add("stainless", 7.9, line_thickness(h + 8, w + 8, [(w * 0.45, h / 2), (w * 0.55 + 8, h / 2)], 1.5))
    return it


def belt(rng):
    """A trouser belt: leather strap and a steel buckle."""
    u = sampler(rng)
    L = int(u(250, 420))
    it = Item("belt", 60, L + 60)
    pts = [(10 + k * L / 20, 30 + 12 * np.sin(k / 3 + u(0, 3))) for k in range(21)]
    it.add("cellulose", 0.9, line_thickness(60, L + 60, pts, 32) * 0.12)
    it.add("steel", 7.85, upright_cylinder(40, 3.5, wall=5) + 0, L + 12, 10)
    return it


def keys_and_coins(rng):
    u = sampler(rng)
    it = Item("keys and coins", 90, 110)
    for _ in range(int(rng.integers(1, 5))):  # coins
        it.add("brass" if rng.random() < 0.5 else "steel", 8.0, upright_cylinder(int(u(18, 26)), u(1.5, 2.2)), u(0, 80), u(0, 60))
    if rng.random() < 0.5:  # a house key on its ring
        x, y = u(10, 50), u(10, 40)
        it.add("brass", 8.5, rounded_slab(polygon_mask(90, 110, [(x, y), (x + 45, y + 3), (x + 45, y + 9), (x, y + 12)]), 2.0, 1))
        it.add("steel", 7.85, upright_cylinder(24, 1.8, wall=2), x - 20, y - 6)
    return it


def hanger(rng):
    u = sampler(rng)
    w = int(u(300, 400))
    it = Item("hanger", 160, w + 10)
    it.add("steel", 7.85, line_thickness(160, w + 10, [(5, 150), (w / 2, 40), (w + 5, 150), (5, 150)], 2.5, closed=True))
    it.add("steel", 7.85, line_thickness(160, w + 10, [(w / 2, 40), (w / 2, 15), (w / 2 + 18, 8)], 2.5))
    return it


# name -> (builder, relative frequency in parcels)
CLUTTER = {
    "clothes": (clothes, 3.0), "tea": (tea, 1.2), "sugar": (sugar, 0.8), "bread": (bread, 1.0), "tin": (tin, 1.0),
    "fruit": (fruit, 1.0), "book": (book, 0.6), "cigarettes": (cigarettes, 1.2), "soap": (soap, 0.8),
    "toiletries": (toiletries, 1.2), "bottle": (bottle, 0.9), "cable": (cable, 0.5), "charger": (charger, 0.4),
    "spoon": (spoon, 0.4), "noodles": (noodles, 0.8), "jar": (jar, 0.5), "pen": (pen, 0.7),
    "hair_clips": (hair_clips, 0.4), "socks": (socks, 1.2), "glasses": (glasses, 0.25), "belt": (belt, 0.3),
    "keys_and_coins": (keys_and_coins, 0.3), "hanger": (hanger, 0.2),
}
# Items a drug packet can be hidden inside.
HOSTS = ("bread", "tin", "soap", "clothes", "cigarettes", "tea")

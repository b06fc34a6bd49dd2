"""Prohibited items at a prison gate, each with several shape variants.

Dimensions are in millimetres (1 px = 1 mm at the belt) and drawn from the ranges of real objects;
materials and bulk densities are those of the real things. Every builder returns one Item whose
`label` is the detector class.
"""
from __future__ import annotations

import numpy as np

from .shapes import (Item, sampler, chord, dome, ellipse_mask, line_thickness, lying_cylinder,
                     lying_cylinder_inner, polygon_mask, rounded_slab, smooth_blob, texture, upright_cylinder)

THREAT_CLASSES = ("knife", "gun", "scissors", "syringe", "phone", "sim_card", "battery", "drugs", "alcohol", "lighter")



def knife(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["kitchen", "folding", "utility", "shiv", "razor_blade"], p=[0.35, 0.2, 0.15, 0.15, 0.15])
    if variant == "razor_blade":
        w, h = int(u(38, 44)), int(u(20, 23))
        it = Item("razor blade", h + 4, w + 4, "knife", variant)
        m = polygon_mask(h + 4, w + 4, [(2, 2), (w + 2, 2), (w + 2, h + 2), (2, h + 2)])
        slot = polygon_mask(h + 4, w + 4, [(10, h / 2 + 1), (w - 6, h / 2 + 1), (w - 6, h / 2 + 3), (10, h / 2 + 3)])
        return it.add("stainless", 7.9, rounded_slab(m & ~slot, 0.25, 0.5))
    if variant == "utility":
        body, blade_len, wid = int(u(130, 160)), int(u(30, 80)), int(u(16, 20))
        it = Item("utility knife", wid + 8, body + blade_len + 4, "knife", variant)
        m = polygon_mask(wid + 8, body, [(0, 2), (body, 4), (body, wid + 4), (0, wid + 6)])
        it.add("polycarbonate", 1.2, rounded_slab(m, 11, 3))
        bl = polygon_mask(wid + 8, body + blade_len + 4, [(40, 6), (body + blade_len, 6), (body + blade_len - 12, wid + 2), (40, wid + 2)])
        return it.add("steel", 7.85, rounded_slab(bl, 0.5, 0.3))
    if variant == "shiv":
        length, wid = int(u(120, 190)), int(u(9, 15))
        it = Item("sharpened strip", wid + 6, length + 4, "knife", variant)
        pts = [(2, 3), (length * 0.7, 3), (length + 2, wid / 2 + 3), (length * 0.7, wid + 3), (2, wid + 3)]
        it.add("steel", 7.85, rounded_slab(polygon_mask(wid + 6, length + 4, pts), u(1.5, 3.0), 1.0))
        wrap = polygon_mask(wid + 6, length + 4, [(0, 0), (length * 0.4, 0), (length * 0.4, wid + 6), (0, wid + 6)])
        return it.add("pvc", 1.3, rounded_slab(wrap, u(3, 8), 2))
    if variant == "folding":
        blade_len, handle_len, wid = int(u(60, 95)), int(u(85, 115)), int(u(16, 24))
    else:
        blade_len, handle_len, wid = int(u(110, 220)), int(u(90, 125)), int(u(20, 42))
    h, w = wid + 12, handle_len + blade_len + 6
    it = Item("knife", h, w, "knife", variant)
    top = 4
    tip_drop = u(0.2, 0.6) * wid
    blade = [(handle_len - 4, top), (w - 3, top + tip_drop), (w - 3 - blade_len * 0.25, top + wid * 0.85),
             (handle_len + blade_len * 0.4, top + wid), (handle_len - 4, top + wid)]
    it.add("stainless" if rng.random() < 0.6 else "steel", 7.9, rounded_slab(polygon_mask(h, w, blade), u(1.4, 2.6), 1.2))
    hw = wid * 0.8 if variant == "kitchen" else wid
    handle = polygon_mask(h, w, [(2, top + 1), (handle_len, top + 1), (handle_len, top + hw), (2, top + hw + 1)])
    if variant == "kitchen":
        scales = rng.choice(["polycarbonate", "cellulose"])
        it.add(scales, 1.2 if scales == "polycarbonate" else 0.7, rounded_slab(handle, u(12, 20), 4))
        tang = polygon_mask(h, w, [(8, top + 4), (handle_len, top + 4), (handle_len, top + hw - 3), (8, top + hw - 3)])
        it.add("steel", 7.85, rounded_slab(tang, 2.0, 0.5))
        for k in range(int(rng.integers(0, 4))):
            cx = 18 + k * (handle_len - 30) / 3
            it.add("brass", 8.5, upright_cylinder(5, 14), cx, top + hw / 2 - 2)
    else:
        it.add("steel", 7.85, rounded_slab(handle, 2 * u(1.0, 1.6), 1))  # two liners
        it.add("polycarbonate", 1.2, rounded_slab(handle, u(6, 10), 2))
        it.add("steel", 7.85, upright_cylinder(8, 12), handle_len - 10, top + wid / 2 - 4)
    return it


def gun(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["pistol", "revolver", "improvised"], p=[0.5, 0.3, 0.2])
    if variant == "improvised":
        length, r = int(u(120, 200)), u(6, 10)
        h, w = 80, length + 20
        it = Item("improvised gun", h, w, "gun", variant)
        it.add("steel", 7.85, lying_cylinder(length, r, wall=u(1.5, 3)), 18, 6)
        grip = polygon_mask(h, w, [(2, 4), (40, 4), (44, h - 4), (16, h - 4)])
        it.add("cellulose", 0.65, rounded_slab(grip, 25, 5))
        it.add("steel", 7.85, line_thickness(h, w, [(30, 20), (30, 50)], 4))
        return it
    if variant == "revolver":
        barrel, frame = int(u(60, 150)), 70
        h, w = 140, barrel + frame + 50
        it = Item("revolver", h, w, "gun", variant)
        it.add("steel", 7.85, lying_cylinder(barrel, u(9, 11), wall=u(4, 6)), frame + 30, 6)
        it.add("steel", 7.85, lying_cylinder(44, 19), frame - 18, 0)  # cylinder with chambers
        it.add("brass", 8.5, lying_cylinder(40, 4.5), frame - 16, 14)  # cartridges in the chambers
        frame_m = polygon_mask(h, w, [(30, 4), (frame + 34, 4), (frame + 34, 40), (30, 42)])
        it.add("steel", 7.85, rounded_slab(frame_m, 14, 3))
        grip = polygon_mask(h, w, [(36, 36), (70, 38), (54, h - 4), (18, h - 8)])
        it.add("cellulose", 0.7, rounded_slab(grip, 30, 6))
        it.add("steel", 7.85, rounded_slab(grip, 6, 2) * 0.5)
        it.add("steel", 7.85, line_thickness(h, w, [(70, 40), (82, 58), (96, 42)], 4))  # trigger guard
        return it
    slide_len, slide_h = int(u(160, 200)), int(u(28, 34))
    h, w = int(slide_h + u(95, 115)), slide_len + 8
    it = Item("pistol", h, w, "gun", variant)
    slide = polygon_mask(h, w, [(4, 3), (slide_len + 4, 3), (slide_len + 4, slide_h), (4, slide_h)])
    it.add("steel", 7.85, rounded_slab(slide, u(20, 26), 4))
    gx = u(10, 25)
    grip = polygon_mask(h, w, [(gx, slide_h - 2), (gx + 50, slide_h - 2), (gx + 38, h - 3), (gx - 12, h - 6)])
    it.add("polycarbonate", 1.3, rounded_slab(grip, 30, 6))
    frame = polygon_mask(h, w, [(gx, slide_h), (slide_len, slide_h), (slide_len, slide_h + 12), (gx, slide_h + 12)])
    it.add("polycarbonate", 1.3, rounded_slab(frame, 24, 4))
    mag = polygon_mask(h, w, [(gx + 12, slide_h + 4), (gx + 36, slide_h + 4), (gx + 24, h - 8), (gx, h - 10)])
    it.add("steel", 7.85, rounded_slab(mag, 2.0, 1) + rounded_slab(mag, 20, 3) * 0.06)
    it.add("brass", 8.5, rounded_slab(mag, 8, 3) * 0.5)
    it.add("steel", 7.85, line_thickness(h, w, [(gx + 50, slide_h + 10), (gx + 60, slide_h + 32), (gx + 85, slide_h + 12)], 5))
    return it


def scissors(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["office", "steel", "nail"], p=[0.5, 0.3, 0.2])
    scale = 0.45 if variant == "nail" else u(0.8, 1.25)
    blade, loop_r = 110 * scale, 16 * scale + 4
    opening = np.deg2rad(u(0, 25))
    h, w = int(4 * loop_r + 2 * blade * np.sin(opening) + 30), int(blade + 2.2 * loop_r + 30)
    it = Item("scissors", h, w, "scissors", variant)
    pivot = (2.4 * loop_r + 10, h / 2)
    for sign in (-1, 1):
        a = sign * opening / 2
        d = np.array([np.cos(a), np.sin(a)])
        n = np.array([-d[1], d[0]])
        wid = (8 if variant != "nail" else 4) * max(scale, 0.7)
        p0 = np.array(pivot) - d * 12 * scale
        tip = np.array(pivot) + d * blade
        pts = [p0 + n * wid * 0.5, tip + n * 1.0, tip - n * 1.0, p0 - n * wid * 0.5]
        it.add("stainless", 7.9, rounded_slab(polygon_mask(h, w, pts), 2.0, 0.8))
        # Handle arm and loop behind the pivot, on the opposite side.
        c = np.array(pivot) - d * (loop_r + 12 * scale) - n * sign * loop_r * 0.9
        loop = ellipse_mask(h, w, c, (loop_r, loop_r * 0.8), np.rad2deg(a))
        hole = ellipse_mask(h, w, c, (loop_r - 5, loop_r * 0.8 - 5), np.rad2deg(a))
        arm = line_thickness(h, w, [tuple(p0), tuple(c)], 6 * max(scale, 0.6))
        if variant == "office":
            it.add("polycarbonate", 1.2, rounded_slab(loop & ~hole, 9, 2) + arm * 1.3)
        else:
            it.add("stainless", 7.9, rounded_slab(loop & ~hole, 2.5, 1) + arm * 0.35)
    it.add("steel", 7.85, upright_cylinder(int(6 * max(scale, 0.7)), 6), pivot[0] - 3, pivot[1] - 3)
    return it


def syringe(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["2ml", "5ml", "10ml", "insulin"])
    r, barrel = {"2ml": (5, 55), "5ml": (6.5, 65), "10ml": (8, 80), "insulin": (4, 60)}[variant]
    needle = int(u(12, 40)) if rng.random() < 0.85 else 0
    capped = needle > 0 and rng.random() < 0.5
    plunger_out = int(u(5, barrel * 0.8))
    h, w = int(2 * r + 14), int(barrel + plunger_out + needle + 30)
    it = Item("syringe", h, w, "syringe", variant)
    x0, y0 = plunger_out + 12, (h - (2 * r + 2)) / 2
    it.add("polyethylene", 0.92, lying_cylinder(barrel, r, wall=1.0), x0, y0)
    fill = u(0.0, 1.0)
    it.add("water", 1.0, lying_cylinder_inner(int(barrel * fill), r, 1.0), x0 + barrel * (1 - fill), y0)
    rod_y = h / 2
    it.add("polyethylene", 0.92, line_thickness(h, w, [(4, rod_y), (x0 + barrel * (1 - fill), rod_y)], r * 1.2))
    it.add("rubber", 1.2, lying_cylinder(4, r - 1.0), x0 + barrel * (1 - fill) - 4, y0 + 1)
    it.add("polyethylene", 0.92, rounded_slab(polygon_mask(h, w, [(x0 - 3, 1), (x0, 1), (x0, h - 1), (x0 - 3, h - 1)]), 4, 1))
    hub = x0 + barrel
    it.add("polyethylene", 0.92, lying_cylinder(8, 3), hub, h / 2 - 4)
    if needle:
        it.add("stainless", 7.9, line_thickness(h, w, [(hub + 6, h / 2), (hub + 8 + needle, h / 2)], u(0.4, 0.8)))
        if capped:
            it.add("polyethylene", 0.92, lying_cylinder(needle + 4, 3.5, wall=0.8), hub + 6, h / 2 - 4)
    return it


def phone(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["smartphone", "feature_phone", "mini_phone"], p=[0.55, 0.3, 0.15])
    if variant == "smartphone":
        L, W, T = int(u(138, 168)), int(u(66, 78)), u(7.5, 9.5)
    elif variant == "feature_phone":
        L, W, T = int(u(105, 125)), int(u(45, 52)), u(12, 15)
    else:
        L, W, T = int(u(55, 72)), int(u(20, 28)), u(9, 12)
    it = Item("mobile phone", W + 4, L + 4, "phone", variant)
    body = polygon_mask(W + 4, L + 4, [(2, 2), (L + 2, 2), (L + 2, W + 2), (2, W + 2)])
    if variant == "smartphone":
        it.add("glass", 2.5, rounded_slab(body, 1.4, 4))
        rim = body & ~polygon_mask(W + 4, L + 4, [(4, 4), (L, 4), (L, W), (4, W)])
        it.add("aluminium", 2.7, rim.astype(np.float32) * T * 0.8)
        it.add("aluminium", 2.7, rounded_slab(body, 0.6, 3))
    else:
        it.add("polycarbonate", 1.2, rounded_slab(body, 3.0, 3))
        rim = body & ~polygon_mask(W + 4, L + 4, [(4, 4), (L, 4), (L, W), (4, W)])
        it.add("polycarbonate", 1.2, rim.astype(np.float32) * T)
    bl, bw = int(L * u(0.4, 0.55)), int(W * 0.75)
    bx = L * u(0.3, 0.45)
    it.add("li_ion_cell", 2.6, rounded_slab(np.ones((bw, bl), bool), T * 0.45, 2), bx, (W + 4 - bw) / 2)
    it.add("aluminium", 2.7, np.full((bw, bl), 0.2, np.float32), bx, (W + 4 - bw) / 2)
    pcb_l = int(L * 0.28)
    it.add("pcb", 1.9, rounded_slab(np.ones((int(W * 0.8), pcb_l), bool), 1.2, 1), 6, W * 0.1 + 2)
    for _ in range(int(rng.integers(6, 14))):  # shielding cans, chips, connectors
        cw, ch = int(u(3, 10)), int(u(3, 10))
        it.add("steel" if rng.random() < 0.5 else "copper", 8.0, np.full((ch, cw), u(0.2, 0.8), np.float32),
               u(8, pcb_l), u(W * 0.15, W * 0.85))
    it.add("steel", 7.8, upright_cylinder(int(min(W * 0.25, 12)), 3), L - 20, 8)  # camera / speaker magnet
    for sx, sy in ((6, 6), (L - 4, 6), (6, W - 4), (L - 4, W - 4)):
        it.add("steel", 7.8, upright_cylinder(2, 4), sx, sy)
    return it


def sim_card(rng: np.random.Generator) -> Item:
    variant = rng.choice(["nano", "micro", "mini"])
    L, W = {"nano": (12.3, 8.8), "micro": (15, 12), "mini": (25, 15)}[variant]
    h, w = int(np.ceil(W)) + 4, int(np.ceil(L)) + 4
    it = Item("SIM card", h, w, "sim_card", variant)
    card = polygon_mask(h, w, [(2, 2), (L + 1, 2), (L + 1, W + 1), (4.5, W + 1), (2, W - 1.5)])
    it.add("pvc", 1.38, card.astype(np.float32) * (0.67 if variant == "nano" else 0.76))
    mx, my = (w - 10) / 2 if variant != "mini" else 3, (h - 11) / 2
    module = np.ones((11, 10), np.float32)
    it.add("copper", 8.96, module * 0.07, mx, my)          # contact plate
    it.add("pcb", 1.9, module * 0.3, mx, my)               # carrier
    it.add("zinc_alloy", 7.1, np.full((4, 4), 0.05, np.float32), mx + 3, my + 3)  # bond wires and die (dense)
    return it


def battery(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["power_bank", "18650_cells", "lipo_pouch", "aa_cells"], p=[0.4, 0.2, 0.2, 0.2])
    if variant == "lipo_pouch":
        L, W = int(u(50, 90)), int(u(35, 60))
        it = Item("battery pouch", W + 4, L + 4, "battery", variant)
        it.add("li_ion_cell", 2.6, rounded_slab(np.ones((W, L), bool), u(4, 7), 2), 2, 2)
        it.add("aluminium", 2.7, np.full((W, L), 0.15, np.float32), 2, 2)
        it.add("pcb", 1.9, np.ones((W, 6), np.float32) * 1.2, L - 6, 2)
        return it
    if variant in ("18650_cells", "aa_cells"):
        n = int(rng.integers(1, 5))
        length, r = (65, 9.0) if variant == "18650_cells" else (50, 7.0)
        h, w = int(n * (2 * r + 2) + 4), length + 4
        it = Item("battery cells", h, w, "battery", variant)
        fill = "li_ion_cell" if variant == "18650_cells" else "alkaline_cell"
        for k in range(n):
            y = 2 + k * (2 * r + 2)
            it.add("steel", 7.85, lying_cylinder(length, r, wall=0.3), 2, y)
            it.add(fill, 2.7 if fill == "li_ion_cell" else 3.0, lying_cylinder_inner(length - 4, r, 0.3), 4, y)
            it.add("steel", 7.85, lying_cylinder(2, r - 2), length, y + 2)
        return it
    n = int(rng.integers(2, 5))
    L, W = int(u(95, 140)), int(n * 19 + u(6, 14))
    it = Item("power bank", W + 4, L + 4, "battery", variant)
    shell = rng.choice(["polycarbonate", "aluminium"])
    body = np.ones((W, L), bool)
    it.add(shell, 1.2 if shell == "polycarbonate" else 2.7, rounded_slab(body, 2.0 if shell == "polycarbonate" else 1.0, 3), 2, 2)
    rim = body.copy()
    rim[2:-2, 2:-2] = False
    it.add(shell, 1.2 if shell == "polycarbonate" else 2.7, rim.astype(np.float32) * 20, 2, 2)
    cell_len = min(65, L - 20)
    for k in range(n):
        y = 5 + k * 19
        it.add("steel", 7.85, lying_cylinder(cell_len, 9, wall=0.3), 6, y)
        it.add("li_ion_cell", 2.7, lying_cylinder_inner(cell_len - 4, 9, 0.3), 8, y)
    it.add("pcb", 1.9, rounded_slab(np.ones((W - 10, L - cell_len - 16), bool), 1.4, 1), cell_len + 10, 7)
    it.add("steel", 7.85, np.full((8, 10), 3.0, np.float32), L - 8, W / 2 - 2)  # USB port
    return it


def drugs(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["powder_packet", "capsules", "pills", "plant_material"], p=[0.45, 0.2, 0.15, 0.2])
    substance = rng.choice(["cocaine_hcl", "heroin", "methamphetamine_hcl"])
    if variant == "powder_packet":
        L, W = int(u(30, 110)), int(u(20, 70))
        it = Item("drug packet", W + 10, L + 16, "drugs", variant)
        blob = smooth_blob(rng, W, L, 0.12)
        it.add(substance, u(0.6, 1.0), dome(blob, u(6, 22)), 2, 5)
        it.add("polyethylene", 0.92, rounded_slab(blob, 0.2, 1), 2, 5)
        knot = ellipse_mask(W + 10, L + 16, (L + 8, W / 2 + 5), (7, 4))
        it.add("polyethylene", 0.92, knot.astype(np.float32) * 3.0)
        return it
    if variant == "capsules":
        n = int(rng.integers(3, 9))
        cols = int(np.ceil(np.sqrt(n)))
        cl, cr = u(30, 45), u(6, 9)
        h, w = int(cols * (2 * cr + 3) + 6), int(cols * (cl + 4) + 6)
        it = Item("drug capsules", h, w, "drugs", variant)
        for k in range(n):
            cx, cy = 3 + (k % cols) * (cl + 4) + u(-2, 2), 3 + (k // cols) * (2 * cr + 3) + u(-1, 1)
            cap = lying_cylinder(int(cl), cr)
            it.add(substance, u(0.9, 1.2), cap * ellipse_mask(*cap.shape, (cl / 2, cap.shape[0] / 2), (cl / 2, cr + 1)), cx, cy)
            it.add("rubber", 1.1, lying_cylinder(int(cl), cr, wall=0.3), cx, cy)
        return it
    if variant == "pills":
        rows, cols = int(rng.integers(2, 4)), int(rng.integers(4, 7))
        pd = u(7, 11)
        h, w = int(rows * (pd + 5) + 10), int(cols * (pd + 5) + 10)
        it = Item("pill blister", h, w, "drugs", variant)
        it.add("pvc", 1.38, np.full((h - 4, w - 4), 0.3, np.float32), 2, 2)
        it.add("aluminium", 2.7, np.full((h - 4, w - 4), 0.03, np.float32), 2, 2)
        pill = dome(ellipse_mask(int(pd) + 1, int(pd) + 1, (pd / 2, pd / 2), (pd / 2, pd / 2)), u(3, 5))
        for r_ in range(rows):
            for c_ in range(cols):
                it.add(substance, 1.25, pill, 6 + c_ * (pd + 5), 6 + r_ * (pd + 5))
        return it
    L, W = int(u(60, 160)), int(u(40, 110))
    it = Item("plant material", W + 4, L + 4, "drugs", variant)
    blob = smooth_blob(rng, W, L, 0.25)
    it.add("cellulose", u(0.15, 0.3), dome(blob, u(15, 40)) * texture(rng, (W, L), 4, 0.35), 2, 2)
    it.add("polyethylene", 0.92, rounded_slab(blob, 0.2, 1), 2, 2)
    return it


def alcohol(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["vodka_bottle", "small_bottle", "hip_flask"], p=[0.45, 0.3, 0.25])
    if variant == "hip_flask":
        L, W, T = int(u(100, 140)), int(u(75, 100)), u(18, 26)
        it = Item("hip flask", W + 4, L + 20, "alcohol", variant)
        body = ellipse_mask(W + 4, L + 20, (L / 2 + 2, W / 2 + 2), (L / 2, W / 2)) | polygon_mask(
            W + 4, L + 20, [(L * 0.2, 2), (L * 0.8, 2), (L * 0.8, W + 2), (L * 0.2, W + 2)])
        rim = body & ~ellipse_mask(W + 4, L + 20, (L / 2 + 2, W / 2 + 2), (L / 2 - 2, W / 2 - 2)) & ~polygon_mask(
            W + 4, L + 20, [(L * 0.2 + 2, 4), (L * 0.8 - 2, 4), (L * 0.8 - 2, W), (L * 0.2 + 2, W)])
        it.add("stainless", 7.9, rounded_slab(body, 1.6, 1) + rim * T * 0.5)
        it.add("ethanol40", 0.95, dome(body & ~rim, T))
        it.add("stainless", 7.9, lying_cylinder(14, 9, wall=1.5), L + 2, W / 2 - 8)
        return it
    if variant == "vodka_bottle":
        body_len, r, neck_len, neck_r = int(u(170, 220)), u(34, 40), int(u(60, 90)), u(13, 16)
    else:
        body_len, r, neck_len, neck_r = int(u(100, 140)), u(25, 30), int(u(45, 60)), u(11, 13)
    wall = u(3.0, 5.0)
    h, w = int(2 * r + 6), body_len + neck_len + 24
    it = Item("bottle of spirits", h, w, "alcohol", variant)
    y = (h - (2 * r + 2)) / 2
    it.add("glass", 2.5, lying_cylinder(body_len, r, wall=wall), 2, y)
    it.add("glass", 2.5, lying_cylinder(int(wall * 2), r), 2, y)  # the thick base
    fill = u(0.7, 1.0)
    it.add("ethanol40", 0.95, lying_cylinder_inner(body_len - int(wall), r, wall) * fill, 2 + wall, y)
    shoulder = int(r * 0.8)
    ys = np.arange(h, dtype=np.float32) - (h - 1) / 2
    sh = np.zeros((h, shoulder), np.float32)
    for k in range(shoulder):
        rr = r - (r - neck_r) * (k / shoulder)
        sh[:, k] = chord(ys, rr) - chord(ys, max(rr - wall, 0))
    it.add("glass", 2.5, sh, 2 + body_len, 0)
    ny = (h - (2 * neck_r + 2)) / 2
    it.add("glass", 2.5, lying_cylinder(neck_len - shoulder, neck_r, wall=wall), 2 + body_len + shoulder, ny)
    cap_r = neck_r + 1
    it.add("aluminium", 2.7, lying_cylinder(20, cap_r, wall=0.3), 2 + body_len + neck_len - shoulder + 0, (h - (2 * cap_r + 2)) / 2)
    return it


def lighter(rng: np.random.Generator) -> Item:
    u = sampler(rng)
    variant = rng.choice(["disposable", "petrol_case"], p=[0.65, 0.35])
    if variant == "petrol_case":
        L, W, T = int(u(55, 60)), int(u(36, 40)), u(12, 14)
        it = Item("petrol lighter", W + 4, L + 4, "lighter", variant)
        body = np.ones((W, L), bool)
        rim = body.copy()
        rim[1:-1, 1:-1] = False
        case = rng.choice(["stainless", "brass"])
        it.add(case, 8.2, rounded_slab(body, 1.6, 1) + rim * T, 2, 2)
        it.add("steel", 7.85, rounded_slab(np.ones((W - 6, L - 12), bool), 1.2, 1) + 0, 5, 5)
        it.add("cellulose", 0.4, rounded_slab(np.ones((W - 10, L - 20), bool), T - 4, 2), 7, 9)
        it.add("steel", 7.85, upright_cylinder(8, 6), 6, W / 2 - 2)
        return it
    L, W, T = int(u(68, 82)), int(u(22, 26)), u(10, 12)
    it = Item("lighter", W + 4, L + 4, "lighter", variant)
    body = np.zeros((W, L), bool)
    body[:, : L - 14] = True
    it.add("polycarbonate", 1.2, rounded_slab(body, 2.4, 2), 2, 2)
    rim = body.copy()
    rim[1:-1, 1:-1] = False
    it.add("polycarbonate", 1.2, rim * T * 0.6, 2, 2)
    fill = u(0.2, 0.9)
    liquid = np.zeros((W, L), bool)
    liquid[2:-2, 2: int((L - 16) * fill)] = True
    it.add("butane", 0.58, rounded_slab(liquid, T - 2, 2), 2, 2)
    hood = np.zeros((W, 16), np.float32)
    hood[:, :] = 0.6
    hood[[0, -1], :] = T * 0.3
    it.add("stainless", 7.9, hood, L - 14, 2)
    it.add("steel", 7.85, lying_cylinder(5, 4), L - 12, W / 2 - 2)
    it.add("steel", 7.85, line_thickness(W + 4, L + 4, [(L - 16, W / 2 + 2), (L - 30, W / 2 + 2)], 1.5))
    return it


BUILDERS = {"knife": knife, "gun": gun, "scissors": scissors, "syringe": syringe, "phone": phone,
            "sim_card": sim_card, "battery": battery, "drugs": drugs, "alcohol": alcohol, "lighter": lighter}
assert tuple(BUILDERS) == THREAT_CLASSES

# One shape variant per class that the shipped detector's training data leaves out, so that the
# benchmark measures how it does on shapes it never saw (a real checkpoint meets new models of phones
# and knives every month). Each lies between variants that training does see. The lighter has only two.
HELD_OUT_VARIANTS = ("knife/folding", "gun/revolver", "scissors/steel", "syringe/5ml", "phone/feature_phone",
                     "sim_card/micro", "battery/aa_cells", "drugs/capsules", "alcohol/small_bottle")

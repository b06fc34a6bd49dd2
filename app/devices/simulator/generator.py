"""One simulated scan from a seed: scene, physics, detector, rendering, ground truth."""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from app.imaging.render import DEFAULT_PALETTE, Palette, render_pseudocolour

from .acquisition import ScannerModel, acquire
from .physics import PhysicsTable, load_table
from .scene import Annotation, Placement, SceneConfig, compose

GENERATOR_VERSION = "sim-1.0"


@dataclass
class SimulatedScan:
    high: np.ndarray  # uint16, higher = more transmission
    low: np.ndarray
    rgb: np.ndarray  # uint8 pseudo-colour rendering
    annotations: list[Annotation]
    meta: dict = field(default_factory=dict)


def scan_seed(seed: int, index: int) -> np.random.SeedSequence:
    """Scan `index` of a run with `seed`: independent of how many workers generate the run."""
    return np.random.SeedSequence([int(seed), int(index)])


def object_contrast(table: PhysicsTable, mass_maps: dict[str, np.ndarray], belt_mass: np.ndarray,
                    placed: Placement, annotation: Annotation, model: ScannerModel = ScannerModel(),
                    palette: Palette = DEFAULT_PALETTE) -> float:
    """How much an item changes what the operator sees: the colour distance (RGB, 0..255 a channel)
    between the noise-free rendering of the scene and that of the scene without the item, at the 90th
    percentile of the item's own pixels, since the most visible part (a lighter's steel wheel, a SIM
    card's chip) is what gives an item away. A pistol in a bag changes its pixels by 100 or more; a SIM
    card under a tin of fish, or a drug packet inside a loaf, by a few levels, which neither a person
    nor a network can tell from the clutter. The benchmark reports accuracy by this figure, so that
    what cannot be seen is told apart from what the detector misses."""
    h, w = placed.mass.shape
    window = (slice(placed.y0, placed.y0 + h), slice(placed.x0, placed.x0 + w))
    with_item = {m: mass[window] for m, mass in mass_maps.items()}
    without_item = {m: np.maximum(mass - placed.parts.get(m, 0.0), 0.0) for m, mass in with_item.items()}
    ref_low, ref_high = table.single_material("rubber", belt_mass[window[0]])  # the flat field, per row
    renders = []
    for maps in (with_item, without_item):
        t_low, t_high = table.transmissions(maps)
        counts = []
        for t, ref in ((t_high, ref_high), (t_low, ref_low)):
            t = cv2.GaussianBlur(t, (0, 0), sigmaX=model.blur_sigma_along, sigmaY=model.blur_sigma_across)
            counts.append((t / ref[:, None].astype(np.float32)) * np.float32(model.air_level))
        renders.append(render_pseudocolour(counts[0], counts[1], air_high=model.air_level, air_low=model.air_level,
                                           palette=palette).astype(np.float32))
    distance = np.sqrt(((renders[0] - renders[1]) ** 2).sum(axis=2))
    x0, y0 = annotation.box[0] - placed.x0, annotation.box[1] - placed.y0
    inside = distance[y0:y0 + annotation.mask.shape[0], x0:x0 + annotation.mask.shape[1]][annotation.mask]
    return float(np.percentile(inside, 90)) if inside.size else 0.0


def generate_scan(seed: int, index: int, config: SceneConfig = SceneConfig(),
                  model: ScannerModel = ScannerModel(), force_classes: tuple[str, ...] | None = None,
                  keep_item_maps: bool = False, palette: Palette = DEFAULT_PALETTE,
                  measure_contrast: bool = False) -> SimulatedScan:
    """`measure_contrast` fills each annotation's `contrast` (about 8 ms an item): for datasets written
    with their ground truth, not for the simulated scanner's live scans, which never read it."""
    scene_ss, noise_ss = scan_seed(seed, index).spawn(2)
    scene = compose(np.random.default_rng(scene_ss), config, keep_item_maps, force_classes)
    table = load_table()
    low, high = acquire(table, scene.mass_maps, scene.belt_mass, np.random.default_rng(noise_ss), model)
    rgb = render_pseudocolour(high, low, air_high=model.air_level, air_low=model.air_level, palette=palette)
    if measure_contrast:
        for annotation, placed in zip(scene.annotations, scene.placements):
            annotation.contrast = object_contrast(table, scene.mass_maps, scene.belt_mass, placed, annotation, model,
                                                  palette)
    meta = {
        "seed": int(seed), "index": int(index), "generator": GENERATOR_VERSION,
        "container": scene.container, "contents": scene.contents,
        "air_level_high": model.air_level, "air_level_low": model.air_level,
        "pixel_mm": 1.0, "width": int(high.shape[1]), "height": int(high.shape[0]),
        "clean": not scene.annotations,
    }
    scan = SimulatedScan(high, low, rgb, scene.annotations, meta)
    if keep_item_maps:
        scan.meta["item_maps"] = scene.item_maps
        scan.meta["mass_maps"] = scene.mass_maps
    return scan

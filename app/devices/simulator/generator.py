"""One simulated scan from a seed: scene, physics, detector, rendering, ground truth."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.imaging.render import DEFAULT_PALETTE, Palette, render_pseudocolour

from .acquisition import ScannerModel, acquire
from .physics import load_table
from .scene import Annotation, SceneConfig, compose

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


def generate_scan(seed: int, index: int, config: SceneConfig = SceneConfig(),
                  model: ScannerModel = ScannerModel(), force_classes: tuple[str, ...] | None = None,
                  keep_item_maps: bool = False, palette: Palette = DEFAULT_PALETTE) -> SimulatedScan:
    scene_ss, noise_ss = scan_seed(seed, index).spawn(2)
    scene = compose(np.random.default_rng(scene_ss), config, keep_item_maps, force_classes)
    low, high = acquire(load_table(), scene.mass_maps, scene.belt_mass, np.random.default_rng(noise_ss), model)
    rgb = render_pseudocolour(high, low, air_high=model.air_level, air_low=model.air_level, palette=palette)
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

"""Recall on drug items and false drug alarms per clean parcel for MaterialAnalysisDetector, on freshly
simulated scans (seeds never used for tuning), plus latency on a 600 x 900 scan with 2 threads.

    python benchmarks/material_detector.py [n_drug_scans] [n_clean_scans]   (300 200 for the figures in
    app/detection/material.py; about 10 minutes on 2 cores)

Visible packet: a powder packet or capsule set whose own a_high contrast (median over its footprint) is at
least half the 10-90 % spread of what lies behind it (from the simulator's item maps)."""
import collections, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2, numpy as np
from app.detection.material import MaterialAnalysisDetector, MaterialParams
from app.devices.simulator.generator import generate_scan
from app.devices.simulator.scene import SceneConfig
from app.imaging.render import attenuation

N_DRUG = int(sys.argv[1]) if len(sys.argv) > 1 else 100
N_CLEAN = int(sys.argv[2]) if len(sys.argv) > 2 else 100
SEED_DRUG, SEED_CLEAN, MU_ORGANIC = 909, 808, 0.178
THS = (0.5, 0.6, 0.7, 0.8, 0.9)

def iou(a, b):
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0])); iy = max(0, min(a[3], b[3]) - max(a[1], b[1])); i = ix * iy
    return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i)

def hit(d, g):
    cx, cy = (g[0] + g[2]) / 2, (g[1] + g[3]) / 2
    return iou(d, g) >= 0.3 or (d[0] <= cx < d[2] and d[1] <= cy < d[3])

def visible(sim, mass):
    ah = attenuation(sim.high, sim.meta["air_level_high"])
    own = MU_ORGANIC * mass
    behind = cv2.GaussianBlur(ah - own, (0, 0), 2.0)
    fp = (mass > 0.004).astype(np.uint8)
    core = cv2.erode(fp, np.ones((5, 5), np.uint8)).astype(bool)
    core = core if core.sum() >= 10 else fp.astype(bool)
    b = behind[cv2.dilate(fp, np.ones((7, 7), np.uint8)).astype(bool)]
    return np.median(own[core]) >= 0.5 * max(np.percentile(b, 90) - np.percentile(b, 10), 0.02)

def category(a, mass, sim):
    if a.variant in ("pills", "plant_material"):
        return a.variant
    return "packet_visible" if visible(sim, mass) else "packet_hard"

def main():
    for mode in ("dual", "rgb"):
        det = MaterialAnalysisDetector(params=MaterialParams(min_score=min(THS)))
        rec = {t: collections.Counter() for t in THS}; tot = collections.Counter(); fa = {t: [] for t in THS}
        for i in range(N_DRUG):
            sim = generate_scan(SEED_DRUG, i, force_classes=("drugs",), keep_item_maps=True)
            dets = det.detect(sim.rgb) if mode == "rgb" else det.detect(sim.rgb, sim.high, sim.low, 50000, 50000)
            dets = [d for d in dets if d.label == "drugs"]
            for a, mass in zip(sim.annotations, sim.meta["item_maps"]):
                cats = [category(a, mass, sim), "all_drug_items"]
                for c in cats:
                    tot[c] += 1
                    for t in THS:
                        rec[t][c] += any(hit(d.box, a.box) for d in dets if d.score >= t)
        for i in range(N_CLEAN):
            sim = generate_scan(SEED_CLEAN, i, SceneConfig(clean_fraction=1.0))
            dets = det.detect(sim.rgb) if mode == "rgb" else det.detect(sim.rgb, sim.high, sim.low, 50000, 50000)
            for t in THS:
                fa[t].append(sum(d.label == "drugs" and d.score >= t for d in dets))
        print(f"== {mode}: {N_DRUG} drug scans (seed {SEED_DRUG}), {N_CLEAN} clean scans (seed {SEED_CLEAN})")
        for t in THS:
            print(f"min_score {t:.1f}: false drug alarms/clean scan {np.mean(fa[t]):.2f}, clean scans alarmed "
                  f"{np.mean([f > 0 for f in fa[t]]):.0%} | recall " +
                  ", ".join(f"{c} {rec[t][c] / tot[c]:.2f} ({rec[t][c]}/{tot[c]})" for c in sorted(tot)))
    cv2.setNumThreads(2)
    sim = generate_scan(5, 7)  # pad / crop to exactly 600 x 900
    w = sim.high.shape[1]
    high = np.full((600, 900), 50000, np.uint16); low = high.copy()
    high[:, :min(w, 900)] = sim.high[:, :900]; low[:, :min(w, 900)] = sim.low[:, :900]
    rgb = np.full((600, 900, 3), 255, np.uint8); rgb[:, :min(w, 900)] = sim.rgb[:, :900]
    det = MaterialAnalysisDetector()
    for mode, call in (("dual", lambda: det.detect(rgb, high, low, 50000, 50000)), ("rgb", lambda: det.detect(rgb))):
        call(); ts = []
        for _ in range(50):
            t0 = time.perf_counter(); call(); ts.append((time.perf_counter() - t0) * 1000)
        print(f"latency {mode} 600x900, cv2 threads 2: median {np.median(ts):.1f} ms, p95 {np.percentile(ts, 95):.1f} ms")

if __name__ == "__main__":
    main()

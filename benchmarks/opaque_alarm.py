"""How the material detector's opaque alarm threshold trades guns covered against clean-parcel alarms.

    python benchmarks/opaque_alarm.py [n_guns] [n_clean]

Guns: simulated parcels each holding one gun (seed 78); covered = an opaque alarm overlaps its box.
Clean: parcels with nothing prohibited (seed 77). Prints one line per a_high threshold.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from app.detection.material import MaterialAnalysisDetector, MaterialParams  # noqa: E402
from app.devices.simulator.generator import generate_scan  # noqa: E402
from app.devices.simulator.scene import SceneConfig  # noqa: E402

N_GUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
N_CLEAN = int(sys.argv[2]) if len(sys.argv) > 2 else 40
AIR = 50000


def overlaps(a, b) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


guns = [generate_scan(78, i, force_classes=("gun",)) for i in range(N_GUNS)]
clean = [generate_scan(77, i, SceneConfig(clean_fraction=1.0)) for i in range(N_CLEAN)]
for threshold in (6.5, 5.5, 5.0):
    detector = MaterialAnalysisDetector(params=MaterialParams(opaque_attenuation=threshold))

    def opaque(scan):
        return [d for d in detector.detect(scan.rgb, scan.high, scan.low, AIR, AIR) if d.label == "opaque"]

    covered = np.mean([any(overlaps(d.box, s.annotations[0].box) for d in opaque(s)) for s in guns])
    alarmed = np.mean([bool(opaque(s)) for s in clean])
    print(f"a_high >= {threshold}: guns covered {covered:.0%} of {N_GUNS}, clean parcels alarmed {alarmed:.0%} of {N_CLEAN}")

"""How fast the simulator generates scans on this machine, with and without the raw pair.

    python benchmarks/simulator.py [--count 200] [--workers 2]

Prints scans per second and the projected time for 20,000 scans.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.devices.simulator.dataset import WriteOptions, generate_dataset  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, workers: {args.workers}, scans per run: {args.count}")
    for label, options in (("raw pair + RGB PNG", WriteOptions()),
                           ("RGB JPEG only (training)", WriteOptions(raw=False, rgb_format="jpg"))):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            generate_dataset(Path(tmp), args.count, seed=1, options=options, workers=args.workers)
            dt = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()) / args.count / 2**20
        rate = args.count / dt
        print(f"{label:26s} {rate:6.1f} scans/s  {1000 / rate:6.1f} ms/scan  "
              f"20,000 scans: {20000 / rate / 60:5.1f} min  {size:.2f} MiB/scan")


if __name__ == "__main__":
    main()

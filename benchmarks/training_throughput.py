"""Where a training step's time goes: making the images, or the network and its loss.

The first GPU run (2026-12-04, tools/device_train.sh on an H200 with 16 cores) trained at about 220
images/s, where a network this small should run thousands: this prints, on any machine, how fast one
process makes training images, how fast a loader with N workers delivers them, and how fast the
device takes a batch through forward, loss and backward, with the loss's share measured apart.

    python benchmarks/training_throughput.py --data data/val800 --workers 1,2 --batch 16

Needs the `train` extra (torch)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.devices.simulator.dataset import single_threaded_worker  # noqa: E402
from app.devices.simulator.threats import THREAT_CLASSES  # noqa: E402
from app.training.data import SimulatedScans, collate, network_input  # noqa: E402
from app.training.loss import detection_loss  # noqa: E402
from app.training.model import CheckpointDetector  # noqa: E402

FOCUS = {"drugs": 5, "syringe": 5, "sim_card": 5, "knife": 3, "lighter": 2, "battery": 1.5, "scissors": 1.5,
         "gun": 0.5, "alcohol": 1}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--workers", default="1", help="comma-separated worker counts to time the loader with")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--width", type=float, default=1.25)
    p.add_argument("--device", default="auto")
    args = p.parse_args()
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device)
    classes = list(THREAT_CLASSES)
    data = SimulatedScans([Path(args.data)], classes, 640, train=True, crop=416, focus_fraction=0.75,
                          focus_weights=FOCUS)
    single_threaded_worker(0)
    data[0]
    t0 = time.perf_counter()
    for i in range(60):
        data[i % len(data)]
    per_item = (time.perf_counter() - t0) / 60
    print(f"one process makes a training image in {per_item * 1000:.1f} ms ({1 / per_item:.0f} images/s)")
    for workers in (int(w) for w in args.workers.split(",")):
        loader = DataLoader(data, batch_size=args.batch, shuffle=True, num_workers=workers, collate_fn=collate,
                            drop_last=True, worker_init_fn=single_threaded_worker, persistent_workers=workers > 0,
                            pin_memory=device.type == "cuda")

        def endless():
            while True:
                yield from loader

        batches = endless()
        for _ in range(2 * workers + 2):  # what the workers made ahead of time comes all at once
            next(batches)
        t0, n = time.perf_counter(), 0
        for _ in range(20):
            images, _ = next(batches)
            n += images.shape[0]
        print(f"loader, {workers} workers, batch {args.batch}: {n / (time.perf_counter() - t0):.0f} images/s")
        del batches, loader
    images, targets = collate([data[i % len(data)] for i in range(args.batch)])
    images = network_input(images.to(device))
    targets = [t.to(device) for t in targets]
    model = CheckpointDetector(len(classes), args.width, 640).to(device, memory_format=torch.channels_last)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)

    def timed(step, repeats: int = 15) -> float:
        for _ in range(3):
            step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(repeats):
            step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        return (time.perf_counter() - t0) / repeats

    def full_step():
        loss, _ = detection_loss(model.raw(images), targets, len(classes), images.shape[-1])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def network_only():  # the same forward and backward with a loss that costs nothing
        loss = sum(r.float().mean() for r in model.raw(images))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    with torch.no_grad():
        raw = model.raw(images)
    loss_only = timed(lambda: detection_loss(raw, targets, len(classes), images.shape[-1]))
    full, net = timed(full_step), timed(network_only)
    b = args.batch
    print(f"on {device} ({torch.cuda.get_device_name() if device.type == 'cuda' else 'CPU'}), width {args.width:g}, "
          f"batch {b}: a training step {full * 1000:.1f} ms ({b / full:.0f} images/s); the network alone "
          f"{net * 1000:.1f} ms ({b / net:.0f} images/s); the loss alone {loss_only * 1000:.1f} ms "
          f"({loss_only / b * 1000:.2f} ms an image)")


if __name__ == "__main__":
    main()

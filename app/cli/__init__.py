"""The `checkpoint` command line: the app, and tools such as the simulator, through one entry."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app import __version__

from .records import (cmd_archive_prune, cmd_archive_verify, cmd_audit_verify, cmd_backup, cmd_dicos_export,
                      cmd_restore)

REPO_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return lambda it: tqdm(it, total=total, desc=desc, unit="scan", file=sys.stderr)


def cmd_sim_generate(args) -> int:
    from app.devices.simulator.dataset import WriteOptions, generate_dataset
    from app.devices.simulator.scene import SceneConfig

    from app.devices.simulator.clutter import CLUTTER
    from app.devices.simulator.threats import HELD_OUT_VARIANTS

    weights = []
    for item in filter(None, (args.clutter_weights or "").split(",")):
        name, _, factor = (part.strip() for part in item.partition("="))
        try:
            value = float(factor)
        except ValueError:
            value = -1.0
        if name not in CLUTTER or value < 0:
            print(f"--clutter-weights: '{item}' is not ITEM=FACTOR with an item among {', '.join(CLUTTER)}",
                  file=sys.stderr)
            return 2
        weights.append((name, value))
    config = SceneConfig(clean_fraction=args.clean_fraction,
                         exclude_variants=HELD_OUT_VARIANTS if args.without_held_out_variants else (),
                         clutter_weights=tuple(weights))
    options = WriteOptions(raw=not args.no_raw, rgb_format=args.rgb_format, palette=args.palette)
    t0 = time.perf_counter()
    generate_dataset(Path(args.out), args.count, args.seed, config, options, args.workers, args.start,
                     progress=_progress(args.count, "generating"))
    dt = time.perf_counter() - t0
    print(f"{args.count} scans in {dt:.1f} s ({args.count / dt:.1f} scans/s) -> {args.out}")
    return 0


def cmd_sim_fixtures(args) -> int:
    from app.devices.simulator.fixtures import build_fixtures

    manifest = build_fixtures(Path(args.out), args.seed)
    print(f"{manifest['count']} fixture scans -> {args.out}")
    return 0


def cmd_sim_sheet(args) -> int:
    import cv2

    from app.devices.simulator.fixtures import contact_sheet

    sheet = contact_sheet(args.seed, args.count, args.columns, boxes=not args.no_boxes)
    if not cv2.imwrite(args.out, sheet):
        print(f"error: could not write {args.out}", file=sys.stderr)
        return 1
    print(f"contact sheet of {args.count} scans -> {args.out}")
    return 0


def cmd_demo(args) -> int:
    """The simulated scanner on its own, printing what it delivers (no database, no window)."""
    from app.devices.simulated import SimulatedScanner

    folder = Path(args.folder) if args.folder else (REPO_FIXTURES if REPO_FIXTURES.is_dir() else None)
    scanner = SimulatedScanner(folder, interval_s=None, shuffle=args.shuffle, loop=False)
    count = {"n": 0}

    def on_scan(scan):
        count["n"] += 1
        gt = ", ".join(o["label"] + (f" (in {o['hidden_in']})" if o.get("hidden_in") else "")
                       for o in scan.ground_truth or []) or "clean"
        kind = "dual-energy" if scan.dual_energy else "colour"
        print(f"[{scan.completed_at:%H:%M:%S}] {scan.scanner_id} scan {count['n']}: {scan.size[0]}x{scan.size[1]} "
              f"{kind}  contents: {gt}  ({Path(scan.source).name if scan.source else 'generated'})", flush=True)

    scanner.subscribe(on_scan=on_scan, on_error=lambda e: print(f"scanner error: {e.code.value}: {e.detail}", flush=True))
    scanner.start()
    try:
        for _ in range(args.count):
            scanner.scan_next()
            time.sleep(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        scanner.stop()
    return 0


def cmd_gui(args) -> int:
    from app.config import ConfigError, Settings

    try:
        settings = Settings.load(args.data_dir)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # --scans replays a folder on the simulated scanner; otherwise config.toml's [scanner] decides, and
    # the simulated scanner (the default) replays the fixtures.
    scans = Path(args.scans) if args.scans else None
    if scans is None and settings.scanner.get("kind", "simulated") == "simulated" and REPO_FIXTURES.is_dir():
        scans = REPO_FIXTURES
    if args.headless is not None:
        return run_headless(settings, args.headless, args.seed)
    try:
        from app.ui.app import run_gui
    except ImportError as exc:  # Qt's libraries missing on a bare system
        print(f"error: the window cannot start ({exc}). See README: Qt needs a few system libraries.", file=sys.stderr)
        return 2
    return run_gui(settings, scans, args.lang)


def run_headless(settings, count: int, seed: int) -> int:
    from app.services.headless import screen_headless
    from app.services.workstation import Workstation

    from dataclasses import replace

    # Headless screening is the simulator's: whatever scanner config.toml names for the window.
    ws = Workstation.open(replace(settings, scanner={}), None, interval_s=None, seed=seed, scanner_id="sim-headless")
    if ws.detector_problem:
        print(f"warning: detector model unusable ({ws.detector_problem}); material analysis only", file=sys.stderr)

    def report(r):
        print(f"{r.scan_id[:8]}  {r.outcome.value:6s} {r.reason or '':16s} detector: {', '.join(r.detections) or '-':30s} "
              f"truth: {', '.join(r.truth) or 'clean'}", flush=True)

    try:
        results = screen_headless(ws.service, ws.scanner, count, report)
    finally:
        ws.close()
    flagged = sum(r.outcome.value != "clear" for r in results)
    print(f"{len(results)} parcels screened, {flagged} flagged, {len(results) - flagged} cleared; "
          f"database: {settings.database_url}")
    return 0


def _model(args):
    """The shipped (or configured) ONNX model, with --threshold applied to every class."""
    from app.config import Settings
    from app.detection.base import DetectorError
    from app.detection.factory import MODEL_FILE, default_models_dir
    from app.detection.onnx_detector import OnnxDetector

    config = Settings.load(args.data_dir).detection
    path = Path(args.model or config.get("model") or default_models_dir() / MODEL_FILE)
    try:
        model = OnnxDetector(path, thresholds=config.get("thresholds"), severity=config.get("severity"))
    except DetectorError as exc:
        print(f"error: the detector model cannot be used ({exc}); see README: The detector", file=sys.stderr)
        return None
    if args.threshold is not None:
        model.thresholds[:] = args.threshold
    return model


def cmd_detect(args) -> int:
    import json

    from app.services.detect_files import detect_files

    model = _model(args)
    if model is None:
        return 2
    progress = None if len(args.paths) == 1 and Path(args.paths[0]).is_file() else _progress(None, "detecting")
    results = detect_files(args.paths, model, Path(args.out) if args.out else None, progress, args.high_suffix,
                           args.low_suffix)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in results:
            if "error" in r:
                print(f"{r['image']}: ERROR {r['error']}")
                continue
            found = ", ".join(f"{d['class']} {d['score']:.2f} at {d['box']}" for d in r["detections"]) or "nothing found"
            print(f"{r['image']} ({r['width']} x {r['height']}): {found}")
    readable = sum("error" not in r for r in results)
    if not readable:
        print("error: no image could be read", file=sys.stderr)
    return 0 if readable else 1


def cmd_evaluate(args) -> int:
    from app.detection.labels import LabelError
    from app.services.evaluation import evaluate_folder, format_scores, write_report

    model = _model(args)
    if model is None:
        return 2
    try:
        ev = evaluate_folder(model, Path(args.images), Path(args.labels), Path(args.map) if args.map else None,
                             _progress(None, "evaluating"))
    except LabelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"model {ev.model} on {ev.scores.images} labelled images from {args.images}")
    print(format_scores(ev.scores))
    if ev.dropped_classes:
        print(f"labels of classes this model does not detect, not counted: {', '.join(sorted(ev.dropped_classes))}")
    if ev.unlabelled:
        print(f"{len(ev.unlabelled)} images without labels, skipped")
    for name, error in ev.errors:
        print(f"could not read {name}: {error}")
    report = write_report(ev, Path(args.report))
    print(f"report: {report}")
    if args.suggest_thresholds and ev.scores.images:
        from app.services.evaluation import format_site_thresholds, suggest_thresholds

        site = suggest_thresholds(ev, model)
        print("\nThresholds for this scanner, chosen on half the images and checked on the other half:")
        print(format_site_thresholds(site))
        print("\nChosen on all the images; to use them, put this in the data folder's config.toml:")
        print(site.toml())
    return 0 if ev.scores.images else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="checkpoint", description="Checkpoint: X-ray parcel screening workstation")
    parser.add_argument("--version", action="version", version=f"checkpoint {__version__}")
    parser.add_argument("--data-dir", help="folder for the database and images (default: the user data folder)")
    parser.add_argument("--scans", help="folder the simulated scanner replays (default: fixtures/images)")
    parser.add_argument("--lang", choices=["ru", "ky", "en"], default="ru", help="interface language")
    parser.add_argument("--headless", type=int, metavar="N", help="screen N simulated parcels without a window")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulated parcels in --headless mode")
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="run the simulated scanner and print each scan")
    _demo_args(demo)

    sim = sub.add_parser("sim", help="the dual-energy X-ray parcel simulator")
    _sim_subcommands(sim)

    det = sub.add_parser("detect", help="run the detector on image files or folders")
    det.add_argument("paths", nargs="+", help="images (PNG, JPEG, TIFF, BMP; *_high/*_low pairs) or folders of them")
    det.add_argument("--json", action="store_true", help="print one JSON list on stdout, nothing else")
    det.add_argument("--out", help="folder for copies of the images with the marks drawn")
    det.add_argument("--threshold", type=float, help="one score threshold for every class (default: the model's own)")
    det.add_argument("--model", help="another .onnx model (its .json beside it)")
    det.add_argument("--high-suffix", default="_high", help="name ending of a pair's high-energy image (default _high)")
    det.add_argument("--low-suffix", default="_low", help="name ending of a pair's low-energy image (default _low)")
    det.set_defaults(func=cmd_detect)

    ev = sub.add_parser("evaluate", help="the detector's figures on a labelled folder of images")
    ev.add_argument("--images", required=True, help="folder of images")
    ev.add_argument("--labels", required=True, help="COCO .json file, or a folder of YOLO .txt or Pascal VOC .xml")
    ev.add_argument("--map", help="TOML file mapping foreign class names to ours ([classes] blade = \"knife\")")
    ev.add_argument("--report", default="evaluation.html", help="HTML report to write (default: evaluation.html)")
    ev.add_argument("--model", help="another .onnx model (its .json beside it)")
    ev.add_argument("--threshold", type=float, help="one score threshold for every class (default: the model's own)")
    ev.add_argument("--suggest-thresholds", action="store_true",
                    help="choose per-class thresholds for this scanner on these images (the model's own rule) and "
                         "print them for config.toml, with what they do on images they were not chosen on")
    ev.set_defaults(func=cmd_evaluate)

    dc = sub.add_parser("dicos", help="DICOS export").add_subparsers(dest="dicos_command", required=True)
    dx = dc.add_parser("export", help="decided scans as DICOS DX objects with threat detection reports")
    dx.add_argument("--out", required=True, help="folder to write to")
    dx.add_argument("--day", help="every decided scan of this day (YYYY-MM-DD, local time)")
    dx.add_argument("--scan", action="append", help="a scan id (repeatable)")
    dx.set_defaults(func=cmd_dicos_export)

    aud = sub.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    aud.add_parser("verify", help="prove the hash chain intact or name the first broken entry").set_defaults(
        func=cmd_audit_verify)
    arc = sub.add_parser("archive", help="the image archive").add_subparsers(dest="archive_command", required=True)
    arc.add_parser("verify", help="check every image against the database").set_defaults(func=cmd_archive_verify)
    arc.add_parser("prune", help="apply the image retention policy").set_defaults(func=cmd_archive_prune)
    b = sub.add_parser("backup", help="back up the database and images into a folder")
    b.add_argument("folder")
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="restore an SQLite backup (with the workstation closed)")
    r.add_argument("file")
    r.set_defaults(func=cmd_restore)
    return parser


def _demo_args(p) -> None:
    p.add_argument("--folder", help="folder of scans to replay (default: the fixture set)")
    p.add_argument("--count", type=int, default=12, help="parcels to scan")
    p.add_argument("--interval", type=float, default=0.5, help="seconds between parcels")
    p.add_argument("--shuffle", action="store_true")
    p.set_defaults(func=cmd_demo)


def _sim_subcommands(sim) -> None:
    s = sim.add_subparsers(dest="sim_command", required=True)
    g = s.add_parser("generate", help="generate a dataset of scans with ground truth")
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", required=True)
    g.add_argument("--start", type=int, default=0, help="index of the first scan (to extend a dataset)")
    g.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    g.add_argument("--clean-fraction", type=float, default=0.35, help="share of parcels with no prohibited item")
    g.add_argument("--no-raw", action="store_true", help="skip the 16-bit high/low images")
    g.add_argument("--palette", choices=["standard", "vendor-b"], default="standard",
                   help="colours of the RGB images (vendor-b: a look the detector never trained on)")
    g.add_argument("--without-held-out-variants", action="store_true",
                   help="leave out the shape variants the detector benchmark holds out (for training sets)")
    g.add_argument("--rgb-format", choices=["png", "jpg"], default="png")
    g.add_argument("--clutter-weights", metavar="ITEM=FACTOR,...",
                   help="make everyday items likelier (e.g. toiletries=3,pen=3: the detector's confusers, for training)")
    g.set_defaults(func=cmd_sim_generate)
    f = s.add_parser("fixtures", help="rebuild the committed fixture set")
    f.add_argument("--out", default=str(REPO_FIXTURES))
    f.add_argument("--seed", type=int, default=20261123)
    f.set_defaults(func=cmd_sim_fixtures)
    c = s.add_parser("contact-sheet", help="a PNG grid of generated scans")
    c.add_argument("--out", required=True)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--count", type=int, default=16)
    c.add_argument("--columns", type=int, default=4)
    c.add_argument("--no-boxes", action="store_true", help="leave out the ground-truth boxes")
    c.set_defaults(func=cmd_sim_sheet)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:
        if not _is_operator_error(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)  # a clear line, not a traceback
        return 2


def _is_operator_error(exc: Exception) -> bool:
    """A configuration or database error, told as one line. Looked up among the modules already imported
    (whatever raised one had imported its module), so `sim generate` runs where neither platformdirs nor
    sqlalchemy is installed: a lent GPU machine making training scans (tools/device_train.sh)."""
    for module, name in (("app.config", "ConfigError"), ("app.storage.db", "StorageError")):
        error_type = getattr(sys.modules.get(module), name, None)
        if error_type is not None and isinstance(exc, error_type):
            return True
    return False


def sim_main(argv: list[str] | None = None) -> int:
    """`checkpoint-sim ...` is `checkpoint sim ...`."""
    return main(["sim", *(sys.argv[1:] if argv is None else argv)])

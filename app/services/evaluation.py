"""How the detector does on a labelled folder of a site's own scanner images (`checkpoint evaluate`),
and the figures `benchmarks/detector.py` prints: one implementation (`score_predictions`).

Detection runs once with a low score floor; AP comes from those detections' precision-recall curves,
and precision, recall and alarms per clean image from the same detections at the model's shipped
per-class thresholds (NMS works within a class, so this equals running at the thresholds).
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import cv2
import numpy as np

from app.detection.labels import map_classes, read_class_map, read_labels
from app.detection.metrics import evaluate, iou_matrix
from app.detection.thresholds import match_flags

from .detect_files import detect_image, draw_marks
from .image_files import IMAGE_SUFFIXES, ImageFileError, load_image, read_raw, to_rgb8

CURVE_FLOOR = 0.01

Prediction = tuple[str, float, tuple]


@dataclass
class ClassFigures:
    ap50: float
    ap50_95: float
    objects: int
    threshold: float
    precision: float | None  # None when nothing was detected at the threshold
    recall: float | None  # None when the class has no objects here
    curve: tuple[list[float], list[float]] = ((), ())  # recall, precision (IoU 0.5)


@dataclass
class Scores:
    classes: dict[str, ClassFigures]
    images: int
    clean_images: int
    alarms_per_clean_image: float
    clean_with_alarm: float  # share of clean images with any alarm
    misses: list[tuple[int, str, tuple]] = field(default_factory=list)  # (image index, class, box)
    false_alarms: list[tuple[int, str, float, tuple]] = field(default_factory=list)

    @property
    def present(self) -> list[str]:
        """Classes with objects in this set: the means are over these."""
        return [c for c, f in self.classes.items() if f.objects]

    @property
    def map50(self) -> float:
        return float(np.mean([self.classes[c].ap50 for c in self.present])) if self.present else 0.0

    @property
    def map50_95(self) -> float:
        return float(np.mean([self.classes[c].ap50_95 for c in self.present])) if self.present else 0.0


def score_predictions(preds: list[list[Prediction]], truths: list[list[tuple[str, tuple]]], classes: list[str],
                      thresholds: dict[str, float], clean: list[bool] | None = None) -> Scores:
    """preds[i]: (class, score, box) of image i down to a low floor; truths[i]: (class, box)."""
    ap = evaluate(preds, truths, classes)
    figures = {}
    for c in classes:
        scores, flags, n = match_flags(preds, truths, c)
        keep = scores >= thresholds[c]
        tp = int(flags[keep].sum())
        ctp = np.cumsum(flags)
        recall = (ctp / n).tolist() if n else []
        precision = (ctp / np.arange(1, len(flags) + 1)).tolist() if len(flags) else []
        figures[c] = ClassFigures(ap[c].ap50, ap[c].ap50_95, n, thresholds[c],
                                  tp / int(keep.sum()) if keep.any() else None, tp / n if n else None,
                                  (recall, precision))
    clean = clean if clean is not None else [not t for t in truths]
    alarms = [sum(s >= thresholds.get(c, 1.01) for c, s, _ in p) for p, is_clean in zip(preds, clean) if is_clean]
    misses, false_alarms = [], []
    for i, (pred, truth) in enumerate(zip(preds, truths)):
        shown = [(c, s, b) for c, s, b in pred if s >= thresholds.get(c, 1.01)]
        for c, box in truth:
            same = np.array([b for pc, _, b in shown if pc == c], float).reshape(-1, 4)
            if not len(same) or iou_matrix(np.array(box, float)[None], same).max() < 0.5:
                misses.append((i, c, box))
        for c, s, b in shown:
            same = np.array([tb for tc, tb in truth if tc == c], float).reshape(-1, 4)
            if not len(same) or iou_matrix(np.array(b, float)[None], same).max() < 0.5:
                false_alarms.append((i, c, s, b))
    misses.sort(key=lambda m: -(m[2][2] - m[2][0]) * (m[2][3] - m[2][1]))  # the biggest missed objects first
    false_alarms.sort(key=lambda f: -f[2])  # the most confident false alarms first
    return Scores(figures, len(truths), len(alarms), float(np.mean(alarms)) if alarms else 0.0,
                  float(np.mean([a > 0 for a in alarms])) if alarms else 0.0, misses, false_alarms)


def format_scores(s: Scores) -> str:
    lines = [f"{'class':10s} {'AP50':>6s} {'AP50:95':>8s} {'objects':>8s} {'thresh':>7s} {'precision':>10s} {'recall':>7s}"]
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    for c, f in s.classes.items():
        lines.append(f"{c:10s} {f.ap50:6.3f} {f.ap50_95:8.3f} {f.objects:8d} {f.threshold:7.2f} {fmt(f.precision):>10s} "
                     f"{fmt(f.recall):>7s}")
    lines.append(f"{'mean':10s} {s.map50:6.3f} {s.map50_95:8.3f}   (over the {len(s.present)} classes present)")
    lines.append(f"clean images: {s.clean_images}; alarms per clean image {s.alarms_per_clean_image:.3f}; "
                 f"clean images with any alarm {s.clean_with_alarm:.1%}")
    return "\n".join(lines)


@dataclass
class FolderEvaluation:
    scores: Scores
    model: str
    images: list[str]  # file names, in the order of the scores' indices
    folder: Path
    errors: list[tuple[str, str]]
    dropped_classes: set[str]
    unlabelled: list[str]
    # What the figures came from, for choosing a site's thresholds (suggest_thresholds): the marks down to
    # CURVE_FLOOR, the ground truth and which images are clean parcels, in the order of `images`.
    predictions: list[list[Prediction]] = field(default_factory=list)
    truths: list[list[tuple[str, tuple]]] = field(default_factory=list)
    clean: list[bool] = field(default_factory=list)


def evaluate_folder(model, images_dir: Path, labels: Path, class_map: Path | None = None,
                    progress: Callable[[Iterable], Iterable] | None = None) -> FolderEvaluation:
    images_dir = Path(images_dir)
    files = sorted(f for f in images_dir.rglob("*") if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES)
    sizes, errors = {}, []
    for f in files:
        try:
            sizes[f.name] = to_rgb8(read_raw(f)).shape[1::-1]
        except ImageFileError as exc:
            errors.append((f.name, str(exc)))
    truth = read_labels(labels, sizes)
    ours = list(model.classes)
    mapped, dropped = map_classes(truth, read_class_map(class_map), ours)
    names = [n for n in sorted(sizes) if n in mapped]
    unlabelled = [n for n in sorted(sizes) if n not in mapped]
    thresholds = dict(zip(ours, model.thresholds.tolist()))
    saved = model.thresholds.copy()
    model.thresholds[:] = CURVE_FLOOR
    preds = []
    by_name = {f.name: f for f in files}
    try:
        for name in (progress(names) if progress else names):
            try:
                image = load_image(by_name[name], None, name)
            except ImageFileError as exc:
                errors.append((name, str(exc)))
                preds.append([])
                continue
            preds.append([(d.label, d.score, d.box) for d in detect_image(model, image)])
    finally:
        model.thresholds[:] = saved
    truths = [mapped[n] for n in names]
    # An image whose only labels are classes we do not detect is not a clean parcel.
    clean = [not truth[n] for n in names]
    scores = score_predictions(preds, truths, ours, thresholds, clean)
    return FolderEvaluation(scores, model.tag, names, images_dir, errors, dropped, unlabelled, preds, truths, clean)


# -- a site's own thresholds ---------------------------------------------------------------------------
MIN_OBJECTS_TO_CHOOSE = 10  # a class with fewer objects in the site's images keeps the model's threshold


@dataclass
class SiteThresholds:
    thresholds: dict[str, float]  # chosen on all the images: what the site's config.toml should say
    model_thresholds: dict[str, float]  # the model's own (with the site's config.toml as it is now)
    chosen: list[str]  # classes with enough objects to be chosen by precision (the rest start at the model's)
    check: Scores  # thresholds chosen on half the images, measured on the other half
    check_shipped: Scores  # the model's own thresholds on those same images

    def toml(self) -> str:
        pairs = ", ".join(f"{c} = {t:.2f}" for c, t in self.thresholds.items())
        return f"[detection]\nthresholds = {{ {pairs} }}"


def suggest_thresholds(ev: FolderEvaluation, model) -> SiteThresholds:
    """Per-class thresholds for this site's scanner, by the rule the model's were chosen with on simulated
    scans (app/detection/thresholds.py: 90 % precision, 80 % for high-severity classes, at most 4 % of
    clean parcels alarmed). Another scanner's colours move the scores: the shipped thresholds let 10 % of
    clean parcels alarm in colours no training scan had. Thresholds judged on the images they were chosen
    on flatter themselves, so they are also chosen on half the images alone (drawn at random) and measured
    on the other half, beside the model's own on that half: what the site can expect on parcels to come."""
    from app.detection.thresholds import HIGH_SEVERITY_PRECISION, choose_thresholds

    classes = list(model.classes)
    model_thresholds = dict(zip(classes, model.thresholds.tolist()))
    severity = {c: s.value for c, s in zip(classes, model.severities)}

    def choose(rows: list[int]) -> tuple[dict[str, float], list[str]]:
        preds, truths = [ev.predictions[i] for i in rows], [ev.truths[i] for i in rows]
        counts = {c: sum(label == c for truth in truths for label, _ in truth) for c in classes}
        rare = {c: model_thresholds[c] for c in classes if counts[c] < MIN_OBJECTS_TO_CHOOSE}
        # The clean-parcel budget counts only true clean parcels: an image labelled with foreign classes alone
        # has an empty truth here but is not clean, so it is left out of the choice.
        keep = [k for k, i in enumerate(rows) if ev.clean[i] or truths[k]]
        chosen = choose_thresholds([preds[k] for k in keep], [truths[k] for k in keep], classes, severity=severity,
                                   high_precision=HIGH_SEVERITY_PRECISION, start=rare)
        return chosen, [c for c in classes if c not in rare]

    everything = list(range(len(ev.images)))
    thresholds, chosen = choose(everything)
    # Halves drawn at random (the same every run), not every other file: a folder's names can alternate
    # with its contents (knife_001, clean_001, knife_002 ...).
    order = np.random.default_rng(0).permutation(len(everything)).tolist()
    half, other = sorted(order[: len(order) // 2]), sorted(order[len(order) // 2:])
    from_half, _ = choose(half)
    pick = lambda rows: ([ev.predictions[i] for i in rows], [ev.truths[i] for i in rows])  # noqa: E731
    clean = [ev.clean[i] for i in other]
    check = score_predictions(*pick(other), classes, from_half, clean)
    check_shipped = score_predictions(*pick(other), classes, model_thresholds, clean)
    return SiteThresholds(thresholds, model_thresholds, chosen, check, check_shipped)


def format_site_thresholds(site: SiteThresholds) -> str:
    """The site's thresholds beside the model's, and what each set does on the half not chosen on."""
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    lines = [f"{'':10s} {'thresholds':>13s}   {'on the other half, with the':^43s}",
             f"{'':10s} {'':13s}   {'site thresholds':>20s}  {'model thresholds':>20s}",
             f"{'class':10s} {'model':>6s} {'site':>6s}   {'precision':>10s} {'recall':>9s}  {'precision':>10s} {'recall':>9s}"]
    for c, t in site.thresholds.items():
        a, b = site.check.classes[c], site.check_shipped.classes[c]
        lines.append(f"{c:10s} {site.model_thresholds[c]:6.2f} {t:5.2f}{' ' if c in site.chosen else '*'}   "
                     f"{fmt(a.precision):>10s} {fmt(a.recall):>9s}  {fmt(b.precision):>10s} {fmt(b.recall):>9s}")
    lines.append(f"clean images with any alarm on the other half: {site.check.clean_with_alarm:.1%} with the site "
                 f"thresholds, {site.check_shipped.clean_with_alarm:.1%} with the model's "
                 f"({site.check.clean_images} clean images)")
    if len(site.chosen) < len(site.thresholds):
        lines.append(f"* fewer than {MIN_OBJECTS_TO_CHOOSE} objects here: starts at the model's threshold, made "
                     "stricter only if clean parcels alarm too often")
    return "\n".join(lines)


def _png_data(rgb: np.ndarray) -> str:
    ok, buf = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return "data:image/png;base64," + base64.b64encode(buf.tobytes()).decode("ascii")


def curve_chart(scores: Scores, size: tuple[int, int] = (220, 180)) -> np.ndarray:
    """Precision-recall at IoU 0.5, one small chart per class present (white background, PNG-ready)."""
    w, h = size
    tiles = []
    for c in scores.present:
        f = scores.classes[c]
        tile = np.full((h, w, 3), 255, np.uint8)
        x0, y0, x1, y1 = 30, 10, w - 10, h - 30
        cv2.rectangle(tile, (x0, y0), (x1, y1), (160, 160, 160), 1)
        recall, precision = f.curve
        if recall:
            env = np.maximum.accumulate(np.array(precision)[::-1])[::-1]
            pts = np.array([[x0 + r * (x1 - x0), y1 - p * (y1 - y0)] for r, p in zip(recall, env)], np.int32)
            cv2.polylines(tile, [pts], False, (30, 90, 200), 2, cv2.LINE_AA)
        if f.recall is not None and f.precision is not None:
            cv2.circle(tile, (int(x0 + f.recall * (x1 - x0)), int(y1 - f.precision * (y1 - y0))), 5, (220, 40, 40), -1)
        cv2.putText(tile, f"{c}  AP50 {f.ap50:.2f}", (x0, h - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (0, 0, 0), 1, cv2.LINE_AA)
        cv2.putText(tile, "P", (8, (y0 + y1) // 2), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (90, 90, 90), 1)
        tiles.append(tile)
    while len(tiles) % 5:
        tiles.append(np.full((h, w, 3), 255, np.uint8))
    if not tiles:
        return np.full((h, w, 3), 255, np.uint8)
    return np.vstack([np.hstack(tiles[i:i + 5]) for i in range(0, len(tiles), 5)])


def write_report(ev: FolderEvaluation, path: Path, examples: int = 8) -> Path:
    """A self-contained HTML page: the table, precision-recall curves, the worst misses and false alarms."""
    from app.detection.base import Detection, Severity

    def thumb(index: int, marks: list[Detection], scores: bool = True) -> str:
        image = load_image(ev.folder / ev.images[index], None, ev.images[index])
        rgb = draw_marks(image.rgb, marks, scores)
        scale = 480 / max(rgb.shape[:2])
        if scale < 1:
            rgb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return f'<figure><img src="{_png_data(rgb)}"><figcaption>{html.escape(ev.images[index])}</figcaption></figure>'

    s = ev.scores
    misses = "".join(thumb(i, [Detection(f"missed {c}", 1.0, tuple(int(v) for v in b), Severity.LOW, "truth")], False)
                     for i, c, b in s.misses[:examples])
    alarms = "".join(thumb(i, [Detection(c, sc, tuple(int(v) for v in b), Severity.HIGH, "model")])
                     for i, c, sc, b in s.false_alarms[:examples])
    notes = "".join(f"<li>{html.escape(n)}: {html.escape(e)}</li>" for n, e in ev.errors)
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>Checkpoint detector evaluation</title>
<style>body{{font-family:sans-serif;margin:2em}}pre{{background:#f4f4f4;padding:1em}}figure{{display:inline-block;margin:.5em}}
img{{max-width:480px;border:1px solid #ccc}}</style></head><body>
<h1>Detector evaluation</h1>
<p>Model <b>{html.escape(ev.model)}</b> on {s.images} labelled images in {html.escape(str(ev.folder))},
{datetime.now():%Y-%m-%d %H:%M}. Foreign classes not counted: {html.escape(", ".join(sorted(ev.dropped_classes)) or "none")}.
Images without labels (skipped): {len(ev.unlabelled)}.</p>
<pre>{html.escape(format_scores(s))}</pre>
<h2>Precision and recall (IoU 0.5)</h2><p>Blue: the precision-recall curve; red: the shipped threshold.</p>
<img src="{_png_data(curve_chart(s))}" style="max-width:none">
<h2>Largest missed objects</h2>{misses or "<p>none</p>"}
<h2>Most confident false alarms</h2>{alarms or "<p>none</p>"}
<h2>Files that could not be read</h2><ul>{notes or "<li>none</li>"}</ul>
</body></html>"""
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


# -- the site's acceptance record --------------------------------------------------------------------
def record_site_evaluation(db, actor, ev: FolderEvaluation, labels: Path, class_map: Path | None,
                           report: Path | None) -> int:
    """Keep an evaluation with the model's version (a supervisor's act, in the audit trail)."""
    from app.storage import audit
    from app.storage import models as m

    from .errors import PermissionDenied

    if not actor.may("view_reports"):
        raise PermissionDenied("only a supervisor runs an acceptance evaluation")
    s = ev.scores
    figures = {c: {"ap50": round(f.ap50, 4), "ap50_95": round(f.ap50_95, 4), "objects": f.objects,
                   "threshold": f.threshold, "precision": f.precision, "recall": f.recall} for c, f in s.classes.items()}
    with db.session() as session:
        row = m.SiteEvaluation(operator_id=actor.id, model_version=ev.model, images_dir=str(ev.folder),
                               labels=str(labels), class_map=str(class_map) if class_map else None, images=s.images,
                               map50=s.map50, map50_95=s.map50_95,
                               clean_with_alarm=s.clean_with_alarm if s.clean_images else None, figures=figures,
                               report_path=str(report) if report else None)
        session.add(row)
        session.flush()
        audit.append(session, actor.id, "evaluation", "site_evaluation", row.id,
                     {"model": ev.model, "images": s.images, "map50": round(s.map50, 4)})
        return row.id


def apply_site_thresholds(db, actor, data_dir: Path, site: SiteThresholds, evaluation_id: int | None = None,
                          screening=None) -> Path:
    """Write the suggested thresholds into the data folder's config.toml ([detection] thresholds; the table's
    other keys, such as a site's model or severities, stay), with an entry in the audit trail. With
    `screening` (the running ScreeningService) they are in force from its next scan on; otherwise the
    workstation reads them at its next start. Thresholds the model refuses are neither written nor used."""
    from app.config import Settings, save_config_table
    from app.detection.base import DetectorError
    from app.detection.factory import with_thresholds
    from app.storage import audit

    from .errors import PermissionDenied, ServiceError

    if not actor.may("change_settings"):
        raise PermissionDenied("only a supervisor changes the detector's thresholds")
    detection = dict(Settings.load(data_dir).detection)
    before = detection.get("thresholds")
    detection["thresholds"] = {c: round(float(t), 2) for c, t in site.thresholds.items()}
    # Built before anything is written, so a threshold the model refuses changes nothing.
    try:
        swapped = with_thresholds(screening.detector, detection["thresholds"]) if screening is not None else None
    except DetectorError as exc:
        raise ServiceError(str(exc), code=exc.code) from exc
    path = save_config_table(Path(data_dir), "detection", detection)
    details = {"thresholds": detection["thresholds"], "before": before, "site_evaluation": evaluation_id}
    if swapped is not None:
        details["detector"] = swapped.tag  # what the records made from now on carry
    with db.session() as session:
        audit.append(session, actor.id, "setting_changed", "setting", "detection.thresholds", details)
    if swapped is not None:
        screening.replace_detector(swapped)
    return path


def site_evaluations(db, model_version: str | None = None) -> list:
    from sqlalchemy import select

    from app.storage import models as m

    with db.session() as session:
        q = select(m.SiteEvaluation).order_by(m.SiteEvaluation.at.desc())
        if model_version:
            q = q.where(m.SiteEvaluation.model_version == model_version)
        return list(session.scalars(q))

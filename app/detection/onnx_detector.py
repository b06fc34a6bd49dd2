"""The trained detector at run time: onnxruntime only (no torch), on any scanner's colour image.

The model file (`models/*.onnx`) comes with a metadata file beside it (same name, `.json`): classes,
input size, normalisation, per-class thresholds and severities, NMS overlap, version and how it was
trained. The network decodes its own boxes (see app/training/model.py); here the image is letterboxed
to the input size, scores are thresholded per class, class-aware NMS keeps the best box of each
cluster, and boxes go back to the original image's pixels.
"""
from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from .base import Detection, Detector, DetectorError, Severity
from .boxes import class_aware_nms, first_survivors, fuse_boxes, over_threshold

PAD_VALUE = 114  # grey letterbox bars, as the training data had them
SHRINK_AREA_BELOW = 0.67  # a scale under which resampling averages areas (shrink_interpolation)
log = logging.getLogger(__name__)


def shrink_interpolation(scale: float) -> int:
    """How to resample a scan by `scale`. Area averaging keeps thin wires and blades when an image shrinks
    by half or more, but costs 1.2 ms at 600 x 670 px against 0.2 for bilinear, which a mild shrink (a
    simulator scan to 640) does as well: the training windows were resampled either way, half each."""
    return cv2.INTER_AREA if scale < SHRINK_AREA_BELOW else cv2.INTER_LINEAR


def letterbox(rgb: np.ndarray, size: int) -> tuple[np.ndarray, float, float, float]:
    """Scale the image to fit size x size keeping its aspect, pad the rest; returns (image, scale, dx, dy)."""
    h, w = rgb.shape[:2]
    scale = min(size / w, size / h)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    resized = cv2.resize(rgb, (nw, nh), interpolation=shrink_interpolation(scale))
    dx, dy = (size - nw) // 2, (size - nh) // 2
    canvas = np.full((size, size, 3), PAD_VALUE, np.uint8)
    canvas[dy:dy + nh, dx:dx + nw] = resized
    return canvas, scale, dx, dy


# Images come from scanners of every size and aspect: 600-row simulator scans, 450 px exports, 2,000 x 700
# px belt images. The model learnt objects with the image letterboxed whole, its short side (across
# the tunnel) filling about 75 % of the input, give or take a quarter (the training's scale range).
# So an image is letterboxed whole when that keeps it within the range; one that would shrink below
# it (a long belt image) is scaled to 90 % of the nominal scale and covered by overlapping windows
# along its length, instead of being shrunk until a pistol is a few pixels wide.
ACROSS_FRACTION = 0.75
SCALE_RANGE = (0.9, 1.25)  # of the nominal scale
WINDOW_OVERLAP = 0.35


def plan_windows(h: int, w: int, size: int) -> tuple[float, tuple[int, int], list[tuple[int, int, int, int]]]:
    """(scale, (scaled width, scaled height), windows as x0, y0, x1, y1 in the scaled image)."""
    nominal = ACROSS_FRACTION * size / min(h, w)
    fit = size / max(h, w)  # the whole image in one input, as in training
    scale = min(max(fit, SCALE_RANGE[0] * nominal), SCALE_RANGE[1] * nominal)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    length = max(sw, sh)
    if length <= size:
        return scale, (sw, sh), [(0, 0, sw, sh)]
    stride = int(size * (1 - WINDOW_OVERLAP))
    starts = list(range(0, length - size, stride)) + [length - size]
    windows = [(a, 0, a + size, sh) if sw >= sh else (0, a, sw, a + size) for a in starts]
    return scale, (sw, sh), windows


# A model exported with a free input height and width (app/training/model.py: export_onnx) takes any
# multiple of its coarsest stride, so an image needs grey bars only up to the next multiple, not up to
# a square: a 600 x 900 scan at 640 px runs on 448 x 640 input, 30 % less work than 640 x 640.
STRIDE_MULTIPLE = 32


def canvas_size(h: int, w: int, size: int, free_shape: bool) -> tuple[int, int]:
    """(height, width) of the input an h x w window (each side at most `size`) is padded to."""
    if not free_shape:
        return size, size
    return (min(size, -(-h // STRIDE_MULTIPLE) * STRIDE_MULTIPLE), min(size, -(-w // STRIDE_MULTIPLE) * STRIDE_MULTIPLE))


def pad_to(image: np.ndarray, size: int | tuple[int, int]) -> tuple[np.ndarray, int, int]:
    """The image centred on a grey canvas of size x size (or (height, width)), unscaled (it must fit);
    returns (canvas, dx, dy)."""
    h, w = image.shape[:2]
    ch, cw = (size, size) if isinstance(size, int) else size
    dx, dy = (cw - w) // 2, (ch - h) // 2
    canvas = np.full((ch, cw, 3), PAD_VALUE, np.uint8)
    canvas[dy:dy + h, dx:dx + w] = image
    return canvas, dx, dy


def session_options(threads: int):
    """onnxruntime settings for one image at a time on an office PC: `threads` inside the operators, none
    across them, and no spin-waiting after a run, whose idle thread would burn the core that the second
    looks, the NMS and the window's own thread need next (measured on 2 shared cores, separate
    processes: the detector's p50 13 ms against 23 with spinning)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return options


def open_session(model_path: Path, options) -> tuple:
    """(onnxruntime session, the file's bytes): the file is read once, for the session and for the
    fingerprint of what made the marks. A file that cannot be read is missing, one onnxruntime refuses
    is corrupt."""
    import onnxruntime as ort

    try:
        model = Path(model_path).read_bytes()
        return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"]), model
    except OSError as exc:
        raise DetectorError("model_missing", f"{model_path}: {exc}") from exc
    except Exception as exc:  # onnxruntime raises its own types for damaged files
        raise DetectorError("model_corrupt", f"{model_path}: {exc}") from exc


def marks_fingerprint(model: bytes, detector: "OnnxDetector") -> str:
    """8 hex digits of SHA-256 over everything that decides the marks: the network's file, each loaded
    look's file and settings, the thresholds in force (a site's overrides included), NMS, flip and box fusion."""
    digest = hashlib.sha256(model)
    for look in detector.second_looks:
        digest.update(look.digest)
        digest.update(json.dumps([look.classes, look.crop, look.context, look.min_side, look.floor, look.top_k,
                                  look.nms_iou, look.weights, look.refine, look.mirror], sort_keys=True).encode())
        if look.blend != "geometric":  # (a look blended as before keeps the fingerprint it had)
            digest.update(look.blend.encode())
    digest.update(json.dumps([detector.classes, [round(float(t), 4) for t in detector.thresholds],
                              detector.nms_iou, detector.test_time_flip]).encode())
    if detector.box_fusion:  # (a model without it keeps the fingerprint it had)
        digest.update(json.dumps(detector.box_fusion, sort_keys=True).encode())
    return digest.hexdigest()[:8]


class OnnxDetector(Detector):
    def __init__(self, model_path: str | Path, metadata_path: str | Path | None = None, threads: int | None = None,
                 thresholds: dict[str, float] | None = None, severity: dict[str, str] | None = None,
                 second_look: bool = True):
        """`thresholds` and `severity` (class -> value) override the metadata's, for a site's configuration.
        `second_look=False` runs the network alone, on its own thresholds (to mine its marks)."""
        model_path = Path(model_path)
        metadata_path = Path(metadata_path) if metadata_path else model_path.with_suffix(".json")
        for path in (model_path, metadata_path):
            if not path.is_file():
                raise DetectorError("model_missing", str(path))
        try:
            meta = json.loads(metadata_path.read_text(encoding="utf-8"))
            self.classes: list[str] = list(meta["classes"])
            self.input_size = int(meta["input_size"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DetectorError("model_corrupt", f"{metadata_path}: {exc}") from exc
        self.name, self.version = meta.get("name", "onnx"), str(meta.get("version", "0"))
        default = float(meta.get("default_threshold", 0.5))
        unknown = sorted(set(severity or {}) - set(self.classes))
        if unknown:  # (the thresholds' classes are checked by _threshold_array)
            raise DetectorError("config_invalid", f"severity: no class {', '.join(unknown)} in {model_path.name}")
        # The second looks (second_look.py) re-score the weakest classes; the metadata's thresholds are for
        # their combined scores. A look whose file is missing or damaged is left out: its classes run on
        # the thresholds chosen for the network's own scores (`detector_thresholds`), and `problem` says so.
        from .second_look import detector_thresholds, load_second_look, second_look_specs, spec_classes

        self.second_looks, self.problem = [], None
        own = dict(meta.get("thresholds", {}))
        alone_thresholds = detector_thresholds(meta)
        for spec in second_look_specs(meta) if second_look else []:
            try:
                look = load_second_look(model_path, spec)
                twice = set(look.checked) & {c for other in self.second_looks for c in other.checked}
                if twice:
                    raise DetectorError("model_corrupt", f"second_look: {', '.join(sorted(twice))} checked twice")
                self.second_looks.append(look)
            except DetectorError as exc:
                log.error("a second look is unusable (%s): its classes go by the detector alone", exc)
                self.problem = "second_look_unusable"
                own.update({c: alone_thresholds[c] for c in spec_classes(spec) if c in alone_thresholds})
        if not self.second_looks:  # the network alone: the thresholds chosen together for its own scores
            own.update(alone_thresholds)
        self.version += "".join(f"+look{look.version}" for look in self.second_looks)
        self._own_thresholds, self._default_threshold = own, default  # what a site's thresholds override
        self.thresholds = self._threshold_array(thresholds)
        try:
            severities = {**meta.get("severity", {}), **(severity or {})}
            self.severities = [Severity(severities.get(c, "high")) for c in self.classes]
        except (TypeError, ValueError) as exc:
            raise DetectorError("config_invalid", str(exc)) from exc
        self.nms_iou = float(meta.get("nms_iou", 0.5))
        # Test-time flip: the network also sees the mirrored image, and both passes' cells go to one NMS.
        # Measured on 0.5.15: held-out mAP@0.5 0.767 -> 0.772 for twice the network's time (p50 26 ms
        # against 20 in one hour, over the 25 ms budget), so off unless the metadata says "test_time_flip".
        self.test_time_flip = bool(meta.get("test_time_flip", False))
        # Box fusion (fuse_boxes): each kept box becomes the weighted mean of its cluster's best cells. Measured
        # on 0.8.17 (models/TRAINING.md, "Box fusion"): mAP@0.5:0.95 +0.015 on three sets; on when the metadata says.
        fusion = meta.get("box_fusion") or {}
        try:
            self.box_fusion = {k: float(fusion[k]) for k in ("iou", "relative", "power")} if fusion else {}
        except (KeyError, TypeError, ValueError) as exc:
            raise DetectorError("model_corrupt", f"{metadata_path}: box_fusion: {exc}") from exc
        threads = threads or min(os.cpu_count() or 1, 4)
        self.session, model = open_session(model_path, session_options(threads))
        inputs, outputs = self.session.get_inputs(), self.session.get_outputs()
        self.input_name = inputs[0].name
        # Named (not numbered) height and width: the model takes any multiple of STRIDE_MULTIPLE.
        self.free_shape = not all(isinstance(d, int) for d in inputs[0].shape[2:])
        shape = outputs[0].shape
        if len(shape) != 3 or (isinstance(shape[2], int) and shape[2] != 4 + len(self.classes)):
            raise DetectorError("model_corrupt", f"output {shape} does not fit {len(self.classes)} classes")
        # Versions count epochs, so two looks trained as long share one ("1.26"): the tag a record keeps
        # also names the exact files and settings that made the marks.
        self._model_bytes, self._untagged_version = model, self.version
        self.fingerprint = marks_fingerprint(model, self)
        self.version += f"#{self.fingerprint}"
        # The looks check different classes, so they run side by side, up to one a core (each is one
        # thread; onnxruntime and OpenCV let go of the GIL): the last on the calling thread, the others here.
        lanes = min(len(self.second_looks), threads)
        self._look_pool = ThreadPoolExecutor(lanes - 1, thread_name_prefix="second-look") if lanes > 1 else None
        if self._look_pool is not None:
            weakref.finalize(self, self._look_pool.shutdown, wait=False)

    def _threshold_array(self, overrides: dict[str, float] | None) -> np.ndarray:
        """One threshold a class: the metadata's, with a site's `overrides` (class -> value) over them."""
        unknown = sorted(set(overrides or {}) - set(self.classes))
        if unknown:
            raise DetectorError("config_invalid", f"thresholds: no class {', '.join(unknown)} in the model")
        limits = {**self._own_thresholds, **(overrides or {})}
        try:
            thresholds = np.array([float(limits.get(c, self._default_threshold)) for c in self.classes], np.float32)
        except (TypeError, ValueError) as exc:
            raise DetectorError("config_invalid", str(exc)) from exc
        if not ((thresholds > 0) & (thresholds <= 1)).all():
            raise DetectorError("config_invalid", "thresholds must lie in (0, 1]")
        return thresholds

    def with_thresholds(self, thresholds: dict[str, float]) -> "OnnxDetector":
        """The same network and looks on a site's thresholds (class -> value over the metadata's), with its
        own fingerprint: a new detector to swap in whole, so a scan in flight keeps the one it started on.
        The onnxruntime sessions and the look pool are shared, not loaded again."""
        other = copy.copy(self)
        other.thresholds = self._threshold_array(thresholds)
        other._shares_pool_of = self  # the look pool shuts down when its first owner goes: keep it alive
        other.fingerprint = marks_fingerprint(self._model_bytes, other)
        other.version = f"{self._untagged_version}#{other.fingerprint}"
        return other

    def detect(self, rgb, high=None, low=None, air_high=None, air_low=None) -> list[Detection]:
        if rgb is None or rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
            raise DetectorError("bad_input", "expected an RGB uint8 image")
        h, w = rgb.shape[:2]
        if min(h, w) < 8:
            raise DetectorError("bad_input", f"image too small ({w} x {h} px)")
        # A checked class's candidates are kept from its look's floor up, whatever its threshold: their
        # final score is only known after the second look.
        floor_of = {c: look.floor for look in self.second_looks for c in look.checked}
        floors = np.array([floor_of.get(c, t) for c, t in zip(self.classes, self.thresholds)], np.float32)
        scale, (sw, sh), windows = plan_windows(h, w, self.input_size)
        scaled = cv2.resize(rgb, (sw, sh), interpolation=shrink_interpolation(scale))
        found_boxes, found_cls, found_conf = [], [], []
        for x0, y0, x1, y1 in windows:
            canvas, dx, dy = pad_to(scaled[y0:y1, x0:x1], canvas_size(y1 - y0, x1 - x0, self.input_size, self.free_shape))
            blob = (canvas.astype(np.float32) * (1 / 255.0)).transpose(2, 0, 1)[None]
            out = self._cells(blob)  # (N, 4 + C)
            rows, cls, conf = over_threshold(out[:, 4:], floors)
            if len(rows):
                # Back to the original image: undo the padding, the window's place and the scale.
                shift = np.array([x0 - dx, y0 - dy, x0 - dx, y0 - dy], np.float32)
                found_boxes.append((out[rows, :4] + shift) / scale)
                found_cls.append(cls)
                found_conf.append(conf)
        if not found_boxes:
            return []
        boxes, cls, conf = np.concatenate(found_boxes), np.concatenate(found_cls), np.concatenate(found_conf)
        boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, w)
        boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, h)
        kept = self._suppress(boxes, conf, cls)
        if self.box_fusion and len(kept):
            boxes[kept] = fuse_boxes(boxes, conf, cls, kept, **self.box_fusion)
        self._look_again(rgb, boxes, cls, conf, kept)
        if self.second_looks:
            boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, w)
            boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, h)
        result = []
        for i in kept:
            x0, y0, x1, y1 = boxes[i]
            box = (int(np.floor(x0)), int(np.floor(y0)), int(np.ceil(x1)), int(np.ceil(y1)))
            if conf[i] >= self.thresholds[cls[i]] and box[2] > box[0] and box[3] > box[1]:
                c = int(cls[i])
                result.append(Detection(self.classes[c], float(conf[i]), box, self.severities[c], self.tag))
        return sorted(result, key=lambda d: -d.score)

    def _suppress(self, boxes: np.ndarray, conf: np.ndarray, cls: np.ndarray) -> np.ndarray:
        """Indices kept by class-aware NMS. A class a look checks has its cells down to the look's floor,
        a thousand or more in a scan, of which the look wants only the first top_k that NMS keeps: those
        are found without suppressing the rest (first_survivors), the same boxes for a tenth of the time."""
        top_k = {self.classes.index(c): look.top_k for look in self.second_looks for c in look.checked}
        if not top_k:
            return class_aware_nms(boxes, conf, cls, self.nms_iou)
        looked = np.isin(cls, list(top_k))
        rest = np.nonzero(~looked)[0]
        kept = [rest[class_aware_nms(boxes[rest], conf[rest], cls[rest], self.nms_iou)]]
        for c, k in top_k.items():
            mine = np.nonzero(cls == c)[0]
            kept.append(mine[first_survivors(boxes[mine], conf[mine], k, self.nms_iou)])
        return np.concatenate(kept)

    def _cells(self, blob: np.ndarray) -> np.ndarray:
        """The network's cells (N, 4 + C: box in the input's pixels, class scores) for one input, with the
        mirrored input's cells after them, boxes mirrored back, when test-time flip is on."""
        out = self.session.run(None, {self.input_name: blob})[0][0]
        if not self.test_time_flip:
            return out
        mirrored = self.session.run(None, {self.input_name: np.ascontiguousarray(blob[..., ::-1])})[0][0]
        width = blob.shape[-1]
        mirrored[:, [0, 2]] = width - mirrored[:, [2, 0]]
        return np.concatenate([out, mirrored])

    def _look_again(self, rgb, boxes, cls, conf, kept) -> None:
        """The looks' classes' candidates re-scored in `conf` (changed in place): the weighted mean
        (geometric, or arithmetic where the look says so) of the detector's score and the second look's,
        for each class's top_k candidates (the rest were never kept: _suppress). Their boxes (in `boxes`,
        also in place) become the second look's where it refines them. Each look checks its own classes, so they touch different candidates and
        run at once: the last here, the others on the pool's threads."""
        from .second_look import combine

        asked = []
        for look in self.second_looks:
            looked = [self.classes.index(c) for c in look.checked]
            chosen = kept[np.isin(cls[kept], looked)]  # each class's top_k already (_suppress)
            if len(chosen):
                asked.append((look, chosen, [self.classes[c] for c in cls[chosen]]))
        if self._look_pool is not None and asked:
            others = [self._look_pool.submit(look.look, rgb, boxes[chosen], names) for look, chosen, names in asked[:-1]]
            last = asked[-1][0].look(rgb, boxes[asked[-1][1]], asked[-1][2])
            answers = [future.result() for future in others] + [last]
        else:
            answers = [look.look(rgb, boxes[chosen], names) for look, chosen, names in asked]
        for (look, chosen, names), (second, refined) in zip(asked, answers):
            weights = np.array([look.weights[n] for n in names], np.float32)
            combined = combine(conf[chosen], second, weights, look.blend)
            boxes[chosen] = refined
            conf[chosen] = 0.0  # those the stricter NMS below drops
            # NMS again, stricter: two candidates on one SIM card get the same box and a like score from the
            # second look, so the one the detector had ranked low would come back as a confident duplicate.
            again = class_aware_nms(boxes[chosen], combined, cls[chosen], look.nms_iou)
            conf[chosen[again]] = combined[again]

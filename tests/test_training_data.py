"""The training samples: windows cut where the boxes say, validation letterboxed as at run time.
Needs the `train` extra (torch); skipped where it is not installed (as in CI)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from app.detection.onnx_detector import PAD_VALUE, letterbox  # noqa: E402
from app.devices.simulator.threats import THREAT_CLASSES  # noqa: E402
from app.training.data import SimulatedScans, random_crop  # noqa: E402


def test_random_crop_keeps_boxes_on_their_pixels():
    rgb = np.full((300, 700, 3), 200, np.uint8)
    boxes = np.array([[100, 50, 140, 90], [600, 200, 660, 260]], np.float32)
    rgb[50:90, 100:140] = (255, 0, 0)
    rgb[200:260, 600:660] = (0, 0, 255)
    labels = np.array([0, 1])
    for seed in range(20):
        crop, kept, kept_labels = random_crop(np.random.default_rng(seed), rgb, boxes, labels, 320)
        assert crop.shape == (320, 320, 3)
        assert (kept >= 0).all() and (kept <= 320).all()
        for (x0, y0, x1, y1), label in zip(kept.astype(int), kept_labels):
            patch = crop[y0:y1, x0:x1].reshape(-1, 3)
            colour = (255, 0, 0) if label == 0 else (0, 0, 255)
            assert (patch == colour).all(axis=1).mean() > 0.9  # the box still frames its object
        # The image is 300 rows high: the window's rows past it are letterbox grey.
        assert (crop == PAD_VALUE).all(axis=2).any()


def test_augmentation_paints_the_image_in_the_window_and_leaves_the_grey_bars():
    rgb = np.full((300, 700, 3), 200, np.uint8)  # 300 rows: every 320-row window has 20 rows of bar
    boxes, labels = np.array([[100, 50, 140, 90]], np.float32), np.array([0])
    seen = []

    def paint(part):
        seen.append(part.shape)
        return np.zeros_like(part)

    crop, _, _ = random_crop(np.random.default_rng(0), rgb, boxes, labels, 320, paint=paint)
    assert seen == [(300, 320, 3)]  # the window's share of the image, not the whole scan
    image_rows = (crop == 0).all(axis=(1, 2))
    bar_rows = (crop == PAD_VALUE).all(axis=(1, 2))
    assert image_rows.sum() == 300 and bar_rows.sum() == 20


def test_validation_sample_is_the_runtime_letterbox(fixtures_dir):
    import cv2

    data = SimulatedScans([fixtures_dir], list(THREAT_CLASSES), 416, train=False)
    record = next(i for i, r in enumerate(data.records) if r["objects"])
    tensor, target = data[record]
    r = data.records[record]
    rgb = cv2.cvtColor(cv2.imread(str(fixtures_dir / r["image"])), cv2.COLOR_BGR2RGB)
    expected, scale, dx, dy = letterbox(rgb, 416)
    assert np.array_equal(tensor.numpy(), expected)
    box = np.array(r["objects"][0]["box"], np.float32) * scale + [dx, dy, dx, dy]
    assert np.allclose(target[0, 1:].numpy(), box, atol=1e-3)


def test_training_samples_are_windows_with_sane_targets(fixtures_dir):
    data = SimulatedScans([fixtures_dir], list(THREAT_CLASSES), 416, train=True, crop=256)
    for i in range(0, len(data), 5):
        tensor, target = data[i]
        assert tensor.shape == (256, 256, 3) and tensor.dtype == torch.uint8
        if len(target):
            assert (target[:, 3] > target[:, 1]).all() and (target[:, 4] > target[:, 2]).all()
            assert (target[:, 1:] >= 0).all() and (target[:, 1:] <= 256).all()


def test_focus_window_holds_the_chosen_object():
    rgb = np.full((600, 900, 3), 200, np.uint8)
    boxes = np.array([[10, 10, 30, 30], [850, 560, 890, 595], [400, 100, 800, 180]], np.float32)
    labels = np.array([0, 1, 2])
    for focus in range(3):
        for seed in range(30):
            _, kept, kept_labels = random_crop(np.random.default_rng(seed), rgb, boxes, labels, 320, focus=focus)
            assert focus in kept_labels  # the 400 px box is wider than the window: centred, 80 % visible
    # Windows left free land anywhere: over 30 seeds the far corner's object is not always in them.
    free = [1 in random_crop(np.random.default_rng(s), rgb, boxes, labels, 320)[2] for s in range(30)]
    assert not all(free)


def test_weighted_draws_favour_heavy_scans_and_vary_by_epoch(fixtures_dir):
    from app.training.data import WeightedDraws

    classes = list(THREAT_CLASSES)
    data = SimulatedScans([fixtures_dir], classes, 416, train=True, crop=256, focus_fraction=1.0,
                          focus_weights={"knife": 10.0})
    weights = data.record_weights()
    knives = [i for i, r in enumerate(data.records) if any(o["label"] == "knife" for o in r["objects"])]
    assert knives and all(weights[i] == 10.0 for i in knives)
    sampler = WeightedDraws(weights)
    draws = list(sampler)
    assert len(draws) == len(data) and len(set(draws)) == len(draws)  # every draw is its own sample
    scans = [d % len(data) for d in draws]
    expected = weights[knives].sum() / weights.sum()
    assert sum(s in knives for s in scans) / len(scans) > expected / 3
    sampler.epoch = 1
    assert list(sampler) != draws
    tensor, target = data[draws[0]]  # a draw number past the length still reads its scan
    assert tensor.shape == (256, 256, 3)


def test_objects_too_faint_to_see_are_ignored_in_training_only(tmp_path, fixtures_dir):
    import json
    import shutil

    from app.training.data import IGNORE

    folder = tmp_path / "set"
    shutil.copytree(fixtures_dir, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    objects = [o for r in manifest["scans"] for o in r["objects"]]
    assert len(objects) >= 2
    for k, o in enumerate(objects):
        o["contrast"] = 5.0 if k % 2 == 0 else 120.0
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    classes = list(THREAT_CLASSES)
    train = SimulatedScans([folder], classes, 416, train=True, crop=256, ignore_under=20.0, focus_fraction=1.0,
                           focus_weights={c: 1.0 for c in classes})
    labels = [train.object_label(o) for o in objects]
    assert labels[0::2] == [IGNORE] * len(labels[0::2])
    assert labels[1::2] == [classes.index(o["label"]) for o in objects[1::2]]
    val = SimulatedScans([folder], classes, 416, train=False, ignore_under=20.0)
    assert IGNORE not in [val.object_label(o) for o in objects]  # validation counts every object
    # An ignored object is never the one a focus window is cut around.
    rng = np.random.default_rng(0)
    assert all(train.pick_focus(rng, np.array([IGNORE, 2])) == 1 for _ in range(20))
    assert train.pick_focus(rng, np.array([IGNORE])) is None


def test_colour_jitter_by_lookup_tables_is_the_same_arithmetic_on_every_pixel():
    import cv2

    from app.training.data import colour_jitter, hue_bent

    def by_arithmetic(rng, rgb):  # the slower form: HSV in float, pixel by pixel
        hue, saturation, value = rng.uniform(-12, 12), rng.uniform(0.5, 1.4), rng.uniform(0.75, 1.2)
        gamma, grey = rng.uniform(0.7, 1.5), rng.random() < 0.1
        bend, phase = (rng.uniform(-20, 20), rng.uniform(0, 2 * np.pi)) if rng.random() < 0.5 else (0.0, 0.0)
        hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
        hsv[..., 0] = hue_bent(hsv[..., 0], hue, bend, phase)
        hsv[..., 1] *= saturation
        hsv[..., 2] *= value
        out = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB)
        out = cv2.LUT(out, (np.linspace(0, 1, 256) ** gamma * 255).astype(np.uint8))
        if grey:
            out = np.repeat(cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
        return out

    rgb = np.random.default_rng(0).integers(0, 256, (60, 80, 3), dtype=np.uint8)
    for seed in range(30):  # bent hues and grey-scale exports among them
        assert np.array_equal(colour_jitter(np.random.default_rng(seed), rgb), by_arithmetic(np.random.default_rng(seed), rgb))


def test_bent_hues_keep_their_order_around_the_circle():
    from app.training.data import hue_bent

    h = np.arange(180, dtype=np.float32)
    for bend in (-20.0, 20.0):
        for phase in (0.0, 1.0, 4.0):
            unwrapped = np.unwrap(hue_bent(h, 5.0, bend, phase) * np.float32(2 * np.pi / 180)) * 180 / (2 * np.pi)
            assert (np.diff(unwrapped) > 0).all()

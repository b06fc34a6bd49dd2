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

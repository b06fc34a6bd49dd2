"""The training pipeline end to end on the fixtures: one epoch, a checkpoint, resume, ONNX export that
the runtime loads. Needs the `train` extra (torch); skipped where it is not installed (as in CI)."""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")


def test_one_epoch_resume_and_export(tmp_path, fixtures_dir):
    from app.detection.onnx_detector import OnnxDetector
    from app.training.train import main

    run = tmp_path / "run"
    main(["--data", str(fixtures_dir), "--out", str(run), "--epochs", "1", "--batch", "4", "--workers", "0",
          "--width", "0.5", "--size", "256", "--crop", "192"])
    assert (run / "last.pt").is_file() and (run / "detector.onnx").is_file()
    main(["--data", str(fixtures_dir), "--out", str(run), "--epochs", "2", "--batch", "4", "--workers", "0",
          "--width", "0.5", "--size", "256", "--crop", "192"])
    meta = json.loads((run / "detector.json").read_text())
    assert [h["epoch"] for h in meta["history"]] == [0, 1] and meta["input_size"] == 256
    assert "resumed from" in (run / "train.log").read_text()
    detector = OnnxDetector(run / "detector.onnx")
    assert isinstance(detector.detect(np.zeros((300, 500, 3), np.uint8)), list)


def test_a_second_stage_starts_from_the_first_and_keeps_its_history(tmp_path, fixtures_dir):
    from app.training.train import main

    common = ["--data", str(fixtures_dir), "--batch", "4", "--workers", "0", "--width", "0.5", "--crop", "192"]
    main([*common, "--out", str(tmp_path / "one"), "--epochs", "1", "--size", "256"])
    main([*common, "--out", str(tmp_path / "two"), "--epochs", "1", "--size", "320", "--init",
          str(tmp_path / "one" / "last.pt"), "--focus-fraction", "0.7", "--focus-weights", "knife=4,gun=0.5",
          "--assigner", "aligned"])
    first = torch.load(tmp_path / "one" / "last.pt", weights_only=False)["model"]
    meta = json.loads((tmp_path / "two" / "detector.json").read_text())
    assert meta["version"] == "0.2.1" and meta["input_size"] == 320 and meta["trained"]["epochs"] == 2
    assert meta["trained"]["earlier_stages"][0]["epochs"] == 1
    assert meta["trained"]["focus_weights"] == {"knife": 4.0, "gun": 0.5}
    assert meta["trained"]["assigner"] == "aligned"
    assert meta["trained"]["cls_loss"] == "quality"  # the loss it trained with, not the flag's default
    assert "initialised from" in (tmp_path / "two" / "train.log").read_text()
    second = torch.load(tmp_path / "two" / "last.pt", weights_only=False)["model"]
    assert not torch.equal(first["stem.0.weight"], second["stem.0.weight"])  # it trained on from there
    with pytest.raises(SystemExit):
        main([*common, "--out", str(tmp_path / "three"), "--epochs", "1", "--focus-weights", "blade=2"])


def test_weight_average_follows_the_weights_and_travels_with_the_checkpoint(tmp_path, fixtures_dir):
    from app.training.model import CheckpointDetector
    from app.training.train import WeightAverage, main

    model = CheckpointDetector(10, 0.5, 256)
    average = WeightAverage(model, decay=0.9, ramp=1e-9)  # no ramp: d = 0.9 from the first update
    before = model.stem[0].weight.detach().clone()
    with torch.no_grad():
        model.stem[0].weight.add_(1.0)
    average.update(model)
    assert torch.allclose(average.module.stem[0].weight, before + 0.1, atol=1e-5)  # 0.9 old + 0.1 new

    run = tmp_path / "run"
    common = ["--data", str(fixtures_dir), "--out", str(run), "--batch", "4", "--workers", "0", "--width", "0.5",
              "--size", "256", "--crop", "192", "--ema", "0.99"]
    main([*common, "--epochs", "1"])
    state = torch.load(run / "last.pt", weights_only=False)
    scans = len(json.loads((fixtures_dir / "manifest.json").read_text())["scans"])
    assert state["ema"]["updates"] == scans // 4  # one update per optimiser step
    assert not torch.equal(state["ema"]["model"]["stem.0.weight"], state["model"]["stem.0.weight"])
    main([*common, "--epochs", "2"])
    resumed = torch.load(run / "last.pt", weights_only=False)
    assert resumed["ema"]["updates"] == 2 * state["ema"]["updates"]  # carried on, not restarted


def test_a_time_limit_ends_training_early_and_still_exports(tmp_path, fixtures_dir):
    from app.detection.onnx_detector import OnnxDetector
    from app.training.train import main

    run = tmp_path / "run"
    args = ["--data", str(fixtures_dir), "--out", str(run), "--epochs", "5", "--batch", "4", "--workers", "0",
            "--width", "0.5", "--size", "256", "--crop", "192", "--time-limit", "0.001", "--device", "cpu"]
    main(args)
    meta = json.loads((run / "detector.json").read_text())
    assert [h["epoch"] for h in meta["history"]] == [0]  # one step into epoch 0, then out of time
    assert "time limit reached" in (run / "train.log").read_text()
    OnnxDetector(run / "detector.onnx")
    main(args)
    assert len(json.loads((run / "detector.json").read_text())["history"]) == 1  # a resume adds no epoch


def test_widening_keeps_what_the_network_computes():
    from app.training.model import CheckpointDetector
    from app.training.widen import widen

    torch.manual_seed(0)
    narrow = CheckpointDetector(10, 0.5, 192)
    narrow.train()
    with torch.no_grad():  # BatchNorm statistics that are not the identity
        narrow(torch.rand(4, 3, 192, 192))
    narrow.eval()
    image = torch.rand(2, 3, 192, 192)
    wide = widen(narrow, 0.75, noise=0.0).eval()
    assert sum(p.numel() for p in wide.parameters()) > 1.5 * sum(p.numel() for p in narrow.parameters())
    with torch.no_grad():
        before, after = narrow(image), wide(image)
    assert torch.allclose(before[..., 4:], after[..., 4:], atol=1e-5)
    assert torch.allclose(before[..., :4], after[..., :4], atol=1e-2)  # input pixels, up to 192
    noisy = widen(narrow, 0.75).eval()  # the copies get a little noise, so they can learn apart
    with torch.no_grad():
        nudged = noisy(image)
    assert not torch.equal(nudged, after) and torch.allclose(nudged[..., 4:], after[..., 4:], atol=1e-2)
    with pytest.raises(ValueError):
        widen(wide, 0.5)


def test_a_wider_stage_grows_from_a_narrower_one(tmp_path, fixtures_dir):
    from app.detection.onnx_detector import OnnxDetector
    from app.training.train import main

    common = ["--data", str(fixtures_dir), "--batch", "4", "--workers", "0", "--crop", "192", "--size", "256", "--epochs", "1"]
    main([*common, "--out", str(tmp_path / "one"), "--width", "0.5"])
    main([*common, "--out", str(tmp_path / "two"), "--width", "0.75", "--init", str(tmp_path / "one" / "last.pt")])
    assert "widened from width 0.5 to 0.75" in (tmp_path / "two" / "train.log").read_text()
    meta = json.loads((tmp_path / "two" / "detector.json").read_text())
    assert meta["trained"]["width"] == 0.75 and meta["version"] == "0.2.1"
    OnnxDetector(tmp_path / "two" / "detector.onnx")
    # A later stage or a resume without --width keeps the width it starts from; a resume refuses another.
    main([*common, "--out", str(tmp_path / "three"), "--init", str(tmp_path / "two" / "last.pt")])
    assert json.loads((tmp_path / "three" / "detector.json").read_text())["trained"]["width"] == 0.75
    with pytest.raises(SystemExit):
        main([*common, "--out", str(tmp_path / "three"), "--epochs", "2", "--width", "1.0"])
    with pytest.raises(SystemExit):  # no narrowing either
        main([*common, "--out", str(tmp_path / "four"), "--width", "0.5", "--init", str(tmp_path / "two" / "last.pt")])


def test_fine_blocks_start_as_the_identity_and_then_learn(tmp_path, fixtures_dir):
    from app.detection.onnx_detector import OnnxDetector
    from app.training.model import CheckpointDetector
    from app.training.train import main

    torch.manual_seed(0)
    plain = CheckpointDetector(10, 0.5, 192)
    plain.train()
    with torch.no_grad():  # BatchNorm statistics that are not the identity
        plain(torch.rand(4, 3, 192, 192))
    deeper = CheckpointDetector(10, 0.5, 192, fine_blocks=2)
    missing, unexpected = deeper.load_state_dict(plain.state_dict(), strict=False)
    assert missing and all(key.startswith("fine.") for key in missing) and not unexpected
    image = torch.rand(2, 3, 192, 192)
    with torch.no_grad():
        assert torch.equal(plain.eval()(image), deeper.eval()(image))

    common = ["--data", str(fixtures_dir), "--batch", "4", "--workers", "0", "--crop", "192", "--size", "256",
              "--epochs", "1", "--width", "0.5"]
    main([*common, "--out", str(tmp_path / "one")])
    main([*common, "--out", str(tmp_path / "two"), "--fine-blocks", "2", "--init", str(tmp_path / "one" / "last.pt")])
    assert "added 2 fine blocks" in (tmp_path / "two" / "train.log").read_text()
    meta = json.loads((tmp_path / "two" / "detector.json").read_text())
    assert meta["trained"]["fine_blocks"] == 2
    state = torch.load(tmp_path / "two" / "last.pt", weights_only=False)["model"]
    assert state["fine.0.body.3.weight"].abs().sum() > 0  # the new blocks' scale grew from zero
    OnnxDetector(tmp_path / "two" / "detector.onnx")
    with pytest.raises(SystemExit):  # fine blocks are not taken away
        main([*common, "--out", str(tmp_path / "three"), "--fine-blocks", "0", "--init", str(tmp_path / "two" / "last.pt")])
    with pytest.raises(SystemExit):  # nor widened
        main([*common, "--out", str(tmp_path / "four"), "--width", "0.75", "--init", str(tmp_path / "two" / "last.pt")])


def test_quality_targets_are_the_boxes_fit_and_the_loss_pulls_scores_towards_it():
    from app.training.loss import detection_loss, quality_focal_loss
    from app.training.model import CheckpointDetector

    logits = torch.tensor([[-2.0, 0.0, 2.0]])
    target = torch.sigmoid(logits)  # scores that already equal their targets cost nothing
    assert quality_focal_loss(logits, target).abs().max() < 1e-6
    assert quality_focal_loss(logits, torch.ones_like(logits)).min() > 0
    # On a network's raw output, positives get their boxes' IoU as target: a loss unlike focal's, and
    # its gradients reach every parameter.
    torch.manual_seed(0)
    model = CheckpointDetector(10, 1.0, 128)
    images = torch.rand(2, 3, 128, 128)
    targets = [torch.tensor([[0, 20.0, 20.0, 60.0, 50.0]]), torch.tensor([[5, 70.0, 10.0, 120.0, 100.0]])]
    raw = model.raw(images)
    quality, parts = detection_loss(raw, targets, 10, 128, quality=True)
    focal, _ = detection_loss(raw, targets, 10, 128)
    assert parts["positives"] > 0 and torch.isfinite(quality) and quality.item() != pytest.approx(focal.item())
    quality.backward()
    assert all(p.grad is not None for p in model.parameters() if p.requires_grad)


def test_an_ignored_faint_object_is_neither_object_nor_background():
    from app.training.loss import detection_loss, flatten

    size, classes = 128, 10
    raw = [torch.zeros(1, 4 + classes, size // s, size // s, requires_grad=True) for s in (8, 16, 32)]
    box = [30.0, 30.0, 50.0, 46.0]

    def cell_gradients(target):
        for r in raw:
            r.grad = None
        loss, parts = detection_loss(raw, [torch.tensor([target]).reshape(-1, 5)], classes, size)
        loss.backward()
        return flatten([r.grad for r in raw])[0], parts

    as_object, parts = cell_gradients([3, *box])
    assert parts["positives"] > 0
    positives = (as_object[:, 4 + 3] < 0).nonzero()[:, 0]  # the cells the box claims: pushed up
    as_background, _ = cell_gradients([])
    ignored, parts = cell_gradients([-1, *box])
    assert parts["positives"] == 0
    # Without the object its cells are pushed down as background; ignored, they are not pushed at all,
    # and every other cell is still background.
    assert len(positives) and (as_background[positives, 4:] > 0).all()
    silent = (ignored.abs().sum(1) == 0).nonzero()[:, 0]
    assert silent.tolist() == positives.tolist()


def test_the_second_look_is_mined_trained_and_installed_beside_a_detector(tmp_path, fixtures_dir, caplog):
    """The detector's own marks on the fixtures are mined into labelled crops, a classifier trained on
    them for a few steps, and installed beside a copy of the shipped detector, which then loads it."""
    import shutil

    from app.detection.factory import REPO_MODELS
    from app.detection.onnx_detector import OnnxDetector
    from app.training.second_look import main

    models = tmp_path / "models"
    models.mkdir()
    for name in ("detector.onnx", "detector.json"):
        shutil.copy(REPO_MODELS / name, models / name)
    meta = json.loads((models / "detector.json").read_text(encoding="utf-8"))
    meta.pop("second_look", None)
    (models / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    mined = tmp_path / "mined.npz"
    main(["mine", "--data", str(fixtures_dir), "--out", str(mined), "--model", str(models / "detector.onnx"),
          "--workers", "1", "--jitter", "2"])
    data = np.load(mined)
    assert list(data["classes"]) == ["syringe", "sim_card", "drugs"]
    assert data["crops"].shape[1:] == (4, 64, 64) and (data["label"] == 1).sum() >= 12  # 6 objects x 2 jitters
    assert (data["label"] == 0).sum() > 0  # the detector's false marks: the hard negatives
    # The fixtures hide three drug packets (two in tea, one in clothes): each of their jittered boxes
    # is recorded as on a hidden object, and none of another class.
    jittered = data["score"] < 0
    assert (data["hidden"][jittered] == 1).sum() == 3 * 2
    assert set(data["cls"][data["hidden"] == 1].tolist()) == {2}
    run = tmp_path / "run"
    main(["train", "--train", str(mined), "--val", str(mined), "--out", str(run), "--epochs", "1",
          "--steps-per-epoch", "3", "--batch", "16", "--threads", "1", "--hidden-boost", "3"])
    spec = json.loads((run / "second-look.json").read_text(encoding="utf-8"))
    assert spec["classes"] == ["syringe", "sim_card", "drugs"] and "syringe" in spec["validation"]
    # Two mined sets are joined (here the same one twice); one cut another way is refused.
    from app.training.second_look import load_mined
    joined = load_mined(f"{mined},{mined}")
    assert len(joined["crops"]) == 2 * len(data["crops"]) == len(joined["box"]) == len(joined["target"])
    assert str(joined["command"]).count("mine --data") == 2 and float(joined["context"]) == float(data["context"])
    # A file mined before the least side was recorded was cut with the default: it joins one that records it.
    older = tmp_path / "older.npz"
    np.savez(older, **{k: data[k] for k in data.files if k != "min_side"})
    assert len(load_mined(f"{older},{mined}")["crops"]) == len(joined["crops"])
    other = tmp_path / "other.npz"
    main(["mine", "--data", str(fixtures_dir), "--out", str(other), "--model", str(models / "detector.onnx"),
          "--workers", "1", "--jitter", "0", "--limit", "3", "--context", "1.2"])
    with pytest.raises(SystemExit, match="another context"):
        load_mined(f"{mined},{other}")
    # A wider classifier (--width scales its channels) is a different, larger network; trained on both sets.
    main(["train", "--train", f"{mined},{mined}", "--val", str(mined), "--out", str(tmp_path / "wide"), "--epochs", "1",
          "--steps-per-epoch", "1", "--batch", "16", "--threads", "1", "--width", "1.5"])
    wide = json.loads((tmp_path / "wide" / "second-look.json").read_text(encoding="utf-8"))
    assert wide["parameters"] > 1.5 * spec["parameters"]
    main(["install", "--run", str(run), "--val", str(fixtures_dir), "--models", str(models), "--threads", "1",
          "--only", "sim_card"])
    meta = json.loads((models / "detector.json").read_text(encoding="utf-8"))
    assert set(meta["detector_thresholds"]) == set(meta["classes"])  # kept for running alone
    [look] = meta["second_look"]
    assert "map50" in look["validation_with_detector"]
    # The spec says what made it: the mining command (the arguments given), not a recipe written in advance.
    assert f"mine --data {fixtures_dir} --out {mined}" in look["installed"]["mined"]
    assert f"install --run {run}" in look["installed"]["command"]
    # A weight set by hand only for a class the look is installed for, refused before anything is written.
    before = (models / "detector.json").read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="not installed for drugs"):
        main(["install", "--run", str(run), "--val", str(fixtures_dir), "--models", str(models), "--threads", "1",
              "--only", "syringe", "--add", "--weights", "syringe=0.4,drugs=0.5"])
    assert (models / "detector.json").read_text(encoding="utf-8") == before
    assert not (models / "second-look-syringe.onnx").exists()
    # A second look beside the first (here the same run, for syringes): both kept, under their own files;
    # its weight chosen from a grid through the whole runtime, on two validation folders pooled.
    main(["install", "--run", str(run), "--val", f"{fixtures_dir},{fixtures_dir}", "--models", str(models),
          "--threads", "1", "--only", "syringe", "--add", "--top-k", "3", "--no-mirror", "--weight-grid", "0.2,0.5"])
    meta = json.loads((models / "detector.json").read_text(encoding="utf-8"))
    assert [s["model"] for s in meta["second_look"]] == ["second-look.onnx", "second-look-syringe.onnx"]
    assert meta["second_look"][1]["top_k"] == 3 and not meta["second_look"][1]["mirror"]
    choice = meta["second_look"][1]["weight_choice"]
    assert [w for w, _ in choice["tried"]] == [0.2, 0.5] and choice["classes"] == ["syringe"]
    assert meta["second_look"][1]["weights"]["syringe"] == choice["chosen"]
    assert choice["chosen"] == max(choice["tried"], key=lambda t: t[1])[0]
    detector = OnnxDetector(models / "detector.onnx")
    assert detector.problem is None
    assert len(detector.second_looks) == 2  # what each checks: the classes whose weight 3 steps made above 0
    assert set(detector.second_looks[0].checked) <= {"sim_card"} and set(detector.second_looks[1].checked) <= {"syringe"}
    # A look of its own for SIM cards replaces the first look, whose file is then named as left over.
    caplog.clear()
    with caplog.at_level("WARNING"):
        main(["install", "--run", str(run), "--val", str(fixtures_dir), "--models", str(models), "--threads", "1",
              "--only", "sim_card", "--add"])
    meta = json.loads((models / "detector.json").read_text(encoding="utf-8"))
    assert [s["model"] for s in meta["second_look"]] == ["second-look-syringe.onnx", "second-look-sim-card.onnx"]
    assert any("second-look.onnx is no longer named" in r.getMessage() for r in caplog.records)
    assert not any("second-look-syringe.onnx is no longer" in r.getMessage() for r in caplog.records)


def test_a_batch_is_scored_as_its_images_are_one_by_one():
    """The loss assigns a whole batch at once, its targets padded to the longest list: the padding must
    claim nothing, and each image's cells must be matched as they would be alone."""
    from app.training.loss import assign, cell_grid, detection_loss, pad_targets

    size, classes = 128, 10
    torch.manual_seed(1)
    raw = [torch.randn(3, 4 + classes, size // s, size // s) * 0.5 for s in (8, 16, 32)]
    targets = [torch.zeros(0, 5),  # a clean scan
               # a box, and two cards on the same 2 x 1 px: the first takes the cells, the second none of its own
               torch.tensor([[2, 10.0, 12.0, 60.0, 40.0], [5, 61.0, 61.0, 63.0, 62.0], [5, 61.0, 61.0, 63.0, 62.0]]),
               torch.tensor([[0, 5.0, 70.0, 120.0, 90.0], [-1, 30.0, 30.0, 50.0, 46.0], [7, 90.0, 10.0, 110.0, 30.0]])]
    batch, parts = detection_loss(raw, targets, classes, size)
    weighted = 0.0
    for b, target in enumerate(targets):
        alone, own = detection_loss([r[b:b + 1] for r in raw], [target], classes, size)
        weighted += alone.item() * max(own["positives"], 1)
    assert batch.item() * parts["positives"] == pytest.approx(weighted, rel=1e-5)
    padded, valid = pad_targets(targets)
    assert padded.shape == (3, 3, 5) and valid.sum().item() == 6
    index = assign(padded, valid, *cell_grid(size))
    assert (index[0] == -1).all()  # nothing claimed where there is nothing
    centres, strides, _ = cell_grid(size)
    assert (index[1] == 1).sum() >= 1
    card = (index[1] == 2).nonzero()[:, 0]  # the card that claimed none gets one: the finest cell nearest it
    assert len(card) == 1 and strides[card].item() == 8
    distance = ((centres - torch.tensor([62.0, 61.5])) ** 2).sum(1)
    distance[strides != 8] = float("inf")
    assert card.item() == distance.argmin().item()
    assert set(index[2].unique().tolist()) == {-1, 0, 1, 2}


def test_aligned_assignment_takes_the_cells_that_fit_best_and_scales_their_targets():
    """Task-aligned assignment: of the cells a box covers, those whose own box fits it best become its
    positives (at most `topk`), a cell two boxes want goes to the one it overlaps more, and the best
    cell's target is the box's best IoU; padding and clean scans claim nothing."""
    from app.training.loss import assign_aligned, cell_grid, detection_loss, pad_targets

    size, classes = 128, 10
    centres, strides, _ = cell_grid(size)
    n = centres.shape[0]
    gt = torch.tensor([20.0, 20.0, 60.0, 52.0])
    # Every cell predicts a 4 px box round its centre, which overlaps nothing much...
    boxes = torch.cat([centres - 2, centres + 2], 1)[None].repeat(2, 1, 1)
    scores = torch.full((2, n, classes), 0.2)
    # ...except one stride-8 cell inside the box, whose box is the object's exactly.
    inside = ((centres[:, 0] > 20) & (centres[:, 0] < 60) & (centres[:, 1] > 20) & (centres[:, 1] < 52)
              & (strides == 8)).nonzero()[:, 0]
    best = inside[len(inside) // 2]
    boxes[1, best] = gt
    targets = [torch.zeros(0, 5), torch.tensor([[3, *gt.tolist()], [4, 40.0, 30.0, 64.0, 50.0]])]
    padded, valid = pad_targets(targets)
    index, quality = assign_aligned(padded, valid, centres, strides, boxes, scores, topk=5)
    assert (index[0] == -1).all() and (quality[0] == 0).all()  # a clean scan: nothing
    assert index[1, best] == 0 and quality[1, best] == pytest.approx(1.0, abs=1e-4)  # its best IoU is 1
    for g in (0, 1):
        mine = (index[1] == g).nonzero()[:, 0]
        assert 1 <= len(mine) <= 5
        x1, y1, x2, y2 = padded[1, g, 1:]
        near = ((centres[mine, 0] - (x1 + x2) / 2).abs() < strides[mine]) & \
               ((centres[mine, 1] - (y1 + y2) / 2).abs() < strides[mine])
        covered = (centres[mine, 0] > x1) & (centres[mine, 0] < x2) & (centres[mine, 1] > y1) & (centres[mine, 1] < y2)
        assert (near | covered).all()  # only cells the box covers or centres on
    others = (index[1] == 0) & (torch.arange(n) != best)
    assert (quality[1, others] < 0.5).all()  # cells that fit worse get less, never more, than the best
    # Through the loss: positives get soft targets and the gradients reach the network's outputs.
    raw = [torch.zeros(2, 4 + classes, size // s, size // s, requires_grad=True) for s in (8, 16, 32)]
    loss, parts = detection_loss(raw, targets, classes, size, aligned=True)
    loss.backward()
    assert parts["positives"] > 0 and torch.isfinite(loss)
    assert all(r.grad.abs().sum() > 0 for r in raw)
    assert all(r.grad[0, :4].abs().sum() == 0 for r in raw)  # the clean scan teaches no box

"""`checkpoint evaluate`: the metric against a case computed by hand, the three label formats read to
the same ground truth, the same figures as benchmarks/detector.py, and the report."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.detection.labels import map_classes, read_class_map, read_coco, read_voc, read_yolo
from app.detection.metrics import evaluate
from app.detection.onnx_detector import OnnxDetector
from app.services.evaluation import evaluate_folder, score_predictions, write_report

CONSTANT = Path(__file__).with_name("data") / "constant_detector.onnx"
BOX = (0, 0, 10, 10)


def test_average_precision_against_a_case_computed_by_hand():
    # Two images, three knives. Ranked detections: 0.9 hit, 0.8 miss, 0.7 hit, 0.6 miss; the third
    # knife is never found. Precision/recall after each: 1/1 @1/3, 1/2 @1/3, 2/3 @2/3, 2/4 @2/3.
    # Interpolated precision: 1.0 for recall in [0, 1/3], 2/3 for (1/3, 2/3], 0 above.
    # 101-point AP = (34 points at recall 0..0.33 x 1.0 + 33 points at 0.34..0.66 x 2/3) / 101.
    truths = [[("knife", (0, 0, 10, 10)), ("knife", (50, 50, 60, 60))], [("knife", (0, 0, 10, 10))]]
    preds = [[("knife", 0.9, (0, 0, 10, 10)), ("knife", 0.8, (100, 100, 110, 110)), ("knife", 0.6, (30, 30, 40, 40))],
             [("knife", 0.7, (1, 0, 10, 10))]]  # IoU 0.9 with its knife: a hit at 0.5 and at 0.85, not at 0.95
    result = evaluate(preds, truths, ["knife"])["knife"]
    assert result.ap50 == pytest.approx((34 * 1.0 + 33 * 2 / 3) / 101)
    s = score_predictions(preds, truths, ["knife"], {"knife": 0.65})
    f = s.classes["knife"]
    assert f.precision == pytest.approx(2 / 3) and f.recall == pytest.approx(2 / 3)  # three shown, two right
    assert s.clean_images == 0 and len(s.misses) == 1 and s.misses[0][2] == (50, 50, 60, 60)


def test_alarms_per_clean_image():
    preds = [[("knife", 0.9, BOX), ("gun", 0.6, BOX)], [], [("gun", 0.2, BOX)]]
    s = score_predictions(preds, [[], [], []], ["knife", "gun"], {"knife": 0.5, "gun": 0.5})
    assert s.clean_images == 3 and s.alarms_per_clean_image == pytest.approx(2 / 3)
    assert s.clean_with_alarm == pytest.approx(1 / 3) and len(s.false_alarms) == 2


def voc_folder(tmp_path, fixtures_dir):
    """The fixtures' labels as Pascal VOC XML, as labelling tools write them (1-based pixels)."""
    folder = tmp_path / "voc"
    folder.mkdir()
    manifest = json.loads((fixtures_dir / "manifest.json").read_text())
    for r in manifest["scans"]:
        objects = "".join(
            f"<object><name>{o['label']}</name><bndbox><xmin>{o['box'][0] + 1}</xmin><ymin>{o['box'][1] + 1}</ymin>"
            f"<xmax>{o['box'][2]}</xmax><ymax>{o['box'][3]}</ymax></bndbox></object>" for o in r["objects"])
        name = Path(r["image"]).name
        (folder / f"{Path(name).stem}.xml").write_text(
            f"<annotation><filename>{name}</filename><size><width>{r['width']}</width><height>{r['height']}"
            f"</height></size>{objects}</annotation>")
    return folder


def test_three_label_formats_read_to_the_same_truth(tmp_path, fixtures_dir):
    manifest = json.loads((fixtures_dir / "manifest.json").read_text())
    sizes = {Path(r["image"]).name: (r["width"], r["height"]) for r in manifest["scans"]}
    coco = read_coco(fixtures_dir / "annotations.coco.json")
    yolo = read_yolo(fixtures_dir / "labels", sizes)
    voc = read_voc(voc_folder(tmp_path, fixtures_dir))
    assert set(coco) == set(yolo) == set(voc) == set(sizes)
    for name in sizes:
        for other in (yolo, voc):
            a, b = sorted(coco[name]), sorted(other[name])
            assert [c for c, _ in a] == [c for c, _ in b], name
            assert np.allclose([bx for _, bx in a], [bx for _, bx in b], atol=1.0), name


def test_class_map_turns_foreign_names_into_ours(tmp_path):
    (tmp_path / "map.toml").write_text('[classes]\nblade = "knife"\nwrench = ""\n', encoding="utf-8")
    mapping = read_class_map(tmp_path / "map.toml")
    truth, dropped = map_classes({"a.png": [("blade", BOX), ("wrench", BOX), ("gun", BOX)]}, mapping, ["knife", "gun"])
    assert truth == {"a.png": [("knife", BOX), ("gun", BOX)]} and dropped == {"wrench"}


def benchmark_module():
    spec = importlib.util.spec_from_file_location("bench_detector", Path(__file__).parents[1] / "benchmarks" / "detector.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_benchmark_splits_recall_by_shape_and_by_hiding_place():
    # Three drug packets: one in the open and found, one hidden in bread and missed, one of a held-out
    # shape in the open and missed (its only detection is under the threshold).
    records = [{"objects": [{"label": "drugs", "variant": "powder_packet", "box": [0, 0, 10, 10], "hidden_in": None},
                            {"label": "drugs", "variant": "pills", "box": [50, 50, 60, 60], "hidden_in": "bread"}]},
               {"objects": [{"label": "drugs", "variant": "capsules", "box": [0, 0, 10, 10]}]}]
    preds = [[("drugs", 0.9, (0, 0, 10, 10))], [("drugs", 0.3, (0, 0, 10, 10))]]
    bench = benchmark_module()
    recall = bench.recall_by_variant(preds, records, {"drugs": 0.5}, {"drugs/capsules"})["drugs"]
    assert recall == {"seen": [1, 2], "unseen": [0, 1], "open": [1, 2], "hidden": [0, 1]}
    # With no threshold (the benchmark's "a mark of any score"), the held-out shape's weak mark reaches it;
    # the hidden packet, with no mark at all, stays lost.
    reached = bench.recall_by_variant(preds, records, {"drugs": 0.0}, {"drugs/capsules"})["drugs"]
    assert reached == {"seen": [1, 2], "unseen": [1, 1], "open": [2, 2], "hidden": [0, 1]}


def test_benchmark_sets_hidden_objects_aside_for_an_ap_in_the_open():
    # One packet in the open, one hidden. The best detection lies on the hidden one, the next on the one
    # in the open. With the hidden one set aside, the detection on it is no false alarm: AP 1 in the open.
    # On the hidden one alone, the detection on the open packet is set aside, and the hidden is found: 1.
    records = [{"objects": [{"label": "drugs", "variant": "pills", "box": [0, 0, 10, 10], "hidden_in": None},
                            {"label": "drugs", "variant": "pills", "box": [50, 50, 60, 60], "hidden_in": "soap"}]}]
    preds = [[("drugs", 0.9, (50, 50, 60, 60)), ("drugs", 0.8, (0, 0, 10, 10)), ("drugs", 0.7, (200, 200, 210, 210))]]
    bench = benchmark_module()
    assert bench.ap50_set_aside(preds, records, "drugs", hidden=True) == pytest.approx(1.0)
    assert bench.ap50_set_aside(preds, records, "drugs", hidden=False) == pytest.approx(1.0)
    # Without the detection on the open packet, the one in the open is missed: AP 0 there.
    assert bench.ap50_set_aside([preds[0][::2]], records, "drugs", hidden=True) == pytest.approx(0.0)


def test_benchmark_gives_ap_per_shape_variant_with_the_others_set_aside():
    # Two pill blisters, one found, one missed; one capsule pack, found, and a confident detection on a
    # pill blister's place would count against the capsules if the pills were not set aside.
    records = [{"objects": [{"label": "drugs", "variant": "pills", "box": [0, 0, 10, 10]},
                            {"label": "drugs", "variant": "pills", "box": [50, 50, 60, 60]},
                            {"label": "drugs", "variant": "capsules", "box": [100, 100, 120, 110]}]}]
    preds = [[("drugs", 0.9, (0, 0, 10, 10)), ("drugs", 0.8, (100, 100, 120, 110))]]
    by_variant = benchmark_module().ap50_by_variant(preds, records, "drugs")
    assert by_variant["capsules"] == (pytest.approx(1.0), 1)
    assert by_variant["pills"][1] == 2 and by_variant["pills"][0] == pytest.approx(0.5, abs=0.02)


def test_benchmark_gives_ap_by_contrast_band_with_the_other_bands_set_aside():
    records = [{"objects": [{"label": "sim_card", "box": [0, 0, 10, 10], "contrast": 12.0},
                            {"label": "sim_card", "box": [50, 50, 60, 60], "contrast": 95.0},
                            {"label": "sim_card", "box": [100, 100, 110, 110], "contrast": 140.0}]}]
    # Both clear cards are found above a false alarm; the faint one is missed.
    preds = [[("sim_card", 0.9, (50, 50, 60, 60)), ("sim_card", 0.8, (100, 100, 110, 110)),
              ("sim_card", 0.5, (200, 200, 210, 210))]]
    bands = benchmark_module().ap50_by_contrast(preds, records, "sim_card")
    assert list(bands) == ["under 30", "80 and over"]  # no card between 30 and 80: no band
    # The hits on the clear cards are set aside for the faint band's AP, not counted as false alarms there.
    assert bands["under 30"] == (pytest.approx(0.0), 1)
    assert bands["80 and over"] == (pytest.approx(1.0), 2)
    # The same, as one figure over every class present: the faint card set aside, the rest all found.
    assert benchmark_module().map50_without_faint(preds, records, ["knife", "sim_card"]) == (pytest.approx(1.0), 1)


def test_evaluate_gives_the_benchmarks_figures(tmp_path, fixtures_dir):
    bench = benchmark_module()
    manifest = json.loads((fixtures_dir / "manifest.json").read_text())
    model = OnnxDetector(CONSTANT)
    expected, _, _, _ = bench.heldout_scores(model, fixtures_dir, manifest["scans"])
    for labels in (fixtures_dir / "annotations.coco.json", voc_folder(tmp_path, fixtures_dir)):
        got = evaluate_folder(OnnxDetector(CONSTANT), fixtures_dir / "images", labels).scores
        assert got.images == expected.images == 36 and got.clean_images == expected.clean_images
        for c, f in expected.classes.items():
            g = got.classes[c]
            assert (g.ap50, g.ap50_95, g.objects, g.precision, g.recall) == pytest.approx(
                (f.ap50, f.ap50_95, f.objects, f.precision, f.recall), abs=1e-9)
        assert got.alarms_per_clean_image == pytest.approx(expected.alarms_per_clean_image)


def test_evaluate_command_writes_a_report(tmp_path, fixtures_dir, capsys):
    report = tmp_path / "report.html"
    code = main(["evaluate", "--images", str(fixtures_dir / "images"), "--labels",
                 str(fixtures_dir / "annotations.coco.json"), "--model", str(CONSTANT), "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0 and "AP50" in out and "alarms per clean image" in out
    page = report.read_text(encoding="utf-8")
    assert "Precision and recall" in page and page.count("data:image/png;base64,") >= 3


def test_benchmark_tells_misplaced_marks_from_missed_objects():
    # A syringe marked over half its length: no hit at IoU 0.5, a hit where a mark only has to touch it.
    records = [{"objects": [{"label": "syringe", "box": [0, 0, 100, 10]}]}]
    preds = [[("syringe", 0.9, (0, 0, 40, 10))]]
    bench = benchmark_module()
    assert bench.ap_loose(preds, records, "syringe") == pytest.approx(1.0)
    assert evaluate(preds, [[("syringe", (0, 0, 100, 10))]], ["syringe"])["syringe"].ap50 == pytest.approx(0.0)
    assert bench.ap_loose([[("syringe", 0.9, (300, 300, 340, 310))]], records, "syringe") == pytest.approx(0.0)


def test_benchmark_names_the_everyday_items_taken_for_a_class():
    # Every scan with a comb carries a false syringe mark; scans without one do not, nor does the scan
    # whose mark lies on its own syringe or scores under the floor.
    records, preds = [], []
    for k in range(100):
        comb = k % 4 == 0
        records.append({"contents": ["comb", "tea"] if comb else ["tea"], "objects": []})
        preds.append([("syringe", 0.6, (0, 0, 50, 5))] if comb else [("syringe", 0.1, (0, 0, 50, 5))])
    records.append({"contents": ["tea"], "objects": [{"label": "syringe", "box": [0, 0, 50, 5]}]})
    preds.append([("syringe", 0.9, (0, 0, 50, 5))])
    base, lift = benchmark_module().false_marks_by_item(preds, records, "syringe", threshold=0.25, least=20)
    assert base == pytest.approx(25 / 101)
    assert lift[0][0] == "comb" and lift[0][1] == pytest.approx(101 / 25) and lift[0][2] == 25
    assert lift[1][0] == "tea" and lift[1][1] == pytest.approx(1.0, abs=0.02)


def test_benchmark_says_what_a_false_mark_lies_on():
    from dataclasses import asdict

    from app.devices.simulator.dataset import scene_items
    from app.devices.simulator.generator import GENERATOR_VERSION
    from app.devices.simulator.scene import SceneConfig
    manifest = {"generator": GENERATOR_VERSION, "config": asdict(SceneConfig(clean_fraction=1.0))}
    records = [{"seed": 3, "index": k, "objects": []} for k in range(2)]
    first = scene_items(manifest, records[0])
    (name, _, whole), (small, _, part) = first[0], min(first, key=lambda t: (t[2][2] - t[2][0]) * (t[2][3] - t[2][1]))
    cx, cy = (part[0] + part[2]) // 2, (part[1] + part[3]) // 2
    preds = [[("drugs", 0.6, whole),                      # boxes an everyday item whole
              ("drugs", 0.5, (cx - 2, cy - 2, cx + 2, cy + 2)),  # on a part of the smallest item
              ("drugs", 0.4, (0, 0, 8, 8)),               # on the belt's margin, on no item
              ("drugs", 0.1, whole)],                      # under the floor: not counted
             [("drugs", 0.9, (0, 0, 8, 8))]]
    # The second scan holds a drug packet exactly where its mark is: a true mark is not counted.
    records[1]["objects"] = [{"label": "drugs", "box": [0, 0, 8, 8]}]
    found = benchmark_module().false_marks_on_items(preds, records, manifest, ["drugs", "syringe"])
    total, on_whole, on_part, across = found["drugs"]
    assert total == 3 and on_whole == {name: 1} and on_part == {small: 1} and across == 1
    assert found["syringe"] == (0, {}, {}, 0)  # no syringe marks at all


def test_benchmark_counts_the_objects_within_a_looks_reach():
    # Two SIM cards: the first overlapped well by the scan's second-best mark, the other only touched by its
    # scan's third; a look at the best two marks a scan can reach the first alone.
    records = [{"objects": [{"label": "sim_card", "box": [0, 0, 10, 10]}]},
               {"objects": [{"label": "sim_card", "box": [50, 50, 60, 60]}, {"label": "knife", "box": [0, 0, 9, 9]}]}]
    preds = [[("sim_card", 0.9, (100, 100, 110, 110)), ("sim_card", 0.5, (1, 0, 10, 10)), ("knife", 0.99, (0, 0, 10, 10))],
             [("sim_card", 0.8, (0, 0, 10, 10)), ("sim_card", 0.7, (20, 20, 30, 30)), ("sim_card", 0.2, (55, 55, 65, 65))]]
    bench = benchmark_module()
    assert bench.objects_within_reach(preds, records, "sim_card", 2) == (1, 2)
    assert bench.objects_within_reach(preds, records, "sim_card", 1) == (0, 2)
    assert bench.objects_within_reach(preds, records, "sim_card", 3, iou=0.1) == (2, 2)
    assert bench.objects_within_reach(preds, records, "knife", 5) == (0, 1)  # its mark is in the other scan


def test_benchmark_says_which_shape_is_found_but_boxed_short():
    # Two mini SIM cards marked on their chip alone (a third of the card), one boxed whole but outscored by
    # a chip-sized mark, and a nano card boxed well; a mark off every card is not counted as a fit.
    records = [{"objects": [{"label": "sim_card", "variant": "mini", "box": [0, 0, 30, 15]},
                            {"label": "sim_card", "variant": "nano", "box": [100, 100, 112, 109]}]},
               {"objects": [{"label": "sim_card", "variant": "mini", "box": [0, 0, 30, 15]}]},
               {"objects": [{"label": "sim_card", "variant": "mini", "box": [0, 0, 30, 15]}]}]
    preds = [[("sim_card", 0.9, (0, 0, 10, 15)), ("sim_card", 0.8, (101, 100, 112, 109)), ("sim_card", 0.95, (300, 0, 330, 15))],
             [("sim_card", 0.7, (20, 0, 30, 15))],
             [("sim_card", 0.6, (0, 0, 30, 15)), ("sim_card", 0.65, (0, 0, 10, 15))]]
    fit = benchmark_module().box_fit_by_variant(preds, records, "sim_card")
    n, touched, median, share = fit["mini"]
    assert (n, touched, share) == (3, 3, 0.0) and median == pytest.approx(1 / 3)
    n, touched, median, share = fit["nano"]
    assert (n, touched, share) == (1, 1, 1.0) and median == pytest.approx(11 / 12)
    assert benchmark_module().box_fit_by_variant([[]], records[:1], "sim_card")["mini"] == (1, 0, 0.0, 0.0)


def test_benchmark_times_its_networks_in_turns_of_whole_blocks():
    # Three networks, five images in blocks of two, twice over: each network sees every image twice, a
    # block at a time (warm caches), and the one that goes first changes from turn to turn.
    calls = []
    runs = [lambda image, k=k: calls.append((k, image)) for k in range(3)]
    timed = benchmark_module().latency(runs, list(range(5)), repeats=2, block=2)
    assert len(timed) == 3 and all(p50 >= 0 and p95 >= p50 for p50, p95 in timed)
    for k in range(3):
        assert sorted(image for who, image in calls if who == k) == sorted(list(range(5)) * 2)
    turns = [calls[i:i + 2] for i in range(0, 12, 2)]  # the first turn: blocks of two images
    assert [block[0][0] for block in turns[:3]] == [0, 1, 2] and all(a[0] == b[0] for a, b in turns[:3])
    assert calls[6][0] == 1  # the second turn starts with the next network


def test_a_sites_thresholds_are_chosen_on_half_its_images_and_checked_on_the_other_half():
    import tomllib
    from types import SimpleNamespace

    from app.detection.base import Severity
    from app.services.evaluation import FolderEvaluation, suggest_thresholds

    far = (50, 50, 60, 60)
    # 20 parcels with a knife the model scores 0.7; 20 clean ones where this scanner's colours draw a false
    # knife at 0.4 out of it, over the model's 0.3: every clean parcel alarms. No SIM card anywhere.
    preds = [[("knife", 0.7, BOX)] if i % 2 else [("knife", 0.4, far)] for i in range(40)]
    truths = [[("knife", BOX)] if i % 2 else [] for i in range(40)]
    clean = [not t for t in truths]
    scores = score_predictions(preds, truths, ["knife", "sim_card"], {"knife": 0.3, "sim_card": 0.8}, clean)
    ev = FolderEvaluation(scores, "m", [f"{i}.png" for i in range(40)], Path("."), [], set(), [], preds, truths, clean)
    model = SimpleNamespace(classes=["knife", "sim_card"], thresholds=np.array([0.3, 0.8]),
                            severities=[Severity.HIGH, Severity.HIGH])
    site = suggest_thresholds(ev, model)
    assert site.thresholds == {"knife": 0.45, "sim_card": 0.8} and site.chosen == ["knife"]
    assert site.check_shipped.clean_with_alarm == 1.0 and site.check.clean_with_alarm == 0.0
    assert site.check.classes["knife"].recall == 1.0 and site.check.images == 20
    assert tomllib.loads(site.toml())["detection"]["thresholds"] == site.thresholds


def test_evaluate_command_suggests_thresholds_for_config_toml(tmp_path, fixtures_dir, capsys):
    import tomllib

    code = main(["evaluate", "--images", str(fixtures_dir / "images"), "--labels",
                 str(fixtures_dir / "annotations.coco.json"), "--model", str(CONSTANT), "--report",
                 str(tmp_path / "report.html"), "--suggest-thresholds"])
    out = capsys.readouterr().out
    assert code == 0 and "checked on the other half" in out
    snippet = out[out.index("[detection]"):]
    thresholds = tomllib.loads(snippet)["detection"]["thresholds"]
    assert set(thresholds) == set(OnnxDetector(CONSTANT).classes)
    assert all(0 < t <= 1 for t in thresholds.values())


def test_a_supervisor_puts_the_sites_thresholds_in_config_toml_with_an_audit_entry(tmp_path):
    from sqlalchemy import select

    from app.config import Settings, save_config_table
    from app.detection.factory import REPO_MODELS, load_detector
    from app.services.accounts import AccountService, Role
    from app.services.errors import PermissionDenied
    from app.services.evaluation import SiteThresholds, apply_site_thresholds
    from app.storage import models as m
    from app.storage.db import Database

    db = Database(f"sqlite:///{tmp_path / 'cp.sqlite3'}")
    db.migrate()
    accounts = AccountService(db)
    boss = accounts.create_first_supervisor("boss", "Асанов Бакыт", "correct horse")
    op = accounts.create_account(boss, "op1", "Иванова Мария", Role.OPERATOR, "op-password")
    # The site already has its own severities and scanner; the thresholds must join them, not replace them.
    save_config_table(tmp_path, "detection", {"severity": {"lighter": "low"}, "thresholds": {"knife": 0.35}})
    save_config_table(tmp_path, "scanner", {"kind": "hot-folder", "folder": "D:/Экспорт"})
    classes = json.loads((REPO_MODELS / "detector.json").read_text(encoding="utf-8"))["classes"]
    site = SiteThresholds({c: 0.55 for c in classes}, {c: 0.5 for c in classes}, [], None, None)
    with pytest.raises(PermissionDenied):
        apply_site_thresholds(db, op, tmp_path, site, 7)
    assert Settings.load(tmp_path).detection["thresholds"] == {"knife": 0.35}
    apply_site_thresholds(db, boss, tmp_path, site, 7)
    settings = Settings.load(tmp_path)
    assert settings.detection == {"severity": {"lighter": "low"}, "thresholds": {c: 0.55 for c in classes}}
    assert settings.scanner == {"kind": "hot-folder", "folder": "D:/Экспорт"}
    with db.session() as s:
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "detection.thresholds")).one()
        assert entry.actor_id == boss.id and entry.details["before"] == {"knife": 0.35}
        assert entry.details["site_evaluation"] == 7
    # What the workstation loads at its next start (the shipped model here) runs on them.
    detector, problem = load_detector(config=settings.detection)
    assert problem is None and detector.detectors[0].thresholds.tolist() == pytest.approx([0.55] * len(classes))
    db.dispose()


def test_the_sites_thresholds_are_in_force_from_the_next_scan_and_refused_ones_change_nothing(tmp_path, fixtures_dir):
    from sqlalchemy import select

    from app.config import Settings
    from app.detection.factory import load_detector
    from app.devices.simulated import SimulatedScanner
    from app.services.accounts import AccountService
    from app.services.errors import ServiceError
    from app.services.evaluation import SiteThresholds, apply_site_thresholds
    from app.services.screening import ScreeningService
    from app.storage import models as m
    from app.storage.archive import ImageArchive
    from app.storage.db import Database

    db = Database(f"sqlite:///{tmp_path / 'cp.sqlite3'}")
    db.migrate()
    boss = AccountService(db).create_first_supervisor("boss", "Асанов Бакыт", "correct horse")
    detector, problem = load_detector()
    assert problem is None
    service = ScreeningService(db, ImageArchive(tmp_path / "images"), detector)
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    first = service.process(scanner.scan_next())
    old_tag = detector.tag
    classes = service.trained_model().classes
    # A class the model does not know: refused, and neither config.toml nor the detector in force changes.
    with pytest.raises(ServiceError) as err:
        apply_site_thresholds(db, boss, tmp_path, SiteThresholds({"rifle": 0.5}, {}, [], None, None), 3, service)
    assert err.value.code == "config_invalid" and service.detector is detector
    assert "thresholds" not in Settings.load(tmp_path).detection
    apply_site_thresholds(db, boss, tmp_path, SiteThresholds({c: 0.55 for c in classes}, {}, [], None, None), 3, service)
    assert service.trained_model().thresholds.tolist() == pytest.approx([0.55] * len(classes))
    assert service.detector.tag != old_tag and detector.tag == old_tag  # the old one untouched
    second = service.process(scanner.scan_next())
    with db.session() as s:
        assert s.get(m.Scan, first.scan_id).detector_version == old_tag[:120]
        assert s.get(m.Scan, second.scan_id).detector_version == service.detector.tag[:120]
        entry = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == "detection.thresholds")).one()
        assert entry.details["detector"] == service.detector.tag
    assert all(d.score >= 0.55 for d in second.detections if d.detector.startswith("checkpoint-detector"))
    db.dispose()


def test_mark_crops_draws_false_marks_with_the_item_under_them(tmp_path):
    # The close-up tool's --false mode on a few generated scans: tiles of false marks, highest first,
    # each captioned with its score and the item it lies on.
    import subprocess
    import sys

    import cv2

    from app.devices.simulator.dataset import WriteOptions, generate_dataset
    from app.devices.simulator.scene import SceneConfig
    generate_dataset(tmp_path / "set", 6, seed=31, config=SceneConfig(clean_fraction=1.0), workers=1,
                     options=WriteOptions(raw=False, rgb_format="jpg"))
    out = tmp_path / "false.png"
    tool = Path(__file__).parents[1] / "tools" / "mark_crops.py"
    done = subprocess.run([sys.executable, str(tool), "--data", str(tmp_path / "set"), "--label", "drugs", "--false",
                           "--false-floor", "0.0", "--floor", "0.01", "--count", "3", "--side", "100", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "3 false marks" in done.stdout
    assert cv2.imread(str(out)).shape == (300, 200, 3)


def test_drug_twins_measures_the_own_zeff_of_packets_and_false_marks(tmp_path):
    import subprocess
    import sys

    from app.devices.simulator.dataset import WriteOptions, generate_dataset
    from app.devices.simulator.scene import SceneConfig
    generate_dataset(tmp_path / "set", 4, seed=33, config=SceneConfig(classes=("drugs",), clean_fraction=0.0,
                                                                      hidden_drug_fraction=0.0),
                     workers=1, options=WriteOptions(rgb_format="jpg"))
    tool = Path(__file__).parents[1] / "tools" / "drug_twins.py"
    done = subprocess.run([sys.executable, str(tool), "zeff", "--raw", str(tmp_path / "set"), "--least", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("packet: ")]
    assert rows, done.stdout
    for line in rows:  # a packet of powder, pills, capsules or plant is organic: own Zeff 5-11
        assert 5.0 < float(line.split()[2]) < 11.0, line
    no_pair = tmp_path / "rgb"
    generate_dataset(no_pair, 1, seed=33, workers=1, options=WriteOptions(raw=False))
    refused = subprocess.run([sys.executable, str(tool), "zeff", "--raw", str(no_pair)], capture_output=True, text=True)
    assert refused.returncode != 0 and "no raw pair" in refused.stderr


def test_drug_twins_auc_against_a_case_by_hand():
    import importlib.util
    spec = importlib.util.spec_from_file_location("drug_twins", Path(__file__).parents[1] / "tools" / "drug_twins.py")
    twins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(twins)
    # Of the 2 x 2 (positive, negative) pairs, 3 are ranked right: AUC 0.75.
    assert twins.auc(np.array([0.9, 0.4, 0.5, 0.1]), np.array([1, 1, 0, 0])) == 0.75

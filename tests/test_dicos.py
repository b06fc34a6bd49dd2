"""DICOS round trip: our scan written as DX objects with MACHINE and OPERATOR threat detection
reports, read back with pydicom: image, metadata and detections intact."""
import numpy as np
import pydicom
import pytest

from app.devices import dicos
from app.devices.simulated import SimulatedScanner


@pytest.fixture
def scan(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    return next(s for s in (scanner.scan_next() for _ in range(8)) if s.dual_energy)


def test_round_trip_keeps_image_metadata_and_detections(tmp_path, scan):
    machine = dicos.Report("MACHINE", "ALARM", [dicos.Threat("knife", 0.91, (10, 20, 110, 60)),
                                                dicos.Threat("drugs", 0.55, (200, 210, 260, 300))],
                           algorithm="checkpoint-detector 0.1.17+look1.26#94277bfd; material-analysis 1.0")
    operator = dicos.Report("OPERATOR", "ALARM", [dicos.Threat("knife", None, (10, 20, 110, 60))],
                            operator="Асанова Айгуль")
    files = dicos.export_scan(tmp_path, scan, machine, operator, ooi_id="package-42", stem="p1", processing_ms=23.5)
    assert sorted(f.name for f in files) == ["p1_high.dcm", "p1_low.dcm", "p1_tdr_machine.dcm", "p1_tdr_operator.dcm"]
    high = pydicom.dcmread(tmp_path / "p1_high.dcm")
    assert high.SOPClassUID == dicos.DX_PROCESSING and high.Modality == "DX" and high.PatientID == "package-42"
    assert high.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
    assert np.array_equal(high.pixel_array, scan.high)
    back = dicos.read_dx([tmp_path / "p1_high.dcm", tmp_path / "p1_low.dcm"])
    assert np.array_equal(back.high, scan.high) and np.array_equal(back.low, scan.low)
    assert back.air_high == pytest.approx(scan.air_high) and back.scanner_id == scan.scanner_id
    assert back.rgb.shape == scan.rgb.shape and back.meta["ooi_id"] == "package-42"
    assert abs((back.completed_at - scan.completed_at).total_seconds()) < 1e-3
    tdr = pydicom.dcmread(tmp_path / "p1_tdr_machine.dcm")
    assert tdr.SOPClassUID == dicos.TDR_STORAGE and tdr.TDRType == "MACHINE" and tdr.NumberOfAlarmObjects == 2
    assert tdr.StudyInstanceUID == high.StudyInstanceUID
    assert tdr.ThreatSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID == high.SOPInstanceUID
    report = dicos.read_tdr(tmp_path / "p1_tdr_machine.dcm")
    assert [(t.label, t.box) for t in report.threats] == [("knife", (10, 20, 110, 60)), ("drugs", (200, 210, 260, 300))]
    assert report.threats[0].score == pytest.approx(0.91) and report.algorithm == "checkpoint-detector 0.1.17+look1.26#94277bfd; material-analysis 1.0"
    assert list(tdr.ThreatDetectionAlgorithmAndVersion) == ["checkpoint-detector 0.1.17+look1.26#94277bfd", "material-analysis 1.0"]
    op = dicos.read_tdr(tmp_path / "p1_tdr_operator.dcm")
    assert op.tdr_type == "OPERATOR" and op.operator == "Асанова Айгуль" and op.threats[0].score is None


def test_a_colour_only_scan_and_bad_files(tmp_path, scan):
    from dataclasses import replace

    colour = replace(scan, high=None, low=None, air_high=None, air_low=None)
    (path,) = dicos.export_scan(tmp_path, colour, stem="c")
    assert pydicom.dcmread(path).SOPClassUID == dicos.DX_PRESENTATION
    back = dicos.read_dx([path])
    assert np.array_equal(back.rgb, scan.rgb) and not back.dual_energy
    (tmp_path / "bad.dcm").write_bytes(b"DICM" * 10)
    with pytest.raises(dicos.DicosError):
        dicos.read_dx([tmp_path / "bad.dcm"])
    with pytest.raises(dicos.DicosError):
        dicos.read_tdr(path)  # a DX is not a report


def test_the_hot_folder_takes_dicos_and_detect_reads_it(tmp_path, scan, capsys):
    import json
    from pathlib import Path

    from app.cli import main
    from app.devices.hot_folder import HotFolderScanner

    export = tmp_path / "export"
    dicos.export_scan(export, scan, dicos.Report("MACHINE", "CLEAR", []), stem="parcel")
    scanner = HotFolderScanner(export, settle_s=0.0)
    scans, errors = [], []
    scanner.subscribe(scans.append, on_error=errors.append)
    scanner.poll(now=1.0)
    assert scanner.poll(now=2.0) == 1 and not errors
    assert np.array_equal(scans[0].high, scan.high) and scans[0].dual_energy
    assert (export / "parcel_tdr_machine.dcm").exists()  # the report is left alone
    constant = Path(__file__).with_name("data") / "constant_detector.onnx"
    assert main(["detect", "--json", "--model", str(constant), str(export / "processed")]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["image"].endswith("parcel_high.dcm") and (result["width"], result["height"]) == scan.size


def test_recorded_parcels_export_as_dicos(tmp_path, fixtures_dir):
    from datetime import datetime

    from app.detection.base import Detection, Severity
    from app.services.dicos_export import export_scans
    from app.services.screening import Outcome

    from fakes import FixedDetector
    from test_records import Site, screen

    site = Site(f"sqlite:///{tmp_path / 'cp.sqlite3'}", tmp_path / "images")
    try:
        site.service.detector = FixedDetector([Detection("knife", 0.8, (5, 6, 50, 60), Severity.HIGH, "fixed 1")])
        _, _, views = screen(site, fixtures_dir, [Outcome.FLAG, Outcome.REJECT])
        files = export_scans(site.db, site.archive, tmp_path / "out", day=datetime.now().astimezone().date())
    finally:
        site.close()
    tdrs = sorted(f for f in files if f.name.endswith("_tdr_operator.dcm"))
    assert len(tdrs) == 2
    op = dicos.read_tdr(tdrs[0])
    assert op.operator == "Оператор" and op.alarm == "ALARM" and op.threats[0].box == (5, 6, 50, 60)
    machine = dicos.read_tdr(next(f for f in files if f.name == f"{views[0].scan_id}_tdr_machine.dcm"))
    assert machine.threats[0].label == "knife" and machine.threats[0].score == pytest.approx(0.8)
    dx = [f for f in files if f.name.startswith(views[0].scan_id) and "_tdr_" not in f.name]
    back = dicos.read_dx(dx)
    assert np.array_equal(back.rgb, views[0].scan.rgb) or back.dual_energy

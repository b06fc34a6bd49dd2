"""The hot-folder scanner: files written slowly are read once and whole, bad files are reported and
set aside without stopping the device, a restart does not read anything twice, pairs are one parcel."""
import shutil
import threading
import time

import cv2
import numpy as np
import pytest

from app.devices.base import ScannerErrorCode, ScannerState
from app.devices.hot_folder import LEDGER, HotFolderScanner


@pytest.fixture
def colour(fixtures_dir):
    return cv2.imread(str(fixtures_dir / "images" / "003.png"))


def collect(scanner):
    scans, errors, states = [], [], []
    scanner.subscribe(scans.append, states.append, errors.append)
    return scans, errors, states


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_file_written_slowly_is_read_once_and_whole(tmp_path, colour):
    ok, png = cv2.imencode(".png", colour)
    data = png.tobytes()
    scanner = HotFolderScanner(tmp_path, poll_s=0.03, settle_s=0.4)
    scans, errors, _ = collect(scanner)
    scanner.start()
    try:
        def write_slowly():
            with (tmp_path / "parcel-0001.png").open("wb") as f:
                for i in range(0, len(data), len(data) // 5 + 1):
                    f.write(data[i:i + len(data) // 5 + 1])
                    f.flush()
                    time.sleep(0.15)  # the vendor software is slow, or the share is
        writer = threading.Thread(target=write_slowly)
        writer.start()
        writer.join()
        wait_for(lambda: scans)
        time.sleep(0.5)  # and nothing more arrives
    finally:
        scanner.stop()
    assert len(scans) == 1 and not errors
    assert np.array_equal(scans[0].rgb, cv2.cvtColor(colour, cv2.COLOR_BGR2RGB))
    assert (tmp_path / "processed" / "parcel-0001.png").exists() and not (tmp_path / "parcel-0001.png").exists()


def test_bad_files_are_reported_and_set_aside(tmp_path, colour):
    ok, jpg = cv2.imencode(".jpg", colour)
    (tmp_path / "a_truncated.jpg").write_bytes(jpg.tobytes()[:200])
    (tmp_path / "b_not_an_image.png").write_text("vendor log file")
    cv2.imwrite(str(tmp_path / "c_good.bmp"), colour)
    scanner = HotFolderScanner(tmp_path, settle_s=0.0)
    scans, errors, _ = collect(scanner)
    scanner.poll(now=1.0)  # first look: sizes noted
    assert scanner.poll(now=2.0) == 1  # second look: stable; one good parcel
    assert len(scans) == 1 and scans[0].source.endswith("c_good.bmp")
    assert {e.code for e in errors} == {ScannerErrorCode.CORRUPT_IMAGE}
    assert sorted(e.source.split("/")[-1] for e in errors) == ["a_truncated.jpg", "b_not_an_image.png"]
    assert sorted(p.name for p in (tmp_path / "failed").iterdir()) == ["a_truncated.jpg", "b_not_an_image.png"]
    assert scanner.poll(now=3.0) == 0 and len(errors) == 2  # reported once, not again and again


def test_restart_does_not_read_again(tmp_path, colour):
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"p{i}.png"), colour)
    first = HotFolderScanner(tmp_path, settle_s=0.0, after="keep")  # files stay where the vendor put them
    scans, _, _ = collect(first)
    first.start()
    wait_for(lambda: len(scans) == 3)
    first.stop()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["p0.png", "p1.png", "p2.png"]
    again = HotFolderScanner(tmp_path, settle_s=0.0, after="keep")
    rescans, _, _ = collect(again)
    again.start()
    time.sleep(0.8)
    cv2.imwrite(str(tmp_path / "p3.png"), colour)  # only the new one
    wait_for(lambda: rescans)
    time.sleep(0.5)
    again.stop()
    assert [s.source.split("/")[-1] for s in rescans] == ["p3.png"]
    assert len((tmp_path / LEDGER).read_text().splitlines()) == 4


def test_a_pair_is_one_parcel_and_half_a_pair_is_reported(tmp_path, fixtures_dir):
    shutil.copy(fixtures_dir / "raw" / "000_high.png", tmp_path / "x_high.png")
    shutil.copy(fixtures_dir / "raw" / "000_low.png", tmp_path / "x_low.png")
    shutil.copy(fixtures_dir / "raw" / "004_high.png", tmp_path / "y_high.png")  # its low never comes
    scanner = HotFolderScanner(tmp_path, settle_s=0.0, pair_wait_s=5.0)
    scans, errors, _ = collect(scanner)
    scanner.poll(now=1.0)
    assert scanner.poll(now=2.0) == 1 and not errors
    scan = scans[0]
    assert scan.dual_energy and scan.high.dtype == np.uint16 and scan.rgb.shape[:2] == scan.high.shape
    assert scan.air_high and scan.air_high > float(np.median(scan.high))
    scanner.poll(now=8.0)  # past the wait: the lonely half is reported and set aside
    assert [e.code for e in errors] == [ScannerErrorCode.CORRUPT_IMAGE] and "low-energy" in errors[0].detail


def test_an_unreachable_folder_is_disconnected_until_it_returns(tmp_path, colour):
    folder = tmp_path / "share"
    folder.mkdir()
    scanner = HotFolderScanner(folder, settle_s=0.0)
    scans, errors, states = collect(scanner)
    assert scanner.test_connection()[0]
    folder.rmdir()
    scanner.poll(now=1.0)
    assert scanner.state == ScannerState.DISCONNECTED and errors[-1].code == ScannerErrorCode.DISCONNECTED
    assert not scanner.test_connection()[0]
    folder.mkdir()
    cv2.imwrite(str(folder / "p.png"), colour)
    scanner.poll(now=2.0)
    scanner.poll(now=3.0)
    assert scanner.state == ScannerState.READY and len(scans) == 1


def test_config_chooses_the_scanner_and_the_workstation_screens_from_the_folder(tmp_path, colour):
    from app.config import Settings
    from app.devices.factory import ScannerConfigError, make_scanner
    from app.devices.simulated import SimulatedScanner
    from app.services.workstation import Workstation

    from fakes import FixedDetector

    assert isinstance(make_scanner({}), SimulatedScanner)
    for bad in ({"kind": "hot-folder"}, {"kind": "usb"}, {"kind": "hot-folder", "folder": "x", "colour": 1},
                {"kind": "hot-folder", "folder": "x", "after": "delete"}):
        with pytest.raises(ScannerConfigError):
            make_scanner(bad)
    export = tmp_path / "export"
    export.mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "config.toml").write_text(
        f'[scanner]\nkind = "hot-folder"\nfolder = "{export.as_posix()}"\nsettle_s = 0.1\npoll_s = 0.05\nid = "xray-1"\n',
        encoding="utf-8")
    settings = Settings.load(tmp_path / "data")
    ws = Workstation.open(settings, None, detector=FixedDetector())
    try:
        assert isinstance(ws.scanner, HotFolderScanner) and ws.scanner.scanner_id == "xray-1"
        ws.service.attach(ws.scanner)
        ws.scanner.start()
        cv2.imwrite(str(export / "parcel.png"), colour)
        wait_for(lambda: ws.service.pending())
        (view,) = ws.service.pending()
        assert view.scan.scanner_id == "xray-1" and view.scan.rgb.shape == colour.shape
    finally:
        ws.close()

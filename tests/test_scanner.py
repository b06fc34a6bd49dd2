"""The scanner interface and the simulated scanner's events and failure modes."""
import json
import shutil
import threading

import numpy as np
import pytest

from app.devices.base import Scan, ScannerErrorCode, ScannerState
from app.devices.simulated import SimulatedScanner, replay_entries


class Recorder:
    def __init__(self, scanner):
        self.scans, self.states, self.errors = [], [], []
        self.got_scan = threading.Event()
        scanner.subscribe(on_scan=self._scan, on_state=self.states.append, on_error=self.errors.append)

    def _scan(self, scan):
        self.scans.append(scan)
        self.got_scan.set()


def test_replays_the_fixtures_in_order_with_ground_truth(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    rec = Recorder(scanner)
    scanner.start()
    try:
        for _ in range(3):
            assert isinstance(scanner.scan_next(), Scan)
    finally:
        scanner.stop()
    manifest = json.loads((fixtures_dir / "manifest.json").read_text())
    assert [s.meta["id"] for s in rec.scans] == [r["id"] for r in manifest["scans"][:3]]
    assert rec.scans[0].dual_energy and rec.scans[0].high.dtype == np.uint16
    assert rec.scans[0].ground_truth == manifest["scans"][0]["objects"]
    assert ScannerState.SCANNING in rec.states and rec.states[-1] == ScannerState.STOPPED
    assert not rec.errors


def test_shuffle_is_deterministic_by_seed(fixtures_dir):
    def order(seed):
        s = SimulatedScanner(fixtures_dir, interval_s=None, shuffle=True, seed=seed)
        return [s.scan_next().meta["id"] for _ in range(5)]

    assert order(1) == order(1) and order(1) != order(2)


def test_corrupt_image_is_reported_and_the_next_parcel_still_comes(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    rec = Recorder(scanner)
    scanner.corrupt_next()
    assert scanner.scan_next() is None
    assert rec.errors[-1].code == ScannerErrorCode.CORRUPT_IMAGE and rec.errors[-1].source.endswith("000.png")
    assert scanner.scan_next() is not None and rec.scans[-1].meta["id"] == "001"


def test_a_corrupt_file_in_a_folder_is_skipped_with_an_error(tmp_path, fixtures_dir):
    for name in ("000.png", "001.png"):
        shutil.copy(fixtures_dir / "images" / name, tmp_path / name)
    (tmp_path / "000a_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage, not an image")
    assert len(replay_entries(tmp_path)) == 3
    scanner = SimulatedScanner(tmp_path, interval_s=None, loop=False)
    rec = Recorder(scanner)
    results = [scanner.scan_next() for _ in range(4)]
    assert [r is not None for r in results] == [True, False, True, False]
    assert [e.code for e in rec.errors] == [ScannerErrorCode.CORRUPT_IMAGE, ScannerErrorCode.SOURCE_EMPTY]
    assert not rec.scans[0].dual_energy  # a plain image folder gives colour images only


def test_disconnect_and_belt_stop_are_states_and_errors(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    rec = Recorder(scanner)
    scanner.start()
    try:
        scanner.disconnect()
        assert scanner.state == ScannerState.DISCONNECTED
        assert scanner.scan_next() is None
        assert [e.code for e in rec.errors] == [ScannerErrorCode.DISCONNECTED] * 2
        scanner.reconnect()
        assert scanner.state == ScannerState.READY
        scanner.stop_belt()
        assert scanner.state == ScannerState.BELT_STOPPED and scanner.scan_next() is None
        assert rec.errors[-1].code == ScannerErrorCode.BELT_STOPPED
        scanner.start_belt()
        assert scanner.scan_next() is not None
    finally:
        scanner.stop()
    assert scanner.state == ScannerState.STOPPED


def test_paced_scanning_on_its_own_thread(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=0.05)
    rec = Recorder(scanner)
    scanner.start()
    try:
        assert rec.got_scan.wait(timeout=10)
    finally:
        scanner.stop()
    n = len(rec.scans)
    assert n >= 1 and scanner.state == ScannerState.STOPPED
    threading.Event().wait(0.2)
    assert len(rec.scans) == n, "no scans after stop"


def test_trigger_paces_a_manual_scanner(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    rec = Recorder(scanner)
    scanner.start()
    try:
        assert not rec.got_scan.wait(timeout=0.2)
        scanner.trigger()
        assert rec.got_scan.wait(timeout=10)
    finally:
        scanner.stop()


def test_generating_scanner_delivers_dual_energy_scans_with_ground_truth():
    scanner = SimulatedScanner(None, interval_s=None, seed=5)
    scans = [scanner.scan_next() for _ in range(3)]
    assert all(s.dual_energy and s.air_high == 50000 for s in scans)
    assert all(isinstance(s.ground_truth, list) for s in scans)
    scanner.corrupt_next()
    assert scanner.scan_next() is None


def test_unsubscribe_stops_delivery(fixtures_dir):
    scanner = SimulatedScanner(fixtures_dir, interval_s=None)
    got = []
    unsubscribe = scanner.subscribe(on_scan=got.append)
    scanner.scan_next()
    unsubscribe()
    scanner.scan_next()
    assert len(got) == 1


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no scan images"):
        SimulatedScanner(tmp_path)

"""Which scanner the workstation talks to, from the `[scanner]` table of the site's config.toml:

    [scanner]                       # the default: the simulated scanner
    kind = "simulated"

    [scanner]                       # the vendor software exports each parcel to a folder
    kind = "hot-folder"
    folder = "D:/XrayExport"
    settle_s = 1.0                  # a file must stay unchanged this long before it is read
    high_suffix = "_high"           # pairs: <stem>_high.png + <stem>_low.png
    low_suffix = "_low"
    after = "move"                  # or "keep": leave read files in place (the ledger remembers them)
    id = "xray-1"
"""
from __future__ import annotations

from pathlib import Path

from .base import Scanner

KINDS = ("simulated", "hot-folder")


class ScannerConfigError(ValueError):
    code = "scanner_config_invalid"


def make_scanner(config: dict | None, replay: Path | None = None, *, interval_s: float | None = None, seed: int = 0,
                 scanner_id: str | None = None) -> Scanner:
    config = dict(config or {})
    kind = config.pop("kind", "simulated")
    sid = scanner_id or config.pop("id", None)
    if kind == "simulated" or replay is not None:
        from .simulated import SimulatedScanner

        return SimulatedScanner(replay, interval_s=interval_s, seed=seed, scanner_id=sid or "sim-1")
    if kind == "hot-folder":
        from .hot_folder import HotFolderScanner

        if "folder" not in config:
            raise ScannerConfigError("[scanner] kind = \"hot-folder\" needs folder = \"...\"")
        allowed = {"folder", "poll_s", "settle_s", "high_suffix", "low_suffix", "after", "pair_wait_s"}
        unknown = sorted(set(config) - allowed)
        if unknown:
            raise ScannerConfigError(f"[scanner]: unknown setting(s) {', '.join(unknown)}")
        try:
            return HotFolderScanner(Path(config.pop("folder")), scanner_id=sid or "folder-1", **config)
        except (TypeError, ValueError) as exc:
            raise ScannerConfigError(f"[scanner]: {exc}") from exc
    raise ScannerConfigError(f"[scanner] kind must be one of {', '.join(KINDS)}, not {kind!r}")

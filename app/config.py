"""Where Checkpoint keeps its data, and which database it talks to.

Paths come from platformdirs (the platform's user data folder), overridden by `--data-dir` or
CHECKPOINT_DATA_DIR. The database is an SQLite file in the data folder unless a URL is given by
CHECKPOINT_DATABASE_URL or by `database_url` in the data folder's config.toml (for a site where
several workstations share one PostgreSQL server).

The same file tunes the detector for the site, without touching the shipped model:

    [detection]
    model = "D:/models/detector.onnx"        # another model file (its .json beside it)
    thresholds = { knife = 0.35, lighter = 0.7 }
    severity = { lighter = "low" }

and chooses the scanner (see app/devices/factory.py for the [scanner] table).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Checkpoint"


class ConfigError(Exception):
    code = "config_invalid"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    images_dir: Path
    log_dir: Path
    detection: dict = field(default_factory=dict)  # the [detection] table of config.toml
    scanner: dict = field(default_factory=dict)  # the [scanner] table (app/devices/factory.py)

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> "Settings":
        base = Path(data_dir or os.environ.get("CHECKPOINT_DATA_DIR") or PlatformDirs(APP_NAME).user_data_path)
        base.mkdir(parents=True, exist_ok=True)
        document: dict = {}
        config_file = base / "config.toml"
        if config_file.is_file():
            try:
                document = tomllib.loads(config_file.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{config_file}: {exc}") from exc
        detection, scanner = document.get("detection", {}), document.get("scanner", {})
        if not isinstance(detection, dict) or not isinstance(scanner, dict):
            raise ConfigError(f"{config_file}: [detection] and [scanner] must be tables")
        url = (os.environ.get("CHECKPOINT_DATABASE_URL") or document.get("database_url")
               or f"sqlite:///{base / 'checkpoint.sqlite3'}")
        return cls(base, url, base / "images", base / "logs", detection, scanner)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_config_table(data_dir: Path, table: str, values: dict) -> Path:
    """Replace one [table] of the data folder's config.toml, keeping the others (comments are not kept)."""
    path = Path(data_dir) / "config.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    document[table] = dict(values)
    lines = ["# Checkpoint site configuration (written by Checkpoint; see README)"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in document.items() if not isinstance(v, dict)]
    for name, body in document.items():
        if isinstance(body, dict):
            lines += ["", f"[{name}]"] + [f"{k} = {_toml_value(v)}" for k, v in body.items()]
    tmp = path.with_name("config.toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path

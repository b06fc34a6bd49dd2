"""A supervisor's changes to how this workstation is set up, kept in the data folder's config.toml and in
the audit trail in one call, so no window writes the one without the other."""
from __future__ import annotations

from pathlib import Path

from .errors import PermissionDenied


def save_scanner_settings(db, actor, data_dir: Path, values: dict) -> Path:
    """Write the [scanner] table (kind, id, an export folder's settings) with a `setting_changed` audit entry.
    The workstation connects to the scanner at its next start. Raises PermissionDenied for other roles,
    OSError when config.toml cannot be written (read-only, disk full) and nothing is then audited."""
    from app.config import save_config_table
    from app.storage import audit

    if not actor.may("change_settings"):
        raise PermissionDenied("only a supervisor changes the scanner's settings")
    path = save_config_table(Path(data_dir), "scanner", dict(values))
    with db.session() as session:
        audit.append(session, actor.id, "setting_changed", "setting", "scanner", dict(values))
    return path

"""What the operator reads for each error code: what happened and what to do."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def error_message(code: str) -> str:
    messages = {
        "wrong_password": QCoreApplication.translate("Messages", "Wrong user name or password. Check the keyboard layout and Caps Lock, then try again."),
        "account_disabled": QCoreApplication.translate("Messages", "This account is disabled. Ask a supervisor."),
        "weak_password": QCoreApplication.translate("Messages", "The password must have at least 8 characters."),
        "username_taken": QCoreApplication.translate("Messages", "This user name is taken. Choose another."),
        "username_required": QCoreApplication.translate("Messages", "Enter a user name."),
        "permission_denied": QCoreApplication.translate("Messages", "Your role does not allow this."),
        "reason_required": QCoreApplication.translate("Messages", "Choose a reason (and describe it for 'Other')."),
        "alarm_needs_inspection": QCoreApplication.translate("Messages", "The detector raised a high alarm: this parcel can only be flagged or rejected."),
        "already_decided": QCoreApplication.translate("Messages", "This parcel has already been decided."),
        "package_required": QCoreApplication.translate("Messages", "Register the visitor and the package first (F2)."),
        "unknown_scan": QCoreApplication.translate("Messages", "This scan is not in the database."),
        "disconnected": QCoreApplication.translate("Messages", "Scanner not responding. Check its cable and power; scanning resumes when it is back."),
        "belt_stopped": QCoreApplication.translate("Messages", "The scanner's belt has stopped. Clear the tunnel and restart the belt."),
        "corrupt_image": QCoreApplication.translate("Messages", "The scanner sent a damaged image. Send the parcel through again."),
        "source_empty": QCoreApplication.translate("Messages", "The simulated scanner has no more images to replay."),
        "database_locked": QCoreApplication.translate("Messages", "The database is busy. Your decision was not saved: press the key again in a moment."),
        "disk_full": QCoreApplication.translate("Messages", "The disk is full. Nothing more can be saved: call the administrator."),
        "database_read_only": QCoreApplication.translate("Messages", "The database cannot be written. Call the administrator."),
        "database_too_new": QCoreApplication.translate("Messages", "This database was upgraded by a newer version of Checkpoint. Install that version on this workstation; nothing was changed."),
        "migration_failed": QCoreApplication.translate("Messages", "The database could not be upgraded. A backup was made before the attempt (the backups folder beside it). Call the administrator."),
        "scanner_config_invalid": QCoreApplication.translate("Messages", "The scanner settings in config.toml are invalid. Call the administrator to correct them."),
        "archive_write_failed": QCoreApplication.translate("Messages", "The scan image could not be saved. Call the administrator."),
        "image_missing": QCoreApplication.translate("Messages", "A stored image is missing from the archive."),
        "image_altered": QCoreApplication.translate("Messages", "A stored image does not match its record: it may have been altered."),
        "model_corrupt": QCoreApplication.translate("Messages", "The detector model is damaged: only material analysis runs. Call the administrator to reinstall the model."),
        "model_missing": QCoreApplication.translate("Messages", "The detector model file is missing: only material analysis runs. Call the administrator to reinstall the model."),
        "second_look_unusable": QCoreApplication.translate("Messages", "The detector's second look (a closer check of the items it finds hardest, such as SIM cards and drug packets) is missing or damaged: the detector runs without it and finds fewer of them. Call the administrator to reinstall the model."),
        "config_invalid": QCoreApplication.translate("Messages", "The detector settings in config.toml are invalid: only material analysis runs. Call the administrator to correct them."),
    }
    return messages.get(code, QCoreApplication.translate("Messages", "Unexpected error ({code}). The details are in the log.").replace("{code}", code))

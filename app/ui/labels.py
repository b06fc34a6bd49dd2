"""Operator-facing names of detector classes, reasons and scanner states (translated)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def class_labels() -> dict[str, str]:
    return {
        "knife": QCoreApplication.translate("Labels", "knife/blade"),
        "gun": QCoreApplication.translate("Labels", "gun"),
        "scissors": QCoreApplication.translate("Labels", "scissors"),
        "syringe": QCoreApplication.translate("Labels", "syringe"),
        "phone": QCoreApplication.translate("Labels", "mobile phone"),
        "sim_card": QCoreApplication.translate("Labels", "SIM card"),
        "battery": QCoreApplication.translate("Labels", "battery/power bank"),
        "drugs": QCoreApplication.translate("Labels", "drugs (dense organic)"),
        "alcohol": QCoreApplication.translate("Labels", "alcohol"),
        "lighter": QCoreApplication.translate("Labels", "lighter"),
        "opaque": QCoreApplication.translate("Labels", "opaque area")}


def reason_labels() -> dict[str, str]:
    return {
        "detector_alarm": QCoreApplication.translate("Labels", "Detector alarm"),
        "dense_organic": QCoreApplication.translate("Labels", "Dense organic mass"),
        "opaque_area": QCoreApplication.translate("Labels", "Opaque area hides contents"),
        "suspected_phone": QCoreApplication.translate("Labels", "Suspected phone or SIM card"),
        "suspected_drugs": QCoreApplication.translate("Labels", "Suspected drugs"),
        "suspected_weapon": QCoreApplication.translate("Labels", "Suspected weapon or blade"),
        "undeclared_items": QCoreApplication.translate("Labels", "Contents differ from the declaration"),
        "other": QCoreApplication.translate("Labels", "Other"),
        "prohibited_item_visible": QCoreApplication.translate("Labels", "Prohibited item clearly visible"),
        "over_weight_limit": QCoreApplication.translate("Labels", "Over the monthly weight limit"),
        "not_allowed_item": QCoreApplication.translate("Labels", "Item not allowed in parcels"),
        "damaged_packaging": QCoreApplication.translate("Labels", "Packaging damaged or tampered with")}


def state_text(state: str) -> str:
    return {
        "ready": QCoreApplication.translate("Labels", "ready"),
        "scanning": QCoreApplication.translate("Labels", "scanning"),
        "stopped": QCoreApplication.translate("Labels", "stopped"),
        "disconnected": QCoreApplication.translate("Labels", "disconnected"),
        "belt_stopped": QCoreApplication.translate("Labels", "belt stopped")}.get(state, state)

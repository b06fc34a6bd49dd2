"""Hands events from the scanner's and the screening service's threads to the GUI thread.

Callbacks of the layers below run on their own threads; widgets may only be touched on the GUI
thread. Emitting a Signal from another thread queues the slot call on the receiver's thread.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.devices.base import Scanner, ScannerError, ScannerState
from app.services.screening import ParcelView, ScreeningService


class EventBridge(QObject):
    parcel_ready = Signal(object)  # ParcelView
    storage_failed = Signal(str, str)  # code, detail
    scanner_state = Signal(str)  # ScannerState value
    scanner_error = Signal(str, str)  # ScannerErrorCode value, source

    def connect_to(self, scanner: Scanner, service: ScreeningService) -> None:
        service.on_parcel_ready(self._parcel)
        service.on_failure(self.storage_failed.emit)
        scanner.subscribe(on_state=self._state, on_error=self._error)

    def _parcel(self, view: ParcelView) -> None:
        self.parcel_ready.emit(view)

    def _state(self, state: ScannerState) -> None:
        self.scanner_state.emit(state.value)

    def _error(self, error: ScannerError) -> None:
        self.scanner_error.emit(error.code.value, error.source or "")

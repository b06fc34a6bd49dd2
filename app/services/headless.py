"""Screen simulated parcels without a window, deciding by a fixed auto-policy.

For demonstrations, soak tests and the tests of the screening loop. The policy is deliberately
simple and recorded as such: any alarm is flagged (with the reason that fits its class), a parcel
without an alarm is cleared. It is not how a person screens; it shows that every step records what
it should.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select

from app.detection.base import Severity
from app.devices.simulated import SimulatedScanner
from app.storage import audit
from app.storage import models as m

from .accounts import Account, Role
from .screening import Outcome, ParcelView, ScreeningService, Telemetry

AUTO_USER = "auto-policy"


@dataclass(frozen=True)
class HeadlessResult:
    scan_id: str
    outcome: Outcome
    reason: str | None
    detections: list[str]
    truth: list[str]


REASON_BY_CLASS = {"drugs": "dense_organic", "opaque": "opaque_area"}


def auto_policy(view: ParcelView) -> tuple[Outcome, str | None]:
    alarms = sorted(view.detections, key=lambda d: (d.severity != Severity.HIGH, -d.score))
    if not alarms:
        return Outcome.CLEAR, None
    return Outcome.FLAG, REASON_BY_CLASS.get(alarms[0].label, "detector_alarm")


def auto_account(service: ScreeningService) -> Account:
    """The account decisions of the auto-policy are recorded under; it cannot log in."""
    with service.db.session() as s:
        op = s.scalar(select(m.Operator).where(m.Operator.username == AUTO_USER))
        if op is None:
            op = m.Operator(username=AUTO_USER, full_name="Auto-policy (headless)", role=Role.OPERATOR.value,
                            password_hash="!" + secrets.token_hex(16), active=False)
            s.add(op)
            s.flush()
            audit.append(s, None, "account_created", "operator", op.id, {"username": AUTO_USER, "role": op.role,
                                                                         "login": False})
        return Account(op.id, op.username, op.full_name, Role.OPERATOR)


def screen_headless(service: ScreeningService, scanner: SimulatedScanner, count: int,
                    report: Callable[[HeadlessResult], None] | None = None) -> list[HeadlessResult]:
    account = auto_account(service)
    results = []
    for n in range(count):
        service.start_visit(account, f"Simulated visitor {n + 1}", f"SIM{n + 1:06d}", f"Prisoner {n % 7 + 1}")
        scan = scanner.scan_next()
        if scan is None:
            continue
        view = service.process(scan)
        outcome, reason = auto_policy(view)
        service.decide(account, view, outcome, reason, telemetry=Telemetry(shown_at=m.utcnow()))
        result = HeadlessResult(view.scan_id, outcome, reason, [d.label for d in view.detections],
                                [o["label"] for o in scan.ground_truth or []])
        results.append(result)
        if report:
            report(result)
    return results

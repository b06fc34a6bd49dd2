"""Continuous screening is tiring: a session timer with a configurable rule, warned and recorded.

EU practice for screeners: at most 20 minutes of continuous image interpretation, then a break of
about 10 minutes or another task. A pause of `break_min` without screening counts as that break.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable

from app.storage import audit
from app.storage.db import Database
from app.storage.settings import read_setting, write_setting
from app.storage import models as m


class FatigueState(str, Enum):
    OK = "ok"
    WARN = "warn"  # the limit is near
    OVER = "over"  # past the limit: take a break or another task


@dataclass(frozen=True)
class FatigueRule:
    max_continuous_min: float = 20.0
    break_min: float = 10.0
    warn_before_min: float = 2.0


RULE_KEY = "fatigue_rule"


def load_rule(db: Database) -> FatigueRule:
    value = read_setting(db, RULE_KEY)
    return FatigueRule(**value) if value else FatigueRule()


def save_rule(db: Database, actor, rule: FatigueRule) -> None:
    """A supervisor's setting, recorded in the audit trail."""
    if not actor.may("change_settings"):
        from .errors import PermissionDenied

        raise PermissionDenied("only a supervisor changes the screening time rule")
    if not (1 <= rule.max_continuous_min <= 240 and 1 <= rule.break_min <= 120
            and 0 <= rule.warn_before_min < rule.max_continuous_min):
        raise ValueError(f"implausible rule {rule}")
    value = {"max_continuous_min": rule.max_continuous_min, "break_min": rule.break_min,
             "warn_before_min": rule.warn_before_min}
    write_setting(db, actor.id, RULE_KEY, value)


class ScreeningTimer:
    def __init__(self, db: Database, operator_id: int, rule: FatigueRule = FatigueRule(),
                 clock: Callable[[], datetime] = m.utcnow):
        self.db, self.operator_id, self.rule, self.clock = db, operator_id, rule, clock
        self.session_id: int | None = None
        self.started_at: datetime | None = None
        self.last_activity: datetime | None = None
        self._recorded: set[FatigueState] = set()

    def activity(self) -> None:
        """The operator looked at or decided a parcel."""
        now = self.clock()
        if self.last_activity and now - self.last_activity >= timedelta(minutes=self.rule.break_min):
            self.end("break_taken", at=self.last_activity)
        if self.session_id is None:
            with self.db.session() as s:
                row = m.ScreeningSession(operator_id=self.operator_id, started_at=now)
                s.add(row)
                s.flush()
                self.session_id = row.id
            self.started_at, self._recorded = now, set()
        self.last_activity = now

    def state(self) -> tuple[FatigueState, float]:
        """State and minutes of continuous screening so far; records the first warning."""
        if self.started_at is None:
            return FatigueState.OK, 0.0
        now = self.clock()
        if self.last_activity and now - self.last_activity >= timedelta(minutes=self.rule.break_min):
            self.end("break_taken", at=self.last_activity)
            return FatigueState.OK, 0.0
        minutes = (now - self.started_at).total_seconds() / 60
        if minutes >= self.rule.max_continuous_min:
            state = FatigueState.OVER
        elif minutes >= self.rule.max_continuous_min - self.rule.warn_before_min:
            state = FatigueState.WARN
        else:
            return FatigueState.OK, minutes
        if state not in self._recorded:  # each state once per session: the record, not a flood
            self._recorded.add(state)
            with self.db.session() as s:
                row = s.get(m.ScreeningSession, self.session_id)
                row.warned_at = row.warned_at or now
                audit.append(s, self.operator_id, "fatigue_warning", "screening_session", self.session_id,
                             {"minutes": round(minutes, 1), "state": state.value})
        return state, minutes

    def end(self, reason: str, at: datetime | None = None) -> None:
        if self.session_id is None:
            return
        with self.db.session() as s:
            row = s.get(m.ScreeningSession, self.session_id)
            row.ended_at, row.end_reason = at or self.clock(), reason
        self.session_id = self.started_at = None

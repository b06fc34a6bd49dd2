"""Accounts and roles: first supervisor, log in, create operators. Passwords hashed with Argon2id."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from app.storage import audit
from app.storage.db import Database
from app.storage.models import Operator, utcnow

from .errors import AuthError, PermissionDenied

MIN_PASSWORD = 8


class Role(str, Enum):
    OPERATOR = "operator"  # screens parcels
    INSPECTOR = "inspector"  # hand-searches flagged parcels
    SUPERVISOR = "supervisor"  # everything, plus accounts and settings


# What each role may do; the UI shows only these.
PERMISSIONS = {
    Role.OPERATOR: {"screen"},
    Role.INSPECTOR: {"inspect"},
    Role.SUPERVISOR: {"screen", "inspect", "manage_accounts", "change_settings", "view_reports"},
}


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str
    role: Role

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


def _account(op: Operator) -> Account:
    return Account(op.id, op.username, op.full_name, Role(op.role))


class AccountService:
    def __init__(self, db: Database, hasher: PasswordHasher | None = None):
        self.db = db
        self.hasher = hasher or PasswordHasher()

    def needs_first_supervisor(self) -> bool:
        with self.db.session() as s:
            return not s.scalar(select(func.count()).select_from(Operator).where(Operator.role == Role.SUPERVISOR.value))

    def create_first_supervisor(self, username: str, full_name: str, password: str) -> Account:
        if not self.needs_first_supervisor():
            raise PermissionDenied("a supervisor exists already")
        return self._create(None, username, full_name, Role.SUPERVISOR, password)

    def create_account(self, actor: Account, username: str, full_name: str, role: Role, password: str) -> Account:
        if not actor.may("manage_accounts"):
            raise PermissionDenied("only a supervisor creates accounts")
        return self._create(actor.id, username, full_name, role, password)

    def _create(self, actor_id, username: str, full_name: str, role: Role, password: str) -> Account:
        username = username.strip()
        if not username:
            raise AuthError("empty username", code="username_required")
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"at least {MIN_PASSWORD} characters", code="weak_password")
        with self.db.session() as s:
            if s.scalar(select(Operator).where(Operator.username == username)):
                raise AuthError(username, code="username_taken")
            op = Operator(username=username, full_name=full_name.strip(), role=role.value,
                          password_hash=self.hasher.hash(password))
            s.add(op)
            s.flush()
            audit.append(s, actor_id if actor_id is not None else op.id, "account_created", "operator", op.id,
                         {"username": username, "role": role.value})
            return _account(op)

    def set_active(self, actor: Account, account_id: int, active: bool) -> None:
        """Disable (or enable again) an account; accounts are never deleted, their records stay theirs."""
        self._change(actor, account_id, "account_enabled" if active else "account_disabled", active=bool(active))

    def change_role(self, actor: Account, account_id: int, role: Role) -> None:
        self._change(actor, account_id, "account_role_changed", role=role.value)

    def reset_password(self, actor: Account, account_id: int, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"at least {MIN_PASSWORD} characters", code="weak_password")
        self._change(actor, account_id, "account_password_reset", password_hash=self.hasher.hash(password))

    def _change(self, actor: Account, account_id: int, action: str, **values) -> None:
        if not actor.may("manage_accounts"):
            raise PermissionDenied("only a supervisor changes accounts")
        if account_id == actor.id and ("active" in values or "role" in values):
            raise AuthError("a supervisor cannot lock themself out", code="own_account")
        with self.db.session() as s:
            op = s.get(Operator, account_id)
            if op is None:
                raise AuthError(str(account_id), code="unknown_account")
            before = {k: getattr(op, k) for k in values if k != "password_hash"}
            for k, v in values.items():
                setattr(op, k, v)
            audit.append(s, actor.id, action, "operator", op.id,
                         {"before": before, "after": {k: v for k, v in values.items() if k != "password_hash"}})

    def authenticate(self, username: str, password: str) -> Account:
        failure = None
        with self.db.session() as s:  # a failed attempt is recorded too, so it must commit
            op = s.scalar(select(Operator).where(Operator.username == username.strip()))
            if op is None:
                # Same work as a real check, so the answer's timing does not reveal who exists.
                try:
                    self.hasher.verify(self.hasher.hash("x" * MIN_PASSWORD), password + "\0")
                except VerificationError:
                    pass
                failure = "unknown_user"
                audit.append(s, None, "login_failed", "operator", username.strip()[:64], {"reason": failure})
            else:
                try:
                    self.hasher.verify(op.password_hash, password)
                except (VerificationError, InvalidHashError):
                    failure = "wrong_password"
                if failure is None and not op.active:
                    failure = "account_disabled"
                audit.append(s, op.id, "login" if failure is None else "login_failed", "operator", op.id,
                             {"reason": failure} if failure else {})
                if failure is None:
                    op.last_login_at = utcnow()
        if failure == "account_disabled":
            raise AuthError(code="account_disabled")
        if failure:
            raise AuthError(code="wrong_password")  # never say which of the two was wrong
        return _account(op)

"""Typed errors of the use cases. They carry a code; the UI says what it means and what to do."""


class ServiceError(Exception):
    code = "service_error"

    def __init__(self, detail: str = "", code: str | None = None):
        super().__init__(detail or (code or self.code))
        if code:
            self.code = code
        self.detail = detail


class AuthError(ServiceError):
    code = "wrong_password"  # also: unknown_user, account_disabled, weak_password, username_taken


class PermissionDenied(ServiceError):
    code = "permission_denied"


class DecisionRejected(ServiceError):
    code = "decision_rejected"  # also: reason_required, alarm_needs_inspection, already_decided, package_required

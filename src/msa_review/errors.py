"""Errors a user can act on: a stable code, one clear line and, where it helps, a hint."""

from __future__ import annotations


class ReviewError(Exception):
    """Raised for an input the tool cannot read; never carries a traceback to the user."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.hint = hint

    def line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def as_dict(self) -> dict[str, str]:
        payload = {"code": self.code, "message": self.message}
        if self.hint:
            payload["hint"] = self.hint
        return payload


class InputError(ReviewError):
    """A contract file that cannot be read: not found, corrupt, encrypted, scanned..."""


class PlaybookError(ReviewError):
    """A rule file or configuration that does not validate; names the file and the key."""

    code = "invalid_rule"

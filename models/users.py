"""People who sign in: names, roles and argon2 password hashes (pwdlib). The first
start with no users creates `admin` with a one-time password."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from pwdlib import PasswordHash
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ErrorCode, InputError, YomitoriError
from models.apikeys import Principal
from models.tables import Role, User, aware, utcnow

log = logging.getLogger(__name__)

HASHER = PasswordHash.recommended()  # argon2id with the library's current parameters
MIN_PASSWORD = 10
# verified against when the name is unknown, so that both cases take the same time
_DUMMY = HASHER.hash(secrets.token_urlsafe(16))


class UserCode(StrEnum):
    BAD_LOGIN = "bad_login"
    LOCKED = "account_locked"
    WEAK_PASSWORD = "weak_password"
    BAD_NAME = "bad_user_name"


MESSAGES: dict[UserCode, tuple[str, str]] = {
    UserCode.BAD_LOGIN: ("ユーザー名またはパスワードが違います。", "Wrong user name or password."),
    UserCode.LOCKED: (
        "ログインの失敗が続いたため、しばらくログインできません。時間をおいてお試しください。",
        "Too many failed sign-ins: the account is locked for a while."),
    UserCode.WEAK_PASSWORD: (f"パスワードは {MIN_PASSWORD} 文字以上にしてください。",
                             f"Passwords need at least {MIN_PASSWORD} characters."),
    UserCode.BAD_NAME: ("ユーザー名は 1〜64 文字の英数字・記号 ._- です。",
                        "User names are 1-64 letters, digits or ._-"),
}


class UserError(InputError):
    def __init__(self, code: UserCode, detail: str = "") -> None:  # type: ignore[override]
        YomitoriError.__init__(self, code, detail)  # type: ignore[arg-type]

    @property
    def message_ja(self) -> str:
        return MESSAGES[UserCode(self.code)][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[UserCode(self.code)][1]


def _check_name(name: str) -> str:
    ok = 0 < len(name) <= 64 and all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    if not ok:
        raise UserError(UserCode.BAD_NAME, name[:64])
    return name


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(UserCode.WEAK_PASSWORD)
    return password


def create_user(session: Session, name: str, role: Role, password: str) -> User:
    _check_name(name)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise InputError(ErrorCode.ALREADY_EXISTS, f"user {name!r}")
    user = User(name=name, role=str(role), password_hash=HASHER.hash(_check_password(password)),
                disabled=False)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise InputError(ErrorCode.NOT_FOUND, f"user {name!r}")
    return user


@dataclass(frozen=True)
class Lockout:
    """After `max_failures` wrong passwords in a row an account is locked for `wait`."""

    max_failures: int = 5
    wait: timedelta = timedelta(minutes=15)


def authenticate(session: Session, name: str, password: str,
                 lockout: Lockout = Lockout()) -> Principal:
    """The person behind a name and password. Failures are counted on the account (the
    caller commits them); a locked account is refused even with the right password."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        HASHER.verify(password, _DUMMY)
        raise UserError(UserCode.BAD_LOGIN)
    now = utcnow()
    if user.locked_until is not None and aware(user.locked_until) > now:
        raise UserError(UserCode.LOCKED)
    valid, rehashed = HASHER.verify_and_update(password, user.password_hash)
    if not valid:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= lockout.max_failures:
            user.locked_until, user.failed_logins = now + lockout.wait, 0
            log.warning("user %r locked for %s after %d failed sign-ins", user.name,
                        lockout.wait, lockout.max_failures)
            raise UserError(UserCode.LOCKED)
        raise UserError(UserCode.BAD_LOGIN)
    if user.disabled:
        raise UserError(UserCode.BAD_LOGIN)
    user.failed_logins, user.locked_until = 0, None
    if rehashed:
        user.password_hash = rehashed
    return Principal(user.name, Role(user.role), "user")


def change_password(session: Session, name: str, old: str, new: str) -> None:
    authenticate(session, name, old)
    find_user(session, name).password_hash = HASHER.hash(_check_password(new))


def set_disabled(session: Session, name: str, disabled: bool) -> None:
    find_user(session, name).disabled = disabled


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def ensure_admin(session: Session, password: str | None) -> str | None:
    """With no users at all, create `admin`; returns the password when it was made up
    here (to be shown once), None when nothing was created or it was given."""
    if session.scalar(select(func.count()).select_from(User)):
        return None
    made_up = None if password else secrets.token_urlsafe(12)
    create_user(session, "admin", Role.ADMIN, password or made_up or "")
    return made_up

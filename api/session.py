"""Sign-in sessions of the review UI: a signed, time-limited cookie (itsdangerous) that
names the user, carries the CSRF token and a fingerprint of the password hash, so that
a password change or a disabled account ends every session at once."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import SHIPPED_SECRET, Settings
from models.apikeys import Principal
from models.tables import Role, User

COOKIE = "yomitori_session"
PRE_COOKIE = "yomitori_login"  # CSRF token of the login form, before there is a session
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
LOGIN_FORM_S = 3600


@dataclass(frozen=True)
class UiSession:
    principal: Principal
    csrf: str


def _signer(settings: Settings, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_secret(settings), salt=salt)


def signing_secret(settings: Settings) -> str:
    """The configured secret; while it is the shipped one (development), a random
    secret made once per installation and kept in the data folder, so that no two
    installations share a key."""
    secret = settings.auth.secret_key.get_secret_value()
    if secret != SHIPPED_SECRET:
        return secret
    path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _set(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")


def start(response: Response, request: Request, settings: Settings, user: User) -> None:
    data = {"u": user.name, "c": secrets.token_urlsafe(24), "p": _fingerprint(user)}
    token = _signer(settings, "session").dumps(data)
    _set(response, request, COOKIE, token, int(settings.auth.session_hours * 3600))
    response.delete_cookie(PRE_COOKIE, path="/")


def end(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def read(request: Request, session: Session, settings: Settings) -> UiSession | None:
    """The signed-in user, or None (no cookie, expired, forged, or no longer valid)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        data = _signer(settings, "session").loads(
            token, max_age=int(settings.auth.session_hours * 3600))
    except BadSignature:
        return None
    user = session.scalar(select(User).where(User.name == data.get("u")))
    if user is None or user.disabled or data.get("p") != _fingerprint(user):
        return None
    return UiSession(Principal(user.name, Role(user.role), "user"), str(data["c"]))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


# ---- the login form's token (double submit: a signed cookie and the same in the form)

def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def remember_login_token(request: Request, response: Response, settings: Settings,
                         token: str) -> None:
    _set(response, request, PRE_COOKIE, _signer(settings, "login").dumps(token), LOGIN_FORM_S)


def login_token_ok(request: Request, settings: Settings, given: str | None) -> bool:
    try:
        expected = _signer(settings, "login").loads(request.cookies.get(PRE_COOKIE, ""),
                                                     max_age=LOGIN_FORM_S)
    except BadSignature:
        return False
    return csrf_ok(str(expected), given)

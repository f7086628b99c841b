"""Who is calling, and what their role may do. Two ways in: API keys as `Authorization:
Bearer KEY`, and the review UI's signed session cookie; a request that a session makes
to change anything carries the session's CSRF token (header or form field)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api import session as ui
from api.deps import SettingsDep
from core.errors import ErrorCode, YomitoriError
from models.apikeys import Principal, check_key
from models.tables import Role


class Permission(StrEnum):
    READ = "read"
    READ_OWN = "read_own"
    UPLOAD = "upload"
    CORRECT = "correct"
    APPROVE = "approve"
    EXPORT = "export"
    ADMIN = "admin"


P = Permission
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({P.READ, P.READ_OWN}),
    Role.UPLOADER: frozenset({P.UPLOAD, P.READ_OWN}),
    Role.REVIEWER: frozenset({P.READ, P.READ_OWN, P.UPLOAD, P.CORRECT}),
    Role.APPROVER: frozenset({P.READ, P.READ_OWN, P.UPLOAD, P.CORRECT, P.APPROVE, P.EXPORT}),
    Role.ADMIN: frozenset(Permission),
}


class AuthError(YomitoriError):
    """401 or 403."""


bearer = HTTPBearer(auto_error=False, description="API key: `Authorization: Bearer KEY`")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def given_csrf(request: Request) -> str | None:
    """The CSRF token a changing request sent, from the header or the form."""
    if request.method in SAFE_METHODS:
        return None
    if header := request.headers.get(ui.CSRF_HEADER):
        return header
    if request.headers.get("content-type", "").startswith(FORMS):
        value = (await request.form()).get(ui.CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def ui_session(request: Request, settings: SettingsDep) -> ui.UiSession | None:
    """Checked in a short session of its own: who is asking must not hold a database
    connection for the whole request (uploads open sessions of their own, and under load
    a request holding one while waiting for another starves the pool). Without a cookie
    (scanners, integrations) nothing goes to the thread pool."""
    if ui.COOKIE not in request.cookies:
        return None

    def read() -> ui.UiSession | None:
        with request.app.state.db.session() as session:
            return ui.read(request, session, settings)

    return await run_in_threadpool(read)


UiSessionDep = Annotated[ui.UiSession | None, Depends(ui_session)]


def principal(request: Request, signed_in: UiSessionDep,
              creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
              csrf: Annotated[str | None, Depends(given_csrf)]) -> Principal:
    if creds is not None:
        with request.app.state.db.session() as session:  # short: see ui_session
            found = check_key(session, creds.credentials)
        if found is not None:
            return found
        raise AuthError(ErrorCode.UNAUTHENTICATED)
    if signed_in is not None:
        if request.method not in SAFE_METHODS and not ui.csrf_ok(signed_in.csrf, csrf):
            raise AuthError(ErrorCode.FORBIDDEN, "missing or wrong CSRF token")
        return signed_in.principal
    raise AuthError(ErrorCode.UNAUTHENTICATED)


PrincipalDep = Annotated[Principal, Depends(principal)]


def may(who: Principal, permission: Permission) -> bool:
    return permission in PERMISSIONS[who.role]


def require(permission: Permission):
    async def check(who: PrincipalDep) -> Principal:  # no thread needed
        if permission not in PERMISSIONS[who.role]:
            raise AuthError(ErrorCode.FORBIDDEN, f"{who.role} may not {permission}")
        return who
    return check

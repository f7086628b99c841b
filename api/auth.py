"""Who is calling, and what their role may do. API keys come as `Authorization: Bearer
KEY`; sessions of the review UI will add a second way in."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SessionDep
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


def principal(request: Request, session: SessionDep,
              creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
              ) -> Principal:
    if creds is not None:
        found = check_key(session, creds.credentials)
        if found is not None:
            return found
    raise AuthError(ErrorCode.UNAUTHENTICATED)


PrincipalDep = Annotated[Principal, Depends(principal)]


def require(permission: Permission):
    def check(who: PrincipalDep) -> Principal:
        if permission not in PERMISSIONS[who.role]:
            raise AuthError(ErrorCode.FORBIDDEN, f"{who.role} may not {permission}")
        return who
    return check

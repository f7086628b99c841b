"""API keys: created once (the key is shown one time), stored hashed, revocable.
Keys are 32 random bytes, so a plain SHA-256 of the key is a sound hash; the prefix
finds the row without a scan."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ErrorCode, InputError
from models.tables import ApiKey, Role, aware, utcnow

KEY_PREFIX = "ymt_"
USE_RESOLUTION = timedelta(minutes=1)  # how exact last_used_at is


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    role: Role
    kind: str  # "key" or "user"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(session: Session, name: str, role: Role) -> str:
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise InputError(ErrorCode.ALREADY_EXISTS, f"API key {name!r}")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, role=str(role), prefix=key[:12], key_hash=_hash(key)))
    return key


def revoke_key(session: Session, name: str) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name,
                                              ApiKey.revoked_at.is_(None)))
    if row is None:
        raise InputError(ErrorCode.NOT_FOUND, f"API key {name!r}")
    row.revoked_at = utcnow()


def check_key(session: Session, key: str) -> Principal | None:
    if not key.startswith(KEY_PREFIX):
        return None
    digest = _hash(key)
    for row in session.scalars(select(ApiKey).where(ApiKey.prefix == key[:12],
                                                    ApiKey.revoked_at.is_(None))):
        if hmac.compare_digest(row.key_hash, digest):
            now = utcnow()
            if row.last_used_at is None or now - aware(row.last_used_at) > USE_RESOLUTION:
                row.last_used_at = now  # not on every request: a write per upload is slow
            return Principal(row.name, Role(row.role), "key")
    return None

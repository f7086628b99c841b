"""The document lifecycle: allowed transitions in one table, every transition recorded
with who/what and when."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.errors import ErrorCode, YomitoriError
from models.tables import Document, StatusEvent, utcnow
from models.tables import DocumentStatus as S

ALLOWED: dict[S, frozenset[S]] = {
    S.RECEIVED: frozenset({S.QUEUED, S.PROCESSING, S.FAILED}),
    S.QUEUED: frozenset({S.PROCESSING, S.FAILED}),
    S.PROCESSING: frozenset({S.NEEDS_REVIEW, S.VALIDATED, S.FAILED, S.QUEUED, S.PROCESSING}),
    S.NEEDS_REVIEW: frozenset({S.VALIDATED, S.NEEDS_REVIEW, S.APPROVED, S.REJECTED,
                               S.QUEUED}),
    S.VALIDATED: frozenset({S.NEEDS_REVIEW, S.VALIDATED, S.APPROVED, S.REJECTED, S.QUEUED}),
    S.APPROVED: frozenset({S.EXPORTED, S.NEEDS_REVIEW, S.REJECTED}),
    S.EXPORTED: frozenset({S.EXPORTED}),
    S.FAILED: frozenset({S.QUEUED, S.PROCESSING}),
    S.REJECTED: frozenset({S.NEEDS_REVIEW}),
}


class TransitionError(YomitoriError):
    """A move the lifecycle does not allow."""

    def __init__(self, code: ErrorCode = ErrorCode.INVALID_TRANSITION, detail: str = ""):
        super().__init__(code, detail)


def can_move(current: str, to: S) -> bool:
    return to in ALLOWED.get(S(current), frozenset())


def transition(session: Session, doc: Document, to: S, actor: str,
               reason: str | None = None) -> None:
    record(session, doc.id, S(doc.status), to, actor, reason)
    doc.status = str(to)


def record(session: Session, document_id: int, before: S, after: S, actor: str,
           reason: str | None = None) -> None:
    """The event of a move; `transition` makes it, a row written in its new state (a
    new upload, queued at once) records it with this alone."""
    if not can_move(before, after):
        raise TransitionError(detail=f"{before} -> {after}")
    session.add(StatusEvent(document_id=document_id, from_status=str(before),
                            to_status=str(after), actor=actor, reason=reason,
                            created_at=utcnow()))

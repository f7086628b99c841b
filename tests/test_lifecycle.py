"""Allowed transitions in one place; every transition recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import ErrorCode
from core.settings import Settings
from models.db import Database, upgrade
from models.lifecycle import ALLOWED, TransitionError, can_move, transition
from models.tables import Document, DocumentStatus, StatusEvent


def test_every_state_has_a_row_in_the_table() -> None:
    assert set(ALLOWED) == set(DocumentStatus)


@pytest.mark.parametrize(("start", "to", "ok"), [
    ("received", "processing", True),
    ("processing", "validated", True),
    ("validated", "approved", True),
    ("approved", "exported", True),
    ("exported", "exported", True),  # an explicit re-export
    ("needs_review", "exported", False),  # only approved documents are exported
    ("received", "approved", False),
    ("rejected", "approved", False),
    ("failed", "queued", True),  # retry
])
def test_transitions(start: str, to: str, ok: bool) -> None:
    assert can_move(start, DocumentStatus(to)) is ok


def test_transition_is_recorded_and_a_bad_one_refused(settings: Settings) -> None:
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    with db.session() as s:
        doc = Document(sha256="b" * 64, original_filename="x.png", mime_type="image/png",
                       size_bytes=1)
        s.add(doc)
        s.flush()
        transition(s, doc, DocumentStatus.PROCESSING, "pipeline")
        transition(s, doc, DocumentStatus.NEEDS_REVIEW, "pipeline")
        with pytest.raises(TransitionError) as info:
            transition(s, doc, DocumentStatus.EXPORTED, "clerk")
        assert info.value.code == ErrorCode.INVALID_TRANSITION
        doc_id = doc.id
    with db.session() as s:
        events = s.scalars(select(StatusEvent).where(StatusEvent.document_id == doc_id)
                           .order_by(StatusEvent.id)).all()
        assert [(e.from_status, e.to_status, e.actor) for e in events] == [
            ("received", "processing", "pipeline"), ("processing", "needs_review", "pipeline")]
        assert s.get_one(Document, doc_id).status == "needs_review"

"""Review over REST, for integrations and for the review UI itself: correct a field,
read the history, approve, reject, delete. The rules live in models.review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, Field

from api.auth import Permission, require
from api.deps import SessionDep
from api.routes.documents import document_out
from api.schemas import DocumentOut
from models import review
from models.apikeys import Principal
from validate.config import RulesConfig
from validate.service import load_config

router = APIRouter(prefix="/api/v1/documents", tags=["review"])
Reviewer = Annotated[Principal, Depends(require(Permission.CORRECT))]
Approver = Annotated[Principal, Depends(require(Permission.APPROVE))]
Reader = Annotated[Principal, Depends(require(Permission.READ))]


def get_rules(request: Request) -> RulesConfig:
    """The rules configuration, loaded once per application."""
    state = request.app.state
    if getattr(state, "rules", None) is None:
        state.rules = load_config(state.settings)
    return state.rules


RulesDep = Annotated[RulesConfig, Depends(get_rules)]


class FieldCorrection(BaseModel):
    value: Any = Field(description="the new value; null clears the field")
    reason: str | None = Field(default=None, max_length=1000)


class Approval(BaseModel):
    override_reason: str | None = Field(default=None, max_length=1000)


class Reason(BaseModel):
    reason: str = Field(max_length=1000)


class HistoryOut(BaseModel):
    document_id: int
    entries: list[dict[str, Any]]


@router.patch("/{document_id}/fields/{name}", response_model=DocumentOut)
def correct_field(document_id: int, name: str, body: FieldCorrection, request: Request,
                  session: SessionDep, who: Reviewer, rules: RulesDep) -> DocumentOut:
    """Append a correction and re-run validation; answers the document as it now is."""
    doc = review.load(session, document_id)
    review.correct(session, doc, name, body.value, body.reason, who.name, rules=rules)
    session.commit()
    return document_out(doc, request, session)


@router.get("/{document_id}/history", response_model=HistoryOut)
def document_history(document_id: int, session: SessionDep, _: Reader) -> HistoryOut:
    doc = review.load(session, document_id)
    return HistoryOut(document_id=doc.id,
                      entries=[e.to_dict() for e in review.history(session, doc)])


@router.post("/{document_id}/approve", response_model=DocumentOut)
def approve(document_id: int, request: Request, session: SessionDep, who: Approver,
            body: Annotated[Approval | None, Body()] = None) -> DocumentOut:
    doc = review.load(session, document_id)
    review.approve(session, doc, who.name, body.override_reason if body else None)
    session.commit()
    return document_out(doc, request, session)


@router.post("/{document_id}/reject", response_model=DocumentOut)
def reject(document_id: int, body: Reason, request: Request, session: SessionDep,
           who: Approver) -> DocumentOut:
    doc = review.load(session, document_id)
    review.reject(session, doc, who.name, body.reason)
    session.commit()
    return document_out(doc, request, session)


@router.post("/{document_id}/delete", response_model=DocumentOut)
def delete(document_id: int, body: Reason, request: Request, session: SessionDep,
           who: Approver) -> DocumentOut:
    """Logical deletion with a reason; the document stays visible to admins and search."""
    doc = review.load(session, document_id)
    review.delete(session, doc, who.name, body.reason)
    session.commit()
    return document_out(doc, request, session)

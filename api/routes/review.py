"""Review over REST, for integrations and for the review UI itself: correct a field,
turn a page (read again), read the history, approve, reject, delete. The rules live in
models.review and ingest.rotate."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import BaseModel, Field

from api.auth import Permission, require
from api.deps import SessionDep, SettingsDep
from api.routes.documents import document_out
from api.schemas import DocumentOut, PageNumber, RowId
from extract.templates import TemplateCache, TemplateSet
from ingest.rotate import rotate_page
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


def get_templates(request: Request) -> TemplateSet:
    """The vendor templates, hand-written and learned, as extraction uses them now."""
    state = request.app.state
    if getattr(state, "templates", None) is None:
        settings = state.settings
        state.templates = TemplateCache(settings.templates_dir,
                                        settings.learned_templates_dir)
    return state.templates.current()


TemplatesDep = Annotated[TemplateSet, Depends(get_templates)]


class FieldCorrection(BaseModel):
    value: Any = Field(description="the new value; null clears the field")
    reason: str | None = Field(default=None, max_length=1000)


class Rotation(BaseModel):
    degrees: Literal[90, 180, 270] = Field(description="clockwise, as the page is shown")
    reason: str | None = Field(default=None, max_length=1000)


class Approval(BaseModel):
    override_reason: str | None = Field(default=None, max_length=1000)


class Reason(BaseModel):
    reason: str = Field(max_length=1000)


class HistoryOut(BaseModel):
    document_id: int
    entries: list[dict[str, Any]]


@router.patch("/{document_id}/fields/{name}", response_model=DocumentOut)
def correct_field(document_id: RowId, name: str, body: FieldCorrection, request: Request,
                  session: SessionDep, who: Reviewer, rules: RulesDep,
                  settings: SettingsDep) -> DocumentOut:
    """Append a correction and re-run validation (the vendor's template learns from it);
    answers the document as it now is."""
    doc = review.load(session, document_id)
    review.correct(session, doc, name, body.value, body.reason, who.name, rules=rules,
                   learn_to=settings.learned_templates_dir)
    session.commit()
    return document_out(doc, request, session)


@router.post("/{document_id}/pages/{number}/rotate", response_model=DocumentOut)
def rotate(document_id: RowId, number: PageNumber, body: Rotation, request: Request,
           session: SessionDep, who: Reviewer, rules: RulesDep, templates: TemplatesDep,
           settings: SettingsDep) -> DocumentOut:
    """Turn a page and read it again (a few seconds: the page is OCR'd in this request);
    the document is extracted and validated again, corrections stay as they are."""
    doc = review.load(session, document_id)
    rotate_page(session, doc, number, body.degrees, who.name, settings=settings,
                rules=rules, templates=templates, reason=body.reason)
    session.commit()
    return document_out(doc, request, session)


@router.get("/{document_id}/history", response_model=HistoryOut)
def document_history(document_id: RowId, session: SessionDep, _: Reader,
                     field: Annotated[str | None, Query(max_length=64)] = None
                     ) -> HistoryOut:
    """Everything that happened to the document, oldest first; with `field`, that
    field's corrections and re-readings only."""
    doc = review.load(session, document_id)
    return HistoryOut(document_id=doc.id, entries=[
        e.to_dict() for e in review.history(session, doc, field)])


@router.post("/{document_id}/approve", response_model=DocumentOut)
def approve(document_id: RowId, request: Request, session: SessionDep, who: Approver,
            body: Annotated[Approval | None, Body()] = None) -> DocumentOut:
    doc = review.load(session, document_id)
    review.approve(session, doc, who.name, body.override_reason if body else None)
    session.commit()
    return document_out(doc, request, session)


@router.post("/{document_id}/reject", response_model=DocumentOut)
def reject(document_id: RowId, body: Reason, request: Request, session: SessionDep,
           who: Approver) -> DocumentOut:
    doc = review.load(session, document_id)
    review.reject(session, doc, who.name, body.reason)
    session.commit()
    return document_out(doc, request, session)


@router.post("/{document_id}/delete", response_model=DocumentOut)
def delete(document_id: RowId, body: Reason, request: Request, session: SessionDep,
           who: Approver) -> DocumentOut:
    """Logical deletion with a reason; the document stays visible to admins and search."""
    doc = review.load(session, document_id)
    review.delete(session, doc, who.name, body.reason)
    session.commit()
    return document_out(doc, request, session)

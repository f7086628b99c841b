"""The review UI's pages: sign-in, inbox, upload and the account page. The document
page is in ui_document, the admin page in ui_admin; actions go through the REST API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from api import session as ui
from api.auth import Permission, UiSessionDep, may, require
from api.deps import SessionDep, SettingsDep
from api.routes.ui_render import render
from api.throttle import FailureWindow
from core.errors import YomitoriError
from core.settings import Settings
from models import search
from models.apikeys import Principal
from models.tables import Document, User
from models.users import Lockout, UserCode, authenticate, change_password

public = APIRouter(include_in_schema=False)
router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Permission.READ_OWN))]
Uploader = Annotated[Principal, Depends(require(Permission.UPLOAD))]
LOW_CONFIDENCE = 0.6
PRIORITY = {"needs_review": 0, "validated": 1, "failed": 2}


def safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def page_context(who: Principal, signed_in: ui.UiSession | None) -> dict:
    return {"user": who, "csrf": signed_in.csrf if signed_in else "",
            "is_admin": may(who, Permission.ADMIN), "can_upload": may(who, Permission.UPLOAD)}


# ---- sign-in

@public.get("/login", response_class=HTMLResponse)
def login_page(request: Request, settings: SettingsDep, next: str | None = None,
               error: str | None = None) -> Response:
    token = ui.new_login_token()
    response = render(request, "login.html", {"user": None, "next": safe_next(next),
                                              "error": error, "csrf": token})
    ui.remember_login_token(request, response, settings, token)
    return response


@public.post("/login")
def login(request: Request, session: SessionDep, settings: SettingsDep,
          name: Annotated[str, Form(max_length=64)], password: Annotated[str, Form(max_length=256)],
          csrf_token: Annotated[str, Form(max_length=128)] = "",
          next: Annotated[str, Form(max_length=512)] = "/") -> Response:
    if not ui.login_token_ok(request, settings, csrf_token):
        return RedirectResponse("/login?error=expired", status_code=303)
    address = request.client.host if request.client else "-"
    failures = _failures(request, settings)
    if failures.blocked(address):
        return RedirectResponse(f"/login?error=locked&next={safe_next(next)}", status_code=303)
    lockout = Lockout(settings.auth.max_failed_logins,
                      timedelta(minutes=settings.auth.lockout_minutes))
    try:
        who = authenticate(session, name, password, lockout)
    except YomitoriError as exc:
        failures.fail(address)
        error = "locked" if exc.code == UserCode.LOCKED else "bad"
        return RedirectResponse(f"/login?error={error}&next={safe_next(next)}",
                                status_code=303)
    session.commit()  # a rehashed password is kept
    user = session.scalar(select(User).where(User.name == who.name))
    response = RedirectResponse(safe_next(next), status_code=303)
    ui.start(response, request, settings, user)  # type: ignore[arg-type]
    return response


def _failures(request: Request, settings: Settings) -> FailureWindow:
    """The app's per-address window of failed sign-ins, made on first use."""
    window = getattr(request.app.state, "login_failures", None)
    if window is None:
        window = request.app.state.login_failures = FailureWindow(
            settings.auth.login_attempts_per_ip)
    return window


@router.post("/logout")
def logout(_: Reader) -> Response:
    response = RedirectResponse("/login", status_code=303)
    ui.end(response)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, who: Reader, signed_in: UiSessionDep,
                 done: bool = False, error: str | None = None) -> Response:
    return render(request, "account.html", {**page_context(who, signed_in), "done": done,
                                            "error": error})


@router.post("/account/password")
def password(request: Request, session: SessionDep, settings: SettingsDep, who: Reader,
             old: Annotated[str, Form(max_length=256)],
             new: Annotated[str, Form(max_length=256)]) -> Response:
    try:
        change_password(session, who.name, old, new)
    except YomitoriError as exc:
        return RedirectResponse(f"/account?error={exc.code}", status_code=303)
    session.commit()
    response = RedirectResponse("/account?done=1", status_code=303)
    user = session.scalar(select(User).where(User.name == who.name))
    ui.start(response, request, settings, user)  # type: ignore[arg-type]  # new fingerprint
    return response


# ---- inbox and upload

def amount(value: Decimal | None) -> str:
    """1,234 or 4.11: thousands separated, no exponent, no trailing zeros."""
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    return f"{int(value):,}" if whole else f"{value.normalize():,f}"


def priority(doc: Document) -> tuple:
    """Needs review first, then more findings, then lower confidence, newest first."""
    confidences = [f.confidence for f in doc.fields if f.confidence is not None]
    low = min(confidences, default=1.0)
    return (PRIORITY.get(doc.status, 3), -(doc.finding_count or 0), low, -doc.id)


@router.get("/", response_class=HTMLResponse)
def inbox(request: Request, session: SessionDep, who: Reader, signed_in: UiSessionDep,
          status: Annotated[str | None, Query(max_length=32)] = None,
          type: Annotated[str | None, Query(max_length=16)] = None,
          q: Annotated[str | None, Query(max_length=256)] = None,
          deleted: bool = False) -> Response:
    admin = may(who, Permission.ADMIN)
    found = search.search(session, search.Query(
        text=q or None, status=status or None, doc_type=type or None,
        include_deleted=deleted and admin, sort="-id", limit=500))
    docs = [d for d in found.documents
            if may(who, Permission.READ) or d.uploaded_by == who.name]
    docs.sort(key=priority)
    counts = dict(session.execute(select(Document.status, func.count()).where(
        Document.deleted_at.is_(None)).group_by(Document.status)).all())
    rows = [{"doc": d, "low": priority(d)[2] < LOW_CONFIDENCE,
             "vendor": d.counterparty, "total": amount(d.total_amount)} for d in docs]
    return render(request, "inbox.html", {
        **page_context(who, signed_in), "rows": rows, "counts": counts,
        "filters": {"status": status or "", "type": type or "", "q": q or "",
                    "deleted": deleted}, "statuses": list(counts) or []})


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, who: Uploader, signed_in: UiSessionDep,
                settings: SettingsDep) -> Response:
    return render(request, "upload.html", {**page_context(who, signed_in),
                                           "split_default": str(settings.intake.split)})


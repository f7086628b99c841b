"""The admin page: users (create, disable, enable) and API keys (create, revoke). A new
API key is shown once, on the page that answers its creation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from api.auth import Permission, UiSessionDep, require
from api.deps import SessionDep
from api.routes.ui import page_context
from api.routes.ui_render import render
from core.errors import YomitoriError
from models.apikeys import Principal, create_key, revoke_key
from models.tables import ApiKey, Role
from models.users import create_user, list_users, set_disabled

router = APIRouter(prefix="/admin", include_in_schema=False)
Admin = Annotated[Principal, Depends(require(Permission.ADMIN))]
Name = Annotated[str, Form(min_length=1, max_length=64)]


def admin_page(request: Request, session, who: Principal, signed_in, **extra) -> Response:
    keys = list(session.scalars(select(ApiKey).order_by(ApiKey.name)))
    return render(request, "admin.html", {
        **page_context(who, signed_in), "users": list_users(session), "keys": keys,
        "roles": [str(r) for r in Role], "new_key": None, "error": None, **extra},
        400 if extra.get("error") else 200)


@router.get("")
def admin(request: Request, session: SessionDep, who: Admin, signed_in: UiSessionDep
          ) -> Response:
    return admin_page(request, session, who, signed_in)


@router.post("/users")
def add_user(request: Request, session: SessionDep, who: Admin, signed_in: UiSessionDep,
             name: Name, role: Annotated[Role, Form()],
             password: Annotated[str, Form(max_length=256)]) -> Response:
    try:
        create_user(session, name, role, password)
    except YomitoriError as exc:
        session.rollback()
        return admin_page(request, session, who, signed_in, error=exc.message)
    session.commit()
    return RedirectResponse("/admin", status_code=303)


@router.post("/users/{name}/disabled")
def disable_user(name: str, session: SessionDep, who: Admin,
                 disabled: Annotated[bool, Form()]) -> Response:
    if name != who.name:  # an admin does not lock itself out
        set_disabled(session, name, disabled)
    return RedirectResponse("/admin", status_code=303)


@router.post("/keys")
def add_key(request: Request, session: SessionDep, who: Admin, signed_in: UiSessionDep,
            name: Name, role: Annotated[Role, Form()]) -> Response:
    try:
        key = create_key(session, name, role)
    except YomitoriError as exc:
        session.rollback()
        return admin_page(request, session, who, signed_in, error=exc.message)
    session.commit()
    return admin_page(request, session, who, signed_in, new_key={"name": name, "key": key})


@router.post("/keys/{name}/revoke")
def revoke(name: str, session: SessionDep, _: Admin) -> Response:
    revoke_key(session, name)
    return RedirectResponse("/admin", status_code=303)

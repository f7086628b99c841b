"""The FastAPI application, built from one Settings object."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.auth import AuthError, principal
from api.routes import (documents, exports, review, search, ui, ui_admin, ui_document,
                        upload)
from api.routes.ui_render import STATIC_DIR, error_page
from core.errors import ErrorCode, InputError, YomitoriError
from core.settings import Settings
from ingest.executor import make_executor
from ingest.pipeline import Pipeline
from ingest.queue import InProcessQueue, JobQueue, RqQueue
from ingest.reconcile import Reconciler, reconcile
from models.db import Database
from models.review import ReviewCode
from models.users import UserCode, ensure_admin

log = logging.getLogger(__name__)
HTTP_STATUS = {ErrorCode.TOO_LARGE: 413, ErrorCode.TOO_MANY_PAGES: 413,
               ErrorCode.IMAGE_TOO_LARGE: 413, ErrorCode.UNSUPPORTED_TYPE: 415,
               ErrorCode.NOT_FOUND: 404, ErrorCode.INVALID_TRANSITION: 409,
               ErrorCode.ALREADY_EXISTS: 409, ReviewCode.UNRESOLVED_ERRORS: 409,
               ReviewCode.NOT_REVIEWABLE: 409, ReviewCode.BAD_VALUE: 422,
               UserCode.BAD_LOGIN: 401}


def first_admin(settings: Settings, db: Database) -> None:
    """With no users yet, create `admin`; a made-up password is logged once."""
    given = settings.auth.admin_password
    with db.session() as s:
        made_up = ensure_admin(s, given.get_secret_value() if given else None)
    if made_up:
        log.warning("created user 'admin' with the one-time password %s "
                    "(change it after signing in / 初回ログイン後に変更してください)", made_up)


def build_queue(settings: Settings, db: Database, stack: ExitStack) -> JobQueue:
    if settings.redis_url:
        return RqQueue(settings.redis_url, settings.queue.job_timeout_s)
    pool = stack.enter_context(make_executor(settings.ocr.workers))
    jobs = InProcessQueue(Pipeline(settings, db, pool))
    stack.callback(jobs.stop)
    return jobs


def create_app(settings: Settings, *, start_worker: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.db_url)
        app.state.settings, app.state.db, app.state.jobs = settings, db, None
        app.state.intake = Pipeline(settings, db, executor=None)  # receive only
        app.state.rules = None
        first_admin(settings, db)
        with ExitStack() as stack:
            if start_worker:
                jobs = build_queue(settings, db, stack)
                app.state.jobs = jobs
                cfg = settings.queue.model_copy(update={"requeue_grace_s": 0})
                reconcile(db, jobs, cfg)  # pick up what an earlier run left
                reconciler = Reconciler(db, jobs, settings.queue)
                reconciler.start()
                stack.callback(reconciler.stop)
            yield
        db.engine.dispose()

    app = FastAPI(title="yomitori", version="0.1.0", lifespan=lifespan,
                  description="読取: scans of invoices, receipts and contracts in, "
                              "typed fields out")
    signed_in = [Depends(principal)]  # every route below needs a session or a key
    for module in (upload, documents, review, search, exports, ui, ui_document, ui_admin):
        app.include_router(module.router, dependencies=signed_in)
    app.include_router(ui.public)  # the login page
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(YomitoriError)
    async def domain_error(request: Request, exc: YomitoriError) -> Response:
        status = HTTP_STATUS.get(exc.code, 400 if isinstance(exc, InputError) else 500)
        headers = None
        if isinstance(exc, AuthError):
            status = 401 if exc.code == ErrorCode.UNAUTHENTICATED else 403
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if not request.url.path.startswith("/api/"):  # a page: people, not programs
            if status == 401:
                return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
            return error_page(request, exc, status)
        return JSONResponse({"detail": exc.to_dict()}, status_code=status, headers=headers)

    return app

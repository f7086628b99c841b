"""The FastAPI application, built from one Settings object."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import InternalError as DBInternalError
from sqlalchemy.exc import OperationalError as DBOperationalError

from api.auth import AuthError, principal
from api.headers import SecurityHeaders
from api.routes import (documents, exports, review, search, ui, ui_admin, ui_document,
                        upload)
from api.routes.ui_render import STATIC_DIR, error_page
from api.schemas import ErrorOut, ValidationErrors
from api.warm import warm_up
from core.errors import ErrorCode, InputError, YomitoriError
from core.logging import setup_logging
from core.settings import Settings
from ingest.executor import make_executor
from ingest.pipeline import Pipeline
from ingest.queue import InProcessQueue, JobQueue, RqQueue
from ingest.reconcile import Reconciler, reconcile
from ingest.split import SplitCode
from models.db import Database
from models.review import ReviewCode
from models.users import UserCode, ensure_admin

log = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict] = {
    **{status: {"model": ErrorOut} for status in (400, 401, 403, 404, 409, 413, 415, 503,
                                                  507)},
    422: {"model": ErrorOut | ValidationErrors,
          "description": "FastAPI's validation errors, or a yomitori error code"},
}
HTTP_STATUS = {ErrorCode.TOO_LARGE: 413, ErrorCode.TOO_MANY_PAGES: 413,
               ErrorCode.IMAGE_TOO_LARGE: 413, ErrorCode.UNSUPPORTED_TYPE: 415,
               ErrorCode.DISK_FULL: 507,
               ErrorCode.NOT_FOUND: 404, ErrorCode.INVALID_TRANSITION: 409,
               ErrorCode.ALREADY_EXISTS: 409, ReviewCode.UNRESOLVED_ERRORS: 409,
               ReviewCode.NOT_REVIEWABLE: 409, ReviewCode.BAD_VALUE: 422,
               UserCode.BAD_LOGIN: 401, UserCode.LOCKED: 429, SplitCode.BAD_MODE: 422}


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
    pool = stack.enter_context(make_executor(settings.ocr.workers,
                                             settings.limits.worker_memory_mb))
    jobs = InProcessQueue(Pipeline(settings, db, pool))
    stack.callback(jobs.stop)
    return jobs


def from_environment() -> FastAPI:
    """The app of one of `yomitori serve --workers N`'s processes."""
    settings = Settings()
    setup_logging(settings.log_level)
    return create_app(settings)


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
            warm_up(db)
            stack.callback(gc.unfreeze)  # once stopped, its objects may be collected
            yield
        db.engine.dispose()

    app = FastAPI(title="yomitori", version="0.1.0", lifespan=lifespan,
                  description="読取: scans of invoices, receipts and contracts in, "
                              "typed fields out")
    signed_in = [Depends(principal)]  # every route below needs a session or a key
    for module in (upload, documents, review, search, exports, ui, ui_document, ui_admin):
        app.include_router(module.router, dependencies=signed_in, responses=ERROR_RESPONSES)
    app.include_router(ui.public)  # the login page
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(DBAPIError)
    async def database_away(request: Request, exc: DBAPIError) -> Response:
        """The database is down, restarting or read-only for a moment: the client may
        send again (a file already stored is kept; the same bytes find it again)."""
        if not exc.connection_invalidated and not isinstance(
                exc, (DBOperationalError, DBInternalError)):
            raise exc
        log.warning("database unavailable for %s %s: %s", request.method, request.url.path,
                    type(exc.orig).__name__)
        error = YomitoriError(ErrorCode.DATABASE_UNAVAILABLE)
        return JSONResponse({"detail": error.to_dict()}, status_code=503,
                            headers={"Retry-After": "5"})

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

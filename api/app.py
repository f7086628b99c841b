"""The FastAPI application, built from one Settings object."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.auth import AuthError
from api.routes import documents, exports, home, search, upload
from core.errors import ErrorCode, InputError, YomitoriError
from core.settings import Settings
from ingest.executor import make_executor
from ingest.pipeline import Pipeline
from ingest.queue import InProcessQueue, JobQueue, RqQueue
from ingest.reconcile import Reconciler, reconcile
from models.db import Database

HTTP_STATUS = {ErrorCode.TOO_LARGE: 413, ErrorCode.TOO_MANY_PAGES: 413,
               ErrorCode.IMAGE_TOO_LARGE: 413, ErrorCode.UNSUPPORTED_TYPE: 415,
               ErrorCode.NOT_FOUND: 404, ErrorCode.INVALID_TRANSITION: 409,
               ErrorCode.ALREADY_EXISTS: 409}


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
    app.include_router(upload.router)
    app.include_router(documents.router)
    app.include_router(search.router)
    app.include_router(exports.router)
    app.include_router(home.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(YomitoriError)
    async def domain_error(_: Request, exc: YomitoriError) -> JSONResponse:
        status = HTTP_STATUS.get(exc.code, 400 if isinstance(exc, InputError) else 500)
        headers = None
        if isinstance(exc, AuthError):
            status = 401 if exc.code == ErrorCode.UNAUTHENTICATED else 403
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": exc.to_dict()}, status_code=status, headers=headers)

    return app

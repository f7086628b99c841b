"""The FastAPI application, built from one Settings object."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import documents, home, search
from core.errors import InputError, YomitoriError
from core.settings import Settings
from ingest.executor import make_executor
from ingest.pipeline import Pipeline
from ingest.worker import InProcessWorker
from models.db import Database


def create_app(settings: Settings, *, start_worker: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.db_url)
        app.state.settings = settings
        app.state.db = db
        if start_worker:
            with make_executor(settings.ocr.workers) as pool:
                worker = InProcessWorker(Pipeline(settings, db, pool))
                app.state.worker = worker
                worker.start()
                yield
                worker.stop()
        else:
            yield
        db.engine.dispose()

    app = FastAPI(title="yomitori", version="0.1.0", lifespan=lifespan,
                  description="読取: scans of invoices, receipts and contracts in, typed fields out")
    app.include_router(documents.router)
    app.include_router(search.router)
    app.include_router(home.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(YomitoriError)
    async def domain_error(_: Request, exc: YomitoriError) -> JSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        return JSONResponse({"detail": exc.to_dict()}, status_code=status)

    return app

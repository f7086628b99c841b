"""Job entry points for rq workers. A worker process builds its Settings, database and
pipeline once, from the environment, and reuses them for every job."""

from __future__ import annotations

from functools import cache

from core.settings import Settings
from ingest.executor import make_executor
from ingest.pipeline import Pipeline
from models.db import Database


@cache
def _pipeline() -> Pipeline:
    settings = Settings()
    return Pipeline(settings, Database(settings.db_url),
                    make_executor(settings.queue.worker_processes,
                                  settings.limits.worker_memory_mb))


def process_document(document_id: int) -> str:
    return _pipeline().process(document_id)

"""File -> OcrDocument: sniff, count pages, then run one page job per page through
the executor. Used by `yomitori extract` (no database) and by the pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections import deque
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from core.errors import ErrorCode, InputError, YomitoriError
from core.settings import Settings
from ingest.executor import ordered_map
from ingest.pagejob import PageJob, run_page
from ingest.pages import count_pages
from ingest.sniff import Mime, sniff_path
from ocr.types import OcrDocument, OcrPage


@dataclass(frozen=True, slots=True)
class Planned:
    """A file whose pages are known, or the error that stopped it."""

    index: int
    path: Path
    mime: Mime | None = None
    pages: int = 0
    error: YomitoriError | None = None


def plan(index: int, path: Path, settings: Settings) -> Planned:
    try:
        if not path.is_file():
            raise InputError(ErrorCode.NOT_FOUND, str(path))
        size = path.stat().st_size
        if size > settings.limits.max_file_bytes:
            raise InputError(ErrorCode.TOO_LARGE, f"{size} bytes")
        mime = sniff_path(path)
        return Planned(index, path, mime, count_pages(path, mime, settings.limits))
    except YomitoriError as exc:
        return Planned(index, path, error=exc)


@dataclass(frozen=True, slots=True)
class ReadResult:
    planned: Planned
    document: OcrDocument | None = None
    error: YomitoriError | None = None


def read_many(paths: Iterable[Path], settings: Settings, executor: Executor,
              page_dir: Path | None = None, window: int = 8) -> Iterator[ReadResult]:
    """Read files in order; pages of consecutive files share the executor."""
    plans = (plan(i, p, settings) for i, p in enumerate(paths))
    jobs = _jobs(plans, settings, page_dir)
    current: Planned | None = None
    pages: list[OcrPage] = []
    error: YomitoriError | None = None
    for planned, future in _tagged(executor, jobs, window):
        if current is not None and planned.index != current.index:
            yield _result(current, pages, error)
            pages, error = [], None
        current = planned
        if future is None:
            continue
        exc = future.exception()
        if exc is None:
            pages.append(future.result())
        elif error is None:
            error = exc if isinstance(exc, YomitoriError) else _internal(exc)
    if current is not None:
        yield _result(current, pages, error)


def _internal(exc: BaseException) -> YomitoriError:
    return YomitoriError(ErrorCode.INTERNAL, type(exc).__name__)


def _result(planned: Planned, pages: list[OcrPage], error: YomitoriError | None
            ) -> ReadResult:
    if planned.error is not None:
        return ReadResult(planned, error=planned.error)
    if error is not None:
        return ReadResult(planned, error=error)
    return ReadResult(planned, OcrDocument(tuple(sorted(pages, key=lambda p: p.number))))


def _jobs(plans: Iterable[Planned], settings: Settings, page_dir: Path | None):
    for planned in plans:
        if planned.error is not None or planned.mime is None:
            yield planned, None
            continue
        for n in range(1, planned.pages + 1):
            save = page_dir / f"{planned.index}" / f"{n}.png" if page_dir else None
            yield planned, PageJob(planned.path, planned.mime, n, settings,
                                   engine=settings.ocr.engine, save_to=save)


def _run_job(job: PageJob | None) -> OcrPage | None:
    return run_page(job) if job is not None else None


def _tagged(executor: Executor, jobs: Iterable[tuple[Planned, PageJob | None]], window: int
            ) -> Iterator[tuple[Planned, Future[OcrPage | None] | None]]:
    """ordered_map over page jobs, keeping each job's Planned beside its future."""
    tags: deque[tuple[Planned, bool]] = deque()

    def only_jobs() -> Iterator[PageJob | None]:
        for planned, job in jobs:
            tags.append((planned, job is not None))
            yield job

    for future in ordered_map(executor, _run_job, only_jobs(), window):
        planned, has_job = tags.popleft()
        yield planned, (future if has_job else None)

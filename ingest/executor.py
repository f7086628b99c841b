"""Runs page jobs: a process pool for real work, an inline twin for tests and for
single-page runs. Results come back in submission order with a bounded window,
so a 200-page PDF never has more than a few pages in flight."""

from __future__ import annotations

import os
import resource
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class InlineExecutor(Executor):
    """Runs each job at submit time, in this process."""

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed back to the caller through the future
            future.set_exception(exc)
        return future


def _init_worker(memory_mb: int) -> None:
    """Each OCR process: Tesseract single-threaded, and an address-space cap that the
    programs it starts (tesseract, pdftoppm) inherit, so one monstrous page fails alone."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb > 0:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def make_executor(workers: int, memory_mb: int = 0) -> Executor:
    """A pool of `workers` processes (0: one per core), each capped at `memory_mb` of
    address space (0: no cap); one worker runs inline, uncapped, in this process."""
    count = workers or os.cpu_count() or 1
    if count <= 1:
        return InlineExecutor()
    return ProcessPoolExecutor(max_workers=count, initializer=_init_worker,
                               initargs=(memory_mb,))


def ordered_map(executor: Executor, fn: Callable[[T], R], items: Iterable[T],
                window: int = 8) -> Iterator[Future[R]]:
    """Yield the finished future of each item, in the items' order."""
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(executor.submit(fn, item))
        if len(pending) >= window:
            future = pending.popleft()
            future.exception()  # wait
            yield future
    while pending:
        future = pending.popleft()
        future.exception()
        yield future

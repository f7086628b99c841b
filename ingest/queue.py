"""The job queue carries document ids only. With a Redis URL, jobs go to rq and any
number of `yomitori worker` processes on any machine run them; without, a thread in
this process runs the same job function."""

from __future__ import annotations

import logging
import queue
from contextlib import suppress
import threading
from typing import Protocol

from ingest.pipeline import Pipeline

log = logging.getLogger(__name__)
QUEUE_NAME = "yomitori"
JOB = "ingest.jobs.process_document"


class JobQueue(Protocol):
    def enqueue(self, document_id: int, replace: bool = False) -> None:
        """Queue a job; `replace` drops a job the queue still holds for the document
        (its worker is known to be dead)."""
        ...

    def active(self, document_id: int) -> bool:
        """A job for the document is waiting or running, as far as the queue knows."""
        ...


def job_id(document_id: int) -> str:
    return f"document-{document_id}"


class RqQueue:
    def __init__(self, redis_url: str, job_timeout_s: int) -> None:
        from redis import Redis
        from rq import Queue

        self.redis = Redis.from_url(redis_url)
        self.queue = Queue(QUEUE_NAME, connection=self.redis)
        self.job_timeout_s = job_timeout_s

    def enqueue(self, document_id: int, replace: bool = False) -> None:
        from rq import Retry
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        if replace:
            with suppress(NoSuchJobError):
                Job.fetch(job_id(document_id), connection=self.redis).delete()
        elif self.active(document_id):
            return
        self.queue.enqueue_call(JOB, args=(document_id,), job_id=job_id(document_id),
                                timeout=self.job_timeout_s, result_ttl=3600,
                                failure_ttl=86400, retry=Retry(max=2, interval=[10, 60]))

    def active(self, document_id: int) -> bool:
        """One read of the job's status (an upload asks this for every new document)."""
        from rq.job import Job, JobStatus

        status = self.redis.hget(Job.key_for(job_id(document_id)), "status")
        return status is not None and status.decode() in (
            JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED)


class InProcessQueue:
    """One worker thread in this process: the embedded default."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="yomitori-worker", daemon=True)
        self._thread.start()

    def enqueue(self, document_id: int, replace: bool = False) -> None:
        with self._lock:
            if document_id in self._pending:
                return
            self._pending.add(document_id)
        self._queue.put(document_id)

    def active(self, document_id: int) -> bool:
        with self._lock:
            return document_id in self._pending

    def idle(self) -> bool:
        with self._lock:
            return not self._pending

    def stop(self, timeout: float = 30.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (doc_id := self._queue.get()) is not None:
            try:
                self.pipeline.process(doc_id)
            except Exception:  # one bad document must not stop the worker
                log.exception("document %d: unexpected failure; handed back to the queue",
                              doc_id)
            finally:
                with self._lock:
                    self._pending.discard(doc_id)

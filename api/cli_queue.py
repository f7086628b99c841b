"""CLI commands for intake and the queue: API keys, the rq worker, the hot folder."""

from __future__ import annotations

import sys
import threading
from contextlib import ExitStack
from pathlib import Path

import click

from core.errors import YomitoriError
from core.settings import Settings, SplitMode

ROLES = ["viewer", "uploader", "reviewer", "approver", "admin"]


@click.group("apikey")
def apikey() -> None:
    """API keys for scanners and integrations."""


@apikey.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="uploader", show_default=True)
@click.pass_obj
def apikey_create(settings: Settings, name: str, role: str) -> None:
    """Create a key; it is printed once, on its own line, and only its hash is kept."""
    from models.apikeys import create_key
    from models.db import Database, upgrade
    from models.tables import Role

    upgrade(settings.db_url)
    try:
        with Database(settings.db_url).session() as s:
            key = create_key(s, name, Role(role))
    except YomitoriError as exc:
        click.echo(f"{exc.code}: {exc.message}", err=True)
        sys.exit(1)
    click.echo(key)


@apikey.command("revoke")
@click.argument("name")
@click.pass_obj
def apikey_revoke(settings: Settings, name: str) -> None:
    """Revoke a key by its name."""
    from models.apikeys import revoke_key
    from models.db import Database, upgrade

    upgrade(settings.db_url)
    try:
        with Database(settings.db_url).session() as s:
            revoke_key(s, name)
    except YomitoriError as exc:
        click.echo(f"{exc.code}: {exc.message}", err=True)
        sys.exit(1)
    click.echo(f"revoked {name}", err=True)


@click.command("worker")
@click.option("--burst", is_flag=True, help="stop when the queue is empty")
@click.pass_obj
def worker(settings: Settings, burst: bool) -> None:
    """Run an rq worker (needs YOMITORI_REDIS_URL). Start as many as you like, on any
    machine that reaches the same Redis, database and file store."""
    from redis import Redis
    from rq import SimpleWorker

    from ingest.queue import QUEUE_NAME, RqQueue
    from ingest.reconcile import Reconciler
    from models.db import Database, upgrade

    if not settings.redis_url:
        raise click.UsageError("set YOMITORI_REDIS_URL to run workers; without it, "
                               "`yomitori serve` processes documents itself")
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    reconciler = Reconciler(db, RqQueue(settings.redis_url, settings.queue.job_timeout_s),
                            settings.queue)
    reconciler.start()
    try:
        # SimpleWorker runs jobs in this process, so models load once per worker
        SimpleWorker([QUEUE_NAME], connection=Redis.from_url(settings.redis_url),
                     job_monitoring_interval=5).work(burst=burst, with_scheduler=True)
    finally:
        reconciler.stop()


@click.command("watch")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--stable", type=float, default=2.0, show_default=True,
              help="seconds a file must stay unchanged before it is taken")
@click.option("--split", "split", type=click.Choice(["none", "blank", "auto"]), default=None,
              help="cut multi-page scans into documents: none, blank (at blank pages) or "
                   "auto (blank pages and new document headers); default "
                   "YOMITORI_INTAKE__SPLIT")
@click.pass_obj
def watch_cmd(settings: Settings, folder: Path, stable: float, split: str | None) -> None:
    """Ingest files dropped in FOLDER; move them to done/ or failed/."""
    from api.app import build_queue
    from ingest.hotfolder import HotFolder
    from ingest.pipeline import Pipeline
    from ingest.reconcile import Reconciler
    from models.db import Database, upgrade

    upgrade(settings.db_url)
    folder.mkdir(parents=True, exist_ok=True)
    db = Database(settings.db_url)
    stop = threading.Event()
    with ExitStack() as stack:
        jobs = build_queue(settings, db, stack)
        reconciler = Reconciler(db, jobs, settings.queue)
        reconciler.start()
        stack.callback(reconciler.stop)
        click.echo(f"watching {folder} (Ctrl-C to stop)", err=True)
        try:
            mode = SplitMode(split) if split else settings.intake.split
            HotFolder(folder, Pipeline(settings, db, None), jobs, stable, mode).run(stop)
        except KeyboardInterrupt:
            stop.set()

"""The `yomitori` command line. Results go to stdout, progress and messages to stderr;
the exit status is non-zero when any file failed."""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.errors import ErrorCode, YomitoriError
from core.logging import setup_logging
from core.settings import Settings, SplitMode

err = Console(stderr=True, soft_wrap=True)  # messages are read by scripts too: no wrapping


def progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, disable=not err.is_terminal)


class YomitoriGroup(click.Group):
    """Errors raised on purpose end the command with their message, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except YomitoriError as exc:
            err.print(f"yomitori: {exc.code}: {exc.message}", highlight=False, markup=False)
            ctx.exit(2)


@click.group(cls=YomitoriGroup)
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING (default from settings)")
@click.pass_context
def main(ctx: click.Context, log_level: str | None) -> None:
    """yomitori (読取): scans of invoices, receipts and contracts in, typed fields out."""
    settings = Settings()
    setup_logging(log_level or ("WARNING" if ctx.invoked_subcommand == "extract"
                                else settings.log_level))
    ctx.obj = settings


SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}


def expand(paths: tuple[Path, ...]) -> Iterator[Path]:
    """Files as given; folders walked in name order, taking the files whose names say
    they are scans (hidden files skipped). A file named explicitly is always tried."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path


SPLIT_MODES = ["none", "blank", "auto"]
SPLIT_HELP = ("cut multi-page scans into documents: none, blank (at blank pages) or auto "
              "(blank pages and new document headers); default YOMITORI_INTAKE__SPLIT")


def split_mode(settings: Settings, value: str | None) -> SplitMode:
    return SplitMode(value) if value else settings.intake.split


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--workers", type=int, default=None, help="OCR processes (default: one per core)")
@click.option("--split", "split", type=click.Choice(SPLIT_MODES), default=None, help=SPLIT_HELP)
@click.pass_obj
def extract(settings: Settings, paths: tuple[Path, ...], workers: int | None,
            split: str | None) -> None:
    """Read files and print one JSON object per document (JSON Lines), in input order;
    a file split into several documents gives one line per part. Nothing is stored."""
    from extract.output import error_json
    from ingest.executor import make_executor
    from ingest.reader import read_many
    from ingest.second_look import scratch_images
    from validate.service import context, load_config

    ctx = context(load_config(settings))
    mode = split_mode(settings, split)
    files = list(expand(paths))
    failed = 0
    with make_executor(workers if workers is not None else settings.ocr.workers,
                       settings.limits.worker_memory_mb) as pool, \
            progress() as bar, tempfile.TemporaryDirectory(prefix="yomitori-extract-") as tmp:
        task = bar.add_task("読取中 reading", total=len(files))
        keep = Path(tmp) if settings.ocr.second_look else None  # page images for it
        for result in read_many(files, settings, pool, page_dir=keep):
            name = str(files[result.planned.index])
            if result.error is not None or result.document is None:
                failed += 1
                outs = [error_json(name, result.error or YomitoriError(ErrorCode.INTERNAL))]
            else:
                with scratch_images(keep, result.planned.index, result.document) as images:
                    outs = _analysed_parts(name, result.document, mode, ctx, images,
                                           settings)
            for out in outs:
                click.echo(json.dumps(out, ensure_ascii=False))
            bar.advance(task)
    sys.exit(1 if failed else 0)


def _analysed_parts(name: str, ocr, mode: SplitMode, ctx, images: tuple[Path, ...],
                    settings: Settings) -> list[dict]:
    """One output object per document in the file; with a split mode each says which
    part it is and why it starts where it does. `images`: the file's page images, for
    the second look (none when it is off)."""
    from ingest.analyze import analysis_json, analyze
    from ingest.split import part_document, split_points

    look = settings.ocr if images else None
    if mode is SplitMode.NONE:
        return [analysis_json(name, ocr, analyze(ocr, ctx, images=images, ocr_settings=look))]
    parts = split_points(ocr.pages, mode)
    outs = []
    for index, part in enumerate(parts, start=1):
        doc = part_document(ocr, part)
        pictures = tuple(images[n - 1] for n in part.pages)
        out = analysis_json(name, doc, analyze(doc, ctx, images=pictures, ocr_settings=look))
        out["part"] = {"index": index, "of": len(parts), "page_range": [part.first, part.last],
                       "cause": str(part.cause), "evidence": part.evidence}
        outs.append(out)
    return outs


@main.command("eval")
@click.argument("truth", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the predictions (JSON Lines) here")
@click.option("--workers", type=int, default=None, help="OCR processes (default: one per core)")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="keep OCR results here and reuse them (for work on extraction only)")
@click.pass_obj
def eval_(settings: Settings, truth: Path, save: Path | None, workers: int | None,
          cache: Path | None) -> None:
    """Extract every file a truth file lists and print per-field accuracy."""
    from extract.evaluate import Score
    from extract.output import document_json, error_json
    from extract.registry import extract_document
    from ingest.executor import make_executor
    from ingest.second_look import look_again, scratch_images

    rows = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    files = [truth.parent / row["file"] for row in rows]
    score = Score()
    out = save.open("w", encoding="utf-8") if save else None
    with make_executor(workers if workers is not None else settings.ocr.workers,
                       settings.limits.worker_memory_mb) as pool, \
            progress() as bar, tempfile.TemporaryDirectory(prefix="yomitori-eval-") as tmp:
        task = bar.add_task("評価中 evaluating", total=len(files))
        # the page images, for the second look (with an OCR cache there are none)
        keep = Path(tmp) if settings.ocr.second_look and cache is None else None
        for result in _read_cached(files, settings, pool, cache, keep):
            row = rows[result.planned.index]
            if result.document is None:
                pred = error_json(row["file"], result.error or YomitoriError(ErrorCode.INTERNAL))
            else:
                with scratch_images(keep, result.planned.index, result.document) as images:
                    extraction = look_again(result.document, extract_document(result.document),
                                            images, settings.ocr)
                pred = document_json(row["file"], result.document, extraction)
            score.add(row, pred)
            if out:
                out.write(json.dumps(pred, ensure_ascii=False) + "\n")
            bar.advance(task)
    if out:
        out.close()
    click.echo("\n".join(score.lines()))


def _read_cached(files: list[Path], settings: Settings, pool, cache_dir: Path | None,
                 page_dir: Path | None = None):
    """read_many, answering from the OCR cache where it can. Page images are kept in
    `page_dir` without a cache only (with one, the second look has no images)."""
    from ingest.ocrcache import OcrCache
    from ingest.reader import Planned, ReadResult, read_many

    if cache_dir is None:
        yield from read_many(files, settings, pool, page_dir=page_dir)
        return
    cache = OcrCache(cache_dir, settings)
    missing: list[int] = []
    for i, file in enumerate(files):
        doc = cache.get(file) if file.is_file() else None
        if doc is None:
            missing.append(i)
        else:
            yield ReadResult(Planned(i, file), doc)
    for r in read_many([files[i] for i in missing], settings, pool):
        if r.document is not None:
            cache.put(r.planned.path, r.document)
        yield ReadResult(Planned(missing[r.planned.index], r.planned.path), r.document, r.error)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--workers", type=int, default=None, help="OCR processes (default: one per core)")
@click.option("--split", "split", type=click.Choice(SPLIT_MODES), default=None, help=SPLIT_HELP)
@click.pass_obj
def ingest(settings: Settings, paths: tuple[Path, ...], workers: int | None,
           split: str | None) -> None:
    """Store files (or folders of files) and process them into the database."""
    from ingest.executor import make_executor
    from ingest.pipeline import Pipeline
    from models.db import Database, upgrade

    mode = split_mode(settings, split)
    upgrade(settings.db_url)
    files = list(expand(paths))
    counts: Counter[str] = Counter()
    with make_executor(workers if workers is not None else settings.ocr.workers,
                       settings.limits.worker_memory_mb) as pool, \
            progress() as bar:
        pipeline = Pipeline(settings, Database(settings.db_url), pool)
        task = bar.add_task("取込中 ingesting", total=len(files))
        for path in files:
            counts[_ingest_one(pipeline, path, mode)] += 1
            bar.advance(task)
    err.print(" · ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no files")
    sys.exit(1 if counts["failed"] or counts["rejected"] else 0)


def _ingest_one(pipeline, path: Path, split: SplitMode) -> str:
    try:
        received = pipeline.receive(path, split=split)
    except YomitoriError as exc:
        err.print(f"[red]✗[/red] {path}: {exc.code}: {exc.message}", highlight=False)
        return "rejected"
    if not received.created:
        err.print(f"= {path}: 登録済み already stored (document {received.document_id})",
                  highlight=False)
        return "duplicate"
    status = pipeline.process(received.document_id)
    mark = "[red]✗[/red]" if status == "failed" else "✓"
    parts = _parts(pipeline, received.document_id)
    err.print(f"{mark} {path}: document {received.document_id} {status}{parts}",
              highlight=False)
    return str(status)


def _parts(pipeline, document_id: int) -> str:
    from models.tables import Document

    with pipeline.db.session() as s:
        parts = s.get_one(Document, document_id).parts
        return "".join(f", part {p.id} (pages {p.page_from}-{p.page_to}) {p.status}"
                       for p in parts)


@main.command("search")
@click.option("--text", default=None, help="words that must all appear (Japanese or English)")
@click.option("--date-from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--date-to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--amount-min", default=None, help="total at least")
@click.option("--amount-max", default=None, help="total at most")
@click.option("--counterparty", default=None, help="part of the vendor's name")
@click.option("--registration-number", default=None, help="T + 13 digits, exact")
@click.option("--type", "doc_type", default=None,
              type=click.Choice(["invoice", "receipt", "contract", "other"]))
@click.option("--status", default=None)
@click.option("--sort", default="-date", show_default=True)
@click.option("--limit", type=int, default=None, help="at most this many (default: all)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per line")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header (UTF-8)")
@click.pass_obj
def search_cmd(settings: Settings, as_json: bool, as_csv: bool, limit: int | None,
               **params) -> None:
    """Search stored documents; every condition must hold."""
    from decimal import Decimal, InvalidOperation

    from models import search as s
    from models.db import Database, upgrade

    for key in ("date_from", "date_to"):
        params[key] = params[key].date() if params[key] else None
    try:
        for key in ("amount_min", "amount_max"):
            params[key] = Decimal(params[key]) if params[key] else None
    except InvalidOperation:
        raise click.BadParameter("amounts are plain numbers, e.g. 10000") from None
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    query = s.Query(**params, limit=min(limit or 1000, 1000))
    shown = 0
    writer = _search_writer(as_json, as_csv)
    try:
        with db.session() as session:
            while limit is None or shown < limit:
                page = s.search(session, query)
                for doc in page.documents[: (limit - shown) if limit else None]:
                    writer(doc)
                    shown += 1
                if page.next_cursor is None:
                    break
                query = s.Query(**{**query.__dict__, "cursor": page.next_cursor})
    except YomitoriError as exc:
        err.print(f"{exc.code}: {exc.message}", highlight=False)
        sys.exit(2)
    if not (as_json or as_csv):
        err.print(f"{shown} 件 documents", highlight=False)


def _search_writer(as_json: bool, as_csv: bool):
    import csv

    if as_json:
        return lambda d: click.echo(json.dumps(
            {"id": d.id, "file": d.original_filename, "doc_type": d.doc_type,
             "status": d.status, "fields": {f.name: f.value for f in d.fields}},
            ensure_ascii=False))
    columns = ("id", "file", "doc_type", "status", "issue_date", "total", "counterparty")
    if as_csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(columns)
    else:
        out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")

    def write(d) -> None:
        total = d.total_amount.normalize() if d.total_amount is not None else ""
        out.writerow([d.id, d.original_filename, d.doc_type or "", d.status,
                      d.issue_date or "", total, d.counterparty or ""])
    return write


def _register() -> None:
    from api.cli_export import export_cmd
    from api.cli_queue import apikey, watch_cmd, worker
    from api.cli_users import user
    from api.cli_verify import verify_cmd

    for command in (apikey, worker, watch_cmd, export_cmd, user, verify_cmd):
        main.add_command(command)


_register()


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(settings: Settings) -> None:
    """Apply the database migrations (safe to run again)."""
    from models.db import upgrade

    upgrade(settings.db_url)
    err.print(f"database is up to date: {settings.db_url}", highlight=False)


@main.command()
@click.option("--host", default=None, help="address to listen on (default 127.0.0.1)")
@click.option("--port", type=int, default=None, help="port (default 8000)")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="API processes on the one port; each runs its own in-process worker "
                   "unless YOMITORI_REDIS_URL sends the jobs to rq")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None, workers: int) -> None:
    """Run the web service with an in-process worker."""
    import logging
    import os

    import uvicorn

    from api.app import create_app, first_admin
    from models.db import Database, upgrade

    upgrade(settings.db_url)
    address = {"host": host or settings.host, "port": port or settings.port,
               "log_level": settings.log_level.lower()}
    if workers == 1:
        uvicorn.run(create_app(settings), **address)
        return
    db = Database(settings.db_url)
    first_admin(settings, db)  # here, before the processes could race to create it
    db.engine.dispose()
    # each process builds the same Settings from the environment (api.app.from_environment)
    os.environ["YOMITORI_LOG_LEVEL"] = logging.getLevelName(logging.getLogger().level)
    uvicorn.run("api.app:from_environment", factory=True, workers=workers, **address)

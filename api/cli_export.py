"""`yomitori export`: approved documents to a file the accounting software imports.
The file goes to --out or to stdout (bytes, in the format's encoding); what happened
goes to stderr. Exit status 3 when there was nothing to export (no file written)."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from pathlib import Path

import click

from core.errors import YomitoriError
from core.settings import Settings
from export.registry import names

NOTHING = 3


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(names()),
              help="yayoi, moneyforward, freee, csv or journal")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write here instead of stdout")
@click.option("--reexport", is_flag=True, help="also export documents exported before")
@click.option("--id", "ids", type=int, multiple=True, help="only this document (repeat)")
@click.option("--encoding", default=None, help="one the format offers (default its own)")
@click.option("--date-from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--date-to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--type", "doc_type", default=None,
              type=click.Choice(["invoice", "receipt", "contract", "other"]))
@click.option("--counterparty", default=None, help="part of the vendor's name")
@click.option("--actor", default=None, help="who exports (default: cli:<login name>)")
@click.pass_obj
def export_cmd(settings: Settings, fmt: str, out: Path | None, reexport: bool,
               ids: tuple[int, ...], encoding: str | None, date_from: datetime | None,
               date_to: datetime | None, doc_type: str | None, counterparty: str | None,
               actor: str | None) -> None:
    """Export approved documents and record the batch; they become `exported`."""
    from export.batches import batch_file, create_batch
    from export.errors import NothingToExport
    from models.db import Database, upgrade
    from models.search import Query

    filters = {"date_from": date_from.date() if date_from else None,
               "date_to": date_to.date() if date_to else None,
               "doc_type": doc_type, "counterparty": counterparty}
    given = {k: v for k, v in filters.items() if v}
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    try:
        with db.session() as session:
            batch = create_batch(session, settings, fmt, actor or f"cli:{_login()}",
                                 document_ids=list(ids) or None,
                                 filters=Query(**given) if given else None,
                                 reexport=reexport, encoding=encoding)
        data = batch_file(settings, batch)
    except NothingToExport as exc:
        click.echo(exc.message, err=True)
        sys.exit(NOTHING)
    except YomitoriError as exc:
        click.echo(f"{exc.code}: {exc.message}", err=True)
        sys.exit(2)
    finally:
        db.engine.dispose()
    _emit(data, out)
    for warning in batch.warnings:
        click.echo(f"! document {warning['document_id']}: {warning['code']} "
                   f"{warning['detail']}".rstrip(), err=True)
    click.echo(f"batch {batch.id}: {len(batch.document_ids)} 件 documents, "
               f"{batch.row_count} rows, sha256 {batch.sha256}", err=True)


def _emit(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"

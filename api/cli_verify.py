"""`yomitori verify`: check every stored original against the sha256 recorded for it."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from core.settings import Settings


@click.command("verify")
@click.option("--json", "as_json", is_flag=True, help="one JSON object a line per problem")
@click.pass_obj
def verify_cmd(settings: Settings, as_json: bool) -> None:
    """Re-hash every stored original; print the documents whose file is missing or
    altered (exit status 1 when there is any)."""
    from api.cli import err, progress
    from ingest.store import FileStore
    from models.db import Database, upgrade
    from models.tables import Document

    upgrade(settings.db_url)
    store = FileStore(settings.store_dir)
    with Database(settings.db_url).session() as s:
        rows = s.execute(select(Document.id, Document.sha256, Document.original_filename)
                         .order_by(Document.id)).all()
    checked: dict[str, str | None] = {}
    bad = 0
    with progress() as bar:
        task = bar.add_task("検証中 verifying", total=len(rows))
        for doc_id, sha, name in rows:
            if sha not in checked:
                checked[sha] = store.problem(sha)
            if problem := checked[sha]:
                bad += 1
                click.echo(json.dumps({"id": doc_id, "file": name, "sha256": sha,
                                       "problem": problem}, ensure_ascii=False)
                           if as_json else f"{doc_id}\t{problem}\t{sha}\t{name}")
            bar.advance(task)
    err.print(f"{len(checked)} originals of {len(rows)} documents checked, "
              f"{bad} documents with a problem / 原本 {len(checked)} 件を検証、問題 {bad} 件",
              highlight=False)
    raise SystemExit(1 if bad else 0)

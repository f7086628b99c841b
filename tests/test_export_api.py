"""Export over REST and from the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli_export import NOTHING, export_cmd
from api.routes import exports
from core.settings import Settings
from tests.test_export import (AOBA_INVOICE, MIXED_RECEIPT, TAXI_RECEIPT, add_document,
                               balanced_entries, freee_entries, stored, yayoi_entries)


def app_with_exports(settings: Settings) -> FastAPI:
    app = create_app(settings, start_worker=False)
    if not any(getattr(r, "path", "") == "/api/v1/exports" for r in app.routes):
        app.include_router(exports.router)  # until api/app.py includes it
    return app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    from models.apikeys import create_key
    from models.db import Database
    from models.tables import Role

    stored(settings, AOBA_INVOICE, MIXED_RECEIPT)
    with Database(settings.db_url).session() as s:
        key = create_key(s, "keiri", Role.APPROVER)
    with TestClient(app_with_exports(settings),
                    headers={"Authorization": f"Bearer {key}"}) as c:
        yield c


def test_exporting_needs_an_approver(settings: Settings) -> None:
    from models.apikeys import create_key
    from models.db import Database
    from models.tables import Role

    stored(settings, AOBA_INVOICE)
    with Database(settings.db_url).session() as s:
        reviewer = create_key(s, "tanaka", Role.REVIEWER)
    with TestClient(app_with_exports(settings)) as c:
        assert c.post("/api/v1/exports", json={"format": "csv"}).status_code == 401
        res = c.post("/api/v1/exports", json={"format": "csv"},
                     headers={"Authorization": f"Bearer {reviewer}"})
        assert res.status_code == 403


def test_create_list_read_and_download(client: TestClient) -> None:
    res = client.post("/api/v1/exports", json={"format": "yayoi", "actor": "keiri"})
    assert res.status_code == 201, res.text
    batch = res.json()
    assert batch["document_ids"] == [2, 1] and batch["actor"] == "keiri"
    assert batch["download_url"].endswith(f"/api/v1/exports/{batch['id']}/file")

    file = client.get(batch["download_url"])
    assert file.status_code == 200
    assert file.headers["content-type"] == "text/csv; charset=shift_jis"
    assert file.headers["content-disposition"] == \
        'attachment; filename="yomitori-yayoi-000001.csv"'
    assert hashlib.sha256(file.content).hexdigest() == batch["sha256"]
    assert len(balanced_entries("yayoi", file.content)) == 2

    assert client.get(batch["url"]).json() == batch
    listed = client.get("/api/v1/exports").json()
    assert listed["total"] == 1 and listed["batches"][0]["id"] == batch["id"]
    page = client.get("/exports")
    assert page.status_code == 200 and "yayoi" in page.text


def test_second_post_gives_nothing_new(client: TestClient) -> None:
    assert client.post("/api/v1/exports", json={"format": "freee"}).status_code == 201
    again = client.post("/api/v1/exports", json={"format": "freee"})
    assert again.status_code == 409
    assert again.json()["detail"]["code"] == "nothing_to_export"
    asked = client.post("/api/v1/exports", json={"format": "freee", "document_ids": [1],
                                                 "reexport": True})
    assert asked.status_code == 201 and asked.json()["reexport"] is True
    assert client.get("/api/v1/exports").json()["total"] == 2


def test_bad_requests(client: TestClient) -> None:
    res = client.post("/api/v1/exports", json={"format": "sage"})
    assert res.status_code == 400 and res.json()["detail"]["code"] == "unknown_format"
    res = client.post("/api/v1/exports", json={"format": "yayoi", "encoding": "utf-8"})
    assert res.status_code == 400 and res.json()["detail"]["code"] == "bad_encoding"
    assert client.get("/api/v1/exports/99").status_code == 404
    assert client.get("/api/v1/exports/99/file").status_code == 404


def test_filters_and_encoding_over_rest(client: TestClient) -> None:
    res = client.post("/api/v1/exports", json={
        "format": "moneyforward", "encoding": "utf-8-sig", "doc_type": "receipt",
        "date_from": "2025-05-01", "date_to": "2025-05-31"})
    assert res.status_code == 201, res.text
    assert res.json()["document_ids"] == [2]
    file = client.get(res.json()["download_url"])
    assert file.headers["content-type"] == "text/csv; charset=utf-8"
    assert file.content.startswith(b"\xef\xbb\xbf")


def test_missing_file_is_gone_not_a_crash(client: TestClient, settings: Settings) -> None:
    batch = client.post("/api/v1/exports", json={"format": "csv"}).json()
    (settings.store_dir / "exports" / "000001-csv.csv").unlink()
    res = client.get(batch["download_url"])
    assert res.status_code == 410 and res.json()["detail"]["code"] == "export_file_missing"


# ---- the command line --------------------------------------------------------------

def run(settings: Settings, *args: str):
    return CliRunner().invoke(export_cmd, list(args), obj=settings, catch_exceptions=False)


def test_cli_writes_the_file_and_records_the_batch(settings: Settings, tmp_path: Path) -> None:
    stored(settings, AOBA_INVOICE, TAXI_RECEIPT)
    out = tmp_path / "yayoi.csv"
    result = run(settings, "--format", "yayoi", "--out", str(out), "--actor", "sato")
    assert result.exit_code == 0, result.output
    assert [e["ref"] for e in yayoi_entries(out.read_bytes())] == ["yomitori#2", "yomitori#1"]
    assert "batch 1: 2 件" in result.stderr
    again = run(settings, "--format", "yayoi", "--out", str(tmp_path / "again.csv"))
    assert again.exit_code == NOTHING and not (tmp_path / "again.csv").exists()


def test_cli_to_stdout_by_id_with_reexport(settings: Settings) -> None:
    db = stored(settings, AOBA_INVOICE, MIXED_RECEIPT)
    with db.session() as s:
        add_document(s, {**TAXI_RECEIPT, "fields": {**TAXI_RECEIPT["fields"],
                                                     "vendor_name": "𠮷田タクシー"}})
    result = run(settings, "--format", "freee", "--id", "2", "--id", "3")
    assert result.exit_code == 0
    assert [e["ref"] for e in freee_entries(result.stdout_bytes)] == ["yomitori#3",
                                                                       "yomitori#2"]
    blocked = run(settings, "--format", "freee", "--id", "2")
    assert blocked.exit_code == NOTHING and "already_exported" in blocked.stderr
    redone = run(settings, "--format", "yayoi", "--id", "3", "--reexport")
    assert redone.exit_code == 0
    assert "characters_replaced 摘要: 𠮷 -> 〓" in redone.stderr


def test_cli_refuses_unknown_format(settings: Settings) -> None:
    result = CliRunner().invoke(export_cmd, ["--format", "sage"], obj=settings)
    assert result.exit_code == 2 and "sage" in result.output


def test_command_registers_on_a_group(settings: Settings) -> None:
    @click.group()
    @click.pass_context
    def main(ctx: click.Context) -> None:
        ctx.obj = settings

    main.add_command(export_cmd)
    stored(settings, AOBA_INVOICE)
    result = CliRunner().invoke(main, ["export", "--format", "journal"])
    assert result.exit_code == 0
    assert len(balanced_entries("journal", result.stdout_bytes)) == 1

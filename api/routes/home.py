"""A plain page listing what is stored, until the review UI lands."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from api.deps import SessionDep
from models.tables import Document

router = APIRouter(include_in_schema=False)

STATUS_JA = {"received": "受付", "queued": "待機中", "processing": "処理中",
             "needs_review": "要確認", "validated": "確認済", "approved": "承認済",
             "exported": "出力済", "failed": "失敗", "rejected": "却下"}
TYPE_JA = {"invoice": "請求書", "receipt": "領収書", "contract": "契約書", "other": "その他"}


@router.get("/", response_class=HTMLResponse)
def home(session: SessionDep) -> str:
    docs = session.scalars(select(Document).order_by(Document.id.desc()).limit(200))
    rows = []
    for d in docs:
        fields = {f.name: f.value for f in d.fields}
        rows.append(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in (
                d.id, d.original_filename, TYPE_JA.get(d.doc_type or "", d.doc_type or "-"),
                STATUS_JA.get(d.status, d.status), fields.get("vendor_name", ""),
                fields.get("issue_date", ""), fields.get("total", ""),
            )) + f'<td><a href="/api/v1/documents/{d.id}">JSON</a></td></tr>')
    head = "".join(f"<th>{h}</th>" for h in
                   ("ID", "ファイル", "種類", "状態", "発行者", "日付", "合計", ""))
    return (
        "<!doctype html><html lang=ja><head><meta charset=utf-8><title>yomitori 読取</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px}</style></head><body>"
        "<h1>yomitori 読取</h1><p>取り込んだ文書 / stored documents · "
        '<a href="/docs">API</a></p>'
        f"<table><tr>{head}</tr>{''.join(rows)}</table></body></html>"
    )

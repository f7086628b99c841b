"""Rendering the review UI's pages: Jinja2 with autoescape, Japanese first (English with
?lang=en), and headers that forbid inline script (CSP) and content sniffing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.session import CSRF_FIELD, CSRF_HEADER
from core.errors import YomitoriError

HERE = Path(__file__).resolve().parent.parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
LANG_COOKIE = "yomitori_lang"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
                    "Cache-Control": "no-store"}

STATUS = {"received": ("受付", "received"), "queued": ("待機中", "queued"),
          "processing": ("処理中", "processing"), "needs_review": ("要確認", "needs review"),
          "validated": ("確認済", "validated"), "approved": ("承認済", "approved"),
          "exported": ("出力済", "exported"), "failed": ("失敗", "failed"),
          "rejected": ("却下", "rejected")}
TYPES = {"invoice": ("請求書", "invoice"), "receipt": ("領収書", "receipt"),
         "contract": ("契約書", "contract"), "other": ("その他", "other")}
FIELDS = {"vendor_name": ("発行者", "vendor"), "vendor_branch": ("支店", "branch"),
          "vendor_address": ("住所", "address"),
          "vendor_registration_number": ("登録番号", "registration no."),
          "customer_name": ("宛名", "customer"), "issue_date": ("発行日", "issue date"),
          "currency": ("通貨", "currency"), "amounts_include_tax": ("税込", "tax included"),
          "subtotal": ("小計", "subtotal"), "tax_total": ("消費税", "tax"),
          "total": ("合計", "total"), "tax_breakdown": ("税率別内訳", "tax breakdown"),
          "line_items": ("明細", "line items"), "payment_method": ("支払方法", "payment"),
          "invoice_number": ("請求書番号", "invoice no."), "due_date": ("支払期限", "due date"),
          "bank_account": ("振込先", "bank account"), "contract_title": ("契約名", "title"),
          "parties": ("当事者", "parties"), "contract_date": ("契約日", "contract date"),
          "effective_date": ("効力発生日", "effective"), "expiry_date": ("満了日", "expiry"),
          "term": ("期間", "term"), "auto_renewal": ("自動更新", "auto renewal"),
          "contract_amount": ("契約金額", "amount"), "amount_period": ("金額の期間", "period"),
          "jurisdiction": ("管轄", "jurisdiction")}


def labels_json(language: str) -> str:
    """Status and field labels for the page's script (history and status after a save)."""
    pick = 1 if language == "en" else 0
    return json.dumps({"status": {k: v[pick] for k, v in STATUS.items()},
                       "field": {k: v[pick] for k, v in FIELDS.items()}}, ensure_ascii=False)


def lang(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return "en" if chosen == "en" else "ja"


def render(request: Request, name: str, context: dict[str, Any], status: int = 200
           ) -> HTMLResponse:
    language = lang(request)
    pick = 1 if language == "en" else 0

    def t(ja: str, en: str) -> str:
        return en if language == "en" else ja

    def label(table: dict[str, tuple[str, str]], key: str | None) -> str:
        return table[key][pick] if key in table else (key or "-")

    response = templates.TemplateResponse(request, name, {
        "t": t, "lang": language, "status_label": lambda k: label(STATUS, k),
        "type_label": lambda k: label(TYPES, k), "field_label": lambda k: label(FIELDS, k),
        "labels_json": lambda: labels_json(language), "csrf_field": CSRF_FIELD,
        "csrf_header": CSRF_HEADER, **context}, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    if request.query_params.get("lang") in ("ja", "en"):
        response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


def error_page(request: Request, exc: YomitoriError, status: int) -> HTMLResponse:
    return render(request, "error.html", {"error": exc, "status": status, "user": None},
                  status)

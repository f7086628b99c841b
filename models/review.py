"""Reviewing a document: corrections (appended, never overwriting the extraction),
validation re-run on the current values, approve, reject, logical delete, and the
history an auditor reads (電子帳簿保存法の訂正削除履歴)."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ErrorCode, InputError, YomitoriError
from extract.normalize import normalize_registration_number, parse_amount, parse_date
from extract.schema import ALL_FIELDS, AMOUNT_FIELDS, DATE_FIELDS, format_decimal
from ingest.priors import find_priors
from models.indexing import current_values, index_document
from models.learning import learn_from_correction
from models.lifecycle import transition
from models.tables import (aware, Correction, Document, DocumentStatus, ExtractedField, Page,
                           PageRotation, StatusEvent, utcnow)
from validate.config import RulesConfig
from validate.registry import validate
from validate.service import context
from validate.types import Facts, Severity

log = logging.getLogger(__name__)
S = DocumentStatus
REVIEWABLE = frozenset({S.NEEDS_REVIEW, S.VALIDATED, S.APPROVED})
BOOL_FIELDS = frozenset({"amounts_include_tax", "auto_renewal"})
LIST_FIELDS = frozenset({"line_items", "parties"})
DICT_FIELDS = frozenset({"tax_breakdown"})
MAX_TEXT = 1000
ITEM_KEYS = ("description", "quantity", "unit_price", "amount", "tax_rate")  # the table's
MAX_ITEMS = 500


class ReviewCode(StrEnum):
    UNKNOWN_FIELD = "unknown_field"
    BAD_VALUE = "bad_field_value"
    REASON_REQUIRED = "reason_required"
    UNRESOLVED_ERRORS = "unresolved_errors"
    NOT_REVIEWABLE = "not_reviewable"
    BAD_ROTATION = "bad_rotation"


MESSAGES: dict[ReviewCode, tuple[str, str]] = {
    ReviewCode.UNKNOWN_FIELD: ("その項目はありません。", "No such field."),
    ReviewCode.BAD_VALUE: ("値の形式が正しくありません。",
                           "The value is not valid for this field."),
    ReviewCode.REASON_REQUIRED: ("理由を入力してください。", "A reason is required."),
    ReviewCode.UNRESOLVED_ERRORS: (
        "エラーが残っています。修正するか、承認者が理由を添えて承認してください。",
        "Errors remain: correct them, or an approver approves with an override reason."),
    ReviewCode.NOT_REVIEWABLE: ("この文書の状態では確認・訂正できません。",
                                "The document cannot be reviewed in its current state."),
    ReviewCode.BAD_ROTATION: ("回転は 90・180・270 度のいずれかです。",
                              "A page turns by 90, 180 or 270 degrees."),
}


class ReviewError(YomitoriError):
    """A review action refused; codes and messages of its own."""

    def __init__(self, code: ReviewCode, detail: str = "") -> None:  # type: ignore[override]
        super().__init__(code, detail)  # type: ignore[arg-type]

    @property
    def message_ja(self) -> str:
        return MESSAGES[ReviewCode(self.code)][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[ReviewCode(self.code)][1]


class ReviewInputError(ReviewError, InputError):
    """The request is at fault (a bad value, a missing reason)."""


# ---- values ----

def normalise(name: str, value: Any) -> Any:
    """A reviewer's input in the stored JSON form of the field; None clears it."""
    if name not in ALL_FIELDS:
        raise ReviewInputError(ReviewCode.UNKNOWN_FIELD, name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if name == "line_items":
        return _line_items(value)
    if name in LIST_FIELDS or name in DICT_FIELDS:
        kind = list if name in LIST_FIELDS else dict
        if not isinstance(value, kind):
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: expected a {kind.__name__}")
        return value
    if name in BOOL_FIELDS:
        return _bool(name, value)
    if isinstance(value, (dict, list, bool)):
        raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: expected text")
    text = unicodedata.normalize("NFC", str(value)).strip()
    if name in AMOUNT_FIELDS:
        amount = parse_amount(text)
        if amount is None:
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: not an amount: {text[:40]}")
        return format_decimal(amount)
    if name in DATE_FIELDS:
        day = parse_date(text)
        if day is None:
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: not a date: {text[:40]}")
        return day.isoformat()
    if name == "vendor_registration_number":
        number = normalize_registration_number(text)
        if number is None:
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: T + 13 digits")
        return number
    if len(text) > MAX_TEXT:
        raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: over {MAX_TEXT} characters")
    return text


def _line_items(value: Any) -> list[dict[str, str]] | None:
    """The item table in its stored form: text, and numbers as decimal strings (amounts
    read like any amount, rates in percent); empty rows dropped, no rows clears it."""
    if not isinstance(value, list):
        raise ReviewInputError(ReviewCode.BAD_VALUE, "line_items: expected a list")
    if len(value) > MAX_ITEMS:
        raise ReviewInputError(ReviewCode.BAD_VALUE, f"line_items: over {MAX_ITEMS} rows")
    rows = [_line_item(n, row) for n, row in enumerate(value, start=1)]
    return [row for row in rows if row] or None


def _line_item(n: int, row: Any) -> dict[str, str]:
    where = f"line_items[{n}]"
    if not isinstance(row, dict):
        raise ReviewInputError(ReviewCode.BAD_VALUE, f"{where}: expected an object")
    if unknown := sorted(set(row) - set(ITEM_KEYS)):
        raise ReviewInputError(ReviewCode.BAD_VALUE, f"{where}: unknown {', '.join(unknown)}")
    item: dict[str, str] = {}
    for key in ITEM_KEYS:
        raw = row.get(key)
        if isinstance(raw, (float, bool, dict, list)):  # money never passes through float
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{where}.{key}: send text")
        text = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()
        if not text:
            continue
        if key == "description":
            if len(text) > MAX_TEXT:
                raise ReviewInputError(ReviewCode.BAD_VALUE, f"{where}: over {MAX_TEXT}")
            item[key] = text
            continue
        number = parse_amount(text) if key in ("unit_price", "amount") else \
            _plain_decimal(text.removesuffix("%"))
        if number is None or (key == "tax_rate" and not 0 <= number < 100):
            raise ReviewInputError(ReviewCode.BAD_VALUE, f"{where}.{key}: {text[:40]}")
        item[key] = format_decimal(number)
    return item


def _plain_decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "はい", "税込"):
        return True
    if text in ("false", "0", "no", "いいえ", "税抜"):
        return False
    raise ReviewInputError(ReviewCode.BAD_VALUE, f"{name}: true or false")


@dataclass(frozen=True)
class CurrentField:
    name: str
    value: Any
    original: Any
    corrected: bool
    page: int | None = None
    bbox: list[int] | None = None
    confidence: float | None = None
    source: str | None = None


def current_fields(session: Session, doc: Document) -> dict[str, CurrentField]:
    """Each field's current value with the evidence of its original extraction."""
    originals = {f.name: f for f in session.scalars(
        select(ExtractedField).where(ExtractedField.document_id == doc.id))}
    values = current_values(session, doc.id)
    out: dict[str, CurrentField] = {}
    for name in ALL_FIELDS:
        orig = originals.get(name)
        if orig is None and name not in values:
            continue
        original = orig.value if orig else None
        value = values.get(name)
        ev = {"page": orig.page, "bbox": orig.bbox, "confidence": orig.confidence,
              "source": orig.source} if orig else {}
        out[name] = CurrentField(name, value, original, value != original, **ev)
    return out


# ---- actions ----

def correct(session: Session, doc: Document, field: str, value: Any, reason: str | None,
            actor: str, *, rules: RulesConfig, learn_to: Path | None = None) -> Correction | None:
    """Append a correction (None when the value is unchanged) and re-run validation;
    with `learn_to`, the vendor's learned template there learns where the value stands."""
    if doc.status not in REVIEWABLE or doc.deleted_at is not None:
        raise ReviewError(ReviewCode.NOT_REVIEWABLE, str(doc.status))
    new = normalise(field, value)
    old = current_values(session, doc.id).get(field)
    if new == old:
        return None
    row = Correction(document_id=doc.id, field_name=field, old_value=old, new_value=new,
                     reason=(reason or "").strip()[:MAX_TEXT] or None, actor=actor,
                     created_at=utcnow())
    session.add(row)
    session.flush()
    revalidate(session, doc, actor, rules=rules)
    if learn_to is not None:
        try:
            learn_from_correction(session, doc, field, new, actor, learn_to)
        except OSError:  # the correction stands without the template
            log.exception("document %d: the learned template was not written", doc.id)
    return row


def revalidate(session: Session, doc: Document, actor: str, *, rules: RulesConfig,
               note: str = "訂正後の再検証 / revalidated after correction") -> None:
    """Validation on the current values; findings, class, status and search follow."""
    values = current_values(session, doc.id)
    corrected = {c for c in session.scalars(
        select(Correction.field_name).where(Correction.document_id == doc.id))}
    confidence = {f.name: f.confidence for f in session.scalars(select(ExtractedField).where(
                      ExtractedField.document_id == doc.id)) if f.confidence is not None}
    confidence.update({name: 1.0 for name in corrected})
    dpis = tuple(session.scalars(select(Page.dpi).where(Page.document_id == doc.id)
                                 .order_by(Page.number)))
    facts = Facts(doc.doc_type or "other", values, confidence, dpis,
                  aware(doc.received_at).date(), doc.image_hash)
    priors = find_priors(session, doc.id, values, doc.image_hash)
    result = validate(facts, context(rules, priors))
    doc.findings = result.to_list()
    doc.invoice_class = str(result.invoice_class)
    target = S.NEEDS_REVIEW if result.needs_review or doc.doc_type == "other" else S.VALIDATED
    if doc.status != target:
        transition(session, doc, target, actor, note)
    index_document(session, doc)


def error_findings(doc: Document) -> list[dict]:
    return [f for f in doc.findings or [] if f.get("severity") == Severity.ERROR]


def approve(session: Session, doc: Document, actor: str,
            override_reason: str | None = None) -> None:
    """Approved only without error findings, or with an override reason (callers let
    only approvers get here)."""
    if doc.deleted_at is not None:
        raise ReviewError(ReviewCode.NOT_REVIEWABLE, "deleted")
    reason = (override_reason or "").strip() or None
    if error_findings(doc) and reason is None:
        raise ReviewError(ReviewCode.UNRESOLVED_ERRORS,
                          ", ".join(f["code"] for f in error_findings(doc)))
    note = f"override: {reason}" if reason and error_findings(doc) else reason
    transition(session, doc, S.APPROVED, actor, note)


def reject(session: Session, doc: Document, actor: str, reason: str) -> None:
    transition(session, doc, S.REJECTED, actor, _required(reason))


def delete(session: Session, doc: Document, actor: str, reason: str) -> None:
    """Logical deletion: the rows and the original file stay for the audit."""
    if doc.deleted_at is not None:
        raise ReviewError(ReviewCode.NOT_REVIEWABLE, "already deleted")
    doc.delete_reason = _required(reason)
    doc.deleted_at, doc.deleted_by = utcnow(), actor
    index_document(session, doc)


def _required(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise ReviewInputError(ReviewCode.REASON_REQUIRED)
    return text[:MAX_TEXT]


# ---- history ----

@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # "correction", "status", "rotation" or "deletion"
    at: datetime
    actor: str
    reason: str | None
    field: str | None = None
    old: Any = None
    new: Any = None
    page: int | None = None  # a rotation: the page and how far it was turned
    degrees: int | None = None
    changes: dict[str, Any] | None = None  # a rotation: field -> [old, new] extracted

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "at": self.at.isoformat(), "actor": self.actor,
               "reason": self.reason, "field": self.field, "old": self.old, "new": self.new}
        if self.kind == "rotation":
            out.update(page=self.page, degrees=self.degrees, changes=self.changes)
        return out


def history(session: Session, doc: Document, field: str | None = None) -> list[HistoryEntry]:
    """Corrections, status changes, page rotations and a deletion, oldest first. With
    `field`, that field's story only (see by_field)."""
    if field is not None and field not in ALL_FIELDS:
        raise ReviewInputError(ReviewCode.UNKNOWN_FIELD, field)
    entries = [HistoryEntry("correction", aware(c.created_at), c.actor, c.reason,
                            c.field_name, c.old_value, c.new_value)
               for c in session.scalars(select(Correction).where(
                   Correction.document_id == doc.id).order_by(Correction.id))]
    entries += [HistoryEntry("status", aware(e.created_at), e.actor, e.reason, None,
                             e.from_status, e.to_status)
                for e in session.scalars(select(StatusEvent).where(
                    StatusEvent.document_id == doc.id).order_by(StatusEvent.id))]
    entries += [HistoryEntry("rotation", aware(r.created_at), r.actor, r.reason,
                             page=r.page, degrees=r.degrees, changes=r.changes or {})
                for r in session.scalars(select(PageRotation).where(
                    PageRotation.document_id == doc.id).order_by(PageRotation.id))]
    if doc.deleted_at is not None:
        entries.append(HistoryEntry("deletion", aware(doc.deleted_at), doc.deleted_by or "",
                                    doc.delete_reason))
    entries.sort(key=lambda e: e.at)  # stable: same-time rows keep their order
    return entries if field is None else by_field(entries).get(field, [])


def by_field(entries: list[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    """Each field's own story in a document's history: its corrections, and the
    rotations whose new reading changed its extracted value (as old -> new)."""
    out: dict[str, list[HistoryEntry]] = {}
    for e in entries:
        if e.kind == "correction" and e.field:
            out.setdefault(e.field, []).append(e)
        elif e.kind == "rotation":
            for name, (old, new) in (e.changes or {}).items():
                out.setdefault(name, []).append(
                    replace(e, field=name, old=old, new=new, changes=None))
    return out


def load(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(ErrorCode.NOT_FOUND, f"document {document_id}")
    return doc

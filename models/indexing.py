"""Keeping the search keys and the full-text index in step with a document's fields.
Called by the pipeline after extraction and after every correction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.searchtext import fold, gram_tokens
from models.tables import Correction, Document, ExtractedField, Page, SearchIndex

COUNTERPARTY = ("vendor_name",)


def current_values(session: Session, document_id: int) -> dict:
    """The original extraction overridden by the latest correction of each field (a
    correction to None clears the field)."""
    values = {f.name: f.value for f in session.scalars(
        select(ExtractedField).where(ExtractedField.document_id == document_id))}
    for c in session.scalars(select(Correction).where(Correction.document_id == document_id)
                             .order_by(Correction.id)):
        values[c.field_name] = c.new_value
    return {k: v for k, v in values.items() if v is not None}


def index_document(session: Session, doc: Document) -> None:
    fields = current_values(session, doc.id)
    doc.issue_date = _date(fields.get("issue_date") or fields.get("contract_date"))
    doc.sort_date = doc.issue_date or doc.received_at.date()
    doc.total_amount = _decimal(fields.get("total") or fields.get("contract_amount"))
    party = fields.get("vendor_name") or _first(fields.get("parties"))
    old_party = doc.counterparty_folded
    doc.counterparty = str(party)[:256] if party else None
    doc.counterparty_folded = fold(doc.counterparty)[:256] if doc.counterparty else None
    _write_party(session, doc.id, old_party, doc.counterparty_folded)
    doc.registration_number = fields.get("vendor_registration_number")
    doc.finding_count = len(doc.findings or [])
    pages = session.scalars(select(Page.text).where(Page.document_id == doc.id)
                            .order_by(Page.number))
    body = "\n".join([doc.original_filename, *pages,
                      *(str(v) for v in fields.values() if v is not None)])
    _write_index(session, doc.id, fold(body), gram_tokens(body))


def _write_party(session: Session, doc_id: int, old: str | None, new: str | None) -> None:
    """SQLite's external-content trigram index over the counterparty."""
    if session.get_bind().dialect.name != "sqlite" or old == new:
        return
    if old is not None:
        session.execute(text("INSERT INTO party_trgm(party_trgm, rowid, counterparty_folded) "
                             "VALUES ('delete', :id, :p)"), {"id": doc_id, "p": old})
    if new is not None:
        session.execute(text("INSERT INTO party_trgm(rowid, counterparty_folded) "
                             "VALUES (:id, :p)"), {"id": doc_id, "p": new})


def _write_index(session: Session, doc_id: int, folded: str, grams: str) -> None:
    sqlite = session.get_bind().dialect.name == "sqlite"
    row = session.get(SearchIndex, doc_id)
    if row is None:
        row = SearchIndex(document_id=doc_id)
        session.add(row)
    elif sqlite:  # external-content FTS5: remove the old tokens with the old values
        session.execute(text("INSERT INTO search_trgm(search_trgm, rowid, text) "
                             "VALUES ('delete', :id, :t)"), {"id": doc_id, "t": row.text})
        session.execute(text("INSERT INTO search_gram(search_gram, rowid, grams) "
                             "VALUES ('delete', :id, :g)"), {"id": doc_id, "g": row.grams})
    row.text, row.grams = folded, grams
    session.flush()
    if not sqlite:
        session.execute(text("UPDATE search_index SET grams_tsv = to_tsvector('simple', :g) "
                             "WHERE document_id = :id"), {"id": doc_id, "g": grams})
    if sqlite:
        session.execute(text("INSERT INTO search_trgm(rowid, text) VALUES (:id, :t)"),
                        {"id": doc_id, "t": folded})
        session.execute(text("INSERT INTO search_gram(rowid, grams) VALUES (:id, :g)"),
                        {"id": doc_id, "g": grams})


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None

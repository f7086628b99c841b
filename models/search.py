"""Search over documents: Japanese and English full text, and the 電子帳簿保存法
conditions (date, amount, counterparty, ranges, any combination). One query API on
SQLite (FTS5 trigram + a gram index) and PostgreSQL (pg_trgm + a gram tsvector)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, func, select, text, tuple_
from sqlalchemy.orm import Session

from core.errors import ErrorCode, InputError
from models.searchtext import fold, query_grams
from models.tables import Document, SearchIndex

MAX_TEXT = 256
MAX_TERMS = 8
SORTS = {"date", "-date", "amount", "-amount", "id", "-id"}
# common words are looked for among the first documents in order, at most MAX_WALK of
# them (see _first); PROBE caps the count of documents the index finds them in
MAX_WALK, PROBE = 2000, 20000


@dataclass(frozen=True, kw_only=True)
class Query:
    text: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    counterparty: str | None = None
    registration_number: str | None = None
    doc_type: str | None = None
    status: str | None = None
    invoice_class: str | None = None
    has_findings: bool | None = None
    include_deleted: bool = True  # deleted documents stay findable for the audit
    sort: str = "-date"
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class Page:
    documents: list[Document]
    next_cursor: str | None


def search(session: Session, q: Query) -> Page:
    check(q)
    dialect = session.get_bind().dialect.name
    key = _sort_key(q.sort)
    descending = q.sort.startswith("-")
    party_index = not (dialect == "sqlite" and q.counterparty
                       and _common_party(session, fold(q.counterparty), q.limit + 1))
    where = conditions(q, dialect, with_text=False, party_index=party_index)
    if q.cursor:
        where.append(_after(key, descending, decode_cursor(q.cursor)))
    order = [key.desc(), Document.id.desc()] if descending else [key.asc(), Document.id.asc()]
    terms = [t for t in map(fold, (q.text or "").split()) if t]
    if dialect == "postgresql":
        # plans depend on the words (rare: the index; common: walk in date order), so
        # never a generic plan for a prepared statement; and starting parallel workers
        # costs more than finding fifty rows
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    rows = _first(session, where, terms, dialect, order, q.limit + 1)
    more = len(rows) > q.limit
    rows = rows[: q.limit]
    cursor = encode_cursor(session, key, rows[-1]) if more and rows else None
    return Page(rows, cursor)


def _first(session: Session, where: list[ColumnElement[bool]], terms: list[str],
           dialect: str, order: list[Any], want: int) -> list[Document]:
    """The first `want` matches in order. The index gives the documents holding the
    words, and those are sorted: quick when the words are rare. A word that is
    everywhere (a two-character word in one document in five) gives tens of thousands to
    sort for fifty; reading the documents in order is quicker then. PostgreSQL's planner
    makes that choice itself; SQLite cannot see into its FTS5 tables, so here the first
    documents in order are read when the index says the words are common, as many as
    should hold `want` matches, and the index answers only if too few of them do."""
    indexed = [Document.id.in_(text_match(t, dialect)) for t in terms]
    if terms and dialect == "sqlite" and (walk := _walk_length(session, terms, want)):
        window = (select(Document.id, func.row_number().over(order_by=order).label("at"))
                  .where(*where).order_by(*order).limit(walk).subquery())
        ids = list(session.scalars(
            select(window.c.id).join(SearchIndex, SearchIndex.document_id == window.c.id)
            .where(*(func.instr(SearchIndex.text, t) > 0 for t in terms))
            .order_by(window.c.at).limit(want)))
        if len(ids) == want:
            return list(session.scalars(select(Document).where(Document.id.in_(ids))
                                        .order_by(*order)))
    return list(session.scalars(select(Document).where(*where, *indexed).order_by(*order)
                                .limit(want)))


def _walk_length(session: Session, terms: list[str], want: int) -> int:
    """How many documents to read in order to find `want` holding the words (twice
    what their share says), or 0 when that is more than MAX_WALK: the index is quicker."""
    total = session.scalar(select(func.max(Document.id))) or 0
    share = 1.0
    for term in terms:
        hits = text_match(term, "sqlite").limit(PROBE).subquery()
        share *= (session.scalar(select(func.count()).select_from(hits)) or 0) / max(total, 1)
    walk = 2 * want / share if share else MAX_WALK + 1
    return int(walk) if walk <= MAX_WALK else 0


def _common_party(session: Session, term: str, want: int) -> bool:
    """Whether so many counterparties hold `term` (a company type, a common name) that
    reading documents in order finds `want` of them sooner than the trigram index lists
    them all: when the index holds more than sqrt(want x documents) of them (the point
    where the two costs meet; ~2,300 of 100,000 for a page of 50)."""
    if len(term) < 3:
        return False  # no trigram index for it: the LIKE walks anyway
    total = session.scalar(select(func.max(Document.id))) or 0
    enough = int((want * total) ** 0.5) + 1
    hits = _party_index(term).limit(enough).subquery()
    return (session.scalar(select(func.count()).select_from(hits)) or 0) >= enough


def check(q: Query) -> None:
    if q.text is not None and len(q.text) > MAX_TEXT:
        raise InputError(ErrorCode.BAD_QUERY, f"text longer than {MAX_TEXT} characters")
    if q.text is not None and len(q.text.split()) > MAX_TERMS:
        raise InputError(ErrorCode.BAD_QUERY, f"more than {MAX_TERMS} words")
    if q.sort not in SORTS:
        raise InputError(ErrorCode.BAD_QUERY, f"sort must be one of {sorted(SORTS)}")
    if not 1 <= q.limit <= 1000:
        raise InputError(ErrorCode.BAD_QUERY, "limit must be 1..1000")


def conditions(q: Query, dialect: str, with_text: bool = True, party_index: bool = True
               ) -> list[ColumnElement[bool]]:
    c: list[ColumnElement[bool]] = []
    for term in (q.text or "").split() if with_text else ():
        c.append(Document.id.in_(text_match(fold(term), dialect)))
    if q.date_from is not None or q.date_to is not None:
        c.append(Document.issue_date.is_not(None))
    # the sort date is the issue date when there is one: its range is the issue date's,
    # and its index gives the order as well (planners walk it instead of sorting)
    ranges: list[tuple[Any, Any, Any]] = [
        (Document.sort_date, q.date_from, q.date_to),
        (Document.total_amount, q.amount_min, q.amount_max)]
    for column, low, high in ranges:
        if low is not None:
            c.append(column >= low)
        if high is not None:
            c.append(column <= high)
    if q.counterparty:
        c.append(party_match(fold(q.counterparty), dialect, party_index))
    equals = [(Document.registration_number, q.registration_number),
              (Document.doc_type, q.doc_type), (Document.status, q.status),
              (Document.invoice_class, q.invoice_class)]
    c.extend(column == value for column, value in equals if value)
    if q.has_findings is not None:
        c.append(Document.finding_count > 0 if q.has_findings else Document.finding_count == 0)
    if not q.include_deleted:
        c.append(Document.deleted_at.is_(None))
    return c


def party_match(term: str, dialect: str, indexed: bool = True) -> ColumnElement[bool]:
    """Counterparty holds `term`: SQLite answers three characters or more from its
    trigram index (unless `indexed` is False: a common term is quicker found in order),
    PostgreSQL from pg_trgm; the LIKE keeps the answer exact."""
    like = Document.counterparty_folded.like(f"%{_escape(term)}%", escape="\\")
    if dialect != "sqlite" or len(term) < 3 or not indexed:
        return like
    return Document.id.in_(_party_index(term)) & like


def _party_index(term: str) -> Select[tuple[Any]]:
    phrase = '"' + term.replace('"', '""') + '"'
    return select(text("rowid")).select_from(text("party_trgm")).where(
        text("party_trgm MATCH :pp").bindparams(_value("pp", phrase)))


def text_match(term: str, dialect: str) -> Select[tuple[int]]:
    """Ids of documents whose text holds `term` (folded), through an index."""
    if not term:
        return select(SearchIndex.document_id)
    if dialect == "sqlite":
        if len(term) >= 3:
            phrase = '"' + term.replace('"', '""') + '"'
            return select(text("rowid")).select_from(text("search_trgm")).where(
                text("search_trgm MATCH :p").bindparams(_value("p", phrase)))
        return select(text("rowid")).select_from(text("search_gram")).where(
            text("search_gram MATCH :g").bindparams(_value("g", query_grams(term))))
    if len(term) >= 3:
        return select(SearchIndex.document_id).where(
            SearchIndex.text.like(f"%{_escape(term)}%", escape="\\"))
    # the LIKE first (the planner keeps the order of conditions of the same cost): exact
    # and cheap, it spares reading the large gram vector of every document a walk in
    # date order looks at
    return select(SearchIndex.document_id).where(
        SearchIndex.text.like(f"%{_escape(term)}%", escape="\\"),
        text("search_index.grams_tsv @@ to_tsquery('simple', :g)")
        .bindparams(_value("g", query_grams(term))))


def _value(name: str, value: str) -> BindParameter[str]:
    """A bound value under a name of its own: two words of one search each keep theirs
    (a shared name gave both the last word's value)."""
    return bindparam(name, value, unique=True)


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sort_key(sort: str) -> ColumnElement[Any]:
    name = sort.lstrip("-")
    if name == "date":
        return Document.sort_date
    if name == "amount":
        return func.coalesce(Document.total_amount, Decimal(-1))
    return Document.id


def _after(key: ColumnElement[Any], descending: bool, cursor: tuple[Any, int]
           ) -> ColumnElement[bool]:
    value, last_id = cursor
    if key is Document.id:
        return Document.id < last_id if descending else Document.id > last_id
    pair = tuple_(key, Document.id)
    return pair < tuple_(value, last_id) if descending else pair > tuple_(value, last_id)


def encode_cursor(session: Session, key: ColumnElement[Any], last: Document) -> str:
    value = session.scalar(select(key).where(Document.id == last.id))
    raw = json.dumps([str(value) if value is not None else None, last.id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(last_id, int):
            raise ValueError
    except (ValueError, TypeError) as exc:
        raise InputError(ErrorCode.BAD_QUERY, "invalid cursor") from exc
    return _typed(value), last_id


def _typed(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return Decimal(value)
    except ArithmeticError as exc:
        raise InputError(ErrorCode.BAD_QUERY, "invalid cursor") from exc


"""Property tests for the exporters: any approved document, however odd its values
(any text, in any script, with quotes, commas, line breaks and formula starters; any
amount; missing fields), either becomes rows that read back in the format's encoding
with every journal entry balancing, or is skipped with a warning. Never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from export.accounts import load_account_rules
from export.journal import ExportContext
from export.registry import get_exporter, names
from export.taxes import load_tax_table
from export.types import DocumentRecord
from export.writer import write
from tests.test_export import READERS, balanced_entries

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | \
    st.sampled_from(["=SUM(A1)", "+81-3", "株式会社青葉\n企画", 'a "quoted", name', "𠮷野家",
                     "①②③", "\u3000", "🍣"])
AMOUNT = st.integers(min_value=0, max_value=10**10).map(str) | \
    st.decimals(min_value=0, max_value=10**8, places=2).map(str)


@st.composite
def records(draw) -> list[DocumentRecord]:
    out = []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        values = {"vendor_name": draw(TEXT), "currency": draw(st.sampled_from(["JPY", "USD"])),
                  "issue_date": draw(st.dates(date(2019, 1, 1), date(2030, 12, 31))).isoformat(),
                  "total": draw(AMOUNT)}
        if draw(st.booleans()):
            rate = draw(st.sampled_from(["8", "10"]))
            values["tax_breakdown"] = {rate: {"taxable_amount": draw(AMOUNT),
                                              "tax": draw(AMOUNT)}}
        if draw(st.booleans()):
            values["vendor_registration_number"] = draw(st.sampled_from(
                ["T7010705000725", "T0000000000000", "T123"]))
        if draw(st.booleans()):
            values.pop(draw(st.sampled_from(["total", "issue_date", "vendor_name"])), None)
        values["line_items"] = [{"description": draw(TEXT), "amount": draw(AMOUNT)}]
        out.append(DocumentRecord(n, draw(TEXT) or "scan.pdf",
                                  draw(st.sampled_from(["invoice", "receipt"])),
                                  draw(st.sampled_from(["qualified", "simplified",
                                                        "not_qualified", "unknown", None])),
                                  values))
    return out


@settings(max_examples=150, deadline=None)
@given(docs=records(), fmt=st.sampled_from(names()))
def test_any_document_exports_or_is_skipped_never_an_exception(docs, fmt) -> None:
    exporter = get_exporter(fmt)
    ctx = ExportContext(load_tax_table(), load_account_rules(None))
    rows = list(exporter.rows(docs, ctx))
    for encoding in exporter.spec.encodings:
        written = write(rows, exporter.spec, encoding)
        written.data.decode(encoding)  # every character fits the encoding (or was replaced)
        if fmt in READERS and rows and encoding == exporter.spec.encodings[0]:
            entries = balanced_entries(fmt, written.data)  # each debit == credit > 0
            assert {e["ref"] for e in entries} == {d.ref for d in docs
                                                   if d.id not in ctx.skipped}
    exported = {d.id for d in docs} - ctx.skipped
    assert {r.document_id for r in rows} == exported  # a row, or skipped with a reason
    assert not any(isinstance(c, float) for r in rows for c in r.cells)  # money never float

"""Extractors in a table: each document type lists the field rules it runs, in order.
The built-ins register here the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable

from extract import amounts, contract, identity, line_items, vendor
from extract.doctype import classify, score_types
from extract.schema import DocType, Extraction
from extract.template_read import apply_templates
from extract.templates import TemplateSet
from extract.view import DocView
from ocr.types import OcrDocument

FieldRule = Callable[[DocView, Extraction], None]
EXTRACTORS: dict[DocType, list[FieldRule]] = {}


def register(doc_type: DocType, *rules: FieldRule) -> None:
    EXTRACTORS.setdefault(doc_type, []).extend(rules)


def extract_document(ocr: OcrDocument, templates: TemplateSet | None = None) -> Extraction:
    """The generic rules, then the vendor's template where one is known."""
    view = DocView(ocr)
    scores = score_types(view)
    result = Extraction(classify(scores), type_scores=scores)
    for rule in EXTRACTORS.get(result.doc_type, []):
        rule(view, result)
    if templates is not None:
        apply_templates(view, result, templates)
    return result


_MONEY_DOCS: list[FieldRule] = [
    identity.extract_registration, vendor.extract_vendor, identity.extract_customer,
    identity.extract_dates, identity.extract_currency, amounts.extract_totals,
    amounts.extract_tax_mode, amounts.extract_tax_breakdown, line_items.extract_line_items,
    identity.extract_payment_method,
]
register(DocType.INVOICE, *_MONEY_DOCS, identity.extract_invoice_number,
         identity.extract_bank_account)
register(DocType.RECEIPT, *_MONEY_DOCS)
register(DocType.OTHER, identity.extract_registration, identity.extract_dates)
register(DocType.CONTRACT, *contract.RULES)

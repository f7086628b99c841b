"""Facts for the rules, from a fresh extraction or from stored values."""

from __future__ import annotations

from datetime import date

from extract.output import fields_json
from extract.schema import Extraction
from ocr.types import OcrDocument
from validate.types import Facts


def facts_from_extraction(extraction: Extraction, ocr: OcrDocument,
                          received_on: date | None = None,
                          image_hash: str | None = None) -> Facts:
    confidence = {name: fv.evidence.confidence for name, fv in extraction.fields.items()
                  if fv.evidence is not None}
    return Facts(str(extraction.doc_type), fields_json(extraction), confidence,
                 tuple(p.dpi for p in ocr.pages), received_on, image_hash)

"""After OCR: extraction, then validation, as one step both the CLI and the pipeline
run. Models load once per process, here, never in the OCR workers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from extract.output import document_json
from extract.registry import extract_document
from extract.schema import Extraction
from core.settings import OcrSettings
from ingest.second_look import look_again
from ocr.types import OcrDocument
from validate.facts import facts_from_extraction
from validate.registry import Context, Validation, validate


@dataclass(frozen=True)
class Analysis:
    extraction: Extraction
    validation: Validation


def analyze(ocr: OcrDocument, ctx: Context, received_on: date | None = None,
            image_hash: str | None = None, images: Sequence[Path] = (),
            ocr_settings: OcrSettings | None = None) -> Analysis:
    """With the page images and OCR settings, a missing or unconfirmed key field gets
    the pipeline's second look (ingest.second_look)."""
    extraction = extract_document(ocr)
    if ocr_settings is not None:
        extraction = look_again(ocr, extraction, images, ocr_settings)
    facts = facts_from_extraction(extraction, ocr, received_on, image_hash)
    return Analysis(extraction, validate(facts, ctx))


def analysis_json(file: str, ocr: OcrDocument, analysis: Analysis) -> dict[str, Any]:
    out = document_json(file, ocr, analysis.extraction)
    out["invoice_class"] = str(analysis.validation.invoice_class)
    out["findings"] = analysis.validation.to_list()
    return out

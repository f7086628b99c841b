"""The output contract of `yomitori extract`, shared by the CLI and the API."""

from __future__ import annotations

from typing import Any

from core.errors import YomitoriError
from extract.schema import ALL_FIELDS, Extraction, to_json_value
from ocr.types import OcrDocument


def fields_json(extraction: Extraction) -> dict[str, Any]:
    order = {name: i for i, name in enumerate(ALL_FIELDS)}
    return {name: to_json_value(extraction.fields[name].value)
            for name in sorted(extraction.fields, key=order.__getitem__)}


def evidence_json(extraction: Extraction) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, fv in extraction.fields.items():
        if fv.evidence is not None:
            ev = fv.evidence
            out[name] = {"page": ev.page, "bbox": list(ev.bbox),
                         "confidence": round(ev.confidence, 3), "source": ev.source}
    return out


def document_json(file: str, ocr: OcrDocument, extraction: Extraction) -> dict[str, Any]:
    return {
        "file": file,
        "doc_type": str(extraction.doc_type),
        "pages": len(ocr.pages),
        "page_sizes": [{"page": p.number, "width": p.width, "height": p.height, "dpi": p.dpi}
                       for p in ocr.pages],
        "fields": fields_json(extraction),
        "evidence": evidence_json(extraction),
    }


def error_json(file: str, error: YomitoriError) -> dict[str, Any]:
    return {"file": file, "error": error.to_dict()}

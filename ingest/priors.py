"""Earlier documents that a new one might duplicate, for the duplicate rule. The
pipeline queries; the rule only compares."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.orm import Session

from models.tables import Document, ExtractedField
from validate.types import Prior, to_decimal

PRIOR_FIELDS = ("vendor_registration_number", "invoice_number", "vendor_name", "issue_date",
                "total")
RECENT_IMAGES = 5000  # near-identical images are looked for among the latest documents


def find_priors(session: Session, document_id: int, values: dict, image_hash: str | None
                ) -> tuple[Prior, ...]:
    keys = [(n, values[n]) for n in ("vendor_registration_number", "total") if n in values]
    ids: set[int] = set()
    if keys:
        # JSON has no equality on PostgreSQL; compare the stored text (ASCII values)
        match = or_(*[(ExtractedField.name == n)
                      & (cast(ExtractedField.value, Text) == json.dumps(v)) for n, v in keys])
        ids |= set(session.scalars(select(ExtractedField.document_id).where(match)))
    if image_hash:
        ids |= set(session.scalars(
            select(Document.id).where(Document.image_hash.is_not(None))
            .order_by(Document.id.desc()).limit(RECENT_IMAGES)))
    ids.discard(document_id)
    ids = {i for i in ids if i < document_id}  # only earlier documents
    return tuple(_prior(session, i) for i in sorted(ids))


def _prior(session: Session, document_id: int) -> Prior:
    doc = session.get_one(Document, document_id)
    fields = {f.name: f.value for f in doc.fields if f.name in PRIOR_FIELDS}
    day = fields.get("issue_date")
    total = to_decimal(fields.get("total"))
    return Prior(doc.id, fields.get("vendor_registration_number"), fields.get("invoice_number"),
                 fields.get("vendor_name"), date.fromisoformat(day) if day else None,
                 total if isinstance(total, Decimal) else None, doc.image_hash)

"""Learning from corrections: a reviewer's correction of a vendor's field becomes a
locator in that vendor's learned template, one YAML file per vendor in the shared file
store, so the next document of the vendor is read right. The locator itself is found
by extract.template_learn; this module reads the pages and writes the file."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extract.normalize import registration_check_digit_ok
from extract.template_learn import learn_locator
from extract.templates import (LOCATABLE, LearnedFrom, Template, TemplateError, VendorMatch,
                               dump_template, fold_name, read_template, template_key)
from models.indexing import current_values
from models.tables import Document, Page, utcnow
from ocr.types import OcrDocument, page_from_dict

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Learned:
    path: Path
    field: str


def learn_from_correction(session: Session, doc: Document, field: str, value: Any,
                          actor: str, folder: Path) -> Learned | None:
    """Record where `value` stands on the document as the vendor's locator for `field`.
    None when there is nothing to learn: the field is not one a locator reads, the
    vendor is unknown, or the value is not among the page's words."""
    if field not in LOCATABLE or value is None:
        return None
    values = current_values(session, doc.id)
    reg = values.get("vendor_registration_number")
    reg = reg if isinstance(reg, str) and registration_check_digit_ok(reg) else None
    name = values.get("vendor_name") if isinstance(values.get("vendor_name"), str) else None
    key = template_key(reg, name)
    if key is None:
        log.info("document %d: no vendor to learn %s for", doc.id, field)
        return None
    locator = learn_locator(_ocr(session, doc.id), field, value)
    if locator is None:
        log.info("document %d: %s %r is not among the words; nothing learned",
                 doc.id, field, value)
        return None
    locator = locator.model_copy(update={"learned_from": LearnedFrom(
        document_id=doc.id, actor=actor, at=utcnow())})
    path = folder / f"{key}.yaml"
    template = _existing(path) or Template(vendor=VendorMatch(
        registration_number=reg, names=[name] if name else []))
    template = _with_vendor(template, reg, name)
    template.fields[field] = locator
    _write(path, dump_template(template))
    log.info("document %d: learned %s for vendor %s (%s)", doc.id, field, key, path)
    return Learned(path, field)


def _ocr(session: Session, document_id: int) -> OcrDocument:
    pages = session.scalars(select(Page).where(Page.document_id == document_id)
                            .order_by(Page.number))
    return OcrDocument(tuple(page_from_dict({
        "number": p.number, "width": p.width, "height": p.height, "dpi": p.dpi,
        "rotated": p.rotated, "words": p.words or []}) for p in pages))


def _existing(path: Path) -> Template | None:
    if not path.is_file():
        return None
    try:
        return read_template(path)
    except TemplateError as exc:  # a learned file damaged by hand: start it again
        log.error("%s; it is replaced by a new learned template", exc)
        return None


def _with_vendor(template: Template, reg: str | None, name: str | None) -> Template:
    names = list(template.vendor.names)
    if name and fold_name(name) not in {fold_name(n) for n in names}:
        names.append(name)
    vendor = template.vendor.model_copy(update={
        "registration_number": template.vendor.registration_number or reg, "names": names})
    return template.model_copy(update={"vendor": vendor})


def _write(path: Path, text: str) -> None:
    """Whole or not at all: workers on other machines read the file at any moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Vendor templates: what yomitori knows about one issuer's layout, as data. A template
names its vendor (registration number, names) and, per field, where the value stands:
right of or below a printed label, inside a box of the page, or a fixed value.

Hand-written templates live in a folder named in Settings; learned ones are written by
the review flow when a reviewer corrects a field. Both are YAML, validated when they
are loaded: a bad file is a TemplateError naming the file, never a silent skip."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, \
    model_validator

from core.errors import ErrorCode, YomitoriError
from extract.normalize import (normalize_registration_number, parse_amount, parse_date,
                               registration_check_digit_ok)
from extract.schema import AMOUNT_FIELDS, DATE_FIELDS

log = logging.getLogger(__name__)

# Fields a locator can find on the page, by the kind of value it must normalise to.
TEXT_FIELDS = frozenset({"vendor_name", "vendor_branch", "vendor_address", "customer_name",
                         "invoice_number", "bank_account"})
LOCATABLE = AMOUNT_FIELDS | DATE_FIELDS | TEXT_FIELDS
# Fields a template may fix to one value (codes no label prints).
FIXED_ONLY = frozenset({"currency", "payment_method"})
TEMPLATE_FIELDS = LOCATABLE | FIXED_ONLY
SUFFIXES = (".yaml", ".yml")
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page


class TemplateError(YomitoriError, ValueError):
    """A template file that cannot be used; names the file and says why."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(ErrorCode.BAD_CONFIG, f"vendor template {path}: {problem}")

    def __reduce__(self):
        return (self.__class__, (self.path, self.problem))


class LearnedFrom(BaseModel):
    """Which correction taught a learned locator (for the audit trail)."""

    model_config = ConfigDict(extra="forbid")
    document_id: int
    actor: str
    at: datetime


class Locator(BaseModel):
    """Where one field's value stands: exactly one of label, box or value."""

    model_config = ConfigDict(extra="forbid")
    label: str | None = Field(default=None, min_length=1, max_length=60,
                              description="text printed next to the value")
    direction: Literal["right", "below"] = "right"
    near: Box | None = Field(default=None, description="where the value stood when learned; "
                                                       "picks among several label matches")
    box: Box | None = Field(default=None, description="read the words inside this box")
    page: int = Field(default=1, ge=1)
    value: str | None = Field(default=None, description="a fixed value")
    learned_from: LearnedFrom | None = None

    @field_validator("near", "box")
    @classmethod
    def _fractions(cls, box: Box | None) -> Box | None:
        if box is not None and not (0 <= box[0] < box[2] <= 1 and 0 <= box[1] < box[3] <= 1):
            raise ValueError("a box is [x0, y0, x1, y1], fractions of the page, x0 < x1, y0 < y1")
        return box

    @model_validator(mode="after")
    def _one_way(self) -> Locator:
        ways = [w for w in ("label", "box", "value") if getattr(self, w) is not None]
        if len(ways) != 1:
            raise ValueError(f"give exactly one of label, box or value (got {ways or 'none'})")
        return self


class VendorMatch(BaseModel):
    """Which documents the template is for: the registration number first, else a name;
    keywords, when given, must all appear in the document too."""

    model_config = ConfigDict(extra="forbid")
    registration_number: str | None = None
    names: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)

    @field_validator("registration_number")
    @classmethod
    def _registration(cls, text: str | None) -> str | None:
        if text is None:
            return None
        number = normalize_registration_number(text)
        if number is None or not registration_check_digit_ok(number):
            raise ValueError(f"not a registration number (T + 13 digits, check digit): {text}")
        return number

    @model_validator(mode="after")
    def _identified(self) -> VendorMatch:
        if self.registration_number is None and not any(fold_name(n) for n in self.names):
            raise ValueError("a template needs the vendor's registration_number or names")
        return self


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vendor: VendorMatch
    fields: dict[str, Locator] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: dict[str, Locator]) -> dict[str, Locator]:
        for name, loc in fields.items():
            if name not in TEMPLATE_FIELDS:
                raise ValueError(f"unknown field {name!r}; known: {sorted(TEMPLATE_FIELDS)}")
            if name in FIXED_ONLY and loc.value is None:
                raise ValueError(f"{name}: only a fixed value (no label prints it)")
            if loc.value is not None:
                _check_fixed(name, loc.value)
        return fields


def _check_fixed(name: str, value: str) -> None:
    if name in AMOUNT_FIELDS and parse_amount(value) is None:
        raise ValueError(f"{name}: not an amount: {value!r}")
    if name in DATE_FIELDS and parse_date(value) is None:
        raise ValueError(f"{name}: not a date: {value!r}")


_NAME_NOISE = re.compile(r"[\s・･.,、。]+")
_UNSAFE = re.compile(r"[^\w-]")  # file names: letters (any script), digits, _ and -


def fold_name(name: str) -> str:
    """A vendor name as templates compare it: NFKC, case folded, no spaces or dots."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name).casefold())


def template_key(registration_number: str | None, name: str | None) -> str | None:
    """The file stem (and the `template:` source) of a learned template."""
    if registration_number and registration_check_digit_ok(registration_number):
        return registration_number
    folded = fold_name(name or "")
    return "name-" + _UNSAFE.sub("_", folded)[:80] if folded else None


# ---- files ----

def parse_template(path: Path, text: str) -> Template:
    try:
        raw = yaml.safe_load(text)
        return Template.model_validate(raw if raw is not None else {})
    except yaml.YAMLError as exc:
        raise TemplateError(path, f"not YAML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}"
                             for e in exc.errors())
        raise TemplateError(path, problems) from exc


def dump_template(template: Template) -> str:
    data = template.model_dump(mode="json", exclude_none=True)
    for loc in data["fields"].values():
        if "label" not in loc:
            loc.pop("direction", None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def template_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def read_template(path: Path) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path, f"cannot be read: {exc}") from exc
    return parse_template(path, text)


# ---- the set the extractor uses ----

@dataclass(frozen=True, slots=True)
class Loaded:
    key: str  # the file stem: the `template:<key>` of every value it gives
    template: Template
    learned: bool


@dataclass(frozen=True, slots=True)
class Chosen:
    key: str
    locator: Locator


class TemplateSet:
    """Every loaded template, looked up by the vendor a document names."""

    def __init__(self, loaded: Iterable[Loaded] = ()) -> None:
        # hand-written first: a learned locator of the same field wins
        self.loaded = sorted(loaded, key=lambda t: (t.learned, t.key))

    def __len__(self) -> int:
        return len(self.loaded)

    def for_vendor(self, registration_number: str | None, name: str | None,
                   text: str) -> dict[str, Chosen]:
        """The locators for a document's vendor, per field; empty for unknown vendors."""
        reg = registration_number if registration_number and \
            registration_check_digit_ok(registration_number) else None
        folded, compact = fold_name(name or ""), fold_name(text)
        out: dict[str, Chosen] = {}
        for t in self.loaded:
            if _matches(t.template.vendor, reg, folded, compact):
                out.update({f: Chosen(t.key, loc) for f, loc in t.template.fields.items()})
        return out


def _matches(vendor: VendorMatch, reg: str | None, folded: str, compact: str) -> bool:
    if vendor.keywords and not all(fold_name(k) in compact for k in vendor.keywords):
        return False
    if reg and vendor.registration_number:
        return reg == vendor.registration_number  # another number: another business
    return bool(folded) and any(fold_name(n) == folded for n in vendor.names)


def load_templates(hand_written: Path | None, learned: Path | None) -> TemplateSet:
    """Every template of both folders; the first bad file raises TemplateError. The
    learned folder appears with the first correction; the hand-written one must exist
    when it is named (a mistyped path is not "no templates")."""
    if hand_written is not None and not hand_written.is_dir():
        raise TemplateError(hand_written, "no such folder (Settings.templates_dir)")
    loaded = [Loaded(p.stem, read_template(p), False) for p in template_files(hand_written)]
    loaded += [Loaded(p.stem, read_template(p), True) for p in template_files(learned)]
    return TemplateSet(loaded)


Signature = tuple[tuple[str, int, int], ...]


def _signature(folders: tuple[Path | None, ...]) -> Signature:
    out = []
    for folder in folders:
        for p in template_files(folder):
            try:
                st = p.stat()
            except OSError:
                continue  # removed while listing: the next call sees the new state
            out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


class TemplateCache:
    """The templates, loaded once and loaded again when a file is added, changed or
    removed (learned templates are written while workers run, maybe on other
    machines). Built at start-up, where a bad file stops the start; a bad file later
    is logged and the last good set stays in use."""

    def __init__(self, hand_written: Path | None, learned: Path | None) -> None:
        self.folders = (hand_written, learned)
        self._lock = threading.Lock()
        self._signature = _signature(self.folders)
        self._set = load_templates(*self.folders)

    def current(self) -> TemplateSet:
        signature = _signature(self.folders)
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                try:
                    self._set = load_templates(*self.folders)
                except TemplateError as exc:
                    log.error("vendor templates not reloaded, the last good set stays: %s",
                              exc)
            return self._set

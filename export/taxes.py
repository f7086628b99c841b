"""Tax category per journal line: the rate, the invoice class and the transaction date
choose a deduction share from a dated table; each product names the result its own way.
Both live in export/data/tax_categories.yaml and are checked when loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from export.errors import ExportCode, ExportError
from export.types import TaxTreatment
from validate.types import InvoiceClass

DATA = Path(__file__).parent / "data" / "tax_categories.yaml"
FULL_CREDIT = frozenset({InvoiceClass.QUALIFIED, InvoiceClass.SIMPLIFIED})


class Mark(StrEnum):
    CONFIRMED = "C"
    THIRD_PARTY = "3P"
    UNCONFIRMED = "UNCONF"


class TaxName(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    category: str = Field(min_length=1)
    invoice: str = ""
    mark: Mark


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: date | None = Field(alias="from")
    until: date | None
    percent: int = Field(ge=0, le=100)

    def holds(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and \
            (self.until is None or on <= self.until)


class ProductNames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outside: TaxName
    rates: dict[int, dict[int, TaxName]]


class TaxData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schedule: list[Period] = Field(min_length=1)
    products: dict[str, ProductNames]

    @model_validator(mode="after")
    def complete(self) -> TaxData:
        """Every product names every rate at every share the schedule can give."""
        shares = {p.percent for p in self.schedule} | {100}
        for product, names in self.products.items():
            for rate in (10, 8):
                missing = shares - set(names.rates.get(rate, {}))
                if missing:
                    raise ValueError(f"{product}: no {rate}% name for shares {sorted(missing)}")
        ordered = sorted(self.schedule, key=lambda p: p.start or date.min)
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            if earlier.until is None or later.start is None or later.start <= earlier.until:
                raise ValueError(f"schedule periods overlap at {later.start}")
        return self


@dataclass(frozen=True)
class TaxTable:
    data: TaxData

    def deduction(self, on: date, invoice_class: InvoiceClass) -> int:
        if invoice_class in FULL_CREDIT:
            return 100
        for period in self.data.schedule:
            if period.holds(on):
                return period.percent
        return 0

    def treatment(self, rate: int | None, on: date, invoice_class: InvoiceClass
                  ) -> TaxTreatment:
        if rate is None:
            return TaxTreatment(None)
        return TaxTreatment(rate, self.deduction(on, invoice_class))

    def name(self, product: str, treatment: TaxTreatment) -> TaxName:
        names = self.data.products[product]
        if treatment.rate is None:
            return names.outside
        return names.rates[treatment.rate][treatment.deduction]

    def products(self) -> list[str]:
        return list(self.data.products)


def load_tax_table(path: Path | None = None) -> TaxTable:
    """Loaded once per version of the file: an edit is seen by the next export."""
    path = path or DATA
    try:
        return _load(path, path.stat().st_mtime_ns)
    except OSError as exc:
        raise ExportError(ExportCode.BAD_DATA_FILE, f"{path}: {exc}") from exc


@cache
def _load(path: Path, _version: int) -> TaxTable:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return TaxTable(TaxData.model_validate(raw))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ExportError(ExportCode.BAD_DATA_FILE, f"{path}: {exc}") from exc

"""勘定科目 for a document: the debit (expense) side from a reviewer's remembered
choice, vendor rules, keyword rules, then a default per document type; the credit side
from the document type and how a receipt was paid. The rules are YAML named in
Settings (accounts_file), checked when loaded."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from export.errors import ExportCode, ExportError
from export.types import JournalDocument

DATA = Path(__file__).parent / "data" / "accounts.yaml"
Account = str


def fold(text: str) -> str:
    """Width, case and spaces folded, so ＪＲ東日本 and jr 東日本 are one vendor."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class VendorRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: str | None = None  # part of the vendor name
    registration_number: str | None = None
    account: Account = Field(min_length=1)

    def fits(self, doc: JournalDocument) -> bool:
        if self.registration_number and doc.registration_number == self.registration_number:
            return True
        return bool(self.match) and fold(self.match) in fold(doc.vendor)


class KeywordRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str] = Field(min_length=1)
    account: Account = Field(min_length=1)

    def fits(self, haystack: str) -> bool:
        return any(fold(word) in haystack for word in self.words)


class Payable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account: Account = "買掛金"
    for_debit: list[Account] = ["仕入高"]


class CreditRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    invoice: Account = "未払金"
    receipt: Account = "現金"
    receipt_by_payment: dict[str, Account] = {}
    payable: Payable = Payable()
    default: Account = "未払金"


class AccountRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vendors: list[VendorRule] = []
    keywords: list[KeywordRule] = []
    by_doc_type: dict[str, Account] = {}
    default: Account = "雑費"
    credit: CreditRules = CreditRules()
    freee_settle: dict[Account, str] = {}


@dataclass(frozen=True, slots=True)
class AccountChoice:
    debit: Account
    credit: Account
    source: str  # which rule chose the debit: learned, vendor, keyword, doc_type, default


def choose(doc: JournalDocument, rules: AccountRules,
           learned: Mapping[str, Account]) -> AccountChoice:
    debit, source = debit_account(doc, rules, learned)
    return AccountChoice(debit, credit_account(doc, debit, rules.credit), source)


def debit_account(doc: JournalDocument, rules: AccountRules,
                  learned: Mapping[str, Account]) -> tuple[Account, str]:
    remembered = learned.get(fold(doc.vendor))
    if remembered:
        return remembered, "learned"
    for rule in rules.vendors:
        if rule.fits(doc):
            return rule.account, "vendor"
    haystack = "\n".join(fold(t) for t in (doc.vendor, *doc.descriptions))
    for keyword in rules.keywords:
        if keyword.fits(haystack):
            return keyword.account, "keyword"
    if doc.doc_type in rules.by_doc_type:
        return rules.by_doc_type[doc.doc_type], "doc_type"
    return rules.default, "default"


def credit_account(doc: JournalDocument, debit: Account, rules: CreditRules) -> Account:
    if doc.doc_type == "invoice":
        return rules.payable.account if debit in rules.payable.for_debit else rules.invoice
    if doc.doc_type == "receipt":
        return rules.receipt_by_payment.get(doc.payment_method or "", rules.receipt)
    return rules.default


def load_account_rules(path: Path | None = None) -> AccountRules:
    """Loaded once per version of the file: an edit is seen by the next export."""
    path = path or DATA
    try:
        return _load(path, path.stat().st_mtime_ns)
    except OSError as exc:
        raise ExportError(ExportCode.BAD_DATA_FILE, f"{path}: {exc}") from exc


@cache
def _load(path: Path, _version: int) -> AccountRules:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return AccountRules.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ExportError(ExportCode.BAD_DATA_FILE, f"{path}: {exc}") from exc

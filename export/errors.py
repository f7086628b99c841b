"""Export's errors (the batch as a whole failed) and warnings (one document or cell
needs a person's eye; the batch still stands)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.errors import InputError, YomitoriError


class ExportCode(StrEnum):
    UNKNOWN_FORMAT = "unknown_format"
    BAD_ENCODING = "bad_encoding"
    NOTHING_TO_EXPORT = "nothing_to_export"
    BATCH_NOT_FOUND = "batch_not_found"
    FILE_MISSING = "export_file_missing"
    FILE_CHANGED = "export_file_changed"
    BAD_DATA_FILE = "bad_export_data_file"
    UNBALANCED = "unbalanced_entry"
    BAD_ACCOUNT_RULE = "bad_account_rule"


MESSAGES: dict[ExportCode, tuple[str, str]] = {
    ExportCode.UNKNOWN_FORMAT: ("その出力形式はありません。", "No such export format."),
    ExportCode.BAD_ENCODING: ("その文字コードはこの形式では使えません。",
                              "That encoding is not offered for this format."),
    ExportCode.NOTHING_TO_EXPORT: ("出力する文書はありません。", "Nothing to export."),
    ExportCode.BATCH_NOT_FOUND: ("出力履歴が見つかりません。", "Export batch not found."),
    ExportCode.FILE_MISSING: ("出力ファイルが保存場所にありません。",
                              "The export file is missing from the store."),
    ExportCode.FILE_CHANGED: ("出力ファイルが記録と一致しません（改変の可能性）。",
                              "The export file no longer matches its recorded hash."),
    ExportCode.BAD_DATA_FILE: ("勘定科目または税区分の設定ファイルが正しくありません。",
                               "The account or tax category file is not valid."),
    ExportCode.UNBALANCED: ("仕訳の貸借が一致しません。", "A journal entry does not balance."),
    ExportCode.BAD_ACCOUNT_RULE: ("取引先名と勘定科目を入力してください。",
                                  "A vendor name and an account are both needed."),
}


class ExportError(YomitoriError):
    """Base of export's errors; codes and messages of its own."""

    def __init__(self, code: ExportCode, detail: str = "") -> None:  # type: ignore[override]
        super().__init__(code, detail)  # type: ignore[arg-type]

    @property
    def message_ja(self) -> str:
        return MESSAGES[ExportCode(self.code)][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[ExportCode(self.code)][1]


class ExportInputError(ExportError, InputError):
    """The request is at fault (a format or encoding that does not exist)."""


class NothingToExport(ExportError):
    def __init__(self, code: ExportCode = ExportCode.NOTHING_TO_EXPORT, detail: str = ""):
        super().__init__(code, detail)


class BatchNotFound(ExportError):
    def __init__(self, code: ExportCode = ExportCode.BATCH_NOT_FOUND, detail: str = ""):
        super().__init__(code, detail)


class Warn(StrEnum):
    # the document was left out of the file
    NOT_FOUND = "not_found"
    NOT_APPROVED = "not_approved"
    ALREADY_EXPORTED = "already_exported"
    DELETED = "deleted"
    NOT_JOURNAL_TYPE = "not_journal_type"
    NO_DATE = "no_date"
    NO_TOTAL = "no_total"
    NOT_JPY = "not_jpy"
    FRACTIONAL_YEN = "fractional_yen"
    NOT_POSITIVE = "not_positive"
    AMOUNTS_INCONSISTENT = "amounts_inconsistent"
    TOO_LARGE = "amount_too_large"
    # the document is in the file; check it
    NO_TAX_RATE = "no_tax_rate"
    UNTAXED_REMAINDER = "untaxed_remainder"
    INVOICE_CLASS_UNKNOWN = "invoice_class_unknown"
    UNCONFIRMED_TAX_NAME = "unconfirmed_tax_name"
    CHARACTERS_REPLACED = "characters_replaced"
    FORMULA_NEUTRALISED = "formula_neutralised"


SKIPPING = frozenset({Warn.NOT_FOUND, Warn.NOT_APPROVED, Warn.ALREADY_EXPORTED, Warn.DELETED,
                      Warn.NOT_JOURNAL_TYPE, Warn.NO_DATE, Warn.NO_TOTAL, Warn.NOT_JPY,
                      Warn.FRACTIONAL_YEN, Warn.NOT_POSITIVE, Warn.AMOUNTS_INCONSISTENT,
                      Warn.TOO_LARGE})


@dataclass(frozen=True, slots=True)
class ExportWarning:
    code: Warn
    document_id: int | None
    detail: str = ""

    @property
    def skipped(self) -> bool:
        return self.code in SKIPPING

    def to_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "document_id": self.document_id,
                "skipped": self.skipped, "detail": self.detail}


class NotExportable(Exception):
    """A document that cannot become an entry; the batch leaves it out and says why."""

    def __init__(self, code: Warn, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}")

"""The error base. Every failure a user can meet has a stable code and a message in
Japanese and English; free text and tracebacks go to the log only."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum


class ErrorCode(StrEnum):
    EMPTY_FILE = "empty_file"
    UNSUPPORTED_TYPE = "unsupported_type"
    NOT_FOUND = "not_found"
    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED_PDF = "encrypted_pdf"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    IMAGE_TOO_LARGE = "image_too_large"
    BAD_PAGE_SHAPE = "bad_page_shape"
    OCR_FAILED = "ocr_failed"
    OCR_TIMEOUT = "ocr_timeout"
    RASTERIZE_TIMEOUT = "rasterize_timeout"
    INVALID_TRANSITION = "invalid_transition"
    BAD_QUERY = "bad_query"
    GAVE_UP = "gave_up"
    ALREADY_EXISTS = "already_exists"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    STORE_DAMAGED = "store_damaged"
    DISK_FULL = "disk_full"
    BAD_CONFIG = "bad_config"
    DATABASE_UNAVAILABLE = "database_unavailable"
    INTERNAL = "internal_error"


MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.EMPTY_FILE: ("ファイルが空です (0 バイト)。", "The file is empty (0 bytes)."),
    ErrorCode.UNSUPPORTED_TYPE: (
        "対応していない形式です。PDF・TIFF・JPEG・PNG を送ってください。",
        "Unsupported file type: send PDF, TIFF, JPEG or PNG.",
    ),
    ErrorCode.NOT_FOUND: ("ファイルが見つかりません。", "File not found."),
    ErrorCode.CORRUPT_FILE: (
        "ファイルが壊れているため読み取れません。",
        "The file is damaged and cannot be read.",
    ),
    ErrorCode.ENCRYPTED_PDF: (
        "パスワード付きの PDF は読み取れません。保護を外して送り直してください。",
        "Password-protected PDFs cannot be read; remove the protection and send it again.",
    ),
    ErrorCode.TOO_LARGE: ("ファイルが大きすぎます。", "The file is too large."),
    ErrorCode.TOO_MANY_PAGES: ("ページ数が上限を超えています。", "Too many pages."),
    ErrorCode.IMAGE_TOO_LARGE: (
        "画像の画素数が上限を超えています。",
        "The image has more pixels than allowed.",
    ),
    ErrorCode.BAD_PAGE_SHAPE: (
        "ページの縦横比が極端なため読み取れません。",
        "The page's width and height are too far apart to be a page.",
    ),
    ErrorCode.OCR_FAILED: ("文字認識に失敗しました。", "Text recognition failed."),
    ErrorCode.OCR_TIMEOUT: (
        "文字認識が時間内に終わりませんでした。",
        "Text recognition timed out.",
    ),
    ErrorCode.RASTERIZE_TIMEOUT: (
        "ページの画像化が時間内に終わりませんでした。",
        "Rendering the page timed out.",
    ),
    ErrorCode.INVALID_TRANSITION: (
        "この文書の状態ではその操作はできません。",
        "That action is not allowed in the document's current state.",
    ),
    ErrorCode.BAD_QUERY: ("検索条件が正しくありません。", "The search query is not valid."),
    ErrorCode.GAVE_UP: (
        "処理を何度か試みましたが完了しませんでした。再実行できます。",
        "Processing did not complete after several attempts; it can be retried.",
    ),
    ErrorCode.ALREADY_EXISTS: ("同じ名前のものが既にあります。", "That name is already taken."),
    ErrorCode.UNAUTHENTICATED: ("認証が必要です。", "Authentication required."),
    ErrorCode.FORBIDDEN: ("この操作の権限がありません。", "Not allowed for your role."),
    ErrorCode.STORE_DAMAGED: (
        "保管されている原本が見つからないか、内容が登録時と一致しません。",
        "The stored original is missing or no longer matches its recorded hash.",
    ),
    ErrorCode.DISK_FULL: (
        "保存先の空き容量が足りません。管理者に連絡してください (受付済みの文書は失われません)。",
        "The file store is full; tell the administrator (documents already accepted are safe).",
    ),
    ErrorCode.BAD_CONFIG: ("設定ファイルに誤りがあります。", "A configuration file is not valid."),
    ErrorCode.DATABASE_UNAVAILABLE: (
        "データベースに一時的に書き込めません。少し待ってから送り直してください。",
        "The database cannot be written to just now; send it again in a moment.",
    ),
    ErrorCode.INTERNAL: ("内部エラーが発生しました。", "Internal error."),
}


class YomitoriError(Exception):
    """Base of every error the project raises on purpose."""

    def __init__(self, code: ErrorCode, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else str(code))

    def __reduce__(self):  # keep code and detail across process pools
        return (self.__class__, (self.code, self.detail))

    @property
    def message_ja(self) -> str:
        return MESSAGES[self.code][0]

    @property
    def message_en(self) -> str:
        return MESSAGES[self.code][1]

    @property
    def message(self) -> str:
        """What a person reads: Japanese first, then English, then the detail."""
        text = f"{self.message_ja} / {self.message_en}"
        return f"{text} ({self.detail})" if self.detail else text

    def to_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "message": self.message}


class InputError(YomitoriError):
    """The file itself is at fault (the client's fault over HTTP)."""


class ProcessingError(YomitoriError):
    """Reading a valid file failed (a timeout, an engine crash)."""


NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


@contextmanager
def disk_space(where: str) -> Iterator[None]:
    """A write that finds the disk full fails with DISK_FULL, naming what was written."""
    try:
        yield
    except OSError as exc:
        if exc.errno in NO_SPACE:
            raise ProcessingError(ErrorCode.DISK_FULL, where) from exc
        raise

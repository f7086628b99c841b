"""The one Settings object. Built at the entry points (CLI, API, worker) and passed in."""

from __future__ import annotations

import os
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class OcrSettings(BaseModel):
    engine: str = Field(default="tesseract", description="OCR engine, by registered name")
    languages: str = "jpn+eng"
    tessdata_dir: Path | None = Field(
        default=None, description="Tesseract model folder; None = Tesseract's own")
    page_timeout_s: float = 120.0
    prepare_timeout_s: float = Field(
        default=30.0, gt=0, description="page preparation that takes longer stops: the "
        "steps left are skipped and the page is read as prepared so far (checked between "
        "steps)")
    workers: int = Field(default=0, description="OCR processes; 0 = one per core")
    dpi: int = 300
    use_text_layer: bool = Field(
        default=True, description="born-digital PDFs: take words from the text layer")
    steps: list[str] = Field(
        default=["dewarp", "crop", "blank", "scale", "orient", "flatten", "despeckle",
                 "deskew"],
        description="page preparation before OCR, in order (names in ocr.prepared.STEPS)")
    psm: int = Field(default=3, description="Tesseract page segmentation mode")
    fill_gaps: bool = Field(
        default=True, description="read again bands of ink that OCR's layout analysis "
        "left without words")
    vertical_languages: str = Field(
        default="jpn_vert+eng",
        description="models for pages whose lines run top to bottom (縦書き; the orient "
                    "step finds them)")
    circled_digits_are_digits: bool = Field(
        default=False, description="read ① as 1 (for models that emit circled digits)")
    text_height_px: int = Field(
        default=28, description="the scale step resizes pages to bring text to this height")
    osd_min_confidence: float = Field(
        default=2.0, description="turn a page only when Tesseract's OSD is this sure")
    osd_timeout_s: float = 15.0
    orient_recheck_below: float = Field(
        default=0.6, description="a page read with less mean confidence gets an OSD check")
    max_skew_deg: float = Field(default=10.0, description="deskew searches +- this range")
    min_skew_deg: float = Field(default=0.2, description="smaller skews are left alone")
    second_look: bool = Field(
        default=True, description="after extraction, when the issue date is missing (or "
        "unlabelled and unsure) or the total missing or unconfirmed, read the few lines "
        "likely to hold it again on their own (cropped, enlarged, one line at a time)")
    second_look_max_lines: int = Field(
        default=4, ge=0, description="lines read again per document, at most")
    second_look_budget_s: float = Field(
        default=4.0, ge=0, description="time the second look may take per document; a "
        "line is not started once it is spent")


class LimitSettings(BaseModel):
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_page_pixels: int = 12_000 * 12_000
    rasterize_timeout_s: float = 120.0
    keep_rejected: int = Field(
        default=500, ge=0, description="uploads refused at intake kept for inspection "
        "under <data dir>/rejected (the newest N; 0: none)")
    worker_memory_mb: int = Field(
        default=4096, ge=0, description="address-space cap of each OCR process and the "
        "tesseract/pdftoppm it starts (0: none)")


class QueueSettings(BaseModel):
    lease_s: float = Field(default=120.0, description="a worker renews its lease this often x3")
    reconcile_every_s: float = 15.0
    requeue_grace_s: float = Field(default=30.0,
                                   description="age before a waiting document is re-enqueued")
    max_attempts: int = 3
    job_timeout_s: int = 1800
    worker_processes: int = Field(default=1, description="OCR processes per rq job")


class SplitMode(StrEnum):
    """How a multi-page upload is cut into documents (ingest.split)."""

    NONE = "none"  # the file is one document
    BLANK = "blank"  # blank separator pages start a new document
    AUTO = "auto"  # blank pages, and pages that start a new document (a new 請求書 header)


class IntakeSettings(BaseModel):
    split: SplitMode = Field(
        default=SplitMode.NONE,
        description="default for uploads, the hot folder, `ingest` and `extract`: none, "
                    "blank or auto; one scan is one document unless a batch asks for more")


SHIPPED_SECRET = "change-me-yomitori-development-only"


class AuthSettings(BaseModel):
    """Sign-in for the review UI. Outside development the shipped secret refuses to start."""

    environment: str = Field(default="development",
                             description="development, or anything else (production)")
    secret_key: SecretStr = Field(default=SecretStr(SHIPPED_SECRET),
                                  description="signs the session cookies; 32+ random characters")
    session_hours: float = Field(default=12.0, description="a sign-in lasts this long")
    max_failed_logins: int = Field(
        default=5, ge=1, description="wrong passwords in a row before the account locks")
    lockout_minutes: float = Field(default=15.0, description="how long a locked account waits")
    login_attempts_per_ip: int = Field(
        default=30, ge=1, description="failed sign-ins one address may make in 10 minutes")
    admin_password: SecretStr | None = Field(
        default_factory=lambda: SecretStr(v) if (v := os.environ.get(
            "YOMITORI_ADMIN_PASSWORD")) else None,
        description="first start: `admin`'s password (YOMITORI_ADMIN_PASSWORD); "
                    "unset = a one-time password printed to the log")

    @model_validator(mode="after")
    def _refuse_shipped_secret(self) -> AuthSettings:
        if self.environment != "development" and \
                self.secret_key.get_secret_value() == SHIPPED_SECRET:
            raise ValueError("set YOMITORI_AUTH__SECRET_KEY: the shipped secret is for "
                             "development only")
        return self


class Settings(BaseSettings):
    """Environment variables are prefixed `YOMITORI_`; nested sections use `__`
    (`YOMITORI_OCR__LANGUAGES=eng`)."""

    model_config = SettingsConfigDict(
        env_prefix="YOMITORI_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Path("./var")
    database_url: str | None = None
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    rules_file: Path | None = Field(
        default=None, description="YAML file that enables, disables and tunes validation rules")
    accounts_file: Path | None = None  # 勘定科目 rules (YAML); None = export/data/accounts.yaml
    templates_dir: Path | None = Field(
        default=None, description="hand-written vendor templates (YAML, one file per vendor)")
    ocr: OcrSettings = OcrSettings()
    limits: LimitSettings = LimitSettings()
    queue: QueueSettings = QueueSettings()
    intake: IntakeSettings = IntakeSettings()
    auth: AuthSettings = Field(default_factory=AuthSettings)

    @cached_property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'yomitori.db').resolve()}"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def learned_templates_dir(self) -> Path:
        """Vendor templates learned from corrections: in the shared file store."""
        return self.data_dir / "templates" / "learned"

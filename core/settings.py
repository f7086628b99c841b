"""The one Settings object. Built at the entry points (CLI, API, worker) and passed in."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OcrSettings(BaseModel):
    languages: str = "jpn+eng"
    tessdata_dir: Path | None = None
    page_timeout_s: float = 120.0
    workers: int = Field(default=0, description="OCR processes; 0 = one per core")
    dpi: int = 300
    use_text_layer: bool = Field(
        default=True, description="born-digital PDFs: take words from the text layer")


class LimitSettings(BaseModel):
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_page_pixels: int = 12_000 * 12_000
    rasterize_timeout_s: float = 120.0


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
    ocr: OcrSettings = OcrSettings()
    limits: LimitSettings = LimitSettings()

    @cached_property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'yomitori.db').resolve()}"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

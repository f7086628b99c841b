"""Per-installation rule settings: a YAML file named in Settings, validated at start-up."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import ErrorCode, YomitoriError
from validate.types import Severity


class RuleSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: Severity | None = None  # None: the rule's own choice


class RulesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    confidence_threshold: float = Field(0.6, ge=0, le=1)
    min_dpi: int = Field(200, ge=1)
    # スキャナ保存 業務処理サイクル方式: up to two months, then about seven business days
    input_deadline_days: int = Field(71, ge=1)
    stamp_duty_receipt_min: int = Field(50_000, ge=0)
    required_fields: dict[str, list[str]] = Field(default_factory=lambda: {
        "invoice": ["total", "issue_date", "vendor_name"],
        "receipt": ["total", "issue_date"],
        "contract": ["parties"],
    })

    def setting(self, code: str) -> RuleSetting:
        return self.rules.get(code, RuleSetting())


class RulesConfigError(YomitoriError, ValueError):
    """The rules file cannot be used; the message says where and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorCode.BAD_CONFIG, detail)

    def __reduce__(self):
        return (self.__class__, (self.detail,))


def load_rules(path: Path | None, known: set[str]) -> RulesConfig:
    if path is None:
        return RulesConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        config = RulesConfig.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise RulesConfigError(f"rules file {path}: {exc}") from exc
    unknown = sorted(set(config.rules) - known)
    if unknown:
        raise RulesConfigError(f"rules file {path}: unknown rules {unknown}; "
                               f"known: {sorted(known)}")
    return config

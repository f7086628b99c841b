"""Building a rules context: the configuration is loaded and checked at start-up, so
a broken rules file stops the service with a clear error."""

from __future__ import annotations

from datetime import date

import validate.builtin  # noqa: F401  (registers the rules)
from core.settings import Settings
from validate.config import RulesConfig, load_rules
from validate.registry import RULES, Context
from validate.types import Prior


def load_config(settings: Settings) -> RulesConfig:
    return load_rules(settings.rules_file, set(RULES))


def context(config: RulesConfig, priors: tuple[Prior, ...] = (),
            today: date | None = None) -> Context:
    return Context(config, today or date.today(), priors)

"""The rules registry. A rule is a small function from a document's facts to
findings; built-ins register the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from validate.config import RulesConfig
from validate.types import Facts, Finding, InvoiceClass, Prior, Severity


@dataclass(frozen=True)
class Context:
    config: RulesConfig
    today: date
    priors: tuple[Prior, ...] = ()


RuleFn = Callable[[Facts, Context], Iterable[Finding]]
RULES: dict[str, RuleFn] = {}


def rule(code: str) -> Callable[[RuleFn], RuleFn]:
    def add(fn: RuleFn) -> RuleFn:
        RULES[code] = fn
        return fn
    return add


@dataclass(frozen=True)
class Validation:
    findings: tuple[Finding, ...] = ()
    invoice_class: InvoiceClass = InvoiceClass.UNKNOWN
    needs_review: bool = False

    def to_list(self) -> list[dict]:
        return [f.to_dict() for f in self.findings]


def run_rules(facts: Facts, ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for code, fn in RULES.items():
        setting = ctx.config.setting(code)
        if not setting.enabled:
            continue
        for finding in fn(facts, ctx):
            out.append(replace(finding, severity=setting.severity)
                       if setting.severity else finding)
    return out


_FLAGS_REVIEW = {Severity.ERROR, Severity.WARNING}


def validate(facts: Facts, ctx: Context) -> Validation:
    import validate.builtin  # noqa: F401  (registers the rules)
    from validate.invoice import classify

    findings = tuple(run_rules(facts, ctx))
    review = any(f.severity in _FLAGS_REVIEW for f in findings)
    return Validation(findings, classify(facts), review)

"""Scan quality and timing (電子帳簿保存法 スキャナ保存), 収入印紙, low confidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from validate.registry import Context, rule
from validate.types import Facts, Finding, Severity


@rule("quality.resolution")
def resolution(facts: Facts, ctx: Context) -> Iterator[Finding]:
    low = sorted({d for d in facts.page_dpis if d < ctx.config.min_dpi})
    if low:
        yield Finding("quality.resolution", Severity.WARNING, (),
                      f"解像度が {ctx.config.min_dpi} dpi 未満です（{low[0]} dpi）。"
                      "スキャナ保存の要件を満たしません。",
                      f"Resolution below {ctx.config.min_dpi} dpi ({low[0]} dpi).")


@rule("quality.input_deadline")
def input_deadline(facts: Facts, ctx: Context) -> Iterator[Finding]:
    issued, received = facts.date("issue_date"), facts.received_on
    limit = timedelta(days=ctx.config.input_deadline_days)
    if issued is not None and received is not None and received - issued > limit:
        yield Finding("quality.input_deadline", Severity.WARNING, ("issue_date",),
                      f"発行日 {issued} から {(received - issued).days} 日後の入力です。"
                      "スキャナ保存の入力期限を過ぎています。",
                      f"Entered {(received - issued).days} days after issue, past the "
                      "scanner-storage input deadline.")


@rule("receipts.stamp_duty")
def stamp_duty(facts: Facts, ctx: Context) -> Iterator[Finding]:
    total = facts.amount("total")
    if facts.doc_type != "receipt" or total is None or facts.text("currency") not in (
            None, "JPY"):
        return
    base = facts.amount("subtotal") or total
    if base >= ctx.config.stamp_duty_receipt_min:
        yield Finding("receipts.stamp_duty", Severity.INFO, ("total",),
                      "5万円以上の領収書です。収入印紙の貼付を確認してください。",
                      "Receipt of 50,000 yen or more: check the revenue stamp.")


@rule("confidence.required_fields")
def confidence(facts: Facts, ctx: Context) -> Iterator[Finding]:
    required = ctx.config.required_fields.get(facts.doc_type, [])
    missing = [n for n in required if n not in facts.values]
    low = [n for n in required if n in facts.confidence
           and facts.confidence[n] < ctx.config.confidence_threshold]
    if missing:
        yield Finding("confidence.missing", Severity.WARNING, tuple(missing),
                      f"必須項目が読み取れません: {', '.join(missing)}。",
                      f"Required fields not found: {', '.join(missing)}.")
    if low:
        yield Finding("confidence.low", Severity.WARNING, tuple(low),
                      f"読み取りの確信度が低い項目があります: {', '.join(low)}。",
                      f"Low-confidence fields: {', '.join(low)}.")

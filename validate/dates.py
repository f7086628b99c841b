"""Dates: not in the future, due not before issue."""

from __future__ import annotations

from collections.abc import Iterator

from validate.registry import Context, rule
from validate.types import Facts, Finding, Severity

DATE_FIELDS = ("issue_date", "contract_date")


@rule("dates.future")
def not_in_future(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for name in DATE_FIELDS:
        value = facts.date(name)
        if value is not None and value > ctx.today:
            yield Finding("dates.future", Severity.ERROR, (name,),
                          f"日付 {value} が未来の日付です。",
                          f"The date {value} is in the future.")


@rule("dates.due_before_issue")
def due_after_issue(facts: Facts, ctx: Context) -> Iterator[Finding]:
    issue, due = facts.date("issue_date"), facts.date("due_date")
    if issue is not None and due is not None and due < issue:
        yield Finding("dates.due_before_issue", Severity.ERROR, ("issue_date", "due_date"),
                      f"支払期限 {due} が発行日 {issue} より前です。",
                      f"The due date {due} is before the issue date {issue}.")


@rule("dates.expiry_before_effective")
def expiry_after_effective(facts: Facts, ctx: Context) -> Iterator[Finding]:
    start, end = facts.date("effective_date"), facts.date("expiry_date")
    if start is not None and end is not None and end < start:
        yield Finding("dates.expiry_before_effective", Severity.ERROR,
                      ("effective_date", "expiry_date"),
                      f"契約終了日 {end} が開始日 {start} より前です。",
                      f"The expiry date {end} is before the effective date {start}.")

"""Account choices reviewers made, remembered per vendor and tried before any rule."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from export.accounts import fold
from export.errors import ExportCode, ExportInputError
from models.export_tables import AccountRule
from models.tables import utcnow


def remember_account(session: Session, vendor: str, account: str, *,
                     actor: str | None = None) -> AccountRule:
    """Store (or replace) the vendor's 勘定科目; the next export uses it first."""
    key, account = fold(vendor), account.strip()
    if not key or not account:
        raise ExportInputError(ExportCode.BAD_ACCOUNT_RULE, f"{vendor!r} -> {account!r}")
    rule = session.scalar(select(AccountRule).where(AccountRule.vendor_key == key))
    now = utcnow()
    if rule is None:
        rule = AccountRule(vendor=vendor.strip(), vendor_key=key, account=account,
                           actor=actor, created_at=now, updated_at=now)
        session.add(rule)
    else:
        rule.vendor, rule.account, rule.actor, rule.updated_at = \
            vendor.strip(), account, actor, now
    session.flush()
    return rule


def learned_accounts(session: Session) -> dict[str, str]:
    """Folded vendor name -> account."""
    rows = session.execute(select(AccountRule.vendor_key, AccountRule.account))
    return {key: account for key, account in rows}

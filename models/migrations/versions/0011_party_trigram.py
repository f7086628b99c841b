"""SQLite: a trigram index over the counterparty, so a name fragment is found without
scanning every document (PostgreSQL has had a pg_trgm index on it since 0003)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE party_trgm USING fts5(counterparty_folded, "
               "tokenize='trigram', content='documents', content_rowid='id')")
    op.execute("INSERT INTO party_trgm(party_trgm) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE party_trgm")

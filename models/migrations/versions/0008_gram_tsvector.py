"""PostgreSQL: keep the gram tsvector in a column instead of an expression index, so a
frequent short term does not recompute it row by row

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_grams")
    op.execute("ALTER TABLE search_index ADD COLUMN grams_tsv tsvector")
    op.execute("UPDATE search_index SET grams_tsv = to_tsvector('simple', coalesce(grams, ''))")
    op.execute("CREATE INDEX ix_search_grams_tsv ON search_index USING gin (grams_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX ix_search_grams_tsv")
    op.execute("ALTER TABLE search_index DROP COLUMN grams_tsv")
    op.execute("CREATE INDEX ix_search_grams ON search_index "
               "USING gin (to_tsvector('simple', grams))")

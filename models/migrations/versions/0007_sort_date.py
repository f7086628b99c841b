"""sort date for search

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_date", sa.Date(), nullable=True))
    day = "date(received_at)" if op.get_bind().dialect.name == "sqlite" \
        else "CAST(received_at AS DATE)"
    op.execute(f"UPDATE documents SET sort_date = COALESCE(issue_date, {day})")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column("sort_date", existing_type=sa.Date(), nullable=False)
        batch_op.create_index("ix_documents_sort_date_id", ["sort_date", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_sort_date_id")
        batch_op.drop_column("sort_date")

"""scanner batches: documents made from a page range of another document's original

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ORIGINALS_ONLY = sa.text("parent_id IS NULL")


def upgrade() -> None:
    # plain ADD COLUMN on both dialects: no table rebuild (the SQLite FTS tables point
    # at documents' rowids)
    op.add_column("documents", sa.Column("split_mode", sa.String(length=8), nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # alembic would want a batch rebuild
        op.execute("ALTER TABLE documents ADD COLUMN parent_id INTEGER "
                   "REFERENCES documents (id)")
    else:
        op.add_column("documents", sa.Column("parent_id", sa.Integer(),
                                             sa.ForeignKey("documents.id"), nullable=True))
    op.add_column("documents", sa.Column("page_from", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("page_to", sa.Integer(), nullable=True))
    op.create_index("ix_documents_parent_id", "documents", ["parent_id"])
    # the parts of a batch share their original's sha256: unique among originals only
    op.drop_index("ix_documents_sha256", table_name="documents")
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_index("uq_documents_original_sha256", "documents", ["sha256"], unique=True,
                    sqlite_where=ORIGINALS_ONLY, postgresql_where=ORIGINALS_ONLY)


def downgrade() -> None:
    op.drop_index("uq_documents_original_sha256", table_name="documents")
    op.drop_index("ix_documents_sha256", table_name="documents")
    op.execute("DELETE FROM documents WHERE parent_id IS NOT NULL")
    op.create_index("ix_documents_sha256", "documents", ["sha256"], unique=True)
    op.drop_index("ix_documents_parent_id", table_name="documents")
    with op.batch_alter_table("documents") as batch_op:
        for column in ("page_to", "page_from", "parent_id", "split_mode"):
            batch_op.drop_column(column)

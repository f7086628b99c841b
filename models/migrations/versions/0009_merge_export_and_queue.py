"""merge the export branch (0004) and the queue and search branch (0005-0008)

Revision ID: 0009
Revises: 0004, 0008
Create Date: 2026-11-24
"""

revision = "0009"
down_revision = ("0004", "0008")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

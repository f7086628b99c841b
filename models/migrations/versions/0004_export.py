"""export batches and account rules

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 11:27:08.397990
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vendor', sa.String(length=256), nullable=False),
    sa.Column('vendor_key', sa.String(length=256), nullable=False),
    sa.Column('account', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('vendor_key')
    )
    op.create_table('export_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=32), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=False),
    sa.Column('reexport', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('document_ids', sa.JSON(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('file_path', sa.String(length=1024), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('export_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_batches_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_export_batches_format'), ['format'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('export_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_batches_format'))
        batch_op.drop_index(batch_op.f('ix_export_batches_created_at'))

    op.drop_table('export_batches')
    op.drop_table('account_rules')

"""statement requests (调单): a request's period, the transfer it is about, the import that answered it

Revision ID: 0013
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dispatch_requests', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=32),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('transfer_at', af_db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('period_from', af_db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('period_to', af_db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('statement_import_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dispatch_requests', schema=None) as batch_op:
        batch_op.drop_column('statement_import_id')
        batch_op.drop_column('period_to')
        batch_op.drop_column('period_from')
        batch_op.drop_column('transfer_at')
        batch_op.alter_column('kind', existing_type=sa.String(length=32), type_=sa.String(length=16),
                              existing_nullable=False)

"""periodic summaries (定期汇总) kept for download

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('periodic_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('schedule_key', sa.String(length=32), nullable=True),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('org_code', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_reports')),
    sa.UniqueConstraint('schedule_key', name=op.f('uq_periodic_reports_schedule_key'))
    )
    with op.batch_alter_table('periodic_reports', schema=None) as batch_op:
        batch_op.create_index('ix_periodic_reports_org_created', ['org_code', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('periodic_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_periodic_reports_org_created')
    op.drop_table('periodic_reports')

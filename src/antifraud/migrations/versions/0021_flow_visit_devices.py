"""network visits keep the handset (device: IMEI or device id), when the log has it

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-08 01:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('flow_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=64), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_flow_visits_device'), ['device'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('flow_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flow_visits_device'))
        batch_op.drop_column('device')

"""partner organisations' delivery endpoints (campaign work pushed through the outbox)

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-08 01:10:00.000000
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partner_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=256), nullable=False),
    sa.Column('token', sa.String(length=256), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_partner_endpoints_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_endpoints')),
    sa.UniqueConstraint('org_id', name=op.f('uq_partner_endpoints_org_id'))
    )


def downgrade() -> None:
    op.drop_table('partner_endpoints')

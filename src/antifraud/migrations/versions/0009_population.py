"""population denominators by district, age band and sex

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('population',
    sa.Column('district_code', sa.String(length=6), nullable=False),
    sa.Column('age_band', sa.String(length=8), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=256), nullable=False),
    sa.Column('imported_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('district_code', 'age_band', 'sex')
    )


def downgrade() -> None:
    op.drop_table('population')

"""the center's BIN rows, evidence of cards' issuers, suggested BIN rows

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bin_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bin', sa.String(length=10), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('bank_code', sa.String(length=16), nullable=False),
    sa.Column('bank_name_zh', sa.String(length=64), nullable=False),
    sa.Column('bank_name_en', sa.String(length=128), nullable=False),
    sa.Column('card_type', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('origin', sa.String(length=256), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bin', 'length', name='uq_bin_rows_bin_length')
    )
    op.create_table('card_issuer_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card', sa.String(length=19), nullable=False),
    sa.Column('bank_code', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('card', 'bank_code', 'kind', name='uq_card_issuer_evidence')
    )
    op.create_index('ix_card_issuer_evidence_card', 'card_issuer_evidence', ['card'], unique=False)
    op.create_table('bin_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bin', sa.String(length=10), nullable=False),
    sa.Column('bank_code', sa.String(length=16), nullable=False),
    sa.Column('cards', sa.Integer(), nullable=False),
    sa.Column('table_bank', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bin')
    )


def downgrade() -> None:
    op.drop_table('bin_suggestions')
    op.drop_index('ix_card_issuer_evidence_card', table_name='card_issuer_evidence')
    op.drop_table('card_issuer_evidence')
    op.drop_table('bin_rows')

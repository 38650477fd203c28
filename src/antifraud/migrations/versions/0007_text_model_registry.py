"""text model registry

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:00:00
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('text_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('data_sha256', sa.String(length=64), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('n_texts', sa.Integer(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('recipe', sa.JSON(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('comparison', sa.JSON(), nullable=False),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('activated_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replaced_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['replaced_id'], ['text_models.id'], name=op.f('fk_text_models_replaced_id_text_models')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_models'))
    )
    with op.batch_alter_table('text_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_models_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('text_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_models_status'))
    op.drop_table('text_models')

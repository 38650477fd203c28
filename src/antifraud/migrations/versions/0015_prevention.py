"""prevention: the knowledge base's versions and the campaigns

Revision ID: 0015
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0015'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title_zh', sa.String(length=64), nullable=False),
    sa.Column('title_en', sa.String(length=64), nullable=False),
    sa.Column('signs_zh', sa.JSON(), nullable=False),
    sa.Column('signs_en', sa.JSON(), nullable=False),
    sa.Column('lesson_zh', sa.Text(), nullable=False),
    sa.Column('lesson_en', sa.Text(), nullable=False),
    sa.Column('sms_zh', sa.String(length=200), nullable=False),
    sa.Column('sms_en', sa.String(length=200), nullable=False),
    sa.Column('packaging_zh', sa.String(length=200), nullable=False),
    sa.Column('packaging_en', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('edited_by', sa.String(length=64), nullable=False),
    sa.Column('edited_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_versions')),
    sa.UniqueConstraint('category', 'version', name='uq_knowledge_category_version')
    )
    with op.batch_alter_table('knowledge_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_versions_category'), ['category'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('knowledge_version', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('finding', sa.JSON(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('delivering_org_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('sent_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reach_count', sa.Integer(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('delivery_note', sa.Text(), nullable=False),
    sa.Column('reported_by', sa.String(length=64), nullable=True),
    sa.Column('reported_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['delivering_org_id'], ['organizations.id'],
                            name=op.f('fk_campaigns_delivering_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_campaigns_delivering_status', ['delivering_org_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaigns_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_status'))
        batch_op.drop_index('ix_campaigns_delivering_status')
    op.drop_table('campaigns')
    with op.batch_alter_table('knowledge_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_versions_category'))
    op.drop_table('knowledge_versions')

"""flows for the gang graph: call and SMS records (话单) and network visits (上网日志)

Revision ID: 0019
Revises: 0014
Create Date: 2026-12-08 00:20:00.000000
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0019'
down_revision = '0018'  # after operations (0018); its tables stand alone
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('flow_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.String(length=64), nullable=False),
    sa.Column('start', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('caller', sa.String(length=32), nullable=False),
    sa.Column('callee', sa.String(length=32), nullable=False),
    sa.Column('duration_s', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('imported_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_calls')),
    sa.UniqueConstraint('call_id', name=op.f('uq_flow_calls_call_id'))
    )
    with op.batch_alter_table('flow_calls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_calls_start'), ['start'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_calls_caller'), ['caller'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_calls_callee'), ['callee'], unique=False)
    op.create_table('flow_sms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sms_id', sa.String(length=64), nullable=False),
    sa.Column('time', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sender', sa.String(length=32), nullable=False),
    sa.Column('receiver', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('imported_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_sms')),
    sa.UniqueConstraint('sms_id', name=op.f('uq_flow_sms_sms_id'))
    )
    with op.batch_alter_table('flow_sms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_sms_time'), ['time'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_sms_sender'), ['sender'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_sms_receiver'), ['receiver'], unique=False)
    op.create_table('flow_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.String(length=64), nullable=False),
    sa.Column('time', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('imported_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_visits')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_flow_visits_visit_id'))
    )
    with op.batch_alter_table('flow_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flow_visits_time'), ['time'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_visits_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_visits_target'), ['target'], unique=False)
        batch_op.create_index(batch_op.f('ix_flow_visits_ip'), ['ip'], unique=False)


def downgrade() -> None:
    for table, indexes in (('flow_visits', ('time', 'phone', 'target', 'ip')),
                           ('flow_sms', ('time', 'sender', 'receiver')),
                           ('flow_calls', ('start', 'caller', 'callee'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)

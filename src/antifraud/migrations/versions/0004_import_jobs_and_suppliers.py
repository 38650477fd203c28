"""background jobs; who supplied each imported transfer; bounded import errors

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=256), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('principal', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('org_code', sa.String(length=32), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('errors_omitted', sa.Integer(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('failure', sa.String(length=512), nullable=True),
    sa.Column('payload', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_state_heartbeat', ['state', 'heartbeat_at'], unique=False)

    op.create_table('transfer_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('txn_id', sa.String(length=64), nullable=False),
    sa.Column('org_code', sa.String(length=32), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['statement_imports.id'],
                            name=op.f('fk_transfer_sources_import_id_statement_imports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_sources')),
    sa.UniqueConstraint('txn_id', 'org_code', name=op.f('uq_transfer_sources_txn_id'))
    )
    with op.batch_alter_table('transfer_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_sources_import_id'), ['import_id'], unique=False)

    with op.batch_alter_table('statement_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('org_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('errors_omitted', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('state', sa.String(length=16), nullable=False, server_default='done'))
        batch_op.add_column(sa.Column('job_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('statement_imports', schema=None) as batch_op:
        batch_op.drop_column('job_id')
        batch_op.drop_column('state')
        batch_op.drop_column('errors_omitted')
        batch_op.drop_column('org_code')
    with op.batch_alter_table('transfer_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_sources_import_id'))
    op.drop_table('transfer_sources')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_state_heartbeat')
    op.drop_table('jobs')

"""a case's life: status, assignee, notes and attachments

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

from antifraud.core import db as af_db

revision = '0011'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite: columns are added in place, never by copying `cases` (dropping the old table would cascade to
    # its identifiers); SQLite does not enforce a VARCHAR's length, so `status` keeps its declared 16 there.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES users (id)')
        op.execute('ALTER TABLE cases ADD COLUMN cluster_ref VARCHAR(64)')
    else:
        op.alter_column('cases', 'status', existing_type=sa.String(length=16), type_=sa.String(length=24),
                        existing_nullable=False)
        op.add_column('cases', sa.Column('assignee_id', sa.Integer(), nullable=True))
        op.add_column('cases', sa.Column('cluster_ref', sa.String(length=64), nullable=True))
        op.create_foreign_key(op.f('fk_cases_assignee_id_users'), 'cases', 'users', ['assignee_id'], ['id'])
    op.create_index(op.f('ix_cases_status'), 'cases', ['status'], unique=False)
    op.create_index(op.f('ix_cases_assignee_id'), 'cases', ['assignee_id'], unique=False)
    op.execute("UPDATE cases SET status = 'filed' WHERE status = 'open'")
    op.create_table('case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_notes_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_notes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_notes_case_id'), ['case_id'], unique=False)
    op.create_table('case_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_attachments_case_id_cases'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_case_attachments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_case_attachments_stored_name'))
    )
    with op.batch_alter_table('case_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_attachments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_attachments_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    op.drop_table('case_attachments')
    op.drop_table('case_notes')
    op.execute("UPDATE cases SET status = 'open' WHERE status = 'filed'")
    op.drop_index(op.f('ix_cases_assignee_id'), table_name='cases')
    op.drop_index(op.f('ix_cases_status'), table_name='cases')
    if op.get_bind().dialect.name == 'sqlite':  # in place (SQLite 3.35+), never by copying `cases`
        op.execute('ALTER TABLE cases DROP COLUMN cluster_ref')
        op.execute('ALTER TABLE cases DROP COLUMN assignee_id')
        return
    op.drop_constraint(op.f('fk_cases_assignee_id_users'), 'cases', type_='foreignkey')
    op.drop_column('cases', 'cluster_ref')
    op.drop_column('cases', 'assignee_id')
    op.alter_column('cases', 'status', existing_type=sa.String(length=24), type_=sa.String(length=16),
                    existing_nullable=False)

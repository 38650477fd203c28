"""audit log: hash chain and triggers refusing UPDATE and DELETE

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; "
    "END $$",
    "CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()",
)


def _chain_existing_entries() -> None:
    """Give the entries written before the chain existed their hashes, oldest first."""
    from types import SimpleNamespace

    from antifraud.core import db as af_db
    from antifraud.core.audit import GENESIS, entry_hash

    # Only the columns this revision knows, so later revisions may add others to the table.
    fields = ('at', 'actor_id', 'actor_username', 'actor_org_code', 'action', 'entity_type', 'entity_id',
              'details')
    table = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('at', af_db.UTCDateTime()),
                     sa.column('actor_id', sa.Integer), *(sa.column(f, sa.String) for f in fields[2:7]),
                     sa.column('details', sa.JSON), sa.column('prev_hash', sa.String),
                     sa.column('entry_hash', sa.String))
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, *(table.c[f] for f in fields)).order_by(table.c.id)).all()
    previous = GENESIS
    for row in rows:
        entry = SimpleNamespace(**{f: getattr(row, f) for f in fields}, prev_hash=previous)
        current = entry_hash(entry)  # type: ignore[arg-type]
        bind.execute(sa.update(table).where(table.c.id == row.id).values(prev_hash=previous, entry_hash=current))
        previous = current


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
    _chain_existing_entries()
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('entry_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_entry_hash'), ['entry_hash'])
    for statement in (POSTGRES_TRIGGERS if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse_change()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_entry_hash'), type_='unique')
        batch_op.drop_column('entry_hash')
        batch_op.drop_column('prev_hash')

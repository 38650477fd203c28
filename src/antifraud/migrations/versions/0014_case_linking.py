"""case linking (串并案): clusters, their cases, link keys and evidence, hubs, analysts' constraints, notices

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-07 23:23:00.009851
"""
from alembic import op
import sqlalchemy as sa
from antifraud.core import db as af_db


revision = '0014'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cluster_constraints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('side_a', sa.JSON(), nullable=False),
    sa.Column('side_b', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_constraints'))
    )
    with op.batch_alter_table('cluster_constraints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_constraints_active'), ['active'], unique=False)

    op.create_table('link_hubs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=512), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_hubs')),
    sa.UniqueConstraint('kind', 'value', name=op.f('uq_link_hubs_kind'))
    )
    op.create_table('case_clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('victims', sa.Integer(), nullable=False),
    sa.Column('loss', af_db.Money(precision=16, scale=2), nullable=False),
    sa.Column('fraud_types', sa.JSON(), nullable=False),
    sa.Column('first_case_id', sa.Integer(), nullable=True),
    sa.Column('last_case_id', sa.Integer(), nullable=True),
    sa.Column('first_reported_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_reported_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('confirmed_by', sa.String(length=64), nullable=True),
    sa.Column('confirmed_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_case_clusters_claimed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_clusters'))
    )
    with op.batch_alter_table('case_clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_clusters_last_reported_at'), ['last_reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_clusters_size'), ['size'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_clusters_status'), ['status'], unique=False)

    op.create_table('case_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_a', sa.Integer(), nullable=False),
    sa.Column('case_b', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=512), nullable=False),
    sa.Column('linked_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_a'], ['cases.id'], name=op.f('fk_case_links_case_a_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_b'], ['cases.id'], name=op.f('fk_case_links_case_b_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_links')),
    sa.UniqueConstraint('case_a', 'case_b', 'kind', 'value', name=op.f('uq_case_links_case_a'))
    )
    with op.batch_alter_table('case_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_links_case_a'), ['case_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_links_case_b'), ['case_b'], unique=False)

    op.create_table('cluster_cases',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=32), nullable=False),
    sa.Column('fraud_type', sa.String(length=32), nullable=False),
    sa.Column('loss_amount', af_db.Money(precision=16, scale=2), nullable=False),
    sa.Column('reported_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('jurisdiction_org_id', sa.Integer(), nullable=False),
    sa.Column('victim_key', sa.String(length=24), nullable=False),
    sa.Column('joined_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cluster_cases_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['case_clusters.id'], name=op.f('fk_cluster_cases_cluster_id_case_clusters')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_cluster_cases'))
    )
    with op.batch_alter_table('cluster_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_cases_case_no'), ['case_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_cases_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_cases_jurisdiction_org_id'), ['jurisdiction_org_id'], unique=False)

    op.create_table('cluster_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=32), nullable=False),
    sa.Column('created_at', af_db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', af_db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cluster_notifications_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['case_clusters.id'], name=op.f('fk_cluster_notifications_cluster_id_case_clusters')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cluster_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_notifications'))
    )
    with op.batch_alter_table('cluster_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('link_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=512), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_link_keys_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_keys')),
    sa.UniqueConstraint('case_id', 'kind', 'value', 'role', name=op.f('uq_link_keys_case_id'))
    )
    with op.batch_alter_table('link_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_keys_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_link_keys_kind_value', ['kind', 'value'], unique=False)

    with op.batch_alter_table('text_models', schema=None) as batch_op:
        batch_op.alter_column('content',
               existing_type=sa.BLOB(),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('text_models', schema=None) as batch_op:
        batch_op.alter_column('content',
               existing_type=sa.BLOB(),
               nullable=False)

    with op.batch_alter_table('link_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_link_keys_kind_value')
        batch_op.drop_index(batch_op.f('ix_link_keys_case_id'))

    op.drop_table('link_keys')
    with op.batch_alter_table('cluster_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_notifications_user_id'))

    op.drop_table('cluster_notifications')
    with op.batch_alter_table('cluster_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_cases_jurisdiction_org_id'))
        batch_op.drop_index(batch_op.f('ix_cluster_cases_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_cluster_cases_case_no'))

    op.drop_table('cluster_cases')
    with op.batch_alter_table('case_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_links_case_b'))
        batch_op.drop_index(batch_op.f('ix_case_links_case_a'))

    op.drop_table('case_links')
    with op.batch_alter_table('case_clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_clusters_status'))
        batch_op.drop_index(batch_op.f('ix_case_clusters_size'))
        batch_op.drop_index(batch_op.f('ix_case_clusters_last_reported_at'))

    op.drop_table('case_clusters')
    op.drop_table('link_hubs')
    with op.batch_alter_table('cluster_constraints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_constraints_active'))

    op.drop_table('cluster_constraints')

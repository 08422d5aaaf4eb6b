"""Initial schema, with the Foundation organization.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 13:11:03.732801
"""

import datetime
import uuid

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'group',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_table(
        'test_name',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name_key', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=512), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name_key', name='uniq_test_name0name_key'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_table(
        'user',
        sa.Column('_id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('openid', sa.String(length=128), nullable=False),
        sa.Column('email', sa.String(length=128), nullable=True),
        sa.Column('fullname', sa.String(length=128), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('_id'),
        sa.UniqueConstraint('openid', name='uniq_user0openid'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_table(
        'organization',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('type', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('group_id', sa.String(length=36), nullable=False),
        sa.Column('created_by_user', sa.String(length=128), nullable=True),
        sa.Column('properties', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['group.id'], ),
        sa.PrimaryKeyConstraint('id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_organization_type', 'organization',
                    ['type'], unique=False)

    op.create_table(
        'pubkeys',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('openid', sa.String(length=128), nullable=False),
        sa.Column('format', sa.String(length=24), nullable=False),
        sa.Column('pubkey', sa.Text(), nullable=False),
        sa.Column('md5_hash', sa.String(length=32), nullable=False),
        sa.Column('comment', sa.String(length=128), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['openid'], ['user.openid'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('md5_hash', name='uniq_pubkeys0md5_hash'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_pubkeys_openid', 'pubkeys',
                    ['openid'], unique=False)

    op.create_table(
        'session',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_openid', sa.String(length=128), nullable=True),
        sa.Column('data', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_openid'], ['user.openid'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_session_expires_at', 'session',
                    ['expires_at'], unique=False)
    op.create_index('ix_session_user_openid', 'session',
                    ['user_openid'], unique=False)

    op.create_table(
        'user_to_group',
        sa.Column('_id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('created_by_user', sa.String(length=128), nullable=True),
        sa.Column('group_id', sa.String(length=36), nullable=False),
        sa.Column('user_openid', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['group.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_openid'], ['user.openid'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('_id'),
        sa.UniqueConstraint('group_id', 'user_openid',
                            name='uniq_user_to_group0group_id0user_openid'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_user_to_group_user_openid', 'user_to_group',
                    ['user_openid'], unique=False)

    op.create_table(
        'product',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('type', sa.Integer(), nullable=False),
        sa.Column('product_type', sa.Integer(), nullable=False),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('created_by_user', sa.String(length=128), nullable=True),
        sa.Column('properties', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
        sa.PrimaryKeyConstraint('id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_product_organization_id', 'product',
                    ['organization_id'], unique=False)

    op.create_table(
        'product_version',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.String(length=36), nullable=True),
        sa.Column('cpid', sa.String(length=128), nullable=True),
        sa.Column('created_by_user', sa.String(length=128), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('product_id', 'version', name='prod_ver_uc'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_product_version_cpid', 'product_version',
                    ['cpid'], unique=False)

    op.create_table(
        'test',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('cpid', sa.String(length=128), nullable=False),
        sa.Column('duration_seconds', sa.Integer(), nullable=False),
        sa.Column('product_version_id', sa.String(length=36), nullable=True),
        sa.Column('verification_status', sa.Integer(), server_default='0', nullable=False),
        sa.Column('owner_openid', sa.String(length=128), nullable=True),
        sa.Column('is_public', sa.Boolean(), server_default=sa.text('1'), nullable=False),
        sa.Column('dedupe_key', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['product_version_id'], ['product_version.id'],
                                name='fk_test_prod_version_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dedupe_key', name='uniq_test0dedupe_key'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_index('ix_test_cpid_created', 'test',
                    ['cpid', 'created_at', 'id'], unique=False)
    op.create_index('ix_test_created', 'test',
                    ['created_at', 'id'], unique=False)
    op.create_index('ix_test_owner_created', 'test',
                    ['owner_openid', 'created_at', 'id'], unique=False)
    op.create_index('ix_test_public_created', 'test',
                    ['is_public', 'created_at', 'id'], unique=False)
    op.create_index('ix_test_version_created', 'test',
                    ['product_version_id', 'created_at', 'id'], unique=False)

    op.create_table(
        'meta',
        sa.Column('_id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('test_id', sa.String(length=36), nullable=False),
        sa.Column('meta_key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['test_id'], ['test.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('_id'),
        sa.UniqueConstraint('test_id', 'meta_key', name='uniq_meta0test_id0meta_key'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_table(
        'test_detail',
        sa.Column('_id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('test_id', sa.String(length=36), nullable=False),
        sa.Column('name_id', sa.Integer(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['name_id'], ['test_name.id'], ),
        sa.ForeignKeyConstraint(['test_id'], ['test.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('_id'),
        sa.UniqueConstraint('test_id', 'name_id', name='uniq_test_detail0test_id0name_id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    op.create_table(
        'test_outcomes',
        sa.Column('test_id', sa.String(length=36), nullable=False),
        sa.Column('encoding', sa.SmallInteger(), nullable=False),
        sa.Column('data', sa.LargeBinary().with_variant(mysql.LONGBLOB(), 'mysql'),
                  nullable=False),
        sa.Column('passed', sa.Integer(), nullable=False),
        sa.Column('failed', sa.Integer(), nullable=False),
        sa.Column('skipped', sa.Integer(), nullable=False),
        sa.Column('other', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['test_id'], ['test.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('test_id'),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
        mysql_engine='InnoDB'
    )
    _create_foundation()


def _create_foundation():
    """The Foundation (organization type 0) exists from the start; its
    group's members are the Foundation admins (refstack-manage user-add --admin)."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    group_id = str(uuid.uuid4())
    group = sa.table('group', sa.column('id'), sa.column('name'),
                     sa.column('description'), sa.column('created_at'))
    org = sa.table('organization', sa.column('id'), sa.column('type'), sa.column('name'),
                   sa.column('description'), sa.column('group_id'),
                   sa.column('created_at'))
    op.bulk_insert(group, [{'id': group_id, 'name': 'Foundation admins',
                            'description': 'Members are RefStack Foundation admins.',
                            'created_at': now}])
    op.bulk_insert(org, [{'id': str(uuid.uuid4()), 'type': 0,
                          'name': 'OpenInfra Foundation',
                          'description': 'The Foundation verifies results and '
                                         'approves vendors.',
                          'group_id': group_id, 'created_at': now}])


def downgrade():
    # Dropping a table drops its indexes too.
    op.drop_table('test_outcomes')
    op.drop_table('test_detail')
    op.drop_table('meta')
    op.drop_table('test')
    op.drop_table('product_version')
    op.drop_table('product')
    op.drop_table('user_to_group')
    op.drop_table('session')
    op.drop_table('pubkeys')
    op.drop_table('organization')
    op.drop_table('user')
    op.drop_table('test_name')
    op.drop_table('group')

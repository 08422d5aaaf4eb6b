"""Rate limit counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:02:11.000000

MySQL commits every DDL statement on its own, so a migration interrupted
there cannot roll back: this one checks what exists and can be re-run.
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table('rate_limit'):
        op.create_table(
            'rate_limit',
            sa.Column('bucket', sa.String(length=64), nullable=False),
            sa.Column('window_start', sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column('hits', sa.Integer(), nullable=False),
            sa.Column('expires_at', sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint('bucket', 'window_start'),
            mysql_charset='utf8mb4',
            mysql_collate='utf8mb4_unicode_ci',
            mysql_engine='InnoDB'
        )
    indexes = {ix['name'] for ix in sa.inspect(op.get_bind()).get_indexes('rate_limit')}
    if 'ix_rate_limit_expires_at' not in indexes:
        op.create_index('ix_rate_limit_expires_at', 'rate_limit', ['expires_at'], unique=False)


def downgrade():
    op.drop_table('rate_limit')

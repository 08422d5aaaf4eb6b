"""Schema migrations (alembic), driven by refstack-manage."""

import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script
from alembic.operations import Operations
from oslo_db import exception as db_exc
import sqlalchemy as sa

from refstack.conf import CONF
from refstack.db import api as db_api

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def _config(connection=None):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    cfg.set_main_option('version_table', CONF.version_table)
    cfg.attributes['connection'] = connection
    return cfg


def _reconcile_version_table(connection):
    """Rename an existing alembic version table to [DEFAULT]/version_table.

    Switching ``version_table`` on a migrated database must not make alembic
    think the schema is empty. Works in any schema (database) name.
    """
    wanted = CONF.version_table
    tables = set(sa.inspect(connection).get_table_names())
    if wanted in tables:
        return
    candidates = sorted(t for t in tables if t.endswith('alembic_version'))
    if len(candidates) == 1:
        ctx = alembic_migration.MigrationContext.configure(connection)
        Operations(ctx).rename_table(candidates[0], wanted)


def _run(fn, *args, **kwargs):
    engine = db_api.get_engine()
    with engine.begin() as connection:
        _reconcile_version_table(connection)
        return fn(_config(connection), *args, **kwargs)


def upgrade(revision='head'):
    """Migrate the database up to ``revision``."""
    _run(command.upgrade, revision or 'head')


def downgrade(revision='base'):
    _run(command.downgrade, revision or 'base')


def stamp(revision='head'):
    _run(command.stamp, revision or 'head')


def revision(message=None, autogenerate=False):
    _run(command.revision, message=message, autogenerate=autogenerate)


def version():
    """The current schema revision, or None for an empty database."""
    engine = db_api.get_engine()
    with engine.begin() as connection:
        _reconcile_version_table(connection)
        ctx = alembic_migration.MigrationContext.configure(
            connection, opts={'version_table': CONF.version_table})
        return ctx.get_current_revision()


_HEADS = []


def heads():
    """The head revision(s) of the migrations shipped with this code (cached)."""
    if not _HEADS:
        _HEADS.extend(sorted(alembic_script.ScriptDirectory.from_config(_config()).get_heads()))
    return list(_HEADS)


def schema_status():
    """Whether the database answers and its schema is at the code's head.

    One short read, for the health check.

    :returns: dict with ``database`` ('ok' or 'unreachable'), ``current`` and
        ``head`` (revision strings, several joined by commas; ``current`` is
        None when unknown) and ``ok`` (bool).
    """
    head = ','.join(heads())
    try:
        current = ','.join(db_api.get_schema_revisions(CONF.version_table)) or None
    except db_exc.DBConnectionError:
        return {'ok': False, 'database': 'unreachable', 'current': None, 'head': head}
    return {'ok': current == head, 'database': 'ok', 'current': current, 'head': head}

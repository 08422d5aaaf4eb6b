"""Schema migrations (alembic), driven by refstack-manage."""

import json
import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script
from alembic.operations import Operations
from oslo_db import exception as db_exc
from oslo_log import log
import sqlalchemy as sa

from refstack.conf import CONF
from refstack.db import api as db_api

LOG = log.getLogger(__name__)

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


# Written before each upgrade step and dropped after it: which revision the
# step goes to and which tables existed before it.
STEP_TABLE = 'refstack_migration_step'


def upgrade(revision='head'):
    """Migrate the database up to ``revision``, one revision at a time.

    MySQL commits every DDL statement on its own, so a step cut short (the
    database went away) would leave part of its tables behind. Each step is
    therefore recorded in STEP_TABLE first; if it fails, the tables it created
    are dropped at once, or, when the database no longer answers, by the next
    upgrade, which finds the record. Either way no half-applied step remains
    and the step runs again from its start. (Steps that alter existing tables
    must check what exists, see 0002.) On SQLite each step is one transaction.
    """
    recover()
    target = revision or 'head'
    for step in _steps(target):
        _begin_step(step)
        try:
            _run(command.upgrade, step)
        except Exception:
            try:
                recover()
            except db_exc.DBError:
                pass  # unreachable: the next upgrade cleans up
            raise
        _end_step()


def _steps(target):
    """The revisions from the current one (exclusive) up to ``target``."""
    script = alembic_script.ScriptDirectory.from_config(_config())
    current = version()
    try:
        revisions = list(script.iterate_revisions(target, current))
    except Exception:  # noqa: BLE001 - not an upgrade path: let alembic say why
        return [target]
    return [rev.revision for rev in reversed(revisions)] or [target]


def _step_table():
    return sa.Table(STEP_TABLE, sa.MetaData(),
                    sa.Column('revision', sa.String(64), nullable=False),
                    sa.Column('tables', sa.Text, nullable=False))


def _begin_step(revision):
    with db_api.get_engine().begin() as connection:
        tables = set(sa.inspect(connection).get_table_names()) - {STEP_TABLE}
        table = _step_table()
        table.create(connection, checkfirst=True)
        connection.execute(table.delete())
        connection.execute(table.insert().values(revision=revision,
                                                 tables=json.dumps(sorted(tables))))


def _end_step():
    with db_api.get_engine().begin() as connection:
        _step_table().drop(connection, checkfirst=True)


def recover():
    """Undo an upgrade step that was cut short; returns the tables dropped.

    A step that did not reach its revision leaves tables it created: they
    are dropped (they can only hold what the step itself wrote). A step
    whose revision was recorded finished; only its record goes.
    """
    engine = db_api.get_engine()
    with engine.begin() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        if STEP_TABLE not in tables:
            return []
        row = connection.execute(sa.select(_step_table())).first()
    dropped = []
    if row is not None and row.revision != version():
        leftovers = tables - set(json.loads(row.tables)) - {STEP_TABLE}
        with engine.begin() as connection:
            metadata = sa.MetaData()
            metadata.reflect(connection, only=sorted(leftovers))
            metadata.drop_all(connection)
        dropped = sorted(leftovers)
        LOG.warning('Removed tables left by the interrupted migration to %(rev)s: '
                    '%(tables)s', {'rev': row.revision, 'tables': ', '.join(dropped) or '-'})
    _end_step()
    return dropped


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

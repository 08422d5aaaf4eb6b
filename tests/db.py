"""Throw-away databases for tests.

``REFSTACK_TEST_DB`` picks the backend: ``sqlite`` (default) or ``mysql``
(MariaDB at 127.0.0.1:3306 as root without password, or
``REFSTACK_TEST_MYSQL_URL``). Each test process migrates its own database once
and empties it between tests; MariaDB databases are dropped at exit. With
CI=true an unreachable MariaDB is an error, never a skip.
"""

import atexit
import os
import shutil
import tempfile
import uuid

import sqlalchemy as sa

from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import migration
from refstack.db import models

MYSQL_SERVER = os.environ.get('REFSTACK_TEST_MYSQL_URL', 'mysql+pymysql://root@127.0.0.1:3306')

_state = {}


def backend():
    return os.environ.get('REFSTACK_TEST_DB', 'sqlite')


def _create_mysql_database():
    name = 'refstack_test_%s' % uuid.uuid4().hex[:12]
    engine = sa.create_engine(MYSQL_SERVER + '/?charset=utf8mb4')
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE DATABASE `%s` CHARACTER SET utf8mb4 '
                             'COLLATE utf8mb4_unicode_ci' % name))

    def drop():
        db_api.reset()
        with engine.begin() as conn:
            conn.execute(sa.text('DROP DATABASE IF EXISTS `%s`' % name))
        engine.dispose()

    atexit.register(drop)
    return '%s/%s?charset=utf8mb4' % (MYSQL_SERVER, name)


def _create_sqlite_database():
    directory = tempfile.mkdtemp(prefix='refstack-test-')
    atexit.register(shutil.rmtree, directory, True)
    return 'sqlite:///%s' % os.path.join(directory, 'refstack.sqlite')


def database_url():
    """URL of this process's migrated test database (created on first call)."""
    if 'url' not in _state:
        url = _create_mysql_database() if backend() == 'mysql' else _create_sqlite_database()
        CONF.set_override('connection', url, group='database')
        # Throw-away databases need no durability: no fsync keeps SQLite fast.
        CONF.set_override('sqlite_synchronous', False, group='database')
        db_api.reset()
        migration.upgrade()
        reseed()
        _state['url'] = url
    return _state['url']


def reseed():
    """Forget the seeded rows after a test re-created the schema."""
    engine = db_api.get_engine()
    with engine.connect() as conn:
        _state['seed'] = {table: [dict(r._mapping) for r in conn.execute(
            sa.select(models.Base.metadata.tables[table]))]
            for table in ('group', 'organization')}


def empty_database():
    """Delete every row, then restore what the migrations seeded."""
    engine = db_api.get_engine()
    tables = list(reversed(models.Base.metadata.sorted_tables))
    with engine.begin() as conn:
        for table in tables:
            conn.execute(table.delete())
        for name in ('group', 'organization'):
            rows = _state['seed'][name]
            if rows:
                conn.execute(models.Base.metadata.tables[name].insert(), rows)
    db_api.clear_caches()

"""refstack-manage backup FILE / restore FILE.

See doc/source/backup-restore.rst for the operating procedure (stop Apache,
restore, start Apache).
"""

import sys

from alembic import config as alembic_config
from alembic import script as alembic_script

from refstack.conf import CONF
from refstack.db import backup
from refstack.db import migration


def _print(line):
    print(line, flush=True)


def do_backup():
    path = CONF.command.file
    _print('Backing up database %s to %s' % (backup.database_name(), path))
    try:
        size = backup.backup(path)
    except backup.BackupError as e:
        sys.exit('Error: %s' % e)
    _print('Wrote %s (%d bytes).' % (path, size))


def do_restore():
    path = CONF.command.file
    name = backup.database_name()
    if not CONF.command.yes:
        if not sys.stdin.isatty():
            sys.exit('Error: restore replaces everything in database %s; add --yes to '
                     'confirm.' % name)
        answer = input('Restore replaces everything in database %s with %s. '
                       'Type "yes" to go on: ' % (name, path))
        if answer.strip().lower() != 'yes':
            sys.exit('Nothing was changed.')
    _print('Restoring %s into database %s' % (path, name))
    try:
        backup.restore(path)
        revision, counts = backup.describe()
    except backup.BackupError as e:
        sys.exit('Error: %s' % e)
    _print('Restored; schema revision %s.' % revision)
    for table, count in sorted(counts.items()):
        _print('  %-16s %9d' % (table, count))
    head = _head_revision()
    if revision is None:
        _print('Warning: the restored database has no schema revision.')
    elif head and revision != head:
        _print('The code expects revision %s: run "refstack-manage upgrade".' % head)


def _head_revision():
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', migration.MIGRATIONS_DIR)
    return alembic_script.ScriptDirectory.from_config(cfg).get_current_head()


def register(subparsers):
    parser = subparsers.add_parser(
        'backup', help='Write a consistent backup of the database to FILE '
                       '(mysqldump --single-transaction, or SQLite\'s backup API; '
                       'FILE.gz is compressed).')
    parser.add_argument('file', metavar='FILE')
    parser.set_defaults(func=do_backup)

    parser = subparsers.add_parser(
        'restore', help='Replace the database content with a backup made by "backup". '
                        'Stop the API first.')
    parser.add_argument('file', metavar='FILE')
    parser.add_argument('--yes', action='store_true',
                        help='Do not ask for confirmation.')
    parser.set_defaults(func=do_restore)

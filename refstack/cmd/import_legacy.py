"""refstack-manage import-legacy: copy an original RefStack database into ours.

Usage::

    refstack-manage --config-file /etc/refstack/refstack.conf \\
        import-legacy --source mysql+pymysql://user:pw@127.0.0.1/refstack

The configured database must be migrated (``refstack-manage upgrade``). The
import can be interrupted and re-run; see :mod:`refstack.db.legacy`.
"""

import sys

from oslo_db import exception as db_exc
import sqlalchemy as sa

from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import legacy
from refstack.db import migration


def _print(line):
    print(line, flush=True)


def do_import_legacy():
    args = CONF.command
    if migration.version() is None:
        sys.exit('Error: the target database has no schema; run "refstack-manage upgrade" '
                 'first.')
    _print('Importing %s into %s' % (_safe_url(args.source),
                                     _safe_url(CONF.database.connection)))
    try:
        report, counts = legacy.run_import(args.source, batch_size=args.batch_size,
                                           progress=_print,
                                           allow_other_revision=args.any_revision)
    except legacy.LegacyImportError as e:
        sys.exit('Error: %s' % e)
    except (sa.exc.SQLAlchemyError, db_exc.DBError) as e:
        sys.exit('Error: the import stopped: %s\nWhat was imported is kept; run the same '
                 'command again to resume.' % legacy.error_text(e))
    for line in report.lines(target_counts=_target_counts(counts)):
        _print(line)
    if not report.balanced:
        sys.exit('Error: some legacy rows are not accounted for (MISMATCH above).')
    _print('Every legacy row is accounted for.')


def _target_counts(counts):
    """Target row counts, under the legacy table names of the summary."""
    out = dict(counts)
    out['results'] = db_api.count_stored_test_outcomes()
    return out


def _safe_url(url):
    """The URL without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return '(invalid URL)'


def register(subparsers):
    parser = subparsers.add_parser(
        'import-legacy',
        help='Copy an original RefStack database (at its last migration) into this one.')
    parser.add_argument('--source', required=True, metavar='URL',
                        help='SQLAlchemy URL of the legacy database, e.g. '
                             'mysql+pymysql://user:password@host/refstack')
    parser.add_argument('--batch-size', type=int, default=200, metavar='N',
                        help='Rows (test runs for the test table) per transaction '
                             '(default: 200).')
    parser.add_argument('--any-revision', action='store_true',
                        help='Import even when the source is not at the original\'s last '
                             'migration (434be17a6ec3).')
    parser.set_defaults(func=do_import_legacy)

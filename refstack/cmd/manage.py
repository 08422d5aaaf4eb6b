"""refstack-manage: database migrations and operator tasks.

Usage: ``refstack-manage [--config-file FILE] COMMAND [options]``
"""

import sys

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log

from refstack.common import exception
from refstack.common import keys
from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import migration


def do_upgrade():
    migration.upgrade(CONF.command.revision)
    print('Database is at revision %s.' % migration.version())


def do_downgrade():
    migration.downgrade(CONF.command.revision)
    print('Database is at revision %s.' % migration.version())


def do_stamp():
    migration.stamp(CONF.command.revision)
    print('Database stamped with revision %s.' % migration.version())


def do_version():
    print(migration.version())


def do_revision():
    migration.revision(message=CONF.command.message,
                       autogenerate=CONF.command.autogenerate)


def do_user_add():
    """Create or update a user; optionally make them a Foundation admin and add keys.

    Keys are checked before anything is written, so a bad key changes nothing.
    """
    args = CONF.command
    new_keys = [k for k in (_read_key(args.openid, path) for path in args.pubkey or []) if k]
    foundation = db_api.get_foundation() if args.admin else None
    if args.admin and foundation is None:
        sys.exit('No Foundation organization exists; run "refstack-manage upgrade".')
    existed = db_api.find_user(args.openid) is not None
    db_api.save_user(args.openid, email=args.email, fullname=args.fullname)
    print('%s user %s.' % ('Updated' if existed else 'Created', args.openid))
    if foundation is not None:
        db_api.add_user_to_group(foundation.group_id, args.openid, created_by=args.openid)
        print('%s is a Foundation admin.' % args.openid)
    for path, key in new_keys:
        db_api.store_pubkey(args.openid, key.format, key.body, key.comment[:128],
                            key.md5_hash)
        print('Registered key %s (MD5 %s).' % (path, key.md5_hash))


def _read_key(openid, path):
    """Parse a public key file; None when the user already has it."""
    try:
        with open(path, encoding='utf-8') as f:
            key = keys.parse_public_key(f.read().strip())
    except OSError as e:
        sys.exit('Cannot read %s: %s' % (path, e.strerror))
    except exception.RefstackException as e:
        sys.exit('%s: %s' % (path, e.message))
    owners = {row.openid for row in db_api.get_pubkeys_by_md5(key.md5_hash)}
    if openid in owners:
        print('Key %s is already registered for %s.' % (path, openid))
        return None
    if owners:
        sys.exit('Key %s is registered to another user.' % path)
    return path, key


def do_sessions_cleanup():
    print('Removed %d expired sessions.' % db_api.delete_expired_sessions())


def do_guidelines_sync():
    from refstack.guidelines import sync
    summary = sync.sync(CONF)
    if not summary['ok']:
        sys.exit(1)


def add_command_parsers(subparsers):
    for name, func, default, text in (
            ('upgrade', do_upgrade, 'head', 'Migrate the database up.'),
            ('downgrade', do_downgrade, 'base', 'Migrate the database down.'),
            ('stamp', do_stamp, 'head', 'Record a revision without migrating.')):
        parser = subparsers.add_parser(name, help=text)
        parser.add_argument('--revision', default=default,
                            help='Target revision (default: %s).' % default)
        parser.set_defaults(func=func)

    parser = subparsers.add_parser('version', help='Print the current revision.')
    parser.set_defaults(func=do_version)

    parser = subparsers.add_parser('revision', help='Write a new migration file.')
    parser.add_argument('-m', '--message')
    parser.add_argument('--autogenerate', action='store_true')
    parser.set_defaults(func=do_revision)

    parser = subparsers.add_parser(
        'user-add', help='Create or update a user, without a web sign-in.')
    parser.add_argument('openid', help='The identity, e.g. https://openstackid.org/jane.doe')
    parser.add_argument('--fullname')
    parser.add_argument('--email')
    parser.add_argument('--admin', action='store_true',
                        help='Make the user a Foundation admin.')
    parser.add_argument('--pubkey', action='append', metavar='FILE',
                        help='Register an OpenSSH RSA public key file (repeatable).')
    parser.set_defaults(func=do_user_add)

    parser = subparsers.add_parser(
        'sessions-cleanup', help='Delete expired sign-in sessions (run it daily from cron).')
    parser.set_defaults(func=do_sessions_cleanup)

    parser = subparsers.add_parser(
        'guidelines-sync',
        help='Fetch guideline files from the configured remote sources '
             '([api] github_* options) into [guidelines] sync_dir.')
    parser.set_defaults(func=do_guidelines_sync)

    for register in EXTRA_COMMANDS:
        register(subparsers)


# Other packages add sub-commands here: callables taking the subparsers.
EXTRA_COMMANDS = []

# Operating the service (issue 9): import-legacy, backup, restore.
from refstack.cmd import backup as _backup  # noqa: E402
from refstack.cmd import import_legacy as _import_legacy  # noqa: E402

EXTRA_COMMANDS.extend([_import_legacy.register, _backup.register])

command_opt = cfg.SubCommandOpt('command', title='Commands', help='Available commands',
                                handler=add_command_parsers)


def main(argv=None):
    CONF.register_cli_opt(command_opt)
    try:
        CONF(sys.argv[1:] if argv is None else argv, project='refstack')
        if not CONF.debug:
            # Commands print their own progress; alembic's INFO lines are noise.
            log.set_defaults(default_log_levels=log.get_default_log_levels() +
                             ['alembic=WARN'])
        log.setup(CONF, 'refstack')
        CONF.command.func()
    except exception.RefstackException as e:
        sys.exit('Error: %s' % e.message)
    except db_exc.DBConnectionError as e:
        sys.exit('Error: cannot connect to the database (%s): %s'
                 % (CONF.database.connection.split('@')[-1], e.inner_exception or e))
    finally:
        CONF.reset()
        CONF.unregister_opt(command_opt)


if __name__ == "__main__":
    main()

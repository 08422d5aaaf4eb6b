"""[DEFAULT] options."""

from oslo_config import cfg

opts = [
    cfg.StrOpt('ui_url',
               default='https://refstack.openstack.org',
               help='Base URL of the RefStack web UI. Used to build result URLs '
                    'and every sign-in/sign-out redirect.'),
    cfg.StrOpt('db_backend',
               default='sqlalchemy',
               choices=['sqlalchemy'],
               help='Storage backend. Only sqlalchemy exists.'),
    cfg.StrOpt('version_table',
               default='alembic_version',
               help='Name of the table alembic keeps the schema revision in.'),
    cfg.StrOpt('state_path',
               default='/var/lib/refstack',
               help='Directory for local state, such as the embedded SQLite '
                    'database used when [database]/connection is not set.'),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return [(None, opts)]

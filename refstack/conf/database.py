"""[database] options: oslo.db's, with an embedded SQLite default.

``max_retries`` defaults to 0 here (oslo.db: 10, every 10 s): the engine is
made on the first request, and a database that is down at that moment must
give a quick 503 (and the health check its answer), not hold the request for
100 s. refstack-manage likewise fails at once with a clear message.
"""

import copy

from oslo_config import cfg
from oslo_db import options as db_options

DEFAULT_CONNECTION = 'sqlite:///$state_path/refstack.sqlite'
DEFAULT_MAX_RETRIES = 0


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)
    cfg.set_defaults(db_options.database_opts, max_retries=DEFAULT_MAX_RETRIES)


def list_opts():
    opts = copy.deepcopy(db_options.database_opts)
    for opt in opts:
        if opt.dest == 'connection':
            opt.default = DEFAULT_CONNECTION
        elif opt.dest == 'max_retries':
            opt.default = DEFAULT_MAX_RETRIES
    return [('database', opts)]

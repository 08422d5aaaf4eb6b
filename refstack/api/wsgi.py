"""WSGI entry: load the configuration, set up logging, build the app.

The configuration file is ``$REFSTACK_OSLO_CONFIG`` when set, otherwise
oslo.config's standard search (~/.refstack/refstack.conf, ~/refstack.conf,
/etc/refstack/refstack.conf, /etc/refstack.conf).
"""

import gc
import os

from oslo_log import log

from refstack.api import app
from refstack.conf import CONF
from refstack import guidelines


def load_config(args=None):
    path = os.environ.get('REFSTACK_OSLO_CONFIG')
    CONF(args or [], project='refstack',
         default_config_files=[path] if path else None)
    log.setup(CONF, 'refstack')


def initialize_application():
    load_config()
    application = app.setup_app()
    # Parse the guidelines now, not in the first request that needs them,
    # then leave everything loaded so far out of garbage collection: it
    # lives as long as the process, and walking it costs every collection.
    guidelines.get_catalogue()
    gc.collect()
    gc.freeze()
    return application

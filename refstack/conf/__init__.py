"""Configuration: every option group is registered here, once."""

from oslo_config import cfg
from oslo_log import log

from refstack.conf import api
from refstack.conf import auth
from refstack.conf import database
from refstack.conf import default
from refstack.conf import guidelines
from refstack.conf import oidc
from refstack.conf import osid
from refstack.conf import ratelimit

CONF = cfg.CONF

MODULES = (default, api, osid, database, auth, oidc, guidelines, ratelimit)

log.register_options(CONF)
for _module in MODULES:
    _module.register_opts(CONF)

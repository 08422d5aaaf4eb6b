"""The WSGI application: Pecan app wrapped in its middleware."""

from oslo_log import log
from oslo_middleware import request_id
import pecan

from refstack.api import hooks
from refstack.api import middleware
from refstack.conf import CONF

LOG = log.getLogger(__name__)

PECAN_CONFIG = {
    'app': {
        'root': 'refstack.api.controllers.root.RootController',
        'modules': ['refstack.api'],
        'debug': False,
    },
}


def setup_app(config=None):
    """Build the API WSGI app from the loaded configuration.

    The app routes ``/v1/...``; production mounts it at ``/api``.
    """
    app_conf = dict(PECAN_CONFIG['app'])
    if config:
        app_conf.update(config.get('app', {}))
    app = pecan.make_app(app_conf.pop('root'),
                         hooks=[hooks.ContextHook(), hooks.ErrorHook()],
                         force_canonical=False,
                         guess_content_type_from_ext=True,
                         **{k: v for k, v in app_conf.items() if k != 'modules'})
    app = middleware.BodySizeLimit(app, CONF.api.max_request_body_size)
    app = middleware.PathGuard(app)
    if CONF.api.allowed_cors_origins:
        app = middleware.CORS(app, CONF.api.allowed_cors_origins)
    return request_id.RequestId(app)

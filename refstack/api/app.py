"""The WSGI application: Pecan app wrapped in its middleware."""

import functools

from oslo_log import log
from oslo_middleware import request_id
import pecan
import pecan.core
import pecan.util

from refstack.api import hooks
from refstack.api import middleware
from refstack.api import validators
from refstack.api import ratelimit
from refstack.api import render
from refstack.auth import sessions
from refstack.common import exception
from refstack.conf import CONF

LOG = log.getLogger(__name__)


_PARSED_JSON = 'refstack.parsed_json'


class Request(pecan.core.Request):
    """Pecan's request, whose JSON body parsing fails only with ValueError.

    Pecan reads ``request.json`` to build keyword arguments before routing
    and falls back to form parameters on ValueError; bad UTF-8 or absurd
    nesting must take that path too (controllers then validate the raw body
    and answer 400 'Malformed request'), not escape as a 500.
    """

    # Bodies up to this size are copied into memory, larger ones into a
    # temporary file (WebOb's default of 10 KiB sent every upload to disk).
    request_body_tempfile_limit = 1024 * 1024

    @property
    def json(self):
        """The body parsed once (validators.parse_json), shared by Pecan's
        argument building and the handlers (see utils.request_json)."""
        parsed = self.environ.get(_PARSED_JSON)
        if parsed is None:
            try:
                parsed = (validators.parse_json(self.body), None)
            except exception.MalformedRequest as e:
                parsed = (None, e)
            self.environ[_PARSED_JSON] = parsed
        if parsed[1] is not None:
            raise ValueError(parsed[1].message)
        return parsed[0]


@functools.lru_cache(maxsize=1024)
def _function_argspec(func):
    return _pecan_argspec(func)


def _cached_argspec(func):
    """Pecan's argspec lookup, once per controller function.

    Pecan inspects each controller's signature while routing every request
    and builds a new namedtuple class each time (about 8 per request, ~0.6 ms
    in all); signatures never change, so the answer is kept per function.
    """
    return _function_argspec(getattr(func, '__func__', func))


_pecan_argspec = pecan.util._getargspec
pecan.util._getargspec = _cached_argspec


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
                         hooks=[hooks.ContextHook(), ratelimit.RateLimitHook(),
                                hooks.ErrorHook()],
                         request_cls=Request,
                         custom_renderers={'json': render.JsonRenderer},
                         force_canonical=False,
                         guess_content_type_from_ext=True,
                         **{k: v for k, v in app_conf.items() if k != 'modules'})
    app = middleware.ReleaseRequest(app, ('pecan.locals', _PARSED_JSON))
    app = middleware.FormGuard(app)
    app = middleware.BodySizeLimit(app, CONF.api.max_request_body_size)
    app = middleware.PathGuard(app)
    if CONF.api.allowed_cors_origins:
        app = middleware.CORS(app, CONF.api.allowed_cors_origins)
    app = middleware.SecurityHeaders(app, sessions.COOKIE_NAME)
    return request_id.RequestId(app)

"""Pecan hooks: the request context, and error translation."""

import urllib.parse

from oslo_log import log
import pecan
from pecan import hooks

from refstack.api import errors
from refstack.auth import sessions
from refstack.auth import tokens
from refstack.common import context
from refstack.common import exception
from refstack.db import api as db_api

LOG = log.getLogger(__name__)

SAFE_METHODS = ('GET', 'HEAD', 'OPTIONS')


def _identify(request):
    """Return (openid, method, error, session, access) for the caller.

    The session cookie wins; a bearer token is used otherwise. A credential
    that fails leaves the caller anonymous and records why, so public
    endpoints keep working and protected ones explain the 401. ``access``
    is the caller's (is_foundation, org_ids) when it was read on the way,
    else None (read when first needed).
    """
    error = None
    session = sessions.lookup(request.cookies.get(sessions.COOKIE_NAME))
    if session is not None and session.openid:
        if request.method in SAFE_METHODS or session.check_xsrf(
                request.headers.get(sessions.XSRF_HEADER)):
            return session.openid, context.AUTH_SESSION, None, session, None
        error = 'Missing or invalid X-XSRF-TOKEN header.'
    header = request.headers.get('Authorization')
    if header:
        access = {}

        def user_keys(openid):
            keys, access[openid] = db_api.get_user_keys_and_access(openid)
            return keys
        try:
            token = tokens.parse_authorization(header)
            # A registered key implies the user row (pubkeys.openid is a
            # foreign key to user.openid), so no second lookup is needed.
            openid = tokens.verify_token(token, user_keys)
            return openid, context.AUTH_TOKEN, None, session, access.get(openid)
        except exception.Unauthorized as e:
            error = e.message
    return None, None, error, session, None


# Query parameters whose values are credentials (OpenID Connect code/state,
# OpenID 2.0 signature fields, tokens): never logged.
_SECRET_PARAM_PARTS = ('code', 'state', 'token', 'sig', 'nonce', 'assoc', 'secret',
                       'password', 'key')


def loggable_path(request, limit=200):
    """The request path and query for the log, credential values masked.

    Headers (Authorization, Cookie, X-Signature) are never logged at all.
    """
    path = request.path
    if not request.query_string:
        return path[:limit]
    parts = []
    for name, value in urllib.parse.parse_qsl(request.query_string, keep_blank_values=True):
        lowered = name.lower()
        if any(part in lowered for part in _SECRET_PARAM_PARTS):
            value = '***'
        parts.append((name, value))
    return (path + '?' + urllib.parse.urlencode(parts))[:limit]


class ContextHook(hooks.PecanHook):
    """Attach a RequestContext to every request as ``request.context``."""

    priority = 10

    def before(self, state):
        request = state.request
        openid, method, error, session, access = _identify(request)
        request.context = context.RequestContext(
            user_openid=openid, auth_method=method, auth_error=error,
            session_id=session.id if session else None,
            access=access, access_loader=db_api.get_user_access,
            request_id=request.environ.get('openstack.request_id'))

    def after(self, state):
        context = getattr(state.request, 'context', None)
        LOG.info('%(method)s %(path)s -> %(status)s (user %(user)s)',
                 {'method': state.request.method, 'path': loggable_path(state.request),
                  'status': state.response.status_int,
                  'user': getattr(context, 'user_openid', None) or '-'},
                 context=context)


class ErrorHook(hooks.PecanHook):
    """Translate every exception into the JSON error envelope."""

    priority = 1000

    def on_error(self, state, e):
        response = errors.to_response(e)
        if response.status_int >= 500:
            LOG.debug('%s %s -> %s', state.request.method, state.request.path,
                      response.status)
        return response


def current_context():
    return pecan.request.context

"""The one place where errors become HTTP responses (api-contract 1.6)."""

from oslo_db import exception as db_exc
from oslo_log import log
import webob
from webob import exc as webob_exc

from refstack.api import render
from refstack.common import exception
from refstack.conf import CONF

LOG = log.getLogger(__name__)


def _response(status, body, headers=None):
    response = webob.Response(status=status, content_type='application/json',
                              charset='UTF-8')
    response.text = render.dumps(body)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _reason(code):
    return webob_exc.status_map[code].title if code in webob_exc.status_map else 'Error'


def to_response(error):
    """Render any exception as the original's JSON envelope."""
    if isinstance(error, exception.RefstackException):
        if error.envelope == exception.ENVELOPE_HTTP:
            body = {'code': error.code, 'title': _reason(error.code),
                    'detail': error.message}
        else:
            body = {'title': error.message, 'code': error.code}
        body.update(error.extra)
        return _response(error.code, body, error.headers)
    if isinstance(error, webob_exc.HTTPException) and error.code < 500:
        # Routing errors raised by pecan/webob: 404 has a null detail.
        detail = None if error.code == 404 else ''
        headers = {'Allow': error.headers['Allow']} if 'Allow' in error.headers else None
        return _response(error.code, {'code': error.code, 'title': error.title,
                                      'detail': detail}, headers)
    if isinstance(error, (db_exc.DBConnectionError, db_exc.DBDeadlock)):
        # Unreachable, or still deadlocked after the writers' retries: both pass.
        # The driver's error, without the statement and its parameters.
        inner = getattr(error, 'inner_exception', None)
        LOG.error('Database unavailable: %s: %s', type(error).__name__,
                  getattr(inner, 'orig', None) or inner or '')
        unavailable = exception.ServiceUnavailable(extra={'retry_after': 5})
        unavailable.headers = {'Retry-After': '5'}
        return to_response(unavailable)
    LOG.exception('Unexpected error: %s', error)
    body = {'title': 'Internal Server Error', 'code': 500}
    if CONF.api.app_dev_mode:
        body['detail'] = '%s: %s' % (type(error).__name__, error)
    return _response(500, body)

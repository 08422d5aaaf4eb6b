"""WSGI middleware around the Pecan app: body size limit and CORS."""

import json

from refstack.common import exception


def _json_error(start_response, status, body, headers=()):
    payload = json.dumps(body).encode('utf-8')
    start_response(status, [('Content-Type', 'application/json; charset=UTF-8'),
                            ('Content-Length', str(len(payload)))] + list(headers))
    return [payload]


class LimitedInput:
    """A wsgi.input that refuses to yield more than ``limit`` bytes."""

    def __init__(self, stream, limit):
        self.stream = stream
        self.left = limit

    def _take(self, data):
        self.left -= len(data)
        if self.left < 0:
            raise exception.PayloadTooLarge()
        return data

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.left + 1
        return self._take(self.stream.read(min(size, self.left + 1)))

    def readline(self, size=-1):
        if size is None or size < 0:
            size = self.left + 1
        return self._take(self.stream.readline(min(size, self.left + 1)))

    def __iter__(self):
        return iter(self.readline, b'')


class BodySizeLimit:
    """Answer 413 to bodies over ``limit`` bytes, declared or streamed."""

    def __init__(self, app, limit):
        self.app = app
        self.limit = limit

    def __call__(self, environ, start_response):
        length = environ.get('CONTENT_LENGTH') or ''
        try:
            declared = int(length) if length else None
        except ValueError:
            declared = None
            environ['CONTENT_LENGTH'] = ''
        if declared is not None and declared > self.limit:
            return _json_error(start_response, '413 Request Entity Too Large', {
                'title': 'Request body is too large (the limit is %d bytes).' % self.limit,
                'code': 413})
        if 'wsgi.input' in environ:
            environ['wsgi.input'] = LimitedInput(environ['wsgi.input'], self.limit)
        return self.app(environ, start_response)


class CORS:
    """CORS for the origins in [api]/allowed_cors_origins.

    Every response to an allowed origin carries the headers; preflight
    OPTIONS requests are answered here (the original answered them 405).
    """

    METHODS = 'GET, OPTIONS, PUT, POST, DELETE'
    HEADERS = 'origin, authorization, accept, content-type, x-signature, x-public-key'

    def __init__(self, app, origins):
        self.app = app
        self.origins = set(origins)

    def _headers(self, origin):
        return [('Access-Control-Allow-Origin', origin),
                ('Access-Control-Allow-Methods', self.METHODS),
                ('Access-Control-Allow-Headers', self.HEADERS),
                ('Access-Control-Allow-Credentials', 'true'),
                ('Vary', 'Origin')]

    def __call__(self, environ, start_response):
        origin = environ.get('HTTP_ORIGIN')
        if not origin or origin not in self.origins:
            return self.app(environ, start_response)
        extra = self._headers(origin)
        if (environ['REQUEST_METHOD'] == 'OPTIONS'
                and environ.get('HTTP_ACCESS_CONTROL_REQUEST_METHOD')):
            start_response('204 No Content', extra + [('Access-Control-Max-Age', '3600')])
            return []

        def cors_start_response(status, headers, exc_info=None):
            return start_response(status, list(headers) + extra, exc_info)

        return self.app(environ, cors_start_response)

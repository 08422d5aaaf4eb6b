"""WSGI middleware around the Pecan app: body size limit, path guard, CORS,
security headers, and the release of each request's objects."""

import io
import json
import urllib.parse

import webob


def _json_error(start_response, status, body, headers=()):
    payload = json.dumps(body).encode('utf-8')
    start_response(status, [('Content-Type', 'application/json; charset=UTF-8'),
                            ('Content-Length', str(len(payload)))] + list(headers))
    return [payload]


def _too_large(start_response, limit):
    return _json_error(start_response, '413 Request Entity Too Large', {
        'title': 'Request body is too large (the limit is %d bytes).' % limit, 'code': 413})


class BodySizeLimit:
    """Answer 413 to bodies over ``limit`` bytes, declared or streamed.

    A body without a Content-Length (chunked) is read here, up to the limit,
    so the app always sees a body of known length.
    """

    def __init__(self, app, limit):
        self.app = app
        self.limit = limit

    def __call__(self, environ, start_response):
        length = environ.get('CONTENT_LENGTH') or ''
        try:
            declared = int(length) if length else None
        except ValueError:
            return _json_error(start_response, '400 Bad Request', {
                'title': 'Invalid Content-Length header.', 'code': 400})
        if declared is not None and declared > self.limit:
            return _too_large(start_response, self.limit)
        if declared is None and environ.get('wsgi.input') is not None and (
                environ.get('HTTP_TRANSFER_ENCODING', '').lower() == 'chunked'
                or environ.get('wsgi.input_terminated')):
            body = environ['wsgi.input'].read(self.limit + 1)
            if len(body) > self.limit:
                return _too_large(start_response, self.limit)
            environ['wsgi.input'] = io.BytesIO(body)
            environ['CONTENT_LENGTH'] = str(len(body))
        return self.app(environ, start_response)


class ReleaseRequest:
    """Drop what a request left in its environ once the response is made.

    The WSGI server may keep an environ in a reference cycle of its own
    (gunicorn does), and Pecan makes one (``environ['pecan.locals']`` holds
    the request, which points back at the environ): anything left there
    lives until a full garbage collection, which comes rarely. For uploads
    that is the parsed body and WebOb's copy of the raw one, and an API
    process grew by 20 MB per 60 uploads between two collections. The
    response is complete when the app returns (Pecan's body is a list), so
    ``keys`` and the input are released then.
    """

    def __init__(self, app, keys):
        self.app = app
        self.keys = keys

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        finally:
            for key in self.keys:
                environ.pop(key, None)
            environ['wsgi.input'] = io.BytesIO()  # read by now; a copy if WebOb made one


class FormGuard:
    """Answer 400 to form bodies (urlencoded or multipart) that cannot be
    parsed, such as multipart without a boundary. Pecan parses them while
    routing, before any handler could refuse them. Sits inside BodySizeLimit,
    so only bodies of an accepted size are parsed; the parse is cached in the
    environ for the app."""

    FORM_TYPES = ('multipart/form-data', 'application/x-www-form-urlencoded')
    PARSE_ERRORS = (ValueError, TypeError, LookupError, UnicodeError, EOFError)

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        content_type = environ.get('CONTENT_TYPE', '').split(';', 1)[0].strip().lower()
        if content_type in self.FORM_TYPES:
            try:
                webob.Request(environ).POST
            except self.PARSE_ERRORS:
                return _json_error(start_response, '400 Bad Request', {
                    'title': 'Malformed request', 'code': 400,
                    'detail': 'The %s body cannot be parsed.' % content_type})
        return self.app(environ, start_response)


class PathGuard:
    """Refuse paths that are not valid UTF-8 (400), the ``_method`` override
    parameter (400) and path segments naming private attributes
    (``/v1/results/__class__``), which Pecan would otherwise route into (404),
    before any controller sees them."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        query = environ.get('QUERY_STRING', '')
        try:
            path = environ.get('PATH_INFO', '').encode('latin-1').decode('utf-8')
            urllib.parse.unquote_to_bytes(query).decode('utf-8')
        except (UnicodeDecodeError, UnicodeEncodeError):
            return _json_error(start_response, '400 Bad Request', {
                'title': 'The request path or query string is not valid UTF-8.',
                'code': 400})
        if query and any(
                name == '_method' for name, _value in urllib.parse.parse_qsl(
                    query, keep_blank_values=True)):
            # Pecan would route GET ...?_method=post to a POST handler,
            # around the XSRF check that only state-changing methods get.
            return _json_error(start_response, '400 Bad Request', {
                'title': 'The _method parameter (method override) is not supported.',
                'code': 400})
        if any(segment.startswith('_') for segment in path.split('/')):
            return _json_error(start_response, '404 Not Found', {
                'code': 404, 'title': 'Not Found', 'detail': None})
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


class SecurityHeaders:
    """Security headers on every response, errors included.

    * ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and
      ``Referrer-Policy: no-referrer``;
    * a Content-Security-Policy that lets nothing load or run: the API answers
      JSON, plain text and SVG badges, never documents (the badge policy also
      allows the badge's inline styles);
    * ``Cache-Control: no-store`` on every response to a request carrying
      credentials (an ``Authorization`` header or the session cookie) and on
      every response that sets a cookie, so no shared cache keeps private data;
    * ``Strict-Transport-Security`` when the request came over HTTPS.

    Headers the application set itself are kept, except Cache-Control on
    credentialed requests.
    """

    CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    SVG_CSP = ("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
               "base-uri 'none'; form-action 'none'")
    STATIC = (('X-Content-Type-Options', 'nosniff'),
              ('X-Frame-Options', 'DENY'),
              ('Referrer-Policy', 'no-referrer'))
    HSTS = 'max-age=31536000'

    def __init__(self, app, session_cookie):
        self.app = app
        self.session_cookie = session_cookie

    def _credentialed(self, environ):
        if environ.get('HTTP_AUTHORIZATION'):
            return True
        for part in environ.get('HTTP_COOKIE', '').split(';'):
            if part.split('=', 1)[0].strip() == self.session_cookie:
                return True
        return False

    def __call__(self, environ, start_response):
        credentialed = self._credentialed(environ)
        https = environ.get('wsgi.url_scheme') == 'https'

        def secure_start_response(status, headers, exc_info=None):
            names = {name.lower() for name, _value in headers}
            private = credentialed or 'set-cookie' in names
            out = [(name, value) for name, value in headers
                   if not (private and name.lower() == 'cache-control')]
            out.extend(h for h in self.STATIC if h[0].lower() not in names)
            if 'content-security-policy' not in names:
                svg = any(name.lower() == 'content-type' and 'svg' in value
                          for name, value in headers)
                out.append(('Content-Security-Policy', self.SVG_CSP if svg else self.CSP))
            if private:
                out.append(('Cache-Control', 'no-store'))
            if https and 'strict-transport-security' not in names:
                out.append(('Strict-Transport-Security', self.HSTS))
            return start_response(status, out, exc_info)

        return self.app(environ, secure_start_response)

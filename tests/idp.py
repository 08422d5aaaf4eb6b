"""Real identity providers for sign-in tests, served on 127.0.0.1 in a thread.

* OpenID2Provider: an OpenID 2.0 provider built on python3-openid's server
  side (openid.server.server.Server), with SREG and identity pages for
  discovery of claimed ids.
* OIDCProvider: a small OpenID Connect provider (discovery, JWKS, authorize,
  token with PKCE and client authentication, userinfo) issuing RS256 ID
  tokens with PyJWT.

Both auto-approve a configurable user. Attributes named in ``knobs`` change
their behaviour for one test (``reset()`` restores the defaults).
"""

import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
import urllib.parse

from cryptography.hazmat.primitives.asymmetric import rsa
import jwt
from openid.extensions import sreg
from openid.server import server as oid_server
from openid.store import memstore


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def _dispatch(self, method):
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode('utf-8') if length else ''
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        try:
            status, headers, payload = self.server.provider.handle(
                method, parts.path, query, form, self.headers)
        except BrokenPipeError:
            return
        if isinstance(payload, str):
            payload = payload.encode('utf-8')
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        self._dispatch('GET')

    def do_POST(self):
        self._dispatch('POST')


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


class LocalProvider:
    """Base: an HTTP server on 127.0.0.1 with resettable behaviour knobs."""

    knobs = {}

    def __init__(self):
        self.httpd = _Server(('127.0.0.1', 0), _Handler)
        self.httpd.provider = self
        self.base = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.calls = []
        self.reset()

    def reset(self):
        for name, value in self.knobs.items():
            setattr(self, name, value() if callable(value) else value)
        self.calls = []

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, method, path, query, form, headers):
        self.calls.append((method, path))
        delay = self.delays.get(path) if self.delays else None
        if delay:
            time.sleep(delay)
        handler = self.routes().get((method, path))
        if handler is None:
            return 404, {'Content-Type': 'text/plain'}, 'not found'
        return handler(query, form, headers)


def _json(status, data, headers=None):
    out = {'Content-Type': 'application/json', 'Cache-Control': 'no-store'}
    out.update(headers or {})
    return status, out, json.dumps(data)


class OpenID2Provider(LocalProvider):
    """An OpenID 2.0 OP: /openid2 is the endpoint, /id/<name> are identities."""

    knobs = {
        'user': 'alice',              # None: the user cancels
        'sreg_data': lambda: {'email': 'alice@example.org', 'fullname': 'Alice Doe'},
        'check_status': None,         # force the check_authentication HTTP status
        'check_body': None,           # replace the check_authentication answer
        'discovered_endpoint': None,  # endpoint an identity page advertises
        'delays': dict,               # path -> seconds to sleep before answering
    }

    def __init__(self):
        super().__init__()
        self.endpoint = self.base + '/openid2'
        self.server = oid_server.Server(memstore.MemoryStore(), self.endpoint)
        self.lock = threading.Lock()

    def identity_url(self, name=None):
        return '%s/id/%s' % (self.base, name or self.user)

    def routes(self):
        return {('GET', '/openid2'): self._checkid, ('POST', '/openid2'): self._direct}

    def handle(self, method, path, query, form, headers):
        if method == 'GET' and path.startswith('/id/'):
            self.calls.append((method, path))
            endpoint = self.discovered_endpoint or self.endpoint
            page = ('<html><head><link rel="openid2.provider" href="%s">'
                    '</head><body>%s</body></html>' % (endpoint, path[4:]))
            return 200, {'Content-Type': 'text/html; charset=utf-8'}, page
        return super().handle(method, path, query, form, headers)

    def _web(self, web_response, status=None):
        headers = dict(web_response.headers)
        if 'location' in headers:
            headers['Location'] = headers.pop('location')
        return status or web_response.code, headers, web_response.body or ''

    def _checkid(self, query, form, headers):
        with self.lock:
            request = self.server.decodeRequest(query)
            if self.user is None:
                return self._web(self.server.encodeResponse(request.answer(False)))
            identity = self.identity_url()
            response = request.answer(True, identity=identity, claimed_id=identity)
            sreg_request = sreg.SRegRequest.fromOpenIDRequest(request)
            response.addExtension(sreg.SRegResponse.extractResponse(
                sreg_request, self.sreg_data))
            return self._web(self.server.encodeResponse(response))

    def _direct(self, query, form, headers):
        with self.lock:
            request = self.server.decodeRequest(form)
            web = self.server.encodeResponse(self.server.handleRequest(request))
        if self.check_body is not None:
            return self.check_status or 200, {'Content-Type': 'text/plain'}, self.check_body
        return self._web(web, self.check_status)


class OIDCProvider(LocalProvider):
    """An OpenID Connect OP whose issuer is <base>/oidc."""

    CLIENT_ID = 'refstack-test'
    CLIENT_SECRET = 'not-a-real-secret'

    knobs = {
        'sub': '248289761001',
        'claims': lambda: {'email': 'jane@example.org', 'name': 'Jane Doe'},
        'userinfo': lambda: {},        # extra UserInfo claims
        'id_token_claims': dict,       # overrides of ID token claims (None deletes)
        'id_token_header': dict,       # overrides of the JOSE header
        'sign_with': None,             # another private key (forged signature)
        'discovery_issuer': None,      # issuer named by the discovery document
        'authorize_error': None,       # error returned by /authorize
        'send_iss': False,             # add iss to the authorization response
        'token_status': None,          # force the token endpoint HTTP status
        'delays': dict,
    }

    def __init__(self):
        super().__init__()
        self.issuer = self.base + '/oidc'
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.access_tokens = {}
        self.lock = threading.Lock()

    def routes(self):
        return {
            ('GET', '/oidc/.well-known/openid-configuration'): self._discovery,
            ('GET', '/oidc/jwks'): self._jwks,
            ('GET', '/oidc/authorize'): self._authorize,
            ('POST', '/oidc/token'): self._token,
            ('GET', '/oidc/userinfo'): self._userinfo,
        }

    def _discovery(self, query, form, headers):
        return _json(200, {
            'issuer': self.discovery_issuer or self.issuer,
            'authorization_endpoint': self.issuer + '/authorize',
            'token_endpoint': self.issuer + '/token',
            'jwks_uri': self.issuer + '/jwks',
            'userinfo_endpoint': self.issuer + '/userinfo',
            'end_session_endpoint': self.issuer + '/logout',
            'response_types_supported': ['code'],
            'subject_types_supported': ['public'],
            'id_token_signing_alg_values_supported': ['RS256'],
            'code_challenge_methods_supported': ['S256'],
            'token_endpoint_auth_methods_supported': ['client_secret_basic',
                                                      'client_secret_post'],
        })

    def _jwks(self, query, form, headers):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({'kid': 'k1', 'use': 'sig', 'alg': 'RS256'})
        return _json(200, {'keys': [jwk]})

    def _authorize(self, query, form, headers):
        redirect_uri = query.get('redirect_uri', '')
        if query.get('client_id') != self.CLIENT_ID or not redirect_uri:
            return 400, {'Content-Type': 'text/plain'}, 'bad client'
        answer = {'state': query.get('state', '')}
        if self.authorize_error:
            answer['error'] = self.authorize_error
            answer['error_description'] = '<b>evil</b> text'
        else:
            if (query.get('response_type') != 'code'
                    or query.get('code_challenge_method') != 'S256'
                    or not query.get('code_challenge')
                    or 'openid' not in query.get('scope', '').split()):
                answer['error'] = 'invalid_request'
            else:
                code = secrets.token_urlsafe(16)
                with self.lock:
                    self.codes[code] = dict(query)
                answer['code'] = code
        if self.send_iss:
            answer['iss'] = self.issuer
        location = redirect_uri + ('&' if '?' in redirect_uri else '?') + \
            urllib.parse.urlencode(answer)
        return 302, {'Location': location}, ''

    def _client_ok(self, form, headers):
        auth = headers.get('Authorization', '')
        if auth.startswith('Basic '):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(':')
            return (urllib.parse.unquote(user) == self.CLIENT_ID
                    and urllib.parse.unquote(password) == self.CLIENT_SECRET)
        return (form.get('client_id') == self.CLIENT_ID
                and form.get('client_secret') == self.CLIENT_SECRET)

    def _token(self, query, form, headers):
        if self.token_status:
            return _json(self.token_status, {'error': 'server_error'})
        if not self._client_ok(form, headers):
            return _json(401, {'error': 'invalid_client'})
        with self.lock:
            grant = self.codes.pop(form.get('code', ''), None)
        if grant is None or form.get('grant_type') != 'authorization_code':
            return _json(400, {'error': 'invalid_grant'})
        if form.get('redirect_uri') != grant['redirect_uri']:
            return _json(400, {'error': 'invalid_grant'})
        verifier = form.get('code_verifier', '')
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b'=').decode()
        if challenge != grant['code_challenge']:
            return _json(400, {'error': 'invalid_grant'})
        now = int(time.time())
        claims = {'iss': self.issuer, 'sub': self.sub, 'aud': self.CLIENT_ID,
                  'iat': now, 'exp': now + 300, 'nonce': grant.get('nonce')}
        claims.update(self.claims)
        for name, value in self.id_token_claims.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        header = {'kid': 'k1'}
        header.update(self.id_token_header)
        algorithm = header.pop('alg', 'RS256')
        key = self.sign_with or self.key
        id_token = jwt.encode(claims, key if algorithm != 'none' else None,
                              algorithm=algorithm, headers=header)
        access_token = secrets.token_urlsafe(16)
        with self.lock:
            self.access_tokens[access_token] = self.sub
        return _json(200, {'access_token': access_token, 'token_type': 'Bearer',
                           'expires_in': 300, 'id_token': id_token})

    def _userinfo(self, query, form, headers):
        token = headers.get('Authorization', '')[len('Bearer '):]
        with self.lock:
            sub = self.access_tokens.get(token)
        if sub is None:
            return _json(401, {'error': 'invalid_token'})
        info = {'sub': sub}
        info.update(self.userinfo)
        return _json(200, info)


def closed_port_url(path=''):
    """A URL on 127.0.0.1 where nothing listens (an identity provider that is down)."""
    import socket
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return 'http://127.0.0.1:%d%s' % (port, path)

"""OpenID Connect sign-in: authorization code flow with PKCE, configured in [oidc].

Authlib builds the authorization request and performs the token exchange;
the ID token is verified with PyJWT against the provider's published keys:
signature (algorithms from [oidc]/id_token_algorithms, never ``none`` or
HMAC), ``iss`` equal to the configured issuer, ``aud``/``azp`` naming our
client, ``exp``/``iat``, and ``nonce`` equal to the one stored server-side at
sign-in. ``state``, ``nonce`` and the PKCE verifier live in the database
session of the sign-in and are consumed by the provider's first answer.

The user's openid is ``<issuer>#<sub>``, or the value of the claim named by
[oidc]/identity_claim. E-mail comes from the ``email`` claim and the full name
from ``name`` (else ``given_name family_name``), from the ID token or the
UserInfo endpoint.

Provider metadata and keys are cached per process ([oidc]/metadata_cache_time):
public data only, so API nodes need not share it.
"""

import hmac
import json
import secrets
import threading
import time

from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.requests_client import OAuthError
import jwt
from oslo_log import log
import requests

from refstack.auth import http
from refstack.auth import provider
from refstack.conf import CONF

LOG = log.getLogger(__name__)

LEEWAY = 60
DISCOVERY_PATH = '/.well-known/openid-configuration'
REQUIRED_METADATA = ('issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri')
ASYMMETRIC = ('RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
              'ES256', 'ES384', 'ES512', 'EdDSA')
MAX_PARAM = 2048

_cache = {}
_cache_lock = threading.Lock()


def reset_cache():
    with _cache_lock:
        _cache.clear()


def _cached(key, loader, force=False):
    now = time.monotonic()
    with _cache_lock:
        entry = _cache.get(key)
    if entry and not force and entry[0] > now:
        return entry[1]
    value = loader()
    with _cache_lock:
        _cache[key] = (now + CONF.oidc.metadata_cache_time, value)
    return value


def _unavailable_or_failed(error, what):
    message = provider.UNAVAILABLE if error.unavailable else provider.VERIFY_FAILED
    return provider.SignInFailed(message, '%s: %s' % (what, error))


def _get_json(url, what, **kwargs):
    try:
        status, _url, _headers, body = http.fetch('GET', url, **kwargs)
    except http.FetchError as e:
        raise _unavailable_or_failed(e, what)
    if not 200 <= status < 300:
        raise provider.SignInFailed(provider.UNAVAILABLE if status >= 500
                                    else provider.VERIFY_FAILED,
                                    '%s: HTTP %s' % (what, status))
    try:
        data = json.loads(body.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise provider.SignInFailed(provider.VERIFY_FAILED, '%s: not a JSON object' % what)
    return data


def _same(a, b):
    return (isinstance(a, str) and isinstance(b, str)
            and hmac.compare_digest(a.encode('utf-8'), b.encode('utf-8')))


class Provider:
    name = 'oidc'

    def __init__(self):
        self.issuer = CONF.oidc.issuer
        self.client_id = CONF.oidc.client_id
        if not self.issuer or not self.client_id:
            raise provider.SignInFailed(provider.MISCONFIGURED,
                                        '[oidc] issuer and client_id are required')
        self.redirect_uri = (provider.api_url_join(CONF.oidc.redirect_uri)
                             if CONF.oidc.redirect_uri else provider.return_url())
        scopes = list(CONF.oidc.scopes)
        if 'openid' not in scopes:
            scopes.insert(0, 'openid')
        self.scope = ' '.join(scopes)

    # ------------------------------------------------------------ metadata

    def metadata(self, force=False):
        """The provider's discovery document, checked.

        :raises: provider.SignInFailed
        """
        def load():
            url = self.issuer.rstrip('/') + DISCOVERY_PATH
            data = _get_json(url, 'discovery')
            for key in REQUIRED_METADATA:
                if not isinstance(data.get(key), str) or not data[key]:
                    raise provider.SignInFailed(provider.VERIFY_FAILED,
                                                'discovery: no %s' % key)
            if data['issuer'] != self.issuer:
                raise provider.SignInFailed(provider.VERIFY_FAILED,
                                            'discovery: issuer %r' % data['issuer'])
            return data
        return _cached(('metadata', self.issuer), load, force)

    def _keys(self, force=False):
        uri = self.metadata()['jwks_uri']

        def load():
            data = _get_json(uri, 'jwks')
            try:
                return jwt.PyJWKSet.from_dict(data).keys
            except (jwt.PyJWTError, ValueError, TypeError, KeyError) as e:
                raise provider.SignInFailed(provider.VERIFY_FAILED, 'jwks: %s' % e)
        return _cached(('jwks', uri), load, force)

    def _signing_key(self, kid):
        for force in (False, True):
            keys = self._keys(force)
            matches = [k for k in keys if kid is None or k.key_id == kid]
            if kid is None and len(matches) > 1:
                matches = [k for k in matches if getattr(k, 'public_key_use', None)
                           in (None, 'sig')]
            if len(matches) == 1:
                return matches[0]
            if kid is None:
                break
        raise provider.SignInFailed(provider.VERIFY_FAILED, 'no signing key for kid %r' % kid)

    # -------------------------------------------------------------- flow

    def _client(self, **kwargs):
        secret = CONF.oidc.client_secret
        method = CONF.oidc.token_endpoint_auth_method if secret else 'none'
        return OAuth2Session(client_id=self.client_id, client_secret=secret,
                             token_endpoint_auth_method=method, scope=self.scope,
                             redirect_uri=self.redirect_uri, code_challenge_method='S256',
                             **kwargs)

    def begin(self):
        """:returns: (URL to redirect to, state to keep in the session)"""
        flow = {'state': secrets.token_urlsafe(32), 'nonce': secrets.token_urlsafe(32),
                'verifier': secrets.token_urlsafe(64)}
        with self._client() as client:
            url, _state = client.create_authorization_url(
                self.metadata()['authorization_endpoint'], state=flow['state'],
                code_verifier=flow['verifier'], nonce=flow['nonce'])
        return url, flow

    def complete(self, params, flow):
        """Check the provider's answer (the redirect URI's query parameters).

        :raises: provider.SignInFailed
        """
        if 'error' in params:
            if params['error'] == 'access_denied':
                raise provider.SignInFailed(provider.CANCELED, 'access_denied')
            raise provider.SignInFailed(provider.IDP_ERROR, 'error parameter')
        if not _same(params.get('state'), flow.get('state')):
            raise provider.SignInFailed(provider.FAILED, 'state mismatch')
        code = params.get('code')
        if not code or len(code) > MAX_PARAM:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'no usable code')
        # RFC 9207: a provider that names itself must be ours (mix-up defence).
        if 'iss' in params and params['iss'] != self.issuer:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'iss parameter')
        token = self._exchange(code, flow['verifier'])
        claims = self._verify_id_token(token.get('id_token'), flow['nonce'])
        profile = dict(claims)
        if not profile.get('email') or not self._name(profile):
            profile.update(self._userinfo(token, claims['sub']))
        return provider.identity(self._openid(claims, profile), profile.get('email'),
                                 self._name(profile))

    def _exchange(self, code, verifier):
        metadata = self.metadata()
        try:
            with self._client() as client:
                client.max_redirects = http.MAX_REDIRECTS
                token = client.fetch_token(
                    metadata['token_endpoint'], grant_type='authorization_code',
                    code=code, code_verifier=verifier, **http.request_options())
        except (requests.Timeout, requests.ConnectionError) as e:
            raise provider.SignInFailed(provider.UNAVAILABLE, 'token endpoint: %s' % e)
        except requests.HTTPError as e:
            status = e.response.status_code if e.response is not None else 0
            raise provider.SignInFailed(
                provider.UNAVAILABLE if status >= 500 else provider.VERIFY_FAILED,
                'token endpoint: HTTP %s' % status)
        except (OAuthError, requests.RequestException, ValueError, TypeError) as e:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'token endpoint: %s' % e)
        if not isinstance(token, dict) or not isinstance(token.get('id_token'), str):
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'no id_token')
        return token

    def _verify_id_token(self, id_token, nonce):
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as e:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token: %s' % e)
        algorithm = header.get('alg')
        allowed = [a for a in CONF.oidc.id_token_algorithms if a in ASYMMETRIC]
        if not isinstance(algorithm, str) or algorithm not in allowed:
            raise provider.SignInFailed(provider.VERIFY_FAILED,
                                        'id_token algorithm %r' % (algorithm,))
        kid = header.get('kid')
        if kid is not None and not isinstance(kid, str):
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token kid')
        key = self._signing_key(kid)
        try:
            claims = jwt.decode(
                id_token, key.key, algorithms=[algorithm], audience=self.client_id,
                issuer=self.issuer, leeway=LEEWAY,
                options={'require': ['iss', 'sub', 'aud', 'exp', 'iat']})
        except (jwt.PyJWTError, ValueError, TypeError) as e:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token: %s' % e)
        audience = claims['aud']
        if isinstance(audience, list) and len(audience) > 1 and claims.get(
                'azp') != self.client_id:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token azp')
        if not _same(claims.get('nonce'), nonce):
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token nonce')
        if not isinstance(claims['sub'], str) or not claims['sub']:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'id_token sub')
        return claims

    def _userinfo(self, token, sub):
        endpoint = self.metadata().get('userinfo_endpoint')
        access_token = token.get('access_token')
        if not isinstance(endpoint, str) or not isinstance(access_token, str):
            return {}
        info = _get_json(endpoint, 'userinfo',
                         headers={'Authorization': 'Bearer %s' % access_token})
        if info.get('sub') != sub:
            raise provider.SignInFailed(provider.VERIFY_FAILED, 'userinfo sub')
        return {k: v for k, v in info.items() if k not in ('iss', 'aud', 'sub')}

    @staticmethod
    def _name(profile):
        name = profile.get('name')
        if isinstance(name, str) and name.strip():
            return name
        parts = [profile.get('given_name'), profile.get('family_name')]
        name = ' '.join(p for p in parts if isinstance(p, str) and p.strip())
        return name or None

    def _openid(self, claims, profile):
        claim = CONF.oidc.identity_claim
        if claim:
            value = claims.get(claim, profile.get(claim))
            return value if isinstance(value, str) else None
        return '%s#%s' % (self.issuer, claims['sub'])

    def logout_url(self):
        if CONF.oidc.logout_url:
            return CONF.oidc.logout_url
        try:
            endpoint = self.metadata().get('end_session_endpoint')
        except provider.SignInFailed as e:
            LOG.warning('OpenID Connect metadata unavailable at sign-out: %s', e.reason)
            endpoint = None
        return endpoint if isinstance(endpoint, str) else CONF.osid.openid_logout_endpoint

"""Base test cases: configuration, database and the API app under webtest."""

import base64
import json
import time

import fixtures
import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from oslo_config import fixture as config_fixture
import testtools
import webtest

from refstack.api import app as api_app
from refstack.auth import sessions
from refstack.common import keys
from refstack.common import policy
from refstack.conf import CONF
from refstack.db import api as db_api
from tests import db as test_db

_KEY_CACHE = []


class RSAKey:
    """A throw-away RSA key with the helpers tests need."""

    def __init__(self, bits=1024):
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=bits)

    @property
    def openssh(self):
        return self.private.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()

    @property
    def pem(self):
        return self.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption())

    def sign(self, data):
        return self.private.sign(data, padding.PKCS1v15(), hashes.SHA256()).hex()

    def token(self, openid, lifetime=600, algorithm='RS256', **claims):
        payload = {'user_openid': openid, 'exp': int(time.time()) + lifetime}
        payload.update(claims)
        return jwt.encode(payload, self.pem, algorithm=algorithm)


def make_key():
    """An RSA key; a small pool is reused since generation is slow."""
    if len(_KEY_CACHE) < 8:
        _KEY_CACHE.append(RSAKey())
        return _KEY_CACHE[-1]
    key = _KEY_CACHE.pop(0)
    _KEY_CACHE.append(key)
    return key


class TestCase(testtools.TestCase):
    """Configuration and an empty migrated database per test."""

    def setUp(self):
        super().setUp()
        CONF([], project='refstack', default_config_files=[])
        self.config = self.useFixture(config_fixture.Config(CONF)).config
        self.config(connection=test_db.database_url(), group='database')
        self.config(enable_anonymous_upload=True, group='api')
        # Rate limits are tested on their own (tests/api/test_ratelimit.py).
        self.config(enabled=False, group='ratelimit')
        self.useFixture(fixtures.NestedTempfile())
        test_db.empty_database()
        policy.reset()
        self.addCleanup(policy.reset)


class ApiTestCase(TestCase):
    """The real API app under webtest, with identity helpers."""

    def setUp(self):
        super().setUp()
        self.app = webtest.TestApp(api_app.setup_app())

    # -------------------------------------------------------- requests

    def get_json(self, path, status=200, headers=None, **params):
        return self.app.get(path, params=params or None, headers=headers or {},
                            status=status).json

    def post_json(self, path, body, status=201, headers=None):
        return self.app.post(path, json.dumps(body) if not isinstance(body, (bytes, str))
                             else body, headers=headers or {}, status=status,
                             content_type='application/json')

    def put_json(self, path, body, status=200, headers=None):
        return self.app.put(path, json.dumps(body), headers=headers or {}, status=status,
                            content_type='application/json')

    def delete(self, path, status=204, headers=None):
        return self.app.delete(path, headers=headers or {}, status=status)

    # -------------------------------------------------------- identity

    def create_user(self, openid, admin=False, email=None, fullname=None):
        db_api.save_user(openid, email or '%s@example.org' % openid.rsplit('/', 1)[-1],
                         fullname or openid)
        if admin:
            db_api.add_user_to_group(db_api.get_foundation().group_id, openid)
        return openid

    def register_key(self, openid, key=None):
        key = key or make_key()
        parsed = keys.parse_public_key(key.openssh)
        db_api.store_pubkey(openid, parsed.format, parsed.body, parsed.comment,
                            parsed.md5_hash)
        return key

    def session_headers(self, openid):
        """Headers of a signed-in browser: session cookie and XSRF header."""
        token, session = sessions.create(openid)
        return {'Cookie': '%s=%s' % (sessions.COOKIE_NAME, token),
                sessions.XSRF_HEADER: session.xsrf_token}

    def token_headers(self, openid, key=None):
        """Headers of an API client using a JWT signed by a registered key."""
        key = key or self.register_key(openid)
        return {'Authorization': 'Bearer %s' % key.token(openid)}

    def as_user(self, openid, admin=False):
        self.create_user(openid, admin=admin)
        return self.session_headers(openid)

    @staticmethod
    def b64(text):
        return base64.b64encode(text.encode()).decode()

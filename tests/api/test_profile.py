"""API tests of /v1/profile and /v1/profile/pubkeys (U1-U5), and key-based tokens."""

import base64
import hashlib
import json
import time
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
import jwt

from refstack.db import api as db_api
from tests import base

UNAUTHORIZED = {'code': 401, 'title': 'Unauthorized', 'detail': None}
SCHEMA = {'type': 'object',
          'properties': {'raw_key': {'type': 'string'}, 'self_signature': {'type': 'string'}},
          'required': ['raw_key', 'self_signature'], 'additionalProperties': False}

_RSA2048 = []


def rsa2048():
    """A fresh-enough 2048-bit RSA key (generation is slow, so a few are reused)."""
    if len(_RSA2048) < 4:
        _RSA2048.append(base.RSAKey(2048))
        return _RSA2048[-1]
    _RSA2048.append(_RSA2048.pop(0))
    return _RSA2048[-1]


class Ed25519Key:
    def __init__(self):
        self.private = ed25519.Ed25519PrivateKey.generate()

    @property
    def openssh(self):
        return self.private.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()

    def sign(self, data):
        return self.private.sign(data).hex()

    def token(self, openid, lifetime=600, algorithm='EdDSA'):
        pem = self.private.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
        return jwt.encode({'user_openid': openid, 'exp': int(time.time()) + lifetime},
                          pem, algorithm=algorithm)


def openssh(public_key):
    return public_key.public_bytes(serialization.Encoding.OpenSSH,
                                   serialization.PublicFormat.OpenSSH).decode()


class ProfileTestCase(base.ApiTestCase):
    alice = 'https://openstackid.org/alice'
    bob = 'https://openstackid.org/bob'
    admin = 'https://openstackid.org/admin'

    def setUp(self):
        super().setUp()
        self.headers = self.as_user(self.alice)

    def add_key(self, key=None, headers=None, status=201, comment=None, signature=None):
        key = key or rsa2048()
        raw = key.openssh + (' ' + comment if comment else '')
        body = {'raw_key': raw, 'self_signature': signature or key.sign(b'signature')}
        return self.post_json('/v1/profile/pubkeys', body, status=status,
                              headers=self.headers if headers is None else headers)

    def keys(self, headers=None):
        return self.get_json('/v1/profile/pubkeys', headers=headers or self.headers)


class TestProfile(ProfileTestCase):

    def test_profile(self):
        """Assertion 59."""
        self.assertEqual({'openid': self.alice, 'email': 'alice@example.org',
                          'fullname': self.alice, 'is_admin': False},
                         self.get_json('/v1/profile/', headers=self.headers))

    def test_foundation_admin(self):
        headers = self.as_user(self.admin, admin=True)
        self.assertTrue(self.get_json('/v1/profile', headers=headers)['is_admin'])

    def test_anonymous(self):
        for path in ('/v1/profile', '/v1/profile/', '/v1/profile/pubkeys',
                     '/v1/profile.json'):
            self.assertEqual(UNAUTHORIZED, self.get_json(path, status=401))
        self.assertEqual(UNAUTHORIZED, self.post_json('/v1/profile/pubkeys', {
            'raw_key': 'x', 'self_signature': 'y'}, status=401).json)
        self.assertEqual(UNAUTHORIZED, self.delete('/v1/profile/pubkeys/x', status=401).json)

    def test_refused_credentials_are_explained(self):
        resp = self.get_json('/v1/profile', status=401,
                             headers={'Authorization': 'Bearer nonsense'})
        self.assertEqual({'code': 401, 'title': 'Unauthorized',
                          'detail': 'Token is not valid'}, resp)
        resp = self.get_json('/v1/profile', status=401, headers={'Authorization': 'Basic x'})
        self.assertEqual("Authorization schema 'Bearer' should be used", resp['detail'])

    def test_other_paths(self):
        self.get_json('/v1/profile/other', status=404, headers=self.headers)
        self.get_json('/v1/profile/pubkeys/%s' % uuid.uuid4(), status=404,
                      headers=self.headers)
        for method in ('put', 'post', 'delete', 'patch'):
            resp = getattr(self.app, method)('/v1/profile', headers=self.headers, status=405)
            self.assertEqual(405, resp.json['code'])
        self.app.put('/v1/profile/pubkeys', headers=self.headers, status=405)

    def test_schema(self):
        self.assertEqual(SCHEMA, self.get_json('/v1/profile/pubkeys/schema'))


class TestPubkeys(ProfileTestCase):

    def test_add_list_delete(self):
        """Assertions 60-63."""
        key = rsa2048()
        resp = self.add_key(key)
        key_id = resp.json
        self.assertIsInstance(key_id, str)
        self.assertEqual(4, uuid.UUID(key_id).version)
        self.assertEqual('application/json', resp.content_type)
        listed = self.keys()
        self.assertEqual(1, len(listed))
        self.assertEqual({'id': key_id, 'openid': self.alice, 'format': 'ssh-rsa',
                          'pubkey': key.openssh.split()[1], 'comment': ''}, listed[0])
        self.delete('/v1/profile/pubkeys/%s' % key_id, headers=self.headers)
        self.assertEqual([], self.keys())
        resp = self.delete('/v1/profile/pubkeys/%s' % key_id, headers=self.headers,
                           status=404).json
        self.assertEqual({'code': 404, 'title': 'Not Found', 'detail': ''}, resp)

    def test_comment_with_spaces(self):
        self.add_key(comment='Alice Doe  laptop (2024)')
        self.assertEqual('Alice Doe  laptop (2024)', self.keys()[0]['comment'])

    def test_comment_too_long(self):
        resp = self.add_key(comment='c' * 129, status=400).json
        self.assertEqual('Public key comment is too long', resp['title'])
        self.add_key(comment='c' * 128)

    def test_ed25519(self):
        key = Ed25519Key()
        self.add_key(key, comment='me@host')
        listed = self.keys()[0]
        self.assertEqual(('ssh-ed25519', key.openssh.split()[1], 'me@host'),
                         (listed['format'], listed['pubkey'], listed['comment']))

    def test_plain_text_body(self):
        key = rsa2048()
        body = json.dumps({'raw_key': key.openssh, 'self_signature': key.sign(b'signature')})
        self.app.post('/v1/profile/pubkeys', body, headers=self.headers,
                      content_type='text/plain', status=201)

    def test_duplicates(self):
        key = rsa2048()
        self.add_key(key)
        conflict = {'title': 'Public key already exists.', 'code': 409}
        self.assertEqual(conflict, self.add_key(key, status=409).json)
        # The same key with another comment is the same key.
        self.assertEqual(conflict, self.add_key(key, comment='other', status=409).json)
        # Nor may another user register it.
        bob = self.as_user(self.bob)
        self.assertEqual(conflict, self.add_key(key, headers=bob, status=409).json)
        self.assertEqual([], self.keys(bob))

    def test_bad_bodies(self):
        key = rsa2048()
        good = key.sign(b'signature')
        cases = [
            (b'{', 'Malformed request'),
            (b'\xff', 'Malformed request'),
            ([], 'Request doesnt correspond to schema'),
            ({}, 'Request doesnt correspond to schema'),
            ({'raw_key': key.openssh}, 'Request doesnt correspond to schema'),
            ({'raw_key': key.openssh, 'self_signature': good, 'x': 1},
             'Request doesnt correspond to schema'),
            ({'raw_key': 1, 'self_signature': good}, 'Request doesnt correspond to schema'),
            ({'raw_key': key.openssh, 'self_signature': None},
             'Request doesnt correspond to schema'),
        ]
        for body, title in cases:
            raw = body if isinstance(body, bytes) else json.dumps(body)
            # The raw body is read whatever the Content-Type (api-contract 1.2).
            resp = self.app.post('/v1/profile/pubkeys', raw, headers=self.headers,
                                 content_type='text/plain', status=400).json
            self.assertEqual(title, resp['title'], body)

    def test_key_checks_in_order(self):
        """D10: every bad key is a 400 with a clear message, never a 500."""
        rsa_key = rsa2048()
        good = rsa_key.sign(b'signature')
        body = rsa_key.openssh.split()[1]
        dsa_key = openssh(dsa.generate_private_key(1024).public_key())
        ecdsa_key = openssh(ec.generate_private_key(ec.SECP256R1()).public_key())
        ed_key = Ed25519Key()
        unsupported = 'Public key has unsupported format'
        cases = [
            ('', good, unsupported),
            ('   ', good, unsupported),
            (dsa_key, good, unsupported),
            (ecdsa_key, good, unsupported),
            ('pgp-sign-rsa AAAA', good, unsupported),
            ('pgp-sign-dss AAAA', good, unsupported),
            ('Public key: ' + rsa_key.openssh, good, unsupported),
            (dsa_key, 'zz', unsupported),          # the format is checked first
            (rsa_key.openssh, 'zz', 'Malformed signature'),
            (rsa_key.openssh, 'abc', 'Malformed signature'),
            ('ssh-rsa', good, 'Malformed public key'),
            ('ssh-rsa AAAAjunk', good, 'Malformed public key'),
            ('ssh-rsa ' + body[:-8], good, 'Malformed public key'),
            ('ssh-ed25519 ' + body, good, 'Malformed public key'),
            ('ssh-rsa ' + ed_key.openssh.split()[1], good, 'Malformed public key'),
            ('ssh-rsa ' + 'A' * 20000, good, 'Malformed public key'),
            (base.RSAKey(1024).openssh, good, 'Public key is too weak'),
            (rsa_key.openssh, good[:-2] + '%02x' % (int(good[-2:], 16) ^ 1),
             'Signature verification failed'),
            (rsa_key.openssh, '', 'Signature verification failed'),
            (rsa_key.openssh, rsa_key.sign(b'signaturE'), 'Signature verification failed'),
            (rsa_key.openssh, base.make_key().sign(b'signature'),
             'Signature verification failed'),
            (ed_key.openssh, ed_key.sign(b'other'), 'Signature verification failed'),
        ]
        for raw_key, signature, title in cases:
            resp = self.post_json('/v1/profile/pubkeys', {
                'raw_key': raw_key, 'self_signature': signature}, status=400,
                headers=self.headers).json
            self.assertEqual(title, resp['title'], raw_key[:40])
            self.assertEqual(400, resp['code'])
        resp = self.post_json('/v1/profile/pubkeys', {'raw_key': dsa_key, 'self_signature': good},
                              status=400, headers=self.headers).json
        self.assertIn('ssh-ed25519', resp['detail'])
        self.assertEqual([], self.keys())
        # Upper-case hex and surrounding white space are fine.
        self.add_key(rsa_key, signature=good.upper())

    def test_delete_errors(self):
        key_id = self.add_key().json
        bob = self.as_user(self.bob)
        # Someone else's key is not there for Bob.
        self.assertEqual({'code': 404, 'title': 'Not Found', 'detail': ''},
                         self.delete('/v1/profile/pubkeys/%s' % key_id, headers=bob,
                                     status=404).json)
        self.assertEqual(1, len(self.keys()))
        for path, status in (('/v1/profile/pubkeys', 405), ('/v1/profile/pubkeys/', 405),
                             ('/v1/profile/pubkeys/' + 'x' * 500, 404),
                             ('/v1/profile/pubkeys/%s/more' % key_id, 404),
                             ('/v1/profile/pubkeys/%00', 404)):
            resp = self.app.delete(path, headers=self.headers, status='*')
            self.assertEqual(status, resp.status_int, path)
            self.assertEqual(status, resp.json['code'])
            if status == 405:
                self.assertEqual('GET, POST', resp.headers['Allow'])
        self.assertEqual(1, len(self.keys()))

    def test_users_see_only_their_keys(self):
        self.add_key()
        bob = self.as_user(self.bob)
        self.add_key(headers=bob)
        self.assertEqual([self.alice], [k['openid'] for k in self.keys()])
        self.assertEqual([self.bob], [k['openid'] for k in self.keys(bob)])
        admin = self.as_user(self.admin, admin=True)
        self.assertEqual([], self.keys(admin))

    def test_writes_need_the_xsrf_header(self):
        key = rsa2048()
        cookie_only = {'Cookie': self.headers['Cookie']}
        resp = self.add_key(key, headers=cookie_only, status=401).json
        self.assertEqual('Missing or invalid X-XSRF-TOKEN header.', resp['detail'])
        key_id = self.add_key(key).json
        self.delete('/v1/profile/pubkeys/%s' % key_id, headers=cookie_only, status=401)
        self.get_json('/v1/profile/pubkeys', headers=cookie_only)

    def test_never_500(self):
        bodies = [b'null', b'"x"', b'1', b'[{}]', b'{"raw_key": "\\u0000",'
                  b' "self_signature": "\\u0000"}',
                  json.dumps({'raw_key': 'ssh-rsa \u00e9\u00e9', 'self_signature': '00'}).encode(),
                  json.dumps({'raw_key': 'ssh-ed25519 AAAA', 'self_signature': '\u00e9'}).encode(),
                  b'{"raw_key": "' + b'a' * 100000 + b'", "self_signature": "00"}',
                  b'[' * 10000]
        for body in bodies:
            resp = self.app.post('/v1/profile/pubkeys', body, headers=self.headers,
                                 content_type='text/plain', status='*')
            self.assertEqual(400, resp.status_int, body[:60])


class TestKeyTokens(ProfileTestCase):
    """A key registered through the API mints JWTs for the API (1.8, D4)."""

    def test_rsa_token(self):
        key = rsa2048()
        self.add_key(key)
        token = {'Authorization': 'Bearer %s' % key.token(self.alice)}
        self.assertEqual(self.alice, self.get_json('/v1/profile', headers=token)['openid'])
        # Token callers need no XSRF header.
        self.add_key(Ed25519Key(), headers=token)
        key_id = self.keys()[1]['id']
        self.delete('/v1/profile/pubkeys/%s' % key_id, headers=token)

    def test_ed25519_token(self):
        key = Ed25519Key()
        self.add_key(key)
        token = {'Authorization': 'Bearer %s' % key.token(self.alice)}
        self.assertEqual(self.alice, self.get_json('/v1/profile', headers=token)['openid'])

    def test_refused_tokens(self):
        rsa_key = rsa2048()
        ed_key = Ed25519Key()
        self.add_key(rsa_key)
        self.add_key(ed_key)
        refused = [
            rsa_key.token(self.alice, lifetime=-120),        # expired beyond the leeway
            rsa_key.token(self.alice, algorithm='RS384'),    # algorithm pinned to the key
            rsa_key.token(self.alice, algorithm='PS256'),
            rsa_key.token(self.bob),                         # not Alice's key, no user
            base.make_key().token(self.alice),               # an unregistered key
            jwt.encode({'user_openid': self.alice, 'exp': int(time.time()) + 60}, None,
                       algorithm='none'),
            jwt.encode({'user_openid': self.alice, 'exp': int(time.time()) + 60},
                       'secret', algorithm='HS256'),
            jwt.encode({'user_openid': self.alice}, rsa_key.pem, algorithm='RS256'),  # no exp
            self._swap_payload(rsa_key.token(self.bob), rsa_key.token(self.alice)),
            rsa_key.token(self.alice).rsplit('.', 1)[0] + '.!!!',  # signature not base64
        ]
        for token in refused:
            resp = self.get_json('/v1/profile', status=401,
                                 headers={'Authorization': 'Bearer %s' % token})
            self.assertEqual('Token is not valid', resp['detail'])
        resp = self.get_json('/v1/profile', status=401, headers={
            'Authorization': 'Bearer %s' % jwt.encode({'exp': int(time.time()) + 60},
                                                      rsa_key.pem, algorithm='RS256')})
        self.assertEqual("Token does not contain user's openid", resp['detail'])
        # An ed25519 key cannot sign RS256 tokens, nor an RSA key EdDSA ones.
        self.assertEqual(self.alice, self.get_json('/v1/profile', headers={
            'Authorization': 'Bearer %s' % rsa_key.token(self.alice, lifetime=-10)})['openid'])

    @staticmethod
    def _swap_payload(signed, other):
        """``signed`` with the payload of ``other`` (so a wrong signature)."""
        header, _payload, signature = signed.split('.')
        return '.'.join((header, other.split('.')[1], signature))

    def test_token_of_any_of_several_keys(self):
        signers = [rsa2048(), Ed25519Key(), rsa2048()]
        for key in signers:
            self.add_key(key)
        for key in signers:
            token = {'Authorization': 'Bearer %s' % key.token(self.alice)}
            self.assertEqual(self.alice, self.get_json('/v1/profile', headers=token)['openid'])

    def test_token_of_deleted_key(self):
        key = rsa2048()
        key_id = self.add_key(key).json
        token = {'Authorization': 'Bearer %s' % key.token(self.alice)}
        self.get_json('/v1/profile', headers=token)
        self.delete('/v1/profile/pubkeys/%s' % key_id, headers=self.headers)
        self.get_json('/v1/profile', headers=token, status=401)

    def test_stored_fingerprint(self):
        key = rsa2048()
        self.add_key(key)
        digest = hashlib.md5(base64.b64decode(key.openssh.split()[1])).hexdigest()
        self.assertEqual([self.alice], [r.openid for r in db_api.get_pubkeys_by_md5(digest)])


class TestEd25519Uploads(ProfileTestCase):
    """Keys registered here sign uploads (api-contract section 3), ed25519 too."""

    def test_signed_upload(self):
        self.config(enable_anonymous_upload=False, group='api')
        key = Ed25519Key()
        self.add_key(key)
        raw = json.dumps({'cpid': 'c1', 'duration_seconds': 1,
                          'results': [{'name': 'tempest.a'}]}).encode()
        headers = {'X-Signature': key.sign(raw), 'X-Public-Key': key.openssh}
        test_id = self.app.post('/v1/results/', raw, headers=headers, status=201,
                                content_type='application/json').json['test_id']
        self.assertEqual(self.alice, db_api.get_test_result(test_id).owner_openid)
        headers['X-Signature'] = Ed25519Key().sign(raw)
        resp = self.app.post('/v1/results/', raw, headers=headers, status=400,
                             content_type='application/json').json
        self.assertEqual('Signature verification failed', resp['title'])

"""Rate limits on sign-in, key registration and uploads ([ratelimit])."""

import json
from unittest import mock

from oslo_db import exception as db_exc
import webtest

from refstack.api import app as api_app
from refstack.api import ratelimit
from refstack.db import api as db_api
from refstack.db import models
from tests import base

ALICE = 'https://openstackid.org/alice'
BOB = 'https://openstackid.org/bob'


def upload_body(index):
    return json.dumps({'cpid': 'c', 'duration_seconds': 1,
                       'results': [{'name': 'tempest.api.t%d' % index}]}).encode()


class RateLimitTestCase(base.ApiTestCase):

    def setUp(self):
        super().setUp()
        self.config(enabled=True, group='ratelimit')

    def limit(self, **values):
        for name, value in values.items():
            self.config(**{name: value, 'group': 'ratelimit'})

    def from_address(self, address):
        return {'REMOTE_ADDR': address}

    def post_key(self, headers, address, status):
        body = {'raw_key': 'ssh-rsa AAAA', 'self_signature': 'zz'}
        return self.app.post('/v1/profile/pubkeys', json.dumps(body), headers=headers,
                             content_type='application/json', status=status,
                             extra_environ=self.from_address(address))

    def assert_limited(self, resp):
        self.assertEqual(429, resp.status_int)
        retry = int(resp.headers['Retry-After'])
        self.assertGreaterEqual(retry, 1)
        self.assertEqual({'code': 429, 'title': 'Too Many Requests', 'retry_after': retry},
                         {k: resp.json[k] for k in ('code', 'title', 'retry_after')})
        self.assertIn('Retry after %d seconds' % retry, resp.json['detail'])
        self.assertEqual('application/json', resp.content_type)


class TestUploads(RateLimitTestCase):

    def test_per_address(self):
        self.limit(upload_per_address=3)
        env = self.from_address('192.0.2.10')
        for i in range(3):
            self.app.post('/v1/results', upload_body(i), extra_environ=env, status=201)
        # Every spelling of the path counts against the same budget.
        for path in ('/v1/results', '/v1/results/', '/v1/results.json'):
            self.assert_limited(self.app.post(path, upload_body(9), extra_environ=env,
                                              status=429))
        # Invalid bodies count too, and nothing was stored over the limit.
        self.assertEqual(3, db_api.count_rows()['test'])
        # Another client has its own budget.
        self.app.post('/v1/results', upload_body(5), extra_environ=self.from_address(
            '192.0.2.11'), status=201)

    def test_per_signing_key(self):
        self.limit(upload_per_key=2, upload_per_address=100)
        self.create_user(ALICE)
        key_a = self.register_key(ALICE)
        key_b = self.register_key(ALICE, base.RSAKey())

        def signed(key, index, address):
            body = upload_body(index)
            return self.app.post('/v1/results', body, headers={
                'X-Signature': key.sign(body), 'X-Public-Key': key.openssh},
                extra_environ=self.from_address(address), status='*')

        self.assertEqual(201, signed(key_a, 1, '192.0.2.1').status_int)
        self.assertEqual(201, signed(key_a, 2, '192.0.2.2').status_int)
        # The same key from a third address is still over its budget.
        self.assert_limited(signed(key_a, 3, '192.0.2.3'))
        self.assertEqual(201, signed(key_b, 4, '192.0.2.3').status_int)

    def test_disabled(self):
        self.limit(upload_per_address=1, enabled=False)
        for i in range(3):
            self.app.post('/v1/results', upload_body(i), status=201)

    def test_zero_switches_one_limit_off(self):
        self.limit(upload_per_address=0)
        for i in range(3):
            self.app.post('/v1/results', upload_body(i), status=201)

    def test_counters_are_shared_between_api_nodes(self):
        self.limit(upload_per_address=4)
        nodes = [self.app, webtest.TestApp(api_app.setup_app())]
        env = self.from_address('198.51.100.7')
        statuses = [nodes[i % 2].post('/v1/results', upload_body(i), extra_environ=env,
                                      status='*').status_int for i in range(6)]
        self.assertEqual([201, 201, 201, 201, 429, 429], statuses)

    def test_database_trouble_does_not_block(self):
        self.limit(upload_per_address=1)
        with mock.patch.object(db_api, 'hit_rate_limits', autospec=True,
                               side_effect=db_exc.DBConnectionError()):
            for i in range(3):
                self.app.post('/v1/results', upload_body(i), status=201)


class TestKeyRegistration(RateLimitTestCase):

    def test_per_user_and_address(self):
        self.limit(pubkey_per_user=2, pubkey_per_address=3)
        alice = self.as_user(ALICE)
        bob = self.as_user(BOB)
        for _ in range(2):
            self.post_key(alice, '203.0.113.5', 400)
        self.assert_limited(self.post_key(alice, '203.0.113.5', 429))
        # Bob is under his own budget, but the address has used its three.
        self.assert_limited(self.post_key(bob, '203.0.113.5', 429))
        self.post_key(bob, '203.0.113.6', 400)
        # Reading keys is not limited.
        for _ in range(3):
            self.app.get('/v1/profile/pubkeys', headers=alice,
                         extra_environ=self.from_address('203.0.113.5'))


class TestSignIn(RateLimitTestCase):

    def test_per_address(self):
        self.limit(signin_per_address=3)
        env = self.from_address('2001:db8::1')
        for path in ('/v1/auth/signin', '/v1/auth/signin_return', '/v1/auth/signin'):
            self.app.get(path, extra_environ=env, status=302)
        # The same IPv6 /64 shares the budget.
        self.assert_limited(self.app.get('/v1/auth/signin', status=429,
                                         extra_environ=self.from_address('2001:db8::2')))
        self.app.get('/v1/auth/signin', extra_environ=self.from_address('2001:db8:1::1'),
                     status=302)
        # Sign-out is not limited.
        self.app.get('/v1/auth/signout', extra_environ=env, status=302)


class TestClientAddress(base.ApiTestCase):

    def address(self, peer, forwarded=None):
        environ = {'REMOTE_ADDR': peer}
        if forwarded is not None:
            environ['HTTP_X_FORWARDED_FOR'] = forwarded
        return ratelimit.client_address(environ)

    def test_without_trusted_proxies_forwarded_for_is_ignored(self):
        self.assertEqual('192.0.2.1', self.address('192.0.2.1', '203.0.113.9'))
        self.assertEqual('unknown', ratelimit.client_address({}))

    def test_trusted_proxies(self):
        self.config(trusted_proxies=['10.0.0.0/8', '2001:db8:ffff::1', 'bogus'],
                    group='ratelimit')
        self.assertEqual('203.0.113.9', self.address('10.1.1.1', '203.0.113.9'))
        # Right-most untrusted hop; what the client itself wrote is ignored.
        self.assertEqual('203.0.113.9', self.address('10.1.1.1',
                                                     '1.2.3.4, 203.0.113.9, 10.2.2.2'))
        self.assertEqual('203.0.113.9', self.address('2001:db8:ffff::1', '203.0.113.9'))
        # Not from a trusted proxy: the header is ignored.
        self.assertEqual('192.0.2.1', self.address('192.0.2.1', '203.0.113.9'))
        # Only proxies, or junk: the last address a trusted proxy vouched for.
        self.assertEqual('10.2.2.2', self.address('10.1.1.1', '10.2.2.2'))
        self.assertEqual('10.1.1.1', self.address('10.1.1.1', 'junk'))
        self.assertEqual('10.1.1.1', self.address('10.1.1.1', ''))

    def test_ipv6_networks(self):
        self.assertEqual('2001:db8:1:2::/64', self.address('2001:db8:1:2:aaaa::1'))
        self.assertEqual('192.0.2.1', self.address('::ffff:192.0.2.1'))
        self.config(ipv6_prefix=128, group='ratelimit')
        self.assertEqual('2001:db8::1/128', self.address('2001:db8::1'))


class TestWindows(base.ApiTestCase):

    def request(self, address='192.0.2.1'):
        return webtest.TestRequest.blank('/v1/results', method='POST',
                                         environ={'REMOTE_ADDR': address})

    def test_fixed_window_and_purge(self):
        self.config(upload_per_address=2, upload_period=60, group='ratelimit')
        start = 6000.0
        ratelimit.check('upload', self.request(), now=start)
        ratelimit.check('upload', self.request(), now=start + 10)
        error = self.assertRaises(ratelimit.exception.TooManyRequests, ratelimit.check,
                                  'upload', self.request(), now=start + 20)
        self.assertEqual(40, error.extra['retry_after'])
        self.assertEqual('40', error.headers['Retry-After'])
        # The next window starts afresh.
        ratelimit.check('upload', self.request(), now=start + 60)
        # Windows that ended are purged (at most every PURGE_INTERVAL seconds).
        ratelimit._state['next_purge'] = 0
        ratelimit.check('upload', self.request('192.0.2.2'), now=start + 200)
        self.assertEqual(1, db_api.count_rows()[models.RateLimit.__tablename__])

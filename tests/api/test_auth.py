"""API tests of /v1/auth (A1-A3) and browser sessions.

Sign-in runs end to end against real identity providers started by the tests
(tests/idp.py): the browser's part is played by ``requests`` (the provider)
and webtest (the API), which keeps cookies like a browser.
"""

import datetime
import json
import os
import subprocess
import sys
import time
import urllib.parse

import fixtures
import requests
import sqlalchemy as sa

from refstack.auth import oidc
from refstack.auth import sessions
from refstack.db import api as db_api
from refstack.db import models
from tests import base
from tests import idp

API_URL = 'http://refstack.test/api'
UI_URL = 'http://ui.refstack.test'
RETURN_URL = API_URL + '/v1/auth/signin_return'

CANCELED = 'Authentication canceled.'
FAILED = 'Authentication failed. Please try again.'
IDP_ERROR = 'The identity provider reported an error. Please try again.'
VERIFY_FAILED = 'Authentication is failed. Try again.'
NO_EMAIL = 'Authentication is failed. Please permit access to your email address.'
NO_NAME = 'Authentication is failed. Please permit access to your name.'
UNAVAILABLE = 'The identity provider is not available. Please try again later.'
MISCONFIGURED = 'Sign-in is not configured correctly. Please contact the site administrators.'


def query(url):
    return urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)


def with_params(url, **changes):
    """The URL with query parameters replaced (None removes one)."""
    parts = urllib.parse.urlsplit(url)
    params = dict(query(url))
    for name, value in changes.items():
        name = name.replace('__', '.')
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))


def cookies(response):
    """{name: attribute string} of the Set-Cookie headers."""
    out = {}
    for header in response.headers.getall('Set-Cookie'):
        name, _, rest = header.partition('=')
        out[name] = rest
    return out


class AuthTestCase(base.ApiTestCase):
    """Configuration shared by the sign-in tests; providers live per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.openid2 = idp.OpenID2Provider()
        cls.oidc = idp.OIDCProvider()

    @classmethod
    def tearDownClass(cls):
        cls.openid2.stop()
        cls.oidc.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('NO_PROXY', '127.0.0.1,localhost'))
        self.useFixture(fixtures.EnvironmentVariable('no_proxy', '127.0.0.1,localhost'))
        self.openid2.reset()
        self.oidc.reset()
        oidc.reset_cache()
        self.addCleanup(oidc.reset_cache)
        self.config(api_url=API_URL, group='api')
        self.config(ui_url=UI_URL)
        self.config(openid_return_to='v1/auth/signin_return',
                    openstack_openid_endpoint=self.openid2.endpoint, group='osid')
        self.config(idp_timeout=0.5, group='auth')
        self.config(issuer=self.oidc.issuer, client_id=self.oidc.CLIENT_ID,
                    client_secret=self.oidc.CLIENT_SECRET, group='oidc')

    def use_oidc(self, **options):
        self.config(provider='oidc', group='auth')
        if options:
            self.config(group='oidc', **options)

    # -------------------------------------------------------- browser steps

    def signin(self, app=None, **kwargs):
        """A1; returns the response (a 302 to the provider)."""
        return (app or self.app).get('/v1/auth/signin', status=302, **kwargs)

    @staticmethod
    def at_provider(location):
        """The provider's answer to the browser: the redirect back to the API."""
        resp = requests.get(location, allow_redirects=False, timeout=5)
        assert resp.status_code == 302, (resp.status_code, resp.text)
        return resp.headers['Location']

    def back(self, url, app=None, **kwargs):
        """A2 with the provider's answer; returns the response (always 302)."""
        self.assertTrue(url.startswith(API_URL), url)
        return (app or self.app).get(url[len(API_URL):], status=302, **kwargs)

    def sign_in(self, app=None):
        """A full sign-in; returns the final response."""
        resp = self.back(self.at_provider(self.signin(app).location), app)
        self.assertEqual(UI_URL, resp.location)
        return resp

    def assertFailure(self, resp, message):
        self.assertEqual(302, resp.status_int)
        self.assertEqual(UI_URL + '/#/auth_failure?' + urllib.parse.urlencode(
            {'message': message}), resp.location)

    def session_rows(self):
        with db_api.get_engine().connect() as conn:
            return list(conn.execute(sa.select(models.Session.__table__)))

    def profile(self, app=None, status=200):
        return (app or self.app).get('/v1/profile', status=status).json


class TestSignin(AuthTestCase):
    """A1 with the default OpenID 2.0 provider."""

    def test_redirect_to_provider_in_original_order(self):
        resp = self.signin()
        self.assertEqual('text/plain', resp.content_type)
        self.assertIn('The resource was found at %s' % resp.location, resp.text)
        self.assertTrue(resp.location.startswith(self.openid2.endpoint + '?'))
        params = query(resp.location)
        self.assertEqual(['openid.mode', 'openid.ns', 'openid.return_to', 'openid.claimed_id',
                          'openid.identity', 'openid.realm', 'openid.ns.sreg',
                          'openid.sreg.required'], [k for k, _ in params])
        values = dict(params)
        select = 'http://specs.openid.net/auth/2.0/identifier_select'
        self.assertEqual('checkid_setup', values['openid.mode'])
        self.assertEqual('http://specs.openid.net/auth/2.0', values['openid.ns'])
        self.assertEqual(select, values['openid.claimed_id'])
        self.assertEqual(select, values['openid.identity'])
        self.assertEqual(API_URL, values['openid.realm'])
        self.assertEqual('http://openid.net/extensions/sreg/1.1', values['openid.ns.sreg'])
        self.assertEqual('email,fullname', values['openid.sreg.required'])
        return_to, _, state = values['openid.return_to'].partition('?csrf_token=')
        self.assertEqual(RETURN_URL, return_to)
        self.assertGreaterEqual(len(state), 30)

    def test_return_to_with_absolute_path_keeps_original_urljoin(self):
        self.config(openid_return_to='/api/v1/auth/signin_return', group='osid')
        values = dict(query(self.signin().location))
        self.assertTrue(values['openid.return_to'].startswith(RETURN_URL + '?csrf_token='))
        self.config(openid_return_to='/v1/auth/signin_return', group='osid')
        values = dict(query(self.signin().location))
        self.assertTrue(values['openid.return_to'].startswith(
            'http://refstack.test/v1/auth/signin_return?csrf_token='))

    def test_pending_cookie(self):
        resp = self.signin()
        attrs = cookies(resp)['refstack']
        self.assertIn('HttpOnly', attrs)
        self.assertIn('SameSite=lax', attrs)
        self.assertIn('Max-Age=1800', attrs)
        self.assertIn('Path=/', attrs)
        self.assertNotIn('secure', attrs.lower())
        self.assertNotIn('XSRF-TOKEN', cookies(resp))
        rows = self.session_rows()
        self.assertEqual(1, len(rows))
        self.assertIsNone(rows[0].user_openid)
        # The state is kept server-side; the cookie holds only a random token.
        state = json.loads(rows[0].data)['signin']['state']
        self.assertIn('csrf_token%3D' + state, resp.location)
        self.assertNotIn(state, attrs)

    def test_secure_cookie_over_https(self):
        for headers, extra in (({'X-Forwarded-Proto': 'https'}, {}),
                               ({'X-Forwarded-Proto': 'https, http'}, {}),
                               ({}, {'extra_environ': {'wsgi.url_scheme': 'https'}})):
            self.app.reset()
            attrs = cookies(self.signin(headers=headers, **extra))['refstack']
            self.assertIn('secure', attrs.lower())
        self.app.reset()
        self.assertNotIn('secure', cookies(self.signin(
            headers={'X-Forwarded-Proto': 'http'}))['refstack'].lower())
        self.config(cookie_secure='always', group='auth')
        self.app.reset()
        self.assertIn('secure', cookies(self.signin())['refstack'].lower())
        self.config(cookie_secure='never', group='auth')
        self.app.reset()
        self.assertNotIn('secure', cookies(self.signin(
            headers={'X-Forwarded-Proto': 'https'}))['refstack'].lower())

    def test_signed_in_callers_go_to_the_ui(self):
        alice = 'https://openstackid.org/alice'
        resp = self.app.get('/v1/auth/signin', headers=self.as_user(alice), status=302)
        self.assertEqual(UI_URL, resp.location)
        self.assertEqual({}, cookies(resp))
        resp = self.app.get('/v1/auth/signin', headers=self.token_headers(alice), status=302)
        self.assertEqual(UI_URL, resp.location)

    def test_second_signin_replaces_the_first(self):
        self.signin()
        self.signin()
        self.assertEqual(1, len(self.session_rows()))

    def test_other_methods(self):
        for path in ('/v1/auth', '/v1/auth/'):
            self.assertEqual(405, self.app.get(path, status=405).json['code'])
        for name in ('signin', 'signin_return', 'signout'):
            self.app.post('/v1/auth/' + name, status=405)
            self.app.delete('/v1/auth/' + name, status=405)
        self.app.get('/v1/auth/nothing', status=404)

    def test_misconfigured_or_unreachable_provider(self):
        self.use_oidc(issuer='')
        self.assertFailure(self.signin(), MISCONFIGURED)
        self.use_oidc(issuer=idp.closed_port_url('/oidc'))
        self.assertFailure(self.signin(), UNAVAILABLE)
        self.assertEqual([], self.session_rows())


class TestOpenID2Return(AuthTestCase):
    """A2 against the local OpenID 2.0 provider."""

    def test_sign_in(self):
        pending = self.signin()
        pending_token = self.app.cookies['refstack']
        resp = self.back(self.at_provider(pending.location))
        self.assertEqual(UI_URL, resp.location)
        self.assertIn('The resource was found at %s' % UI_URL, resp.text)
        set_cookies = cookies(resp)
        self.assertIn('HttpOnly', set_cookies['refstack'])
        self.assertIn('SameSite=lax', set_cookies['refstack'])
        self.assertIn('Max-Age=604800', set_cookies['refstack'])
        self.assertNotIn('HttpOnly', set_cookies['XSRF-TOKEN'])
        # Rotated: a new token, and the sign-in's session is gone.
        self.assertNotEqual(pending_token, self.app.cookies['refstack'])
        self.assertIsNone(sessions.lookup(pending_token))
        rows = self.session_rows()
        self.assertEqual(1, len(rows))
        openid = self.openid2.identity_url('alice')
        self.assertEqual(openid, rows[0].user_openid)
        self.assertEqual({'openid': openid, 'email': 'alice@example.org',
                          'fullname': 'Alice Doe', 'is_admin': False}, self.profile())
        # The provider was asked: discovery of the claimed id, then the signature.
        self.assertEqual([('GET', '/openid2'), ('GET', '/id/alice'), ('POST', '/openid2')],
                         self.openid2.calls)

    def test_profile_refreshed_on_each_sign_in(self):
        self.sign_in()
        self.openid2.sreg_data = {'email': 'new@example.org', 'fullname': 'Alice New'}
        self.app.reset()
        self.sign_in()
        self.assertEqual('new@example.org', self.profile()['email'])
        self.assertEqual('Alice New', self.profile()['fullname'])

    def test_session_lifetime_configurable(self):
        self.config(session_lifetime=3600, group='auth')
        resp = self.sign_in()
        self.assertIn('Max-Age=3600', cookies(resp)['refstack'])
        expires = self.session_rows()[0].expires_at
        self.assertLess(abs((expires - models.utcnow()).total_seconds() - 3600), 60)

    def test_xsrf_token_needed_for_writes(self):
        self.sign_in()
        xsrf = self.app.cookies['XSRF-TOKEN']
        key = base.RSAKey(2048)
        body = {'raw_key': key.openssh, 'self_signature': key.sign(b'signature')}
        resp = self.post_json('/v1/profile/pubkeys', body, status=401).json
        self.assertEqual('Missing or invalid X-XSRF-TOKEN header.', resp['detail'])
        self.post_json('/v1/profile/pubkeys', body, status=401,
                       headers={'X-XSRF-TOKEN': xsrf + 'x'})
        self.post_json('/v1/profile/pubkeys', body, headers={'X-XSRF-TOKEN': xsrf})

    def test_cancel(self):
        self.openid2.user = None
        resp = self.back(self.at_provider(self.signin().location))
        self.assertFailure(resp, CANCELED)
        self.assertEqual([], self.session_rows())
        self.assertIn('Max-Age=0', cookies(resp)['refstack'])

    def test_provider_error_is_never_reflected(self):
        answer = self.at_provider(self.signin().location)
        evil = '<script>alert(1)</script> call +1-555-PHISH'
        resp = self.back(with_params(answer, openid__error=evil))
        self.assertFailure(resp, IDP_ERROR)
        self.assertNotIn('script', resp.location)
        self.assertNotIn('PHISH', resp.text)
        # Without any sign-in in progress too.
        self.app.reset()
        self.assertFailure(self.back(RETURN_URL + '?openid.error=' + evil), IDP_ERROR)

    def test_state_mismatch(self):
        answer = self.at_provider(self.signin().location)
        self.assertFailure(self.back(with_params(answer, csrf_token='x' * 32)), FAILED)

    def test_no_signin_in_progress(self):
        answer = self.at_provider(self.signin().location)
        self.app.reset()
        self.assertFailure(self.back(answer), FAILED)
        self.assertFailure(self.back(RETURN_URL), FAILED)

    def test_replayed_answer(self):
        answer = self.at_provider(self.signin().location)
        self.back(answer)
        openid = self.openid2.identity_url()
        # Replayed in the signed-in browser, and in a fresh one.
        self.assertFailure(self.back(answer), FAILED)
        self.assertEqual(openid, self.profile()['openid'])
        self.app.reset()
        self.assertFailure(self.back(answer), FAILED)
        self.profile(status=401)

    def test_answer_reused_for_another_signin(self):
        """A captured answer cannot complete someone else's sign-in."""
        answer = self.at_provider(self.signin().location)
        victim = self.signin().location
        state = dict(query(dict(query(victim))['openid.return_to']))['csrf_token']
        self.assertFailure(self.back(with_params(answer, csrf_token=state)), VERIFY_FAILED)

    def test_expired_signin(self):
        answer = self.at_provider(self.signin().location)
        with db_api.get_engine().begin() as conn:
            conn.execute(sa.update(models.Session.__table__).values(
                expires_at=models.utcnow() - datetime.timedelta(seconds=1)))
        self.assertFailure(self.back(answer), FAILED)

    def test_tampered_signed_fields(self):
        for changes in ({'openid__sreg__email': 'mallory@example.org'},
                        {'openid__claimed_id': self.openid2.identity_url('mallory'),
                         'openid__identity': self.openid2.identity_url('mallory')},
                        {'openid__sig': 'AAAA'},
                        {'openid__signed': 'return_to'},
                        {'openid__response_nonce': None},
                        {'openid__signed': None},
                        {'openid__assoc_handle': None},
                        {'openid__sreg__fullname': None}):
            self.app.reset()
            answer = self.at_provider(self.signin().location)
            self.assertFailure(self.back(with_params(answer, **changes)), VERIFY_FAILED)
        self.assertEqual([], self.session_rows())

    def test_wrong_return_to(self):
        answer = self.at_provider(self.signin().location)
        # The API now expects another return URL than the one it sent.
        self.config(api_url='http://elsewhere.test/api', group='api')
        self.assertFailure(self.back(answer), VERIFY_FAILED)

    def test_foreign_answer_fails_without_network(self):
        """Answers naming another endpoint or claimed-id host never reach the network."""
        bad = (
            {'openid__op_endpoint': 'http://evil.test/openid2'},
            {'openid__claimed_id': 'http://evil.test/id/alice'},
            {'openid__claimed_id': 'http://[::1'},
            {'openid__return_to': 'http://evil.test/api/v1/auth/signin_return'},
            {'openid__return_to': 'http://[::1'},
            {'openid__ns': 'http://openid.net/signon/1.1'},
            {'openid__mode': 'setup_needed'},
            {'openid__identity': None},
        )
        for changes in bad:
            self.app.reset()
            answer = self.at_provider(self.signin().location)
            self.openid2.calls = []
            self.assertFailure(self.back(with_params(answer, **changes)), VERIFY_FAILED)
            self.assertEqual([], self.openid2.calls, changes)

    def test_claimed_id_discovered_at_another_provider(self):
        self.openid2.discovered_endpoint = 'http://127.0.0.1:9/openid2'
        self.assertFailure(self.back(self.at_provider(self.signin().location)),
                           VERIFY_FAILED)

    def test_check_authentication_answers(self):
        cases = (
            (201, None, None),                         # any 2xx is fine (D6)
            (None, 'is_valid:false\n', VERIFY_FAILED),
            (None, 'ns:http://specs.openid.net/auth/2.0\n', VERIFY_FAILED),  # no is_valid
            (None, '\xff\x00garbage', VERIFY_FAILED),
            (500, None, VERIFY_FAILED),
            (400, 'error:nope\n', VERIFY_FAILED),
        )
        for status, body, message in cases:
            self.app.reset()
            self.openid2.check_status = status
            self.openid2.check_body = body
            answer = self.at_provider(self.signin().location)
            resp = self.back(answer)
            if message is None:
                self.assertEqual(UI_URL, resp.location)
            else:
                self.assertFailure(resp, message)

    def test_missing_email_or_name(self):
        for data, message in (({'fullname': 'Alice'}, NO_EMAIL),
                              ({'email': 'a@example.org'}, NO_NAME),
                              ({'email': ' ', 'fullname': 'A'}, NO_EMAIL),
                              ({'email': 'a' * 200, 'fullname': 'A'}, VERIFY_FAILED)):
            self.app.reset()
            self.openid2.sreg_data = data
            self.assertFailure(self.back(self.at_provider(self.signin().location)), message)

    def test_long_name_is_truncated(self):
        self.openid2.sreg_data = {'email': 'a@example.org', 'fullname': 'N' * 300}
        self.sign_in()
        self.assertEqual('N' * 128, self.profile()['fullname'])

    def test_provider_timeout(self):
        answer = self.at_provider(self.signin().location)
        self.openid2.delays = {'/openid2': 2}
        started = time.monotonic()
        self.assertFailure(self.back(answer), UNAVAILABLE)
        self.assertLess(time.monotonic() - started, 1.9)

    def test_provider_down(self):
        down = idp.OpenID2Provider()
        self.config(openstack_openid_endpoint=down.endpoint, group='osid')
        answer = self.at_provider(self.signin().location)
        down.stop()
        self.assertFailure(self.back(answer), UNAVAILABLE)

    def test_garbage_answers_never_fail_with_500(self):
        answer = self.at_provider(self.signin().location)
        state = dict(query(answer))['csrf_token']
        garbage = [
            '', '?csrf_token=', '?csrf_token=%s&csrf_token=%s' % (state, state),
            '?openid.mode=cancel&openid.mode=id_res', '?a=%ff', '?' + 'x=1&' * 300,
            '?csrf_token=%s&openid.mode=id_res&openid.ns=http://specs.openid.net/auth/2.0'
            '&openid.op_endpoint=%s&openid.return_to=%s%%3Fcsrf_token%%3D%s'
            '&openid.claimed_id=%s&openid.identity=x&openid.signed=%%ff&openid.sig=x' % (
                state, urllib.parse.quote(self.openid2.endpoint),
                urllib.parse.quote(RETURN_URL), state,
                urllib.parse.quote(self.openid2.identity_url())),
            '?csrf_token=%E2%98%83', '?openid.ns=%00&csrf_token=' + state,
        ]
        for suffix in garbage:
            resp = self.app.get('/v1/auth/signin_return' + suffix, status='*')
            self.assertLess(resp.status_int, 500, suffix)


class TestSignout(AuthTestCase):

    def test_signout_revokes_the_session(self):
        self.sign_in()
        token = self.app.cookies['refstack']
        resp = self.app.get('/v1/auth/signout', status=302)
        self.assertEqual(UI_URL + '/#/logout?openid_logout=' + urllib.parse.quote(
            'https://openstackid.org/accounts/user/logout', safe=''), resp.location)
        set_cookies = cookies(resp)
        self.assertIn('Max-Age=0', set_cookies['refstack'])
        self.assertIn('Max-Age=0', set_cookies['XSRF-TOKEN'])
        self.assertEqual([], self.session_rows())
        # The old cookie is dead everywhere, even if a browser kept it.
        self.app.reset()
        self.app.get('/v1/profile', headers={'Cookie': 'refstack=' + token}, status=401)

    def test_signout_anonymous_or_token(self):
        resp = self.app.get('/v1/auth/signout', status=302)
        self.assertTrue(resp.location.startswith(UI_URL + '/#/logout?openid_logout='))
        self.assertEqual({}, cookies(resp))
        alice = 'https://openstackid.org/alice'
        self.create_user(alice)
        self.app.get('/v1/auth/signout', headers=self.token_headers(alice), status=302)
        self.app.get('/v1/profile', headers=self.token_headers(alice))

    def test_signout_only_ends_this_session(self):
        alice = 'https://openstackid.org/alice'
        first = self.as_user(alice)
        second = self.session_headers(alice)
        self.app.get('/v1/auth/signout', headers=first, status=302)
        self.app.get('/v1/profile', headers=first, status=401)
        self.app.get('/v1/profile', headers=second)

    def test_signout_during_signin(self):
        self.signin()
        self.app.get('/v1/auth/signout', status=302)
        self.assertEqual([], self.session_rows())

    def test_oidc_logout_url(self):
        self.use_oidc()
        resp = self.app.get('/v1/auth/signout', status=302)
        self.assertEqual(self.oidc.issuer + '/logout', dict(query(
            resp.location.replace('/#/logout', '')))['openid_logout'])
        self.use_oidc(logout_url='https://idp.test/bye')
        resp = self.app.get('/v1/auth/signout', status=302)
        self.assertIn('openid_logout=https%3A%2F%2Fidp.test%2Fbye', resp.location)
        self.use_oidc(logout_url='', issuer=idp.closed_port_url())
        oidc.reset_cache()
        resp = self.app.get('/v1/auth/signout', status=302)
        self.assertIn('openid_logout=https%3A%2F%2Fopenstackid.org', resp.location)


class TestExpiredSession(AuthTestCase):

    def test_expired_session_is_anonymous(self):
        alice = self.create_user('https://openstackid.org/alice')
        token, _session = sessions.create(alice, lifetime=datetime.timedelta(seconds=-1))
        self.app.get('/v1/profile', headers={'Cookie': 'refstack=' + token}, status=401)
        self.assertEqual(1, db_api.delete_expired_sessions())

    def test_garbage_cookies(self):
        for value in ('', 'x' * 300, '%ff', 'a b', '"quoted"'):
            self.app.reset()
            self.app.get('/v1/profile', headers={'Cookie': 'refstack=' + value}, status=401)
            self.app.get('/v1/auth/signin', headers={'Cookie': 'refstack=' + value},
                         status=302)


class TestOIDC(AuthTestCase):
    """Sign-in against the local OpenID Connect provider."""

    def setUp(self):
        super().setUp()
        self.use_oidc()

    def openid(self, sub=None):
        return '%s#%s' % (self.oidc.issuer, sub or self.oidc.sub)

    def test_sign_in(self):
        pending = self.signin()
        location = pending.location
        self.assertTrue(location.startswith(self.oidc.issuer + '/authorize?'))
        params = dict(query(location))
        self.assertEqual('code', params['response_type'])
        self.assertEqual(self.oidc.CLIENT_ID, params['client_id'])
        self.assertEqual(RETURN_URL, params['redirect_uri'])
        self.assertEqual('openid email profile', params['scope'])
        self.assertEqual('S256', params['code_challenge_method'])
        flow = json.loads(self.session_rows()[0].data)['signin']
        self.assertEqual(params['state'], flow['state'])
        self.assertEqual(params['nonce'], flow['nonce'])
        self.assertNotIn(flow['verifier'], location)
        pending_token = self.app.cookies['refstack']
        resp = self.back(self.at_provider(location))
        self.assertEqual(UI_URL, resp.location)
        self.assertNotEqual(pending_token, self.app.cookies['refstack'])
        self.assertIn('XSRF-TOKEN', cookies(resp))
        self.assertEqual({'openid': self.openid(), 'email': 'jane@example.org',
                          'fullname': 'Jane Doe', 'is_admin': False}, self.profile())

    def test_client_secret_post_and_redirect_uri(self):
        self.use_oidc(token_endpoint_auth_method='client_secret_post',
                      redirect_uri='v1/auth/signin_return')
        self.sign_in()
        self.assertEqual(self.openid(), self.profile()['openid'])

    def test_identity_claim(self):
        legacy = 'https://openstackid.org/jane.doe'
        self.use_oidc(identity_claim='openid2_id')
        self.oidc.claims['openid2_id'] = legacy
        self.sign_in()
        self.assertEqual(legacy, self.profile()['openid'])
        self.oidc.claims.pop('openid2_id')
        self.app.reset()
        self.assertFailure(self.back(self.at_provider(self.signin().location)), VERIFY_FAILED)

    def test_profile_from_userinfo(self):
        self.oidc.claims = {}
        self.oidc.userinfo = {'email': 'u@example.org', 'given_name': 'U', 'family_name': 'Ser'}
        self.sign_in()
        profile = self.profile()
        self.assertEqual(('u@example.org', 'U Ser'), (profile['email'], profile['fullname']))

    def test_missing_email_or_name(self):
        for claims, message in (({'name': 'Jane'}, NO_EMAIL), ({'email': 'j@e.org'}, NO_NAME)):
            self.app.reset()
            self.oidc.claims = claims
            self.assertFailure(self.back(self.at_provider(self.signin().location)), message)

    def test_provider_errors(self):
        for error, message in (('access_denied', CANCELED), ('server_error', IDP_ERROR),
                               ('<script>', IDP_ERROR)):
            self.app.reset()
            self.oidc.authorize_error = error
            resp = self.back(self.at_provider(self.signin().location))
            self.assertFailure(resp, message)
            self.assertNotIn('evil', resp.location)

    def test_state(self):
        answer = self.at_provider(self.signin().location)
        self.assertFailure(self.back(with_params(answer, state='forged')), FAILED)
        self.assertFailure(self.back(with_params(answer, state=None)), FAILED)
        # The failed attempt consumed the sign-in: the genuine answer is refused too.
        self.assertFailure(self.back(answer), FAILED)

    def test_replayed_state_and_code(self):
        answer = self.at_provider(self.signin().location)
        self.back(answer)
        self.assertFailure(self.back(answer), FAILED)
        # The same code with the state of a new sign-in: the provider refuses it.
        self.app.reset()
        state = dict(query(self.signin().location))['state']
        self.assertFailure(self.back(with_params(answer, state=state)), VERIFY_FAILED)

    def test_wrong_issuer(self):
        self.oidc.discovery_issuer = 'https://evil.test'
        self.assertFailure(self.signin(), VERIFY_FAILED)
        self.oidc.discovery_issuer = None
        oidc.reset_cache()
        answer = self.at_provider(self.signin().location)
        self.assertFailure(self.back(with_params(answer, iss='https://evil.test')),
                           VERIFY_FAILED)
        self.oidc.id_token_claims = {'iss': 'https://evil.test'}
        self.assertFailure(self.back(self.at_provider(self.signin().location)),
                           VERIFY_FAILED)
        self.oidc.id_token_claims = {}
        self.oidc.send_iss = True
        self.sign_in()

    def test_id_token_checks(self):
        now = int(time.time())
        forger = base.RSAKey(2048).private
        cases = (
            {'id_token_claims': {'nonce': 'replayed-nonce'}},
            {'id_token_claims': {'nonce': None}},
            {'id_token_claims': {'aud': 'someone-else'}},
            {'id_token_claims': {'aud': [self.oidc.CLIENT_ID, 'other']}},
            {'id_token_claims': {'exp': now - 3600}},
            {'id_token_claims': {'iat': None}},
            {'id_token_claims': {'sub': None}},
            {'sign_with': forger},
            {'id_token_header': {'kid': 'unknown'}},
            {'id_token_header': {'alg': 'none'}},
            {'id_token_header': {'alg': 'HS256'}, 'sign_with': self.oidc.CLIENT_SECRET},
            {'id_token_header': {'alg': 'RS512'}},
        )
        for knobs in cases:
            self.app.reset()
            self.oidc.reset()
            for name, value in knobs.items():
                setattr(self.oidc, name, value)
            self.assertFailure(self.back(self.at_provider(self.signin().location)),
                               VERIFY_FAILED)
        self.assertEqual([], self.session_rows())
        # azp naming us makes a multi-audience token acceptable.
        self.oidc.reset()
        self.oidc.id_token_claims = {'aud': [self.oidc.CLIENT_ID, 'other'],
                                     'azp': self.oidc.CLIENT_ID}
        self.app.reset()
        self.sign_in()

    def test_token_endpoint_failures(self):
        for status, message in ((500, UNAVAILABLE), (400, VERIFY_FAILED)):
            self.app.reset()
            self.oidc.token_status = status
            self.assertFailure(self.back(self.at_provider(self.signin().location)), message)
        self.oidc.token_status = None
        self.use_oidc(client_secret='wrong')
        self.app.reset()
        self.assertFailure(self.back(self.at_provider(self.signin().location)), VERIFY_FAILED)

    def test_provider_timeout(self):
        answer = self.at_provider(self.signin().location)
        self.oidc.delays = {'/oidc/token': 2}
        started = time.monotonic()
        self.assertFailure(self.back(answer), UNAVAILABLE)
        self.assertLess(time.monotonic() - started, 1.9)

    def test_provider_down(self):
        answer = self.at_provider(self.signin().location)
        self.use_oidc(issuer=idp.closed_port_url('/oidc'))
        oidc.reset_cache()
        # The flow was started for the other issuer's metadata; everything is refused.
        self.assertFailure(self.back(answer), UNAVAILABLE)

    def test_provider_switched_during_signin(self):
        answer = self.at_provider(self.signin().location)
        self.config(provider='openid2', group='auth')
        self.assertFailure(self.back(answer), FAILED)


class TestSeveralApiNodes(AuthTestCase):
    """Nodes share nothing but the database."""

    def test_signin_across_two_apps(self):
        import webtest
        from refstack.api import app as api_app
        other = webtest.TestApp(api_app.setup_app())
        pending = self.signin()
        answer = self.at_provider(pending.location)
        other.set_cookie('refstack', self.app.cookies['refstack'])
        self.back(answer, app=other)
        self.assertEqual(self.openid2.identity_url(), self.profile(app=other)['openid'])

    def test_session_survives_a_switch_between_processes(self):
        """A second real API process (refstack.api.wsgi) on the same database."""
        conf = os.path.join(self.useFixture(fixtures.TempDir()).path, 'refstack.conf')
        with open(conf, 'w') as f:
            f.write('[database]\nconnection = %s\n[api]\napi_url = %s\n[DEFAULT]\nui_url = %s\n'
                    '[osid]\nopenid_return_to = v1/auth/signin_return\n'
                    'openstack_openid_endpoint = %s\n'
                    % (db_api.get_engine().url.render_as_string(hide_password=False),
                       API_URL, UI_URL, self.openid2.endpoint))
        script = ('import sys, wsgiref.simple_server as s\n'
                  'from refstack.api import wsgi\n'
                  'class Quiet(s.WSGIRequestHandler):\n'
                  '    def log_message(self, *a): pass\n'
                  'httpd = s.make_server("127.0.0.1", 0, wsgi.initialize_application(),'
                  ' handler_class=Quiet)\n'
                  'print(httpd.server_address[1], flush=True)\n'
                  'httpd.serve_forever()\n')
        env = dict(os.environ, REFSTACK_OSLO_CONFIG=conf)
        proc = subprocess.Popen([sys.executable, '-c', script], env=env, stdout=subprocess.PIPE,
                                cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                                    os.path.abspath(__file__)))))
        self.addCleanup(proc.wait)
        self.addCleanup(proc.kill)
        line = proc.stdout.readline()
        while line and not line.strip().isdigit():  # skip log lines
            line = proc.stdout.readline()
        other = 'http://127.0.0.1:%d' % int(line)

        # Sign in on this process; the other one knows the session.
        self.sign_in()
        jar = {'refstack': self.app.cookies['refstack']}
        xsrf = self.app.cookies['XSRF-TOKEN']
        resp = requests.get(other + '/v1/profile', cookies=jar, timeout=10)
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual(self.openid2.identity_url(), resp.json()['openid'])
        # A write on the other process with the XSRF token of this one.
        key = base.RSAKey(2048)
        resp = requests.post(other + '/v1/profile/pubkeys', cookies=jar, timeout=10,
                             headers={'X-XSRF-TOKEN': xsrf}, data=json.dumps({
                                 'raw_key': key.openssh,
                                 'self_signature': key.sign(b'signature')}))
        self.assertEqual(201, resp.status_code, resp.text)
        self.assertEqual(1, len(self.app.get('/v1/profile/pubkeys').json))
        # Sign-in started on the other process, finished here.
        self.app.reset()
        resp = requests.get(other + '/v1/auth/signin', allow_redirects=False, timeout=10)
        self.app.set_cookie('refstack', resp.cookies['refstack'])
        self.back(self.at_provider(resp.headers['Location']))
        self.profile()
        # Signing out on the other process revokes the session here.
        requests.get(other + '/v1/auth/signout', cookies=jar, allow_redirects=False, timeout=10)
        self.app.get('/v1/profile', headers={'Cookie': 'refstack=' + jar['refstack']},
                     status=401)

"""Helpers for the UI browser tests: seeding data through the public API.

Everything goes through the documented HTTP API (api-contract.md §2) with the
identity of a signed-in browser context, so the same helpers work against the
real dev server and the development stub.
"""
import binascii
import json
import os
import uuid

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SCREENSHOT_DIR = os.environ.get('REFSTACK_UI_SCREENSHOTS', os.path.join(
    os.path.dirname(__file__), '..', '..', 'test-output', 'screenshots'))


def watch(page):
    """Collect JavaScript errors of a page (HTTP 4xx console noise excluded)."""
    errors = []
    page.on('pageerror', lambda exc: errors.append('pageerror: %s' % exc))
    page.on('console', lambda msg: msg.type == 'error' and 'status of 40' not in msg.text
            and errors.append('console: %s' % msg.text))
    page.set_default_timeout(15000)
    return errors


def screenshot(page, name, full_page=False):
    """Save test-output/screenshots/ui-<name>.png (or under $REFSTACK_UI_SCREENSHOTS)."""
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)
    path = os.path.join(SCREENSHOT_DIR, 'ui-%s.png' % name)
    page.screenshot(path=path, full_page=full_page)
    return path


class SigningKey:
    """An RSA key registered as a user's upload/JWT key."""

    def __init__(self, comment='ui-test'):
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = self.private.public_key().public_bytes(
            serialization.Encoding.OpenSSH,
            serialization.PublicFormat.OpenSSH).decode()
        self.public_line = '%s %s' % (public, comment)

    def sign(self, data):
        return binascii.hexlify(
            self.private.sign(
                data,
                padding.PKCS1v15(),
                hashes.SHA256())).decode()

    @property
    def self_signature(self):
        return self.sign(b'signature')


class Api:
    """requests wrapper acting as the user of a Playwright browser context."""

    def __init__(self, base_url, context=None):
        self.base = base_url.rstrip('/') + '/api/v1'
        self.http = requests.Session()
        if context is not None:
            for cookie in context.cookies():
                self.http.cookies.set(cookie['name'], cookie['value'])
        if not self._xsrf():
            # Pick up an XSRF cookie if the server hands one out.
            self.http.get(self.base + '/guidelines', timeout=30)

    def _xsrf(self):
        token = None
        for cookie in self.http.cookies:
            if cookie.name == 'XSRF-TOKEN':
                token = cookie.value
        return token

    def _headers(self, extra=None):
        headers = dict(extra or {})
        token = self._xsrf()
        if token:
            headers['X-XSRF-TOKEN'] = token
        return headers

    def request(self, method, path, expect=(200, 201, 204), **kwargs):
        kwargs['headers'] = self._headers(kwargs.get('headers'))
        response = self.http.request(method, self.base + path, timeout=60, **kwargs)
        assert response.status_code in expect, '%s %s -> %s %s' % (
            method, path, response.status_code, response.text[:300])
        return response

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post_json(self, path, body, **kwargs):
        return self.request('POST', path, data=json.dumps(body),
                            headers={'Content-Type': 'application/json'}, **kwargs)

    def put_json(self, path, body, **kwargs):
        return self.request('PUT', path, data=json.dumps(body),
                            headers={'Content-Type': 'application/json'}, **kwargs)

    # -- domain helpers ----------------------------------------------------
    def profile(self):
        return self.get('/profile').json()

    def register_key(self, key):
        return self.post_json('/profile/pubkeys', {'raw_key': key.public_line,
                                                   'self_signature': key.self_signature}).json()

    def upload(self, key, names, cpid='ui-test-cloud', duration=120):
        body = json.dumps({'cpid': cpid, 'duration_seconds': duration, 'results': [
                          {'name': n, 'uuid': str(uuid.uuid4())} for n in names]}).encode()
        # Like refstack-client: no cookies, identity from the signature only.
        response = requests.post(self.base + '/results', data=body, timeout=60, headers={
            'Content-Type': 'application/json',
            'X-Signature': key.sign(body),
            'X-Public-Key': key.public_line.rsplit(' ', 1)[0],
        })
        assert response.status_code == 201, response.text
        return response.json()['test_id']

    def set_meta(self, run_id, key, value):
        self.request('POST', '/results/%s/meta/%s' % (run_id, key), data=value.encode(),
                     headers={'Content-Type': 'text/plain'})

    def required_tests(self, guideline='2020.06.json', target='platform'):
        text = self.get('/guidelines/%s/tests?target=%s&type=required&alias=false&flag=false'
                        % (guideline, target)).text
        return sorted({line.split('[')[0] for line in text.splitlines() if line.strip()})

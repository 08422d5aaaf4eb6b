"""Server-side browser sessions.

The ``refstack`` cookie holds a random token; the database keeps only its
SHA-256 (the session id), so a leaked database does not leak live cookies.
Each session carries an XSRF token the UI echoes in ``X-XSRF-TOKEN``
(AngularJS's convention) on state-changing requests.
"""

import datetime
import hashlib
import hmac
import json
import secrets

from refstack.db import api as db_api
from refstack.db import models

COOKIE_NAME = 'refstack'
XSRF_COOKIE = 'XSRF-TOKEN'
XSRF_HEADER = 'X-XSRF-TOKEN'
LIFETIME = datetime.timedelta(days=7)


class Session:
    def __init__(self, session_id, openid, xsrf_token):
        self.id = session_id
        self.openid = openid
        self.xsrf_token = xsrf_token

    def check_xsrf(self, header_value):
        return bool(header_value) and hmac.compare_digest(
            header_value.encode('utf-8', 'replace'), self.xsrf_token.encode('ascii'))


def _hash(token):
    return hashlib.sha256(token.encode('utf-8', 'replace')).hexdigest()


def create(openid, lifetime=LIFETIME):
    """Start a session for ``openid``; returns (cookie token, Session)."""
    token = secrets.token_urlsafe(32)
    xsrf = secrets.token_urlsafe(24)
    session_id = _hash(token)
    db_api.create_session(session_id, openid, json.dumps({'xsrf': xsrf}),
                          models.utcnow() + lifetime)
    return token, Session(session_id, openid, xsrf)


def lookup(token):
    """The live Session for a cookie token, or None."""
    if not token or len(token) > 256:
        return None
    row = db_api.get_session(_hash(token))
    if row is None:
        return None
    try:
        xsrf = json.loads(row.data or '{}').get('xsrf', '')
    except ValueError:
        xsrf = ''
    return Session(row.id, row.user_openid, xsrf)


def destroy(session_id):
    db_api.delete_session(session_id)

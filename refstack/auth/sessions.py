"""Server-side browser sessions.

The ``refstack`` cookie holds a random token; the database keeps only its
SHA-256 (the session id), so a leaked database does not leak live cookies.
Each session carries an XSRF token the UI echoes in ``X-XSRF-TOKEN``
(AngularJS's convention) on state-changing requests.

A sign-in in progress is a session without a user: its ``data`` holds the
state the identity provider's answer is checked against. It is consumed
(deleted) by the first answer, so every API node sharing the database sees
one outcome.
"""

import datetime
import hashlib
import hmac
import json
import secrets

from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import models

COOKIE_NAME = 'refstack'
XSRF_COOKIE = 'XSRF-TOKEN'
XSRF_HEADER = 'X-XSRF-TOKEN'
LIFETIME = datetime.timedelta(days=7)


class Session:
    def __init__(self, session_id, openid, xsrf_token, data=None):
        self.id = session_id
        self.openid = openid
        self.xsrf_token = xsrf_token
        self.data = data or {}

    def check_xsrf(self, header_value):
        return bool(header_value) and hmac.compare_digest(
            header_value.encode('utf-8', 'replace'), self.xsrf_token.encode('ascii'))


def _hash(token):
    return hashlib.sha256(token.encode('utf-8', 'replace')).hexdigest()


def default_lifetime():
    """Lifetime of a signed-in session ([auth]/session_lifetime)."""
    return datetime.timedelta(seconds=CONF.auth.session_lifetime)


def create(openid, lifetime=None, data=None):
    """Start a session; returns (cookie token, Session).

    :param openid: the signed-in user, or None for a sign-in in progress.
    :param lifetime: a timedelta; [auth]/session_lifetime by default.
    :param data: JSON-serializable dict kept with the session.
    """
    token = secrets.token_urlsafe(32)
    xsrf = secrets.token_urlsafe(24)
    session_id = _hash(token)
    stored = dict(data or {}, xsrf=xsrf)
    db_api.create_session(session_id, openid, json.dumps(stored),
                          models.utcnow() + (default_lifetime() if lifetime is None else lifetime))
    return token, Session(session_id, openid, xsrf, stored)


def _from_row(row):
    try:
        data = json.loads(row.data or '{}')
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    xsrf = data.get('xsrf')
    return Session(row.id, row.user_openid, xsrf if isinstance(xsrf, str) else '', data)


def _valid_token(token):
    return isinstance(token, str) and 0 < len(token) <= 256


def lookup(token):
    """The live Session for a cookie token, or None."""
    if not _valid_token(token):
        return None
    row = db_api.get_session(_hash(token))
    return _from_row(row) if row is not None else None


def consume_signin(token):
    """Delete the sign-in in progress of a cookie token and return it.

    Returns None when there is none (a signed-in session does not count), or
    when a concurrent request consumed it first.
    """
    if not _valid_token(token):
        return None
    row = db_api.pop_signin_session(_hash(token))
    return _from_row(row) if row is not None else None


def destroy(session_id):
    db_api.delete_session(session_id)

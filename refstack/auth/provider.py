"""Sign-in through an identity provider: the interface both protocols share.

A sign-in has two legs. ``begin()`` returns the URL to send the browser to and
the state to keep server-side until the provider answers; ``complete()``
checks the answer against that state and returns the signed-in Identity.

Every failure raises SignInFailed with one of the fixed messages below: text
from the provider or the request is never shown to the user (D17).
"""

import collections
import urllib.parse

from refstack.common import exception
from refstack.conf import CONF
from refstack.db import models

CANCELED = 'Authentication canceled.'
FAILED = 'Authentication failed. Please try again.'
IDP_ERROR = 'The identity provider reported an error. Please try again.'
VERIFY_FAILED = 'Authentication is failed. Try again.'
NO_EMAIL = 'Authentication is failed. Please permit access to your email address.'
NO_NAME = 'Authentication is failed. Please permit access to your name.'
UNAVAILABLE = 'The identity provider is not available. Please try again later.'
MISCONFIGURED = 'Sign-in is not configured correctly. Please contact the site administrators.'

MAX_FIELD = 128

Identity = collections.namedtuple('Identity', ['openid', 'email', 'fullname'])


class SignInFailed(exception.RefstackException):
    """A sign-in attempt failed; ``message`` is one of the fixed texts above."""

    code = 401
    envelope = exception.ENVELOPE_HTTP

    def __init__(self, message=FAILED, reason=None):
        super().__init__(message)
        # For the log only, never for the user.
        self.reason = reason


def api_url_join(path):
    """Resolve a configured URL or path against [api]/api_url.

    An absolute URL is used as is; an absolute path replaces api_url's path
    (the original's urljoin); a relative path is appended to api_url, so
    ``v1/auth/signin_return`` keeps a mount point such as ``/api``.
    """
    if urllib.parse.urlsplit(path).scheme:
        return path
    if path.startswith('/'):
        return urllib.parse.urljoin(CONF.api.api_url, path)
    return CONF.api.api_url.rstrip('/') + '/' + path


def return_url():
    """The sign-in return URL (without the state parameter)."""
    return api_url_join(CONF.osid.openid_return_to)


def identity(openid, email, fullname):
    """Check what the provider asserted and build the Identity.

    :raises: SignInFailed
    """
    if not isinstance(openid, str) or not openid or len(openid) > models.OPENID_LEN:
        raise SignInFailed(VERIFY_FAILED, 'unusable openid %r' % (openid,))
    if not isinstance(email, str) or not email.strip():
        raise SignInFailed(NO_EMAIL, 'no email')
    if not isinstance(fullname, str) or not fullname.strip():
        raise SignInFailed(NO_NAME, 'no full name')
    email = email.strip()
    if len(email) > MAX_FIELD:
        raise SignInFailed(VERIFY_FAILED, 'email longer than %d characters' % MAX_FIELD)
    return Identity(openid, email, fullname.strip()[:MAX_FIELD])


def get_provider():
    """The provider selected by [auth]/provider."""
    if CONF.auth.provider == 'oidc':
        from refstack.auth import oidc
        return oidc.Provider()
    from refstack.auth import openid2
    return openid2.Provider()

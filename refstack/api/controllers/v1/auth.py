"""/v1/auth: sign-in through the identity provider, and sign-out (A1-A3).

Every answer is a 302 (api-contract 1.5). Failures go to the UI's
``/#/auth_failure`` page with one of the fixed messages of
refstack.auth.provider, never with text from the provider (D17).

Cookies: ``refstack`` holds the session token (HttpOnly, SameSite=Lax, Secure
over https). A sign-in in progress has its own short-lived session, replaced
by a new one on success (rotation). ``XSRF-TOKEN`` is readable by the UI,
which echoes it in ``X-XSRF-TOKEN`` on state-changing requests.
"""

import datetime
import urllib.parse

from oslo_log import log
import pecan
from pecan import rest
import webob

from refstack.auth import provider
from refstack.auth import sessions
from refstack.conf import CONF
from refstack.db import api as db_api

LOG = log.getLogger(__name__)

MAX_QUERY = 16384


def redirect(url):
    """A 302 shaped like the original's (text/plain body naming the URL)."""
    response = webob.Response(status=302, content_type='text/plain', charset='UTF-8')
    response.location = url
    response.cache_control = 'no-store'
    response.text = ('302 Found\n\nThe resource was found at %s; you should be '
                     'redirected automatically.  ' % url)
    return response


def failure_url(message):
    return urllib.parse.urljoin(
        CONF.ui_url, '/#/auth_failure?' + urllib.parse.urlencode({'message': message}))


def logout_url(idp_logout):
    return urllib.parse.urljoin(
        CONF.ui_url, '/#/logout?' + urllib.parse.urlencode({'openid_logout': idp_logout}))


def secure_cookies(request):
    """Whether cookies get the Secure flag ([auth]/cookie_secure)."""
    mode = CONF.auth.cookie_secure
    if mode != 'auto':
        return mode == 'always'
    if request.scheme == 'https':
        return True
    forwarded = request.headers.get('X-Forwarded-Proto', '')
    return forwarded.split(',')[0].strip().lower() == 'https'


def set_session_cookies(response, request, token, max_age, xsrf_token=None):
    secure = secure_cookies(request)
    response.set_cookie(sessions.COOKIE_NAME, token, max_age=max_age, path='/',
                        secure=secure, httponly=True, samesite='lax')
    if xsrf_token is not None:
        response.set_cookie(sessions.XSRF_COOKIE, xsrf_token, max_age=max_age, path='/',
                            secure=secure, httponly=False, samesite='lax')


def clear_session_cookies(response, request):
    for name in (sessions.COOKIE_NAME, sessions.XSRF_COOKIE):
        if name in request.cookies:
            response.delete_cookie(name, path='/')


def query_params(request):
    """The query as a dict of single values; None when it is unusable."""
    if len(request.query_string) > MAX_QUERY:
        return None
    try:
        params = {}
        for key, value in urllib.parse.parse_qsl(request.query_string, keep_blank_values=True,
                                                 strict_parsing=False, errors='strict',
                                                 max_num_fields=200):
            if key in params:
                return None
            params[key] = value
    except (UnicodeDecodeError, ValueError):
        return None
    return params


class AuthController(rest.RestController):
    """/v1/auth/{signin,signin_return,signout}; /v1/auth itself is 405."""

    _custom_actions = {'signin': ['GET'], 'signin_return': ['GET'], 'signout': ['GET']}

    @pecan.expose()
    def get_one(self, *args):
        """/v1/auth/{anything else}: 404 like an unknown path."""
        pecan.abort(404)

    @pecan.expose()
    def signin(self):
        """A1: send the browser to the identity provider."""
        request = pecan.request
        context = request.context
        if context.is_authenticated:
            return redirect(CONF.ui_url)
        if context.session_id:
            # An unfinished earlier sign-in of this browser.
            sessions.destroy(context.session_id)
        try:
            idp = provider.get_provider()
            url, flow = idp.begin()
        except provider.SignInFailed as e:
            LOG.warning('Sign-in could not start: %s', e.reason)
            return redirect(failure_url(e.message))
        flow['provider'] = idp.name
        lifetime = CONF.auth.signin_timeout
        token, _pending = sessions.create(
            None, lifetime=datetime.timedelta(seconds=lifetime), data={'signin': flow})
        response = redirect(url)
        set_session_cookies(response, request, token, lifetime)
        return response

    @pecan.expose()
    def signin_return(self):
        """A2: check the provider's answer and start the user's session."""
        request = pecan.request
        pending = sessions.consume_signin(request.cookies.get(sessions.COOKIE_NAME))
        flow = pending.data.get('signin') if pending is not None else None
        if not isinstance(flow, dict):
            flow = {}
        params = query_params(request)
        try:
            if params is None:
                raise provider.SignInFailed(provider.FAILED, 'unusable query string')
            idp = provider.get_provider()
            if flow.get('provider') != idp.name:
                flow = {}
            identity = idp.complete(params, flow)
        except provider.SignInFailed as e:
            LOG.info('Sign-in failed: %s', e.reason or e.message)
            response = redirect(failure_url(e.message))
            if pending is not None:
                clear_session_cookies(response, request)
            return response
        db_api.save_user(identity.openid, identity.email, identity.fullname)
        token, session = sessions.create(identity.openid)
        LOG.info('Signed in %s', identity.openid)
        response = redirect(CONF.ui_url)
        set_session_cookies(response, request, token, CONF.auth.session_lifetime,
                            xsrf_token=session.xsrf_token)
        return response

    @pecan.expose()
    def signout(self):
        """A3: end the session everywhere and let the UI sign out at the provider."""
        request = pecan.request
        if request.context.session_id:
            sessions.destroy(request.context.session_id)
        try:
            idp_logout = provider.get_provider().logout_url()
        except provider.SignInFailed:
            idp_logout = CONF.osid.openid_logout_endpoint
        response = redirect(logout_url(idp_logout or ''))
        clear_session_cookies(response, request)
        return response

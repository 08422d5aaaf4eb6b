"""OpenID 2.0 sign-in (openstackid.org), configured by the [osid] options.

The sign-in redirect carries the original's parameters in the original's
order. The answer is checked in stateless ("dumb") mode with python3-openid's
consumer: nothing is kept per process, the state lives in the database
session, and the provider confirms its own signature (check_authentication).
Before any network call the answer must name the configured endpoint
(op_endpoint), our return URL with this sign-in's state, and a claimed id on
the endpoint's host; the consumer then re-discovers the claimed id to confirm
the provider may assert it. Replays fail because the state is consumed by the
first answer.
"""

import hmac
import secrets
import threading
import urllib.parse

from openid.consumer import consumer
from openid.consumer import discover
from openid.extensions import sreg
from openid import fetchers
from openid import kvform
from openid import message as oid_message
from oslo_log import log

from refstack.auth import http
from refstack.auth import provider
from refstack.conf import CONF

LOG = log.getLogger(__name__)

OPENID2_NS = oid_message.OPENID2_NS
STATE_PARAM = 'csrf_token'
MAX_PARAMS = 100

_local = threading.local()
_fetcher_lock = threading.Lock()


class Fetcher(fetchers.HTTPFetcher):
    """python3-openid fetcher over refstack.auth.http (timeouts, size limit).

    Any 2xx answer counts as 200 (D6). Whether the last failure of this
    thread was a timeout or refused connection is remembered, so the user
    can be told the provider is unavailable.
    """

    def fetch(self, url, body=None, headers=None):
        method = 'GET' if body is None else 'POST'
        extra = {}
        if body is not None:
            extra['data'] = body.encode('utf-8') if isinstance(body, str) else body
            extra['headers'] = dict(headers or {}, **{
                'Content-Type': 'application/x-www-form-urlencoded'})
        elif headers:
            extra['headers'] = dict(headers)
        try:
            status, final_url, response_headers, data = http.fetch(method, url, **extra)
        except http.FetchError as e:
            _local.unavailable = e.unavailable
            raise fetchers.HTTPFetchingError(why=str(e))
        if 200 <= status < 300:
            status = 200
        return fetchers.HTTPResponse(
            final_url=final_url, status=status,
            headers={k.lower(): v for k, v in response_headers.items()},
            body=data.decode('utf-8', 'replace'))


def _install_fetcher():
    with _fetcher_lock:
        current = fetchers.getDefaultFetcher()
        inner = getattr(current, 'fetcher', current)
        if not isinstance(inner, Fetcher):
            fetchers.setDefaultFetcher(Fetcher(), wrap_exceptions=True)


def _same(a, b):
    return hmac.compare_digest(a.encode('utf-8', 'replace'), b.encode('utf-8', 'replace'))


def _netloc(url):
    """(scheme, host, port) of a URL; None for an unparsable one."""
    try:
        parts = urllib.parse.urlsplit(url)
        return parts.scheme.lower(), (parts.hostname or '').lower(), parts.port
    except ValueError:
        return None


class Provider:
    name = 'openid2'

    def __init__(self):
        _install_fetcher()
        self.endpoint = CONF.osid.openstack_openid_endpoint
        self.return_url = provider.return_url()

    def begin(self):
        """:returns: (URL to redirect to, state to keep in the session)"""
        state = secrets.token_urlsafe(24)
        separator = '&' if '?' in self.return_url else '?'
        query = [
            ('openid.mode', CONF.osid.openid_mode),
            ('openid.ns', CONF.osid.openid_ns),
            ('openid.return_to',
             '%s%s%s=%s' % (self.return_url, separator, STATE_PARAM, state)),
            ('openid.claimed_id', CONF.osid.openid_claimed_id),
            ('openid.identity', CONF.osid.openid_identity),
            ('openid.realm', CONF.api.api_url),
            ('openid.ns.sreg', CONF.osid.openid_ns_sreg),
            ('openid.sreg.required', CONF.osid.openid_sreg_required),
        ]
        separator = '&' if '?' in self.endpoint else '?'
        url = self.endpoint + separator + urllib.parse.urlencode(query)
        return url, {'state': state}

    def complete(self, params, flow):
        """Check the provider's answer (the return URL's query parameters).

        :param params: dict of single query parameter values.
        :param flow: the state begin() returned.
        :returns: provider.Identity
        :raises: provider.SignInFailed
        """
        if 'openid.error' in params:
            raise provider.SignInFailed(provider.IDP_ERROR, 'openid.error')
        if params.get('openid.mode') == 'cancel':
            raise provider.SignInFailed(provider.CANCELED, 'canceled')
        state = flow.get('state')
        if not isinstance(state, str) or not state or not _same(
                params.get(STATE_PARAM, ''), state):
            raise provider.SignInFailed(provider.FAILED, 'state mismatch')
        self._precheck(params, state)
        _local.unavailable = False
        try:
            response = consumer.GenericConsumer(None).complete(
                oid_message.Message.fromPostArgs(params), None, self.return_url)
        except (fetchers.HTTPFetchingError, discover.DiscoveryFailure,
                consumer.ProtocolError, kvform.KVFormError, oid_message.InvalidOpenIDNamespace,
                LookupError, ValueError, TypeError, UnicodeError) as e:
            raise self._failure('consumer error: %s' % e)
        if response.status != consumer.SUCCESS:
            raise self._failure('%s: %s' % (response.status,
                                            getattr(response, 'message', '')))
        data = sreg.SRegResponse.fromSuccessResponse(response, signed_only=True) or {}
        return provider.identity(response.identity_url, data.get('email'),
                                 data.get('fullname'))

    @staticmethod
    def _failure(reason):
        message = (provider.UNAVAILABLE if getattr(_local, 'unavailable', False)
                   else provider.VERIFY_FAILED)
        return provider.SignInFailed(message, reason)

    def _precheck(self, params, state):
        """Checks that need no network: who answered, for whom, to where."""
        def fail(reason):
            raise provider.SignInFailed(provider.VERIFY_FAILED, reason)

        if len(params) > MAX_PARAMS:
            fail('too many parameters')
        if params.get('openid.ns') != OPENID2_NS:
            fail('not an OpenID 2.0 answer')
        if params.get('openid.mode') != 'id_res':
            fail('mode %r' % params.get('openid.mode'))
        if params.get('openid.op_endpoint') != self.endpoint:
            fail('op_endpoint %r' % params.get('openid.op_endpoint'))
        return_to = params.get('openid.return_to') or ''
        ours = urllib.parse.urlsplit(self.return_url)
        try:
            theirs = urllib.parse.urlsplit(return_to)
        except ValueError:
            fail('return_to %r' % return_to)
        if (theirs.scheme.lower(), theirs.netloc.lower(), theirs.path) != (
                ours.scheme.lower(), ours.netloc.lower(), ours.path):
            fail('return_to %r' % return_to)
        values = urllib.parse.parse_qs(theirs.query).get(STATE_PARAM, [])
        if len(values) != 1 or not _same(values[0], state):
            fail('return_to state')
        claimed_id = params.get('openid.claimed_id') or ''
        claimed = _netloc(claimed_id)
        endpoint = _netloc(self.endpoint)
        if claimed is None or endpoint is None or claimed[0] not in ('http', 'https') \
                or claimed[1:] != endpoint[1:]:
            fail('claimed_id %r' % claimed_id)
        if not params.get('openid.identity'):
            fail('no identity')

    def logout_url(self):
        return CONF.osid.openid_logout_endpoint

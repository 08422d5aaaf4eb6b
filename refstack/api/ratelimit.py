"""Rate limits on sign-in, key registration and uploads ([ratelimit] options).

Each limited handler counts requests in fixed windows per client address and,
where it applies, per signed-in user or per signing key. Counters live in the
database (``rate_limit`` table), so every API node sharing it enforces the
same budget; each limited request adds one to each of its counters, each
increment committed on its own. A request over a limit gets 429 in the HTTP
error envelope with a ``Retry-After`` header and a ``retry_after`` body key
(seconds).

When the counters cannot be written (database down) the request goes on:
its handler then fails with the database's 503 anyway.
"""

import hashlib
import ipaddress
import math
import time

from oslo_db import exception as db_exc
from oslo_log import log
from pecan import hooks

from refstack.common import exception
from refstack.conf import CONF
from refstack.db import api as db_api

LOG = log.getLogger(__name__)

# Limited handlers ("module.Class.method") and the rule each one counts in.
HANDLERS = {
    'refstack.api.controllers.v1.auth.AuthController.signin': 'signin',
    'refstack.api.controllers.v1.auth.AuthController.signin_return': 'signin',
    'refstack.api.controllers.v1.profile.PubkeysController.post': 'pubkey',
    'refstack.api.controllers.v1.results.ResultsController.post': 'upload',
}
# What each rule counts per; the limits are [ratelimit] <rule>_per_<scope>.
SCOPES = {
    'signin': ('address',),
    'pubkey': ('address', 'user'),
    'upload': ('address', 'key'),
}
MESSAGES = {
    'signin': 'Too many sign-in attempts from this address.',
    'pubkey': 'Too many key registrations.',
    'upload': 'Too many uploads.',
}
PURGE_INTERVAL = 300

_state = {'next_purge': 0.0, 'trusted': (None, ())}


def _trusted_networks():
    configured = tuple(CONF.ratelimit.trusted_proxies)
    if _state['trusted'][0] != configured:
        networks = []
        for entry in configured:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                LOG.warning('Ignoring invalid [ratelimit] trusted_proxies entry %r', entry)
        _state['trusted'] = (configured, tuple(networks))
    return _state['trusted'][1]


def _parse(address):
    try:
        ip = ipaddress.ip_address(address.strip().split('%', 1)[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def _is_trusted(ip, networks):
    return ip is not None and any(ip in net for net in networks)


def client_address(environ):
    """The caller's address, as the rate limiter counts it.

    ``REMOTE_ADDR``, unless it is a trusted proxy: then the right-most
    ``X-Forwarded-For`` entry that is not a trusted proxy. IPv6 addresses are
    widened to their [ratelimit]/ipv6_prefix network.
    """
    peer = environ.get('REMOTE_ADDR') or ''
    ip = _parse(peer)
    networks = _trusted_networks()
    if networks and _is_trusted(ip, networks):
        hops = [h.strip() for h in environ.get('HTTP_X_FORWARDED_FOR', '').split(',')
                if h.strip()]
        for hop in reversed(hops):
            hop_ip = _parse(hop)
            if hop_ip is None:
                # Not an address: keep the last one a trusted proxy vouched for.
                break
            ip = hop_ip
            if not _is_trusted(hop_ip, networks):
                break
    if ip is None:
        return peer[:64] or 'unknown'
    if ip.version == 6:
        return str(ipaddress.ip_network('%s/%d' % (ip, CONF.ratelimit.ipv6_prefix),
                                        strict=False))
    return str(ip)


def _signing_key(request):
    """The key blob of X-Public-Key (``ssh-rsa <blob> [comment]``), or None."""
    parts = request.headers.get('X-Public-Key', '').split()
    if len(parts) >= 2:
        return parts[1]
    return parts[0] if parts else None


def _subjects(rule, request):
    """(scope, value) pairs the request counts against; None values are skipped."""
    values = {'address': client_address(request.environ),
              'user': getattr(getattr(request, 'context', None), 'user_openid', None),
              'key': _signing_key(request) if rule == 'upload' else None}
    return [(scope, values[scope]) for scope in SCOPES[rule] if values[scope]]


def _bucket(rule, scope, value):
    return hashlib.sha256(('%s\n%s\n%s' % (rule, scope, value)).encode('utf-8')).hexdigest()


def check(rule, request, now=None):
    """Count the request under ``rule``.

    :raises: TooManyRequests when a limit of the rule is exceeded.
    """
    conf = CONF.ratelimit
    period = getattr(conf, '%s_period' % rule)
    now = time.time() if now is None else now
    window_start = int(now // period) * period
    expires_at = window_start + period
    limited = []
    for scope, value in _subjects(rule, request):
        limit = getattr(conf, '%s_per_%s' % (rule, scope))
        if limit > 0:
            limited.append((scope, limit, _bucket(rule, scope, value)))
    if not limited:
        return
    try:
        counts = db_api.hit_rate_limits([(bucket, window_start, expires_at)
                                         for _scope, _limit, bucket in limited])
        _maybe_purge(now)
    except db_exc.DBError as e:
        LOG.warning('Rate limit counters unavailable, not limiting: %s', type(e).__name__)
        return
    over = [scope for (scope, limit, _bucket_), count in zip(limited, counts) if count > limit]
    if over:
        retry_after = max(1, int(math.ceil(expires_at - now)))
        LOG.info('Rate limit %(rule)s exceeded per %(scopes)s', {
            'rule': rule, 'scopes': ', '.join(over)})
        error = exception.TooManyRequests(
            '%s Retry after %d seconds.' % (MESSAGES[rule], retry_after),
            extra={'retry_after': retry_after})
        error.headers = {'Retry-After': str(retry_after)}
        raise error


def _maybe_purge(now):
    if now < _state['next_purge']:
        return
    _state['next_purge'] = now + PURGE_INTERVAL
    db_api.purge_rate_limits(int(now))


def handler_name(controller):
    func = getattr(controller, '__func__', controller)
    return '%s.%s' % (getattr(func, '__module__', ''), getattr(func, '__qualname__', ''))


class RateLimitHook(hooks.PecanHook):
    """Apply the limits to the handlers of HANDLERS, once routing chose one.

    Matching on the handler, not the path, covers every spelling of a path
    (trailing slash, ``.json``).
    """

    priority = 20

    def before(self, state):
        if not CONF.ratelimit.enabled:
            return
        rule = HANDLERS.get(handler_name(state.controller))
        if rule is not None:
            check(rule, state.request)

"""Authorization: one oslo.policy enforcer, rules from refstack.policies."""

import functools
import inspect
import threading
import time
import types

from oslo_policy import _checks
from oslo_policy import policy

from refstack.common import exception
from refstack.conf import CONF
from refstack import policies

_ENFORCER = None
_lock = threading.Lock()

#: Seconds between two looks for a changed policy file.
RELOAD_INTERVAL = 1.0


class Enforcer(policy.Enforcer):
    """oslo.policy's enforcer, looking for policy file changes once a second.

    ``enforce`` reloads the rules on every call, which searches every
    configuration directory for the policy file and ``policy.d`` (about
    0.15 ms a check, several checks a request). Changes are still picked up,
    within :data:`RELOAD_INTERVAL`.
    """

    _next_load = 0.0

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if force_reload or now >= self._next_load:
            super().load_rules(force_reload)
            self._next_load = now + RELOAD_INTERVAL


@functools.lru_cache(maxsize=256)
def _function_argspec(func):
    return inspect.getfullargspec(func)


# oslo.policy inspects the signature of every check it evaluates, on every
# evaluation (about half the cost of a check); check classes never change,
# so the answer is kept per function.
_checks.inspect = types.SimpleNamespace(
    getfullargspec=lambda func: _function_argspec(getattr(func, '__func__', func)))


def get_enforcer():
    global _ENFORCER
    with _lock:
        if _ENFORCER is None:
            _ENFORCER = Enforcer(CONF)
            _ENFORCER.register_defaults(policies.list_rules())
        return _ENFORCER


def reset():
    global _ENFORCER
    with _lock:
        _ENFORCER = None


def check(rule, target, context):
    """True when ``context`` may do ``rule`` on ``target``."""
    values = dict(target)
    values.setdefault('caller_openid', context.user_openid or '')
    return get_enforcer().enforce(rule, values, context.to_policy_values())


def authorize(rule, target, context, exc=None):
    """Raise when ``context`` may not do ``rule`` on ``target``.

    :param exc: exception to raise instead of the default: 401 for anonymous
        callers, 403 ``Forbidden.`` for signed-in ones.
    """
    if check(rule, target, context):
        return
    if exc is not None:
        raise exc
    if not context.is_authenticated:
        raise exception.Unauthorized(context.auth_error or '')
    raise exception.Forbidden('Forbidden.')

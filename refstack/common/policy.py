"""Authorization: one oslo.policy enforcer, rules from refstack.policies."""

import threading

from oslo_policy import policy

from refstack.common import exception
from refstack.conf import CONF
from refstack import policies

_ENFORCER = None
_lock = threading.Lock()


def get_enforcer():
    global _ENFORCER
    with _lock:
        if _ENFORCER is None:
            _ENFORCER = policy.Enforcer(CONF)
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

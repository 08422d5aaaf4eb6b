"""Policy defaults in code; ``list_rules`` feeds oslopolicy-sample-generator."""

import itertools

from refstack.policies import base
from refstack.policies import results


def list_rules():
    return list(itertools.chain(base.list_rules(), results.list_rules()))


def get_enforcer():
    """Entry point used by the oslo.policy CLI tools."""
    from refstack.common import policy
    from refstack.conf import CONF
    CONF([], project='refstack')
    return policy.get_enforcer()

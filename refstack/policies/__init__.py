"""Policy defaults in code; ``list_rules`` feeds oslopolicy-sample-generator."""

import itertools

from refstack.policies import audit
from refstack.policies import base
from refstack.policies import products
from refstack.policies import profile
from refstack.policies import results
from refstack.policies import vendors


def list_rules():
    return list(itertools.chain(base.list_rules(), results.list_rules(),
                                vendors.list_rules(), products.list_rules(),
                                profile.list_rules(), audit.list_rules()))


def get_enforcer():
    """Entry point used by the oslo.policy CLI tools."""
    from refstack.common import policy
    from refstack.conf import CONF
    CONF([], project='refstack')
    return policy.get_enforcer()

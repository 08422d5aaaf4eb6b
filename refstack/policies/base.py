"""Roles every other rule is built from.

Credentials (see RequestContext.to_policy_values) hold ``user_openid`` for a
signed-in caller and ``roles``, which contains ``foundation`` for members of
the Foundation organization's group.
"""

from oslo_policy import policy

FOUNDATION = 'role:foundation'
AUTHENTICATED = 'rule:authenticated'

rules = [
    policy.RuleDefault('foundation', FOUNDATION,
                       description='Foundation admins: members of the Foundation '
                                   'organization.'),
    policy.RuleDefault('authenticated', 'user_openid:%(caller_openid)s',
                       description='Any signed-in user.'),
]


def list_rules():
    return rules

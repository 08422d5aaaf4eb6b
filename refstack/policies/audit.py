"""Rules for the audit log."""

from oslo_policy import policy

from refstack.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'refstack:audit:list', base.FOUNDATION,
        'Read the audit log of state changes.',
        [{'path': '/v1/audit', 'method': 'GET'}]),
]


def list_rules():
    return rules

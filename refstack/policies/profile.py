"""Rules for the caller's own profile and public keys (/v1/profile).

A user only ever sees and changes their own profile and keys: the storage
calls are scoped to the caller's openid, so these rules only decide who may
use the endpoints at all. Anonymous callers get 401.
"""

from oslo_policy import policy

from refstack.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'refstack:profile:get', base.AUTHENTICATED,
        'Show the caller\'s profile (openid, email, full name, Foundation admin flag).',
        [{'path': '/v1/profile', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:pubkey:list', base.AUTHENTICATED,
        'List the caller\'s public keys.',
        [{'path': '/v1/profile/pubkeys', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:pubkey:create', base.AUTHENTICATED,
        'Register a public key (with proof of possession) for the caller.',
        [{'path': '/v1/profile/pubkeys', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:pubkey:delete', base.AUTHENTICATED,
        'Delete one of the caller\'s public keys.',
        [{'path': '/v1/profile/pubkeys/{id}', 'method': 'DELETE'}]),
]


def list_rules():
    return rules

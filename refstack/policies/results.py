"""Rules for test runs (/v1/results).

The target of every rule describes one run:

* ``owner_openid``: the openid that signed the upload, or '' for anonymous
  runs and for runs attached to a product version (those belong to the
  product's vendor);
* ``vendor_admin``: 'True' when the caller is a member of the vendor whose
  product version the run is attached to;
* ``public``: 'True' for anonymous runs and shared runs.
"""

from oslo_policy import policy

from refstack.policies import base

OWNER = "rule:foundation or user_openid:%(owner_openid)s or 'True':%(vendor_admin)s"

rules = [
    policy.RuleDefault('refstack:result:owner', OWNER,
                       description='Full view of a run and the right to change it.'),
    policy.DocumentedRuleDefault(
        'refstack:result:get',
        "rule:refstack:result:owner or 'True':%(public)s",
        'Show a test run. Callers who may not see it get 404.',
        [{'path': '/v1/results/{id}', 'method': 'GET'},
         {'path': '/v1/results/{id}/meta', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:result:update', 'rule:refstack:result:owner',
        'Associate a run with a product version, delete it, or change its meta.',
        [{'path': '/v1/results/{id}', 'method': 'PUT'},
         {'path': '/v1/results/{id}', 'method': 'DELETE'},
         {'path': '/v1/results/{id}/meta/{key}', 'method': 'POST'},
         {'path': '/v1/results/{id}/meta/{key}', 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        'refstack:result:verify', base.FOUNDATION,
        'Change the verification status of a run.',
        [{'path': '/v1/results/{id}', 'method': 'PUT'}]),
]


def list_rules():
    return rules


rules.append(policy.DocumentedRuleDefault(
    'refstack:result:associate', "rule:foundation or 'True':%(vendor_admin)s",
    'Attach a run to a product version: the target describes the version '
    '(vendor_admin is True for members of the version\'s vendor).',
    [{'path': '/v1/results/{id}', 'method': 'PUT'}]))

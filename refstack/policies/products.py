"""Rules for products and their versions (/v1/products).

The target of every rule describes one product:

* ``vendor_admin``: 'True' when the caller is a member of the product's
  vendor (for creation: of the vendor named by ``organization_id``, or
  'True' for the caller's own default vendor);
* ``public``: 'True' when the product is public;
* ``vendor_type``: the type of the product's vendor ('0' Foundation, '1'
  private, '2' pending, '3' official), given where a rule needs it.
"""

from oslo_policy import policy

from refstack.policies import base

FOUNDATION = 'rule:foundation'
MEMBER = "'True':%(vendor_admin)s"
MANAGE = 'rule:refstack:product:manage'

PRODUCT = '/v1/products/{id}'
VERSIONS = '/v1/products/{id}/versions'
VERSION = '/v1/products/{id}/versions/{version_id}'

rules = [
    policy.RuleDefault(
        'refstack:product:manage', '%s or %s' % (FOUNDATION, MEMBER),
        description='Foundation admins and members of the vendor manage a '
                    'product; this also sets "can_manage" and selects the full '
                    'product view.'),
    policy.DocumentedRuleDefault(
        'refstack:product:list_all', FOUNDATION,
        'See every product in the product list. Others see public products '
        'and the products of their vendors.',
        [{'path': '/v1/products', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:get', "%s or 'True':%%(public)s" % MANAGE,
        'Show a product and its versions.',
        [{'path': PRODUCT, 'method': 'GET'},
         {'path': VERSIONS, 'method': 'GET'},
         {'path': VERSION, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:create', '%s and (%s or %s)' % (base.AUTHENTICATED,
                                                          FOUNDATION, MEMBER),
        'Create a product under a vendor the caller manages (without '
        'organization_id: under the caller\'s default vendor).',
        [{'path': '/v1/products', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:update', MANAGE,
        'Change the name, description and properties of a product, or make '
        'it private.',
        [{'path': PRODUCT, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:publish',
        "%s and ('0':%%(vendor_type)s or '3':%%(vendor_type)s)" % MANAGE,
        'Make a product public: only products of official vendors (or of the '
        'Foundation) can be public.',
        [{'path': PRODUCT, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:delete', MANAGE,
        'Delete a product and its versions.',
        [{'path': PRODUCT, 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:create_version', MANAGE,
        'Add a version to a product.',
        [{'path': VERSIONS, 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:update_version', MANAGE,
        'Change the cloud provider id (cpid) of a product version.',
        [{'path': VERSION, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:product:delete_version', MANAGE,
        'Delete a named product version.',
        [{'path': VERSION, 'method': 'DELETE'}]),
]


def list_rules():
    return rules

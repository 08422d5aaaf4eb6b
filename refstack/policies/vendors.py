"""Rules for vendors (/v1/vendors): organizations and their members.

The target of every rule describes one vendor:

* ``vendor_admin``: 'True' when the caller is a member of the vendor's group
  (every member administers the vendor);
* ``vendor_type``: '0' Foundation, '1' private, '2' pending, '3' official.

State rules that do not depend on the caller (the Foundation organization
can not be deleted or registered, the registration state machine) live in
the controller and the storage layer.
"""

from oslo_policy import policy

from refstack.policies import base

FOUNDATION = 'rule:foundation'
MEMBER = "'True':%(vendor_admin)s"
MANAGE = 'rule:refstack:vendor:manage'
PUBLIC_TYPE = "'0':%(vendor_type)s or '3':%(vendor_type)s"
OFFICIAL = "'3':%(vendor_type)s"

VENDOR = '/v1/vendors/{id}'
USER = '/v1/vendors/{id}/users/{openid_b64}'

rules = [
    policy.RuleDefault(
        'refstack:vendor:manage', '%s or %s' % (FOUNDATION, MEMBER),
        description='Foundation admins and vendor members manage a vendor; this '
                    'also sets "can_manage" and selects the full vendor view.'),
    policy.DocumentedRuleDefault(
        'refstack:vendor:list_all', FOUNDATION,
        'See every vendor in the vendor list. Others see the Foundation, the '
        'official vendors and their own vendors.',
        [{'path': '/v1/vendors', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:get', '%s or %s' % (MANAGE, PUBLIC_TYPE),
        'Show a vendor. Others than its managers see the short view of the '
        'Foundation and official vendors only.',
        [{'path': VENDOR, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:create', base.AUTHENTICATED,
        'Create a (private) vendor; the caller becomes its first member.',
        [{'path': '/v1/vendors', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:update', MANAGE,
        'Change the name, description and properties of a vendor.',
        [{'path': VENDOR, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:rename', '%s or (%s and not %s)' % (FOUNDATION, MEMBER, OFFICIAL),
        'Change the name of a vendor: only the Foundation renames an official '
        'vendor.',
        [{'path': VENDOR, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:delete', '%s or (%s and not %s)' % (FOUNDATION, MEMBER, OFFICIAL),
        'Delete a vendor with its products, versions, group and memberships. '
        'Only the Foundation deletes an official vendor; nobody deletes the '
        'Foundation organization.',
        [{'path': VENDOR, 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:register', MEMBER,
        'Ask the Foundation to make a private vendor official (private -> '
        'pending).',
        [{'path': VENDOR + '/action', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:cancel', MEMBER,
        'Withdraw a registration request (pending -> private).',
        [{'path': VENDOR + '/action', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:approve', FOUNDATION,
        'Approve a registration request (pending -> official).',
        [{'path': VENDOR + '/action', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:deny', FOUNDATION,
        'Decline a registration request with a reason (pending -> private).',
        [{'path': VENDOR + '/action', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:list_users', MANAGE,
        'List the members of a vendor.',
        [{'path': VENDOR + '/users', 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:add_user', MANAGE,
        'Add a user (who signed in at least once) to a vendor.',
        [{'path': USER, 'method': 'PUT'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:remove_user', MANAGE,
        'Remove a user from a vendor.',
        [{'path': USER, 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        'refstack:vendor:remove_last_user', FOUNDATION,
        'Remove the last member of a vendor, leaving it to the Foundation.',
        [{'path': USER, 'method': 'DELETE'}]),
]


def list_rules():
    return rules

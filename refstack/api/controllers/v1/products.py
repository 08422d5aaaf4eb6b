"""/v1/products: products (distros and clouds) and their versions.

Every handler validates its input, asks a named rule of
:mod:`refstack.policies.products`, makes its storage call and converts the
result; the policy target describes the product (see ``product_target``).

Deliberate differences from the original (api-contract 2.6, D11-D13, D26):

* POST: ``organization_id`` must name a vendor the caller manages (else 403);
  an unknown one is a 400 ``Organization with id <id> not found``; an empty
  or null one means the caller's default vendor, which is created in the
  same transaction as the product. ``product_type`` must be 0, 1 or 2.
* PUT: ``public`` must be a JSON boolean or a string (true, yes, 1 are
  true); numbers and other types are a 400 schema error (were 500).
* DELETE: an unknown id is a 404 for everyone (the Foundation got 204).
* Version routes: a version of another product is a 404 ``Version with id
  "<id>" not found`` (the original acted on it). A duplicate version is a
  409 ``Version "<v>" already exists for this product.`` (was 500); version
  names are stored trimmed.
"""

import pecan
from pecan import rest

from refstack.api import audit
from refstack.api import hooks
from refstack.api import utils
from refstack.api import validators
from refstack.api import views
from refstack.api.controllers.v1 import vendors
from refstack.common import exception
from refstack.common import policy
from refstack.db import api as db_api
from refstack.db import models

VERSION_LEN = 36
CPID_LEN = 128
PRODUCT_TYPES = [0, 1, 2]  # distro/appliance, public cloud, hosted private cloud

CREATE_SCHEMA = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'maxLength': vendors.NAME_LEN},
        'description': {'type': 'string', 'maxLength': vendors.MAX_TEXT},
        'product_type': {'type': 'integer', 'enum': PRODUCT_TYPES},
        'organization_id': {'type': ['string', 'null'], 'maxLength': models.UUID_LEN},
        'version': {'type': ['string', 'null'], 'maxLength': VERSION_LEN},
    },
    'required': ['name', 'product_type'],
    'additionalProperties': False,
}

UPDATE_SCHEMA = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'maxLength': vendors.NAME_LEN},
        'description': {'type': ['string', 'null'], 'maxLength': vendors.MAX_TEXT},
        'public': {'type': ['boolean', 'string']},
    },
}

VERSION_SCHEMA = {
    'type': 'object',
    'properties': {
        'version': {'type': 'string', 'maxLength': VERSION_LEN},
        'cpid': {'type': ['string', 'null'], 'maxLength': CPID_LEN},
    },
    'required': ['version'],
    'additionalProperties': False,
}

CPID_SCHEMA = {
    'type': 'object',
    'properties': {'cpid': {'type': ['string', 'null'], 'maxLength': CPID_LEN}},
}


def product_target(product, context, vendor=None):
    """The policy target describing a product (see refstack.policies.products)."""
    target = {'vendor_admin': str(product.organization_id in context.org_ids),
              'public': str(bool(product.public))}
    if vendor is not None:
        target['vendor_type'] = str(vendor.type)
    return target


def load_visible(product_id, context):
    """Return (product, can_manage); a private product of others is 403."""
    product = db_api.get_product(product_id)
    target = product_target(product, context)
    manage = policy.check('refstack:product:manage', target, context)
    if not manage:
        policy.authorize('refstack:product:get', target, context,
                         exc=exception.Forbidden('Forbidden.'))
    return product, manage


def load_for(rule, product_id, context):
    """Return a product the signed-in caller may act on with ``rule``."""
    vendors.require_login(context)
    product = db_api.get_product(product_id)
    policy.authorize(rule, product_target(product, context), context)
    return product


class VersionsController(rest.RestController):
    """/v1/products/{id}/versions[/{version_id}] (P6-P10)."""

    @pecan.expose('json')
    def get_all(self, product_id):
        product, _manage = load_visible(product_id, hooks.current_context())
        return [views.version(v) for v in db_api.list_product_versions(product.id)]

    @pecan.expose('json')
    def get_one(self, product_id, version_id):
        product, _manage = load_visible(product_id, hooks.current_context())
        return views.version(db_api.get_version_of_product(product.id, version_id))

    @pecan.expose('json')
    def post(self, product_id):
        context = hooks.current_context()
        product = load_for('refstack:product:create_version', product_id, context)
        data = vendors.read_json(pecan.request)
        validators.validate(VERSION_SCHEMA, data)
        vendors.check_name(data['version'], 'version')
        version = db_api.create_product_version(
            product.id, data['version'].strip(), data.get('cpid'), context.user_openid)
        audit.record(context, 'create', 'product_version', version.id,
                     after={'product_id': product.id, 'version': version.version,
                            'cpid': version.cpid})
        pecan.response.status = 201
        return views.version(version)

    @pecan.expose('json')
    def put(self, product_id, version_id=None, **kwargs):
        vendors.require_item(version_id)
        context = hooks.current_context()
        product = load_for('refstack:product:update_version', product_id, context)
        params = vendors.read_params(pecan.request)
        values = {'cpid': params['cpid']} if 'cpid' in params else {}
        validators.validate(CPID_SCHEMA, values)
        before = db_api.get_version_of_product(product.id, version_id)
        version = db_api.update_product_version(product.id, version_id, values)
        audit.record(context, 'update', 'product_version', version.id,
                     *audit.changes(before, values))
        return views.product_version(version)

    @pecan.expose('json')
    def delete(self, product_id, version_id=None):
        vendors.require_item(version_id)
        context = hooks.current_context()
        product = load_for('refstack:product:delete_version', product_id, context)
        db_api.delete_product_version(product.id, version_id)
        audit.record(context, 'delete', 'product_version', version_id,
                     before={'product_id': product.id})
        pecan.response.status = 204


class ProductsController(rest.RestController):
    """/v1/products (P1-P5)."""

    versions = VersionsController()

    @pecan.expose('json')
    def get_all(self, **kwargs):
        """Foundation admins see every product; others see public products and
        those of their vendors. ``organization_id`` filters by vendor."""
        context = hooks.current_context()
        org_id = pecan.request.GET.get('organization_id') or None
        if policy.check('refstack:product:list_all', {}, context):
            products = db_api.list_products(organization_id=org_id)
        else:
            products = db_api.list_products(organization_id=org_id,
                                            visible_to=context.org_ids)
        items = []
        for product in products:
            target = product_target(product, context)
            if policy.check('refstack:product:get', target, context):
                items.append(views.product(
                    product, policy.check('refstack:product:manage', target, context)))
        return {'products': items}

    @pecan.expose('json')
    def get_one(self, product_id):
        product, manage = load_visible(product_id, hooks.current_context())
        return views.product(product, manage, full=manage)

    @pecan.expose('json')
    def post(self):
        """Create a product under a vendor the caller manages; without
        ``organization_id``, under the caller's default vendor."""
        context = hooks.current_context()
        vendors.require_login(context)
        data = vendors.read_json(pecan.request)
        validators.validate(CREATE_SCHEMA, data)
        vendors.check_name(data['name'])
        org_id = data.get('organization_id') or None
        target = {'vendor_admin': 'True'}
        if org_id is not None:
            try:
                org = db_api.get_organization(org_id)
            except exception.OrganizationNotFound:
                raise exception.InvalidOrganization(org_id=org_id)
            org_id = org.id
            target = vendors.vendor_target(org, context)
        policy.authorize('refstack:product:create', target, context)
        version = (data.get('version') or '').strip() or None
        product = db_api.create_product(
            {'name': data['name'], 'description': data.get('description'),
             'product_type': data['product_type']},
            context.user_openid, organization_id=org_id, version=version)
        audit.record(context, 'create', 'product', product.id,
                     after={'name': product.name, 'organization_id': product.organization_id})
        pecan.response.status = 201
        return {'id': product.id}

    @pecan.expose('json')
    def put(self, product_id=None, **kwargs):
        vendors.require_item(product_id)
        context = hooks.current_context()
        vendors.require_login(context)
        product, vendor = db_api.get_product_and_vendor(product_id)
        target = product_target(product, context, vendor)
        policy.authorize('refstack:product:update', target, context)
        params = vendors.read_params(pecan.request)
        values = {key: params[key] for key in ('name', 'description', 'public')
                  if key in params}
        validators.validate(UPDATE_SCHEMA, values)
        if 'name' in values:
            vendors.check_name(values['name'])
        if 'public' in values:
            values['public'] = utils.str_to_bool(values['public'])
            if values['public']:
                policy.authorize('refstack:product:publish', target, context)
        if 'properties' in params:
            values['properties'] = vendors.dump_properties(params['properties'])
        before, after = audit.changes(product, values)
        product = db_api.update_product(product.id, values)
        audit.record(context, 'update', 'product', product.id, before, after)
        return views.product_summary(product)

    @pecan.expose('json')
    def delete(self, product_id=None):
        vendors.require_item(product_id)
        context = hooks.current_context()
        product = load_for('refstack:product:delete', product_id, context)
        db_api.delete_product(product.id)
        audit.record(context, 'delete', 'product', product.id,
                     before={'name': product.name, 'organization_id': product.organization_id})
        pecan.response.status = 204

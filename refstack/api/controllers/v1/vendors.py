"""/v1/vendors: vendors (organizations), their members and registration.

Every handler validates its input, asks a named rule of
:mod:`refstack.policies.vendors`, makes its storage call and converts the
result; the policy target describes the vendor (see ``vendor_target``).

Deliberate differences from the original (api-contract 2.5, D14, D15):

* DELETE: only the Foundation deletes an official vendor; the vendor's group
  and memberships go with it.
* GET users: 403 for non-members (was 200 ``null``).
* PUT users: idempotent; a user who never signed in is a 404 with a clear
  title; invalid base64 is a 400 (all were 500).
* DELETE users: only the Foundation removes a vendor's last member (403
  otherwise), and the Foundation organization always keeps one.
* PUT: a blank name is a 400; the official-name rule applies only when the
  name actually changes.
* Length limits (name 80, description 16000, properties 65000 characters)
  and strings that can not be stored give 400 instead of a database error;
  PUT/DELETE on the collection give 405.
"""

import base64
import functools
import json

import pecan
from pecan import rest

from refstack.api import audit
from refstack.api import hooks
from refstack.api import utils
from refstack.api import validators
from refstack.api import views
from refstack.common import exception
from refstack.common import policy
from refstack.db import api as db_api
from refstack.db import models

NAME_LEN = 80
# Characters of a description: a MySQL TEXT column holds 65535 bytes.
MAX_TEXT = 16000
# Characters of the stored properties JSON (json.dumps output is ASCII).
MAX_PROPERTIES = 65000
PUBLIC_TYPES = (db_api.FOUNDATION, db_api.OFFICIAL_VENDOR)
ACTIONS = ('register', 'approve', 'deny', 'cancel')
DECLINE_REASON = 'registration_decline_reason'

CREATE_SCHEMA = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'maxLength': NAME_LEN},
        'description': {'type': 'string', 'maxLength': MAX_TEXT},
    },
    'required': ['name'],
    'additionalProperties': False,
}

UPDATE_SCHEMA = {
    'type': 'object',
    'properties': {
        'name': {'type': 'string', 'maxLength': NAME_LEN},
        'description': {'type': ['string', 'null'], 'maxLength': MAX_TEXT},
    },
}


# ------------------------------------------------------------ shared helpers

def require_login(context):
    """The original's "must be logged in" guard: 401 with a null detail."""
    policy.authorize('authenticated', {}, context,
                     exc=exception.NotAuthenticated(context.auth_error))


def _encodable(data):
    """Refuse strings that can not be stored (JSON escapes of lone surrogates)."""
    try:
        json.dumps(data, ensure_ascii=False).encode('utf-8')
    except (UnicodeEncodeError, RecursionError):
        raise exception.MalformedRequest()
    return data


def read_json(request):
    """The body of a validated create, parsed whatever its Content-Type."""
    return _encodable(validators.parse_json(request.body))


def read_params(request):
    """The keyword-handler parameters: query and form, overlaid by a JSON body."""
    return _encodable(utils.merged_params(request))


def require_item(item_id):
    """PUT/DELETE on a collection path: 405 rather than a TypeError."""
    if item_id is None:
        raise exception.MethodNotAllowed()


def check_name(value, field='name'):
    """:raises: ValidationError '<field> should not be empty'"""
    if not value.strip():
        raise exception.ValidationError('%s should not be empty' % field)


def dump_properties(value):
    """Free-form properties as the JSON text they are stored (and shown) as."""
    if value is None:
        return None
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        raise validators.schema_error('properties: not serializable')
    if len(text) > MAX_PROPERTIES:
        raise validators.schema_error('properties: longer than %d characters'
                                      % MAX_PROPERTIES)
    return text


def load_properties(text):
    """Stored properties as a dict; anything but a JSON object gives {}."""
    try:
        value = json.loads(text) if text else None
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {}


def vendor_target(org, context):
    """The policy target describing a vendor (see refstack.policies.vendors)."""
    return {'vendor_admin': str(org.id in context.org_ids),
            'vendor_type': str(org.type)}


def decode_openid(parts, path=''):
    """The openid of a users/{openid_b64} path (standard base64 of UTF-8).

    A '/' of the encoding splits the value over several path segments, and
    pecan drops a trailing one: ``path`` (the request path) tells whether the
    encoding may have ended with '/'.

    :raises: InvalidOpenidEncoding
    """
    text = '/'.join(parts)
    for candidate in (text, text + '/') if path.endswith('/') else (text,):
        try:
            openid = base64.b64decode(candidate.encode('ascii'), validate=True).decode('utf-8')
        except ValueError:  # binascii.Error and Unicode errors included
            continue
        if openid.strip() and len(openid) <= models.OPENID_LEN:
            return openid
    raise exception.InvalidOpenidEncoding()


# ------------------------------------------------------------- controllers

class ActionController(rest.RestController):
    """/v1/vendors/{id}/action: the registration workflow (V6)."""

    # action -> (type required now, type afterwards)
    TRANSITIONS = {
        'register': (db_api.PRIVATE_VENDOR, db_api.PENDING_VENDOR),
        'cancel': (db_api.PENDING_VENDOR, db_api.PRIVATE_VENDOR),
        'approve': (db_api.PENDING_VENDOR, db_api.OFFICIAL_VENDOR),
        'deny': (db_api.PENDING_VENDOR, db_api.PRIVATE_VENDOR),
    }

    @pecan.expose('json')
    def post(self, vendor_id, **kwargs):
        context = hooks.current_context()
        require_login(context)
        params = read_params(pecan.request)
        actions = [key for key in params if key in ACTIONS]
        if len(actions) != 1:
            raise exception.BadRequest('Invalid actions in the body: %s' % actions)
        action = actions[0]
        org = db_api.get_organization(vendor_id)
        policy.authorize('refstack:vendor:%s' % action, vendor_target(org, context), context)
        if org.type == db_api.FOUNDATION:
            raise exception.Forbidden('Forbidden.')
        properties = None
        if action == 'approve':
            properties = self._approved
        elif action == 'deny':
            reason = params.get(DECLINE_REASON)
            if not isinstance(reason, str) or not reason.strip():
                raise exception.BadRequest('The decline reason can not be empty')
            properties = functools.partial(self._denied, reason=reason)
        from_type, to_type = self.TRANSITIONS[action]
        db_api.transition_organization(org.id, from_type, to_type, properties=properties)
        audit.record(context, action, 'vendor', org.id, {'type': from_type},
                     {'type': to_type, DECLINE_REASON: params.get(DECLINE_REASON)}
                     if action == 'deny' else {'type': to_type})
        # The original answers 200 with a JSON null body.

    @staticmethod
    def _approved(text):
        """Drop the decline reason; null properties become '{}'."""
        try:
            props = json.loads(text) if text else None
        except ValueError:
            return text
        if props is None:
            props = {}
        if not isinstance(props, dict):
            return text
        props.pop(DECLINE_REASON, None)
        return dump_properties(props)

    @staticmethod
    def _denied(text, reason):
        props = load_properties(text)
        props[DECLINE_REASON] = reason
        return dump_properties(props)


class UsersController(rest.RestController):
    """/v1/vendors/{id}/users[/{openid_b64}]: vendor members (V7-V9)."""

    @pecan.expose('json')
    def get_all(self, vendor_id):
        context = hooks.current_context()
        require_login(context)
        org = db_api.get_organization(vendor_id)
        policy.authorize('refstack:vendor:list_users', vendor_target(org, context), context)
        return [views.vendor_user(u) for u in db_api.get_organization_users(org.id)]

    @pecan.expose('json')
    def put(self, vendor_id, *parts, **kwargs):
        context = hooks.current_context()
        require_login(context)
        openid = decode_openid(parts, pecan.request.path_info)
        org = db_api.get_organization(vendor_id)
        policy.authorize('refstack:vendor:add_user', vendor_target(org, context), context)
        db_api.add_organization_user(org.id, openid, context.user_openid)
        audit.record(context, 'add_user', 'vendor', org.id, after={'user': openid})
        pecan.response.status = 204

    @pecan.expose('json')
    def delete(self, vendor_id, *parts, **kwargs):
        context = hooks.current_context()
        require_login(context)
        openid = decode_openid(parts, pecan.request.path_info)
        org = db_api.get_organization(vendor_id)
        target = vendor_target(org, context)
        policy.authorize('refstack:vendor:remove_user', target, context)
        # The Foundation organization always keeps an admin.
        allow_last = org.type != db_api.FOUNDATION and policy.check(
            'refstack:vendor:remove_last_user', target, context)
        db_api.remove_organization_user(org.id, openid, allow_last=allow_last)
        audit.record(context, 'remove_user', 'vendor', org.id, before={'user': openid})
        pecan.response.status = 204


class VendorsController(rest.RestController):
    """/v1/vendors (V1-V5)."""

    action = ActionController()
    users = UsersController()

    @pecan.expose('json')
    def get_all(self, **kwargs):
        """Foundation admins see every vendor; others see the Foundation and
        official vendors, followed by their own other vendors; newest first."""
        context = hooks.current_context()
        if policy.check('refstack:vendor:list_all', {}, context):
            orgs = db_api.list_organizations()
        else:
            orgs = db_api.list_organizations(types=PUBLIC_TYPES, org_ids=context.org_ids)
            orgs.sort(key=lambda org: org.type not in PUBLIC_TYPES)
        items = []
        for org in orgs:
            target = vendor_target(org, context)
            if policy.check('refstack:vendor:get', target, context):
                items.append(views.vendor(
                    org, policy.check('refstack:vendor:manage', target, context)))
        return {'vendors': items}

    @pecan.expose('json')
    def get_one(self, vendor_id):
        context = hooks.current_context()
        org = db_api.get_organization(vendor_id)
        target = vendor_target(org, context)
        manage = policy.check('refstack:vendor:manage', target, context)
        if not manage:
            policy.authorize('refstack:vendor:get', target, context,
                             exc=exception.Forbidden('Forbidden.'))
        return views.vendor(org, manage, full=manage)

    @pecan.expose('json')
    def post(self):
        context = hooks.current_context()
        require_login(context)
        data = read_json(pecan.request)
        validators.validate(CREATE_SCHEMA, data)
        check_name(data['name'])
        policy.authorize('refstack:vendor:create', {}, context)
        org = db_api.create_organization(data['name'], data.get('description'),
                                         context.user_openid)
        audit.record(context, 'create', 'vendor', org.id,
                     after={'name': org.name, 'type': org.type})
        pecan.response.status = 201
        return {'id': org.id}

    @pecan.expose('json')
    def put(self, vendor_id=None, **kwargs):
        require_item(vendor_id)
        context = hooks.current_context()
        require_login(context)
        org = db_api.get_organization(vendor_id)
        target = vendor_target(org, context)
        policy.authorize('refstack:vendor:update', target, context)
        params = read_params(pecan.request)
        values = {key: params[key] for key in ('name', 'description') if key in params}
        validators.validate(UPDATE_SCHEMA, values)
        if 'name' in values:
            check_name(values['name'])
            if values['name'] != org.name:
                policy.authorize('refstack:vendor:rename', target, context,
                                 exc=exception.Forbidden(
                                     'Name change for an official vendor is not allowed.'))
        if 'properties' in params:
            values['properties'] = dump_properties(params['properties'])
        before, after = audit.changes(org, values)
        org = db_api.update_organization(org.id, values)
        audit.record(context, 'update', 'vendor', org.id, before, after)
        return views.vendor(org, True, full=True)

    @pecan.expose('json')
    def delete(self, vendor_id=None):
        require_item(vendor_id)
        context = hooks.current_context()
        require_login(context)
        org = db_api.get_organization(vendor_id)
        policy.authorize('refstack:vendor:delete', vendor_target(org, context), context)
        if org.type == db_api.FOUNDATION:
            raise exception.Forbidden('Forbidden.')
        db_api.delete_organization(org.id)
        audit.record(context, 'delete', 'vendor', org.id,
                     before={'name': org.name, 'type': org.type})
        pecan.response.status = 204

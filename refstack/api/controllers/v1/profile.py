"""/v1/profile: the signed-in user and their public keys (U1-U5)."""

import pecan
from pecan import rest

from refstack.api import hooks
from refstack.api import validators
from refstack.common import exception
from refstack.common import keys
from refstack.common import policy
from refstack.db import api as db_api
from refstack.db import models

# The bytes a key registration's self-signature covers (api-contract section 3).
SELF_SIGNED_DATA = b'signature'
MAX_COMMENT = 128

PUBKEY_SCHEMA = {
    'type': 'object',
    'properties': {
        'raw_key': {'type': 'string'},
        'self_signature': {'type': 'string'},
    },
    'required': ['raw_key', 'self_signature'],
    'additionalProperties': False,
}


def signed_in(rule):
    """Authorize ``rule`` for the caller; returns the request context.

    :raises: NotAuthenticated (401, detail null unless a presented credential
        was refused) for anonymous callers, Forbidden otherwise.
    """
    context = hooks.current_context()
    denied = None
    if not context.is_authenticated:
        denied = exception.NotAuthenticated(context.auth_error)
    policy.authorize(rule, {}, context, exc=denied)
    return context


def pubkey_view(row):
    return {'id': row.id, 'openid': row.openid, 'format': row.format,
            'pubkey': row.pubkey, 'comment': row.comment or ''}


def parse_registration(data):
    """Check a key registration body in the original's order.

    :returns: the parsed keys.PublicKey
    :raises: ValidationError
    """
    raw_key = data['raw_key'].strip()
    keys.check_format(raw_key)
    signature = keys.decode_signature(data['self_signature'])
    key = keys.parse_public_key(raw_key)
    keys.check_strength(key)
    keys.verify(key, signature, SELF_SIGNED_DATA)
    if len(key.comment) > MAX_COMMENT:
        raise exception.ValidationError(
            'Public key comment is too long',
            extra={'detail': 'At most %d characters are kept.' % MAX_COMMENT})
    return key


class PubkeysController(rest.RestController):
    """/v1/profile/pubkeys"""

    _custom_actions = {'schema': ['GET']}

    @pecan.expose('json')
    def schema(self):
        """U5: the registration body schema (anyone)."""
        return PUBKEY_SCHEMA

    @pecan.expose('json')
    def get_all(self):
        """U2: the caller's keys."""
        context = signed_in('refstack:pubkey:list')
        return [pubkey_view(row) for row in db_api.get_user_pubkeys(context.user_openid)]

    @pecan.expose('json')
    def get_one(self, *args):
        """Single keys are not a resource: 404 like an unknown path."""
        pecan.abort(404)

    @pecan.expose('json')
    def post(self):
        """U3: register a key; the body proves possession (self-signature)."""
        context = signed_in('refstack:pubkey:create')
        data = validators.parse_json(pecan.request.body)
        validators.validate(PUBKEY_SCHEMA, data)
        key = parse_registration(data)
        key_id = db_api.store_pubkey(context.user_openid, key.format, key.body,
                                     key.comment, key.md5_hash)
        pecan.response.status = 201
        return key_id

    @pecan.expose('json')
    def delete(self, key_id=None, *rest):
        """U4: delete one of the caller's keys (404 for anyone else's)."""
        context = signed_in('refstack:pubkey:delete')
        if rest:
            raise exception.HTTPNotFound()
        if not key_id:
            error = exception.MethodNotAllowed()
            error.headers = {'Allow': 'GET, POST'}
            raise error
        if len(key_id) > models.UUID_LEN:
            raise exception.HTTPNotFound()
        db_api.delete_pubkey(context.user_openid, key_id)
        pecan.response.status = 204


class ProfileController(rest.RestController):
    """/v1/profile"""

    pubkeys = PubkeysController()

    @pecan.expose('json')
    def get_one(self, *args):
        """/v1/profile/{anything else}: 404 like an unknown path."""
        pecan.abort(404)

    @pecan.expose('json')
    def get_all(self):
        """U1: who the caller is, and whether they are a Foundation admin."""
        context = signed_in('refstack:profile:get')
        user = db_api.get_user(context.user_openid)
        return {'openid': user.openid, 'email': user.email, 'fullname': user.fullname,
                'is_admin': bool(context.is_foundation)}

"""Shared fixtures of the vendor and product API tests: callers and data."""

import contextlib
import json
import uuid

import sqlalchemy as sa

from refstack.db import api as db_api
from refstack.db import models
from tests import base

ALICE = 'https://openstackid.org/alice'
BOB = 'https://openstackid.org/bob'
CAROL = 'https://openstackid.org/carol'
DAVE = 'https://openstackid.org/dave'
ADMIN = 'https://openstackid.org/admin'

# Callers of the authorization matrices.
ANON = 'anonymous'
STRANGER = 'stranger'
MEMBER = 'member'
OTHER = 'other vendor member'
FOUNDATION = 'foundation'
ROLES = (ANON, STRANGER, MEMBER, OTHER, FOUNDATION)

FORBIDDEN = {'code': 403, 'title': 'Forbidden', 'detail': 'Forbidden.'}
NOT_LOGGED_IN = {'code': 401, 'title': 'Unauthorized', 'detail': None}


def is_uuid4(value):
    try:
        return uuid.UUID(value).version == 4
    except (TypeError, ValueError):
        return False


class VendorApiTestCase(base.ApiTestCase):
    """Callers: alice (member of her vendors), bob (signed-in stranger),
    carol (member of another vendor) and admin (Foundation)."""

    def setUp(self):
        super().setUp()
        self.alice = self.as_user(ALICE)
        self.bob = self.as_user(BOB)
        self.carol = self.as_user(CAROL)
        self.admin = self.as_user(ADMIN, admin=True)
        self.callers = {ANON: {}, STRANGER: self.bob, MEMBER: self.alice,
                        OTHER: self.carol, FOUNDATION: self.admin}

    # ------------------------------------------------------------ data

    def make_vendor(self, owner=ALICE, vendor_type=db_api.PRIVATE_VENDOR, name='vendor',
                    members=()):
        """A vendor of ``owner`` (and ``members``) in the given state; returns its id."""
        org = db_api.create_organization(name, 'about %s' % name, owner)
        for member in members:
            db_api.add_organization_user(org.id, member, owner)
        path = {db_api.PENDING_VENDOR: [(1, 2)], db_api.OFFICIAL_VENDOR: [(1, 2), (2, 3)]}
        for from_type, to_type in path.get(vendor_type, []):
            db_api.transition_organization(org.id, from_type, to_type)
        return org.id

    def make_product(self, org_id, owner=ALICE, name='product', public=False, product_type=1,
                     version=None):
        """A product (with its implicit version) of a vendor; returns its id."""
        product = db_api.create_product({'name': name, 'description': 'about %s' % name,
                                         'product_type': product_type},
                                        owner, organization_id=org_id, version=version)
        if public:
            db_api.update_product(product.id, {'public': True})
        return product.id

    def make_version(self, product_id, version='1.0', cpid=None, owner=ALICE):
        return db_api.create_product_version(product_id, version, cpid, owner).id

    def attach_run(self, version_id, cpid='cloud'):
        """A stored test run attached to a product version; returns its id."""
        test_id = str(uuid.uuid4())
        with db_api._writer() as session:
            session.add(models.Test(id=test_id, cpid=cpid, duration_seconds=1,
                                    product_version_id=version_id, verification_status=0,
                                    is_public=True))
        return test_id

    def foundation_id(self):
        return db_api.get_foundation().id

    def count_rows(self, model, *where):
        with db_api._reader() as session:
            return session.execute(sa.select(sa.func.count()).select_from(model)
                                   .where(*where)).scalar_one()

    # -------------------------------------------------------- requests

    def call(self, method, path, headers=None, body=None, status='*'):
        """Any request; a non-None body is sent as JSON."""
        kwargs = {'headers': headers or {}, 'status': status}
        if body is not None:
            kwargs.update(params=json.dumps(body), content_type='application/json')
        return getattr(self.app, method.lower())(path, **kwargs)

    @contextlib.contextmanager
    def count_queries(self):
        """Collect the SQL statements run inside the block."""
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        engine = db_api.get_engine()
        sa.event.listen(engine, 'before_cursor_execute', record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, 'before_cursor_execute', record)

    def check_matrix(self, matrix, factories):
        """Run every (route, caller) cell of an authorization matrix.

        :param matrix: {label: (method, path template, body, {role: status})};
            the template and string body values are formatted with the data.
        :param factories: {name: callable(data) -> id}; each cell gets fresh
            data, made on first use (GET cells share one set).
        """
        failures = []
        shared = Fixtures(factories)
        for label, (method, template, body, expected) in matrix.items():
            self.assertEqual(set(ROLES), set(expected), label)
            for role in ROLES:
                data = shared if method == 'GET' else Fixtures(factories)
                filled = None if body is None else {
                    key: value.format_map(data) if isinstance(value, str) else value
                    for key, value in body.items()}
                resp = self.call(method, template.format_map(data), self.callers[role],
                                 filled)
                if resp.status_int != expected[role]:
                    failures.append('%s as %s: expected %s, got %s %s' % (
                        label, role, expected[role], resp.status_int, resp.body[:200]))
        self.assertEqual([], failures)


# Path ids and raw bodies that must never cause a server error.
NASTY_IDS = ('x' * 400, '%00', '%F0%9F%98%80', "'%20OR%201=1", '..', '%25s')
NASTY_BODIES = ('', 'null', '[]', '"s"', '1e999', '{"a": ' * 50 + '1' + '}' * 50,
                '{"name": "\\ud800", "product_type": 1}', '{"name": {"a": 1}}',
                '{"description": "\\u0000", "name": "\\u0000x"}',
                '{"public": 1, "properties": [[[[[]]]]]}', '{"version": null, "cpid": []}',
                '{"organization_id": {}, "name": "n", "product_type": 0}',
                '{"deny": 1, "registration_decline_reason": ["x"]}',
                '{"register": 1, "approve": 1}', '{"cpid": "\\udfff"}')


def fuzz(test, requests, roles=(ANON, MEMBER)):
    """Send every (method, path, body) as each caller of ``roles``; no 5xx allowed."""
    errors = []
    for method, path, body in requests:
        for role in roles:
            headers = test.callers[role]
            resp = test.app.request(path, method=method, body=body.encode(),
                                    headers=dict(headers, **{'Content-Type':
                                                             'application/json'}),
                                    expect_errors=True)
            if resp.status_int >= 500:
                errors.append((method, path, body, role, resp.body))
    test.assertEqual([], errors)


class Fixtures(dict):
    """Test data made on first use by named factories."""

    def __init__(self, factories):
        super().__init__()
        self.factories = factories

    def __missing__(self, name):
        self[name] = self.factories[name](self)
        return self[name]

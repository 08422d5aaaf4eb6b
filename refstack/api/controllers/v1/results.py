"""/v1/results: upload, list, show, associate/verify and delete test runs."""

import hashlib
import zlib

import pecan
from pecan import rest

from refstack.api import audit
from refstack.api import hooks
from refstack.api import render
from refstack.api import utils
from refstack.api import validators
from refstack.api import views
from refstack.common import cache
from refstack.common import exception
from refstack.common import keys
from refstack.common import policy
from refstack.conf import CONF
from refstack.db import api as db_api
from refstack.db import outcomes
from refstack import guidelines
from refstack import ingest

# The keys owners may write are exactly those everybody may read.
WRITABLE_META_KEYS = views.PUBLIC_META_KEYS
FULL_VIEW_ROLES = ('owner', 'foundation')
MAX_META_VALUE = 65536
VERIFIED = 1
ANON_DISABLED = ('Anonymous result uploads are disabled. Please create a user account '
                 'and an api key at https://refstack.openstack.org/#/')
KEY_NOT_FOUND = ('User with specified key not found. Please log into the RefStack '
                 'server to upload your key.')


def result_target(test, context):
    """The policy target describing a run (see refstack.policies.results)."""
    version = test.product_version
    if version is None:
        return {'owner_openid': test.owner_openid or '', 'vendor_admin': 'False',
                'public': str(bool(test.is_public))}
    return {'owner_openid': '',
            'vendor_admin': str(version.product_info.organization_id in context.org_ids),
            'public': str(bool(test.is_public))}


def result_role(test, context, memo=None):
    """'foundation', 'owner', 'user' or None: the caller's role on a run.

    :param memo: optional dict reused across the runs of one list, so each
        distinct policy target is evaluated once.
    """
    target = result_target(test, context)
    key = tuple(sorted(target.items()))
    if memo is not None and key in memo:
        return memo[key]
    role = None
    if policy.check('foundation', target, context):
        role = 'foundation'
    elif policy.check('refstack:result:owner', target, context):
        role = 'owner'
    elif policy.check('refstack:result:get', target, context):
        role = 'user'
    if memo is not None:
        memo[key] = role
    return role


def visible_role(test, context):
    """The caller's role on a run; a run they may not see is reported missing."""
    role = result_role(test, context)
    if role is None:
        raise exception.TestResultNotFound(test_id=test.id)
    return role


def load_visible(test_id, context):
    """Return (run, role) of a run the caller may see (404 otherwise)."""
    test = db_api.get_test_result(test_id)
    return test, visible_role(test, context)


def load_for_update(test_id, context):
    """Return a run the caller may change (401/403 otherwise)."""
    test, _role = load_visible(test_id, context)
    policy.authorize('refstack:result:update', result_target(test, context), context,
                     exc=_denied(context))
    return test


def _denied(context):
    """The original's answer to a caller who may see but not change a run."""
    if context.is_authenticated:
        return exception.Forbidden('')
    return exception.Unauthorized(context.auth_error or '')


def _meta_truthy(test, key):
    return any(m.meta_key == key and m.value for m in test.meta)


class MetadataController(rest.RestController):
    """/v1/results/{id}/meta[/{key}]"""

    @pecan.expose('json')
    def get_all(self, test_id):
        context = hooks.current_context()
        test, role = load_visible(test_id, context)
        return views.meta_dict(test, role in FULL_VIEW_ROLES)

    @pecan.expose('json')
    def get_one(self, test_id, key):
        context = hooks.current_context()
        test, role = load_visible(test_id, context)
        if key not in views.PUBLIC_META_KEYS:
            policy.authorize('refstack:result:owner', result_target(test, context), context,
                             exc=_denied(context))
        return views.meta_dict(test, True).get(key)

    @staticmethod
    def _check_key(key):
        if key is None:
            # POST/DELETE on .../meta itself: only its keys can be written.
            error = exception.MethodNotAllowed()
            error.headers = {'Allow': 'GET'}
            raise error
        if key not in WRITABLE_META_KEYS:
            raise exception.Forbidden(
                'Only the keys shared, guideline and target can be changed.')

    @pecan.expose('json')
    def post(self, test_id, key=None):
        self._check_key(key)
        context = hooks.current_context()
        test = load_for_update(test_id, context)
        if test.verification_status == VERIFIED:
            raise exception.Forbidden(
                'Can not add/alter a new metadata key for a verified test run.')
        body = pecan.request.body
        if len(body) > MAX_META_VALUE:
            raise exception.PayloadTooLarge('A metadata value is limited to %d bytes.'
                                            % MAX_META_VALUE)
        try:
            value = body.decode('utf-8')
        except UnicodeDecodeError:
            raise exception.MalformedRequest()
        db_api.save_test_result_meta(test_id, key, value)
        audit.record(context, 'set_meta', 'result', test_id,
                     {key: views.meta_dict(test, True).get(key)}, {key: value})
        pecan.response.status = 201

    @pecan.expose('json')
    def delete(self, test_id, key=None):
        self._check_key(key)
        context = hooks.current_context()
        test = load_for_update(test_id, context)
        if test.verification_status == VERIFIED:
            raise exception.Forbidden(
                'Can not delete a metadata key for a verified test run.')
        db_api.delete_test_result_meta(test_id, key)
        audit.record(context, 'delete_meta', 'result', test_id,
                     before={key: views.meta_dict(test, True).get(key)})
        pecan.response.status = 204


class TestsController(rest.RestController):
    """/v1/results/{id}/tests[?status=failed,skipped]: every test of a run.

    Failure and skip details are shown to the run's owner and the Foundation only.
    """

    @pecan.expose('json')
    def get_all(self, test_id, **kwargs):
        context = hooks.current_context()
        _test, role = load_visible(test_id, context)
        statuses = None
        if _query('status'):
            statuses = [s.strip() for s in _query('status').split(',') if s.strip()]
            unknown = [s for s in statuses if s not in outcomes.STATUS_CODES]
            if unknown:
                raise exception.ParameterError(
                    'Invalid status: %s (use %s)' % (', '.join(unknown)[:100], ', '.join(
                        outcomes.STATUS_CODES)))
        tests = db_api.get_test_result_outcomes(test_id, statuses)
        if role not in FULL_VIEW_ROLES:
            for test in tests:
                test.pop('detail')
        return {'tests': tests}


def _query(name):
    """A query parameter's last value (repeated parameters arrive as lists), or None."""
    return pecan.request.GET.get(name) or None


class ReportController(rest.RestController):
    """/v1/results/{id}/report?guideline=2020.06.json&target=platform

    The run scored against a guideline (ui.md 2.5.1), computed on the server.
    Without parameters the run's guideline/target meta, then the newest
    approved guideline and ``platform``, are used. Rendered reports are kept
    in a per-process LRU (``[api] report_cache_mb``), zlib-compressed (a
    140 KB report takes 20 KB) from their second view on, so that a first
    view does not pay for it: a run's outcomes never change and a changed
    guideline file is a new Guideline object, so the key (run, guideline
    object, target, selection) never serves stale data.
    """

    _cache = None

    @classmethod
    def cache(cls):
        budget = CONF.api.report_cache_mb * 1024 * 1024
        if cls._cache is None or cls._cache.max_size != budget:
            cls._cache = cache.SizedLRU(budget)
        return cls._cache

    @pecan.expose('json')
    def get_all(self, test_id, **kwargs):
        # The passed tests come in the same transaction when not yet cached.
        test, passed, _counts = db_api.get_test_result_with_passed(test_id)
        visible_role(test, hooks.current_context())
        chosen, target, origin = guidelines.select(
            views.meta_dict(test, True), _query('guideline'), _query('target'))
        key = (test.id, chosen, target, origin['guideline'], origin['target'])
        reports = self.cache()
        kept = reports.get(key)
        if isinstance(kept, bytes):
            return render.Rendered(zlib.decompress(kept).decode('utf-8'))
        if kept is not None:  # viewed for the second time: worth compressing
            reports.put(key, zlib.compress(kept.encode('utf-8'), 1))
            return render.Rendered(kept)
        body = render.dumps(guidelines.report_for_selection(chosen, target, origin, passed))
        reports.put(key, body)
        return body


class BadgeController(rest.RestController):
    """/v1/results/{id}/badge: an SVG compliance badge for public runs."""

    @pecan.expose(content_type='image/svg+xml')
    def get_all(self, test_id, **kwargs):
        test, passed, _counts = db_api.get_test_result_with_passed(test_id)
        if not test.is_public:
            raise exception.TestResultNotFound(test_id=test_id)
        svg = guidelines.badge_for_run(passed, views.meta_dict(test, True),
                                       _query('guideline'), _query('target'))
        pecan.response.headers['Cache-Control'] = 'public, max-age=300'
        return svg


class ResultsController(rest.RestController):
    """/v1/results"""

    meta = MetadataController()
    tests = TestsController()
    report = ReportController()
    badge = BadgeController()

    _custom_actions = {'schema': ['GET']}

    @pecan.expose('json')
    def schema(self):
        return validators.UPLOAD_SCHEMA

    # ------------------------------------------------------------ upload

    @pecan.expose('json')
    def post(self):
        """Upload a run: RefStack JSON (any other Content-Type, as the original
        did), or natively a subunit v1/v2 stream (application/vnd.subunit,
        application/octet-stream, optionally gzipped) or JUnit XML
        (application/xml), with ``cpid`` and ``duration_seconds`` as query
        parameters. The signature covers the raw body in every format."""
        request = pecan.request
        body = request.body
        fmt = ingest.format_for_content_type(request.content_type)
        if fmt in (None, ingest.JSON):
            run, cpid, duration = self._parse_json_upload(request)
        else:
            run, cpid, duration = self._parse_native_upload(request, body, fmt)
        signer = self._check_signature(request, body)
        if not run.passed():
            raise exception.ValidationError(
                'Uploaded results must contain at least one passing test.')
        owner = self._bind_key(signer) if signer else None
        if owner is None and not CONF.api.enable_anonymous_upload:
            raise exception.Unauthorized(ANON_DISABLED)
        digest = ingest.content_hash(run, cpid)
        stored = {'cpid': cpid, 'duration_seconds': duration, 'owner_openid': owner,
                  'dedupe_key': dedupe_key(owner, digest),
                  'outcomes': [(o.name, o.uuid, outcomes.STATUS_CODES[o.status],
                                o.duration_ms, o.detail) for o in run.outcomes]}
        try:
            test_id = db_api.create_test_result(stored)
        except exception.DuplicateTestResult as e:
            e.extra.update({'test_id': e.test_id, 'url': utils.result_url(e.test_id)})
            raise
        pecan.response.status = 201
        return {'test_id': test_id, 'url': utils.result_url(test_id)}

    @staticmethod
    def _parse_json_upload(request):
        data = utils.request_json(request)
        validators.validate(validators.UPLOAD_SCHEMA, data)
        items = validators.check_upload_items(data, CONF.api.max_results_per_run)
        run = ingest.Run(outcomes=[ingest.TestOutcome(name, test_uuid, ingest.PASSED)
                                   for name, test_uuid in items],
                         source_format=ingest.JSON)
        return run, data['cpid'], data['duration_seconds']

    @staticmethod
    def _parse_native_upload(request, body, fmt):
        cpid = request.GET.get('cpid', '')
        if len(cpid) > validators.MAX_CPID_LENGTH:
            raise validators.schema_error(
                'cpid: longer than %d characters' % validators.MAX_CPID_LENGTH)
        run = ingest.parse_run(body, fmt=fmt, max_tests=CONF.api.max_results_per_run,
                               max_bytes=CONF.api.max_request_body_size)
        duration = request.GET.get('duration_seconds')
        if duration in (None, ''):
            duration = int(run.duration_seconds or 0)
        else:
            try:
                duration = int(duration)
            except ValueError:
                raise validators.schema_error('duration_seconds: not an integer')
            if not 0 <= duration < 2 ** 31:
                raise validators.schema_error('duration_seconds: out of range')
        return run, cpid, duration

    @staticmethod
    def _check_signature(request, body):
        """Verify X-Signature/X-Public-Key; returns the key or None (unsigned)."""
        signature = request.headers.get('X-Signature', '').strip()
        public_key = request.headers.get('X-Public-Key', '').strip()
        if not signature and not public_key:
            return None
        raw_signature = keys.decode_signature(signature)
        if not public_key:
            raise exception.ValidationError('Malformed public key')
        key = keys.parse_public_key(public_key)
        keys.verify(key, raw_signature, body)
        return key

    @staticmethod
    def _bind_key(key):
        """The openid owning a signing key (api-contract section 3, step 4)."""
        rows = db_api.get_pubkeys_by_md5(key.md5_hash)
        if len(rows) > 1:
            rows = [r for r in rows if r.pubkey == key.body]
        if not rows:
            raise exception.Unauthorized(KEY_NOT_FOUND)
        return rows[0].openid

    # -------------------------------------------------------------- list

    @pecan.expose('json')
    def get_all(self, **kwargs):
        context = hooks.current_context()
        params = pecan.request.GET
        page = utils.parse_page(params.get('page'))
        start, end = utils.parse_date_range(params)
        filters = {'start_date': start, 'end_date': end, 'cpid': params.get('cpid') or None,
                   'verification_status': _parse_verification(
                       params.get('verification_status'))}
        if 'signed' in params:
            if not context.is_authenticated:
                raise exception.ParameterError(
                    'To see signed test results you need to authenticate')
            filters['signed_by'] = context.user_openid
        elif params.get('product_id'):
            product = db_api.get_product(params['product_id'])
            admin = policy.check('refstack:result:associate', {
                'vendor_admin': str(product.organization_id in context.org_ids)}, context)
            if not admin and not product.public:
                raise exception.Forbidden('Forbidden.')
            filters.update(product_id=product.id, product_admin=admin)
        per_page = CONF.api.results_per_page
        if 'marker' in params or 'limit' in params:
            # Keyset paging: no offset, no count; follow next_marker.
            limit = utils.parse_limit(params.get('limit'), per_page)
            tests = db_api.list_test_results(filters, limit,
                                             marker=params.get('marker') or None)
            pagination = {'limit': limit,
                          'next_marker': tests[-1].id if len(tests) == limit else None}
        else:
            total_pages, offset = utils.page_window(
                page, db_api.count_test_results(filters), per_page)
            tests = db_api.list_test_results(filters, per_page, offset=offset)
            pagination = {'current_page': page, 'total_pages': total_pages}
        memo = {}
        return {'results': [views.result_list_item(
                    t, result_role(t, context, memo) in FULL_VIEW_ROLES)
                    for t in tests],
                'pagination': pagination}

    # ----------------------------------------------------------- one run

    @pecan.expose('json')
    def get_one(self, test_id):
        test, passed, counts = db_api.get_test_result_with_passed(test_id)
        role = visible_role(test, hooks.current_context())
        detail = views.result_detail(test, role in FULL_VIEW_ROLES, role,
                                     [name for name, _uuid in passed])
        detail['counts'] = counts
        return detail

    @pecan.expose('json')
    def put(self, test_id=None, **kwargs):
        if test_id is None:
            raise exception.MethodNotAllowed()
        context = hooks.current_context()
        test = load_for_update(test_id, context)
        params = utils.merged_params(pecan.request)
        values = {}
        if 'product_version_id' in params:
            if test.verification_status == VERIFIED:
                raise exception.Forbidden(
                    'Can not update product_version_id for a verified test run.')
            version_id = params['product_version_id']
            if version_id:
                version = db_api.get_product_version(version_id)
                policy.authorize('refstack:result:associate', {
                    'vendor_admin': str(version.product_info.organization_id
                                        in context.org_ids)}, context)
                values['product_version_id'] = version.id
            else:
                values['product_version_id'] = None
        if 'verification_status' in params:
            values['verification_status'] = self._verification(
                test, params['verification_status'], context)
        if values:
            before, after = audit.changes(test, values)
            test = db_api.update_test_result(test_id, values)
            audit.record(context, 'update', 'result', test_id, before, after)
        pecan.response.status = 201
        return views.result(test, True)

    @staticmethod
    def _verification(test, value, context):
        if not policy.check('refstack:result:verify', {}, context):
            raise exception.Forbidden(
                'You do not have permission to change a verification status.')
        if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
            raise exception.BadRequest('Invalid verification_status value: %s'
                                       % str(value)[:64])
        if value == VERIFIED and not all(
                _meta_truthy(test, key) for key in ('target', 'guideline', 'shared')):
            raise exception.Forbidden(
                'In order to mark a test verified, the test must be shared and have '
                'been associated to a guideline and target program.')
        return value

    @pecan.expose('json')
    def delete(self, test_id=None):
        if test_id is None:
            raise exception.MethodNotAllowed()
        context = hooks.current_context()
        test = load_for_update(test_id, context)
        if test.verification_status == VERIFIED:
            raise exception.Forbidden('Can not delete a verified test run.')
        db_api.delete_test_result(test_id)
        audit.record(context, 'delete', 'result', test_id,
                     before={'cpid': test.cpid, 'owner': test.owner_openid})
        pecan.response.status = 204


def _parse_verification(value):
    if value is None or value == '':
        return None
    try:
        status = int(value)
    except ValueError:
        status = None
    if status is None or not -2 ** 31 <= status < 2 ** 31:
        # Out of the column's range: the database would refuse the value.
        raise exception.ParameterError('Invalid verification_status value: %s' % value[:64])
    return status


def dedupe_key(owner, content_hash):
    """Identity of an upload: the signer (or nobody) and the run's content hash.

    The same run uploaded again by the same signer, or anonymously again,
    collides (409) instead of creating a second row; see ingest.content_hash
    for what the content is.
    """
    return hashlib.sha256(('%s\n%s' % (owner or '', content_hash)).encode('utf-8')).hexdigest()

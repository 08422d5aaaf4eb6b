"""Storage API.

Every function here is one short transaction through oslo.db's enginefacade;
sessions never leave this module. Functions return model objects detached
from their session (relationships the callers need are loaded eagerly),
read-only :mod:`refstack.db.records` for the hot run reads, or plain
values, and raise :mod:`refstack.common.exception` errors.
"""

import hashlib
import operator
import threading
import time
import uuid

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_log import log
import sqlalchemy as sa
from sqlalchemy import orm

from refstack.common import cache
from refstack.common import exception
from refstack.conf import CONF
from refstack.db import models
from refstack.db import outcomes as outcome_codec
from refstack.db import records

LOG = log.getLogger(__name__)

FOUNDATION = 0
PRIVATE_VENDOR = 1
PENDING_VENDOR = 2
OFFICIAL_VENDOR = 3

_CONTEXT = threading.local()
_lock = threading.Lock()
_manager = None
# ((name, uuid) -> id) and (id -> (name, uuid)) of interned test names.
# Names are immutable once interned, so a process may keep them.
_NAME_IDS = {}
_NAMES = {}
_NAME_CACHE_LIMIT = 500000
_CHUNK = 500


def _connection_url():
    url = CONF.database.connection
    if url.startswith('mysql') and 'charset=' not in url:
        url += ('&' if '?' in url else '?') + 'charset=utf8mb4'
    return url


def _sqlite_connect(dbapi_connection, _record):
    """Embedded database: WAL and a busy timeout.

    A deferred transaction takes the write lock at its first write, so two
    transactions that read first can both want to write and one fails at
    once with 'database is locked' (no timeout helps). Taking the lock when
    the transaction begins (BEGIN IMMEDIATE, see _sqlite_begin) makes
    concurrent writers wait their turn instead.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA busy_timeout = 10000')
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.close()


def _sqlite_begin(connection):
    # Replaces oslo.db's listener, which emits a plain (deferred) BEGIN; its
    # commit/rollback listeners still clear the mark set here.
    if 'in_transaction' not in connection.info:
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        connection.info['in_transaction'] = True


def _use_immediate_transactions(engine):
    for listener in list(engine.dispatch.begin):
        if getattr(listener, '__name__', '') == '_sqlite_emit_begin':
            sa.event.remove(engine, 'begin', listener)
    sa.event.listen(engine, 'begin', _sqlite_begin)


def get_context_manager():
    """The process-wide transaction context, configured from CONF on first use."""
    global _manager
    with _lock:
        if _manager is None:
            manager = enginefacade.transaction_context()
            manager.configure(connection=_connection_url(), sqlite_fk=True,
                              sqlite_synchronous=CONF.database.sqlite_synchronous,
                              max_retries=CONF.database.max_retries,
                              connection_recycle_time=CONF.database.connection_recycle_time)
            if _connection_url().startswith('sqlite'):
                engine = manager.writer.get_engine()
                sa.event.listen(engine, 'connect', _sqlite_connect)
                _use_immediate_transactions(engine)
                engine.dispose()  # connections made before the listeners existed
            _manager = manager
        return _manager


def get_engine():
    return get_context_manager().writer.get_engine()


def reset():
    """Forget the engine and caches (used when the configuration changes)."""
    global _manager
    with _lock:
        if _manager is not None:
            try:
                _manager.writer.get_engine().dispose()
            except Exception:  # noqa: BLE001 - engine may never have started
                LOG.debug('engine dispose failed', exc_info=True)
        _manager = None
    clear_caches()


def clear_caches():
    """Forget interned names, passed tests and list counts (after the tables
    were emptied or replaced, e.g. by a restore)."""
    _NAME_IDS.clear()
    _NAMES.clear()
    _COUNTS.clear()
    _PASSED.clear()


def _reader():
    return get_context_manager().reader.using(_CONTEXT)


def _writer():
    return get_context_manager().writer.using(_CONTEXT)


def _new_id():
    return str(uuid.uuid4())


def _insert_ignore(session, table, rows):
    """Insert rows, silently skipping those that hit a unique key."""
    dialect = session.bind.dialect.name
    stmt = sa.insert(table)
    if dialect == 'mysql':
        stmt = stmt.prefix_with('IGNORE')
    elif dialect == 'sqlite':
        stmt = stmt.prefix_with('OR IGNORE')
    elif dialect == 'postgresql':
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        stmt = pg_insert(table).on_conflict_do_nothing()
    session.execute(stmt, rows)


# --------------------------------------------------------------- test names

def name_key(name, test_uuid):
    return hashlib.sha256(('%s\0%s' % (name, test_uuid or '')).encode('utf-8')).hexdigest()


def intern_test_names(pairs):
    """Return {(name, uuid): id} for the given pairs, creating missing rows.

    Runs in its own committed transaction, so a rolled back upload never
    leaves the process cache pointing at rows that do not exist.
    """
    result = {}
    missing = {}
    for pair in pairs:
        found = _NAME_IDS.get(pair)
        if found is None:
            missing[name_key(*pair)] = pair
        else:
            result[pair] = found
    if not missing:
        return result
    table = models.TestName.__table__
    with _writer() as session:
        for attempt in range(2):
            todo = list(missing)
            for start in range(0, len(todo), _CHUNK):
                chunk = todo[start:start + _CHUNK]
                query = sa.select(table.c.id, table.c.name_key).where(
                    table.c.name_key.in_(chunk))
                if attempt:
                    # A locking read sees rows that concurrent uploads committed
                    # after this transaction's snapshot (InnoDB repeatable read),
                    # which INSERT IGNORE skipped as duplicates.
                    query = query.with_for_update(read=True)
                rows = session.execute(query).all()
                for row_id, key in rows:
                    pair = missing.pop(key)
                    result[pair] = row_id
                    _remember_name(row_id, pair)
            if not missing or attempt:
                break
            _insert_ignore(session, table, [
                {'name_key': key, 'name': pair[0], 'uuid': pair[1]}
                for key, pair in missing.items()])
    if missing:
        raise exception.ServiceUnavailable('Could not store test names, please retry.')
    return result


def _remember_name(row_id, pair):
    if len(_NAMES) >= _NAME_CACHE_LIMIT:
        _NAMES.clear()
        _NAME_IDS.clear()
    _NAME_IDS[pair] = row_id
    _NAMES[row_id] = pair


def _names_for_ids(session, ids):
    unknown = [i for i in set(ids) if i not in _NAMES]
    table = models.TestName.__table__
    for start in range(0, len(unknown), _CHUNK):
        chunk = unknown[start:start + _CHUNK]
        for row_id, name, test_uuid in session.execute(
                sa.select(table.c.id, table.c.name, table.c.uuid)
                .where(table.c.id.in_(chunk))):
            _remember_name(row_id, (name, test_uuid))
    return {i: _NAMES[i] for i in ids if i in _NAMES}


# ------------------------------------------------------------- test results

# A run with its meta, product version and product in one query.
_RUN_LOAD = (orm.joinedload(models.Test.meta),
             orm.joinedload(models.Test.product_version)
             .joinedload(models.ProductVersion.product_info))


def _load_test(session, test_id):
    if not _valid_id(test_id):
        raise exception.TestResultNotFound(test_id=test_id)
    test = session.execute(
        sa.select(models.Test).options(*_RUN_LOAD)
        .where(models.Test.id == test_id)).unique().scalar_one_or_none()
    if test is None:
        raise exception.TestResultNotFound(test_id=test_id)
    return test


def get_test_result(test_id):
    """Return a run (:class:`refstack.db.records.Run`, with its meta and
    product version and product).

    :raises: TestResultNotFound
    """
    with _reader() as session:
        return _read_run(session, test_id)[0]


# One run by id, and the same with its packed outcomes (built once: building
# the statement costs more than running it).
_RUN_BY_ID, _RUN_WITH_OUTCOMES_BY_ID = (
    records.select_runs(outcomes=outcomes)
    .where(models.Test.id == sa.bindparam('test_id')).order_by(records.meta_order)
    for outcomes in (False, True))


def _read_run(session, test_id, statement=_RUN_BY_ID):
    """The run ``test_id`` and the rows it was read from."""
    if not _valid_id(test_id):
        raise exception.TestResultNotFound(test_id=test_id)
    rows = session.execute(statement, {'test_id': test_id}).all()
    if not rows:
        raise exception.TestResultNotFound(test_id=test_id)
    return records.runs_from_rows(rows)[0], rows


def _auto_association(session, cpid, owner_openid):
    """The product version an upload attaches to, or None (api-contract 2.1.1)."""
    if not cpid or not owner_openid:
        return None
    versions = session.execute(
        sa.select(models.ProductVersion.id, models.Product.organization_id)
        .join(models.Product, models.Product.id == models.ProductVersion.product_id)
        .where(models.ProductVersion.cpid == cpid).limit(2)).all()
    if len(versions) != 1:
        return None
    version_id, org_id = versions[0]
    org_ids = _user_org_ids(session, owner_openid)
    if org_id in org_ids or _is_foundation(session, owner_openid):
        return version_id
    return None


@oslo_db_api.retry_on_deadlock
def create_test_result(run):
    """Store an uploaded run.

    :param run: dict with ``cpid``, ``duration_seconds``, ``outcomes`` (list of
        ``(name, uuid, status_code, duration_ms, detail)``), optional
        ``owner_openid`` (signed uploads), ``dedupe_key`` and ``created_at``
        (imports and benchmarks; default now).
    :returns: the new run's id.
    :raises: DuplicateTestResult when ``dedupe_key`` was stored before.
    """
    items = run['outcomes']
    ids = intern_test_names([(name, test_uuid) for name, test_uuid, _, _, _ in items])
    name_ids = [ids[(name, test_uuid)] for name, test_uuid, _, _, _ in items]
    statuses = [status for _, _, status, _, _ in items]
    counts = {code: 0 for code in outcome_codec.STATUS_NAMES}
    for status in statuses:
        counts[status] += 1
    blob = outcome_codec.encode(name_ids, statuses, [d for _, _, _, d, _ in items])
    test_id = _new_id()
    owner = run.get('owner_openid')
    dedupe_key = run.get('dedupe_key')
    try:
        with _writer() as session:
            if dedupe_key:
                _raise_if_duplicate(session, dedupe_key)
            session.add(models.Test(
                id=test_id, cpid=run['cpid'], duration_seconds=run['duration_seconds'],
                owner_openid=owner, is_public=owner is None, dedupe_key=dedupe_key,
                verification_status=0,
                created_at=run.get('created_at') or models.utcnow().replace(microsecond=0),
                product_version_id=_auto_association(session, run['cpid'], owner)))
            session.flush()
            session.add(models.TestOutcomes(
                test_id=test_id, encoding=outcome_codec.ENCODING_V1, data=blob,
                passed=counts[outcome_codec.PASSED], failed=counts[outcome_codec.FAILED],
                skipped=counts[outcome_codec.SKIPPED],
                other=counts[outcome_codec.XFAIL] + counts[outcome_codec.UXSUCCESS]))
            if owner:
                session.add(models.TestMeta(test_id=test_id, meta_key='user', value=owner))
            details = [{'test_id': test_id, 'name_id': name_id, 'detail': item[4]}
                       for name_id, item in zip(name_ids, items) if item[4]]
            if details:
                session.execute(sa.insert(models.TestDetail.__table__), details)
        _forget_counts()
    except db_exc.DBDuplicateEntry:
        with _reader() as session:
            _raise_if_duplicate(session, dedupe_key)
        raise
    return test_id


def _raise_if_duplicate(session, dedupe_key):
    existing = session.execute(sa.select(models.Test.id).where(
        models.Test.dedupe_key == dedupe_key)).scalar_one_or_none()
    if existing:
        raise exception.DuplicateTestResult(test_id=existing)


def get_test_result_outcomes(test_id, statuses=None):
    """Return the run's tests as dicts sorted by name (then uuid).

    :param statuses: optional collection of status names to keep.
    """
    with _reader() as session:
        row = session.get(models.TestOutcomes, test_id)
        if row is None:
            return []
        name_ids, codes, durations = outcome_codec.decode(row.data)
        wanted = None
        if statuses is not None:
            wanted = {outcome_codec.STATUS_CODES[s] for s in statuses}
        keep = [i for i, code in enumerate(codes) if wanted is None or code in wanted]
        names = _names_for_ids(session, [name_ids[i] for i in keep])
        detail_ids = [name_ids[i] for i in keep
                      if codes[i] != outcome_codec.PASSED]
        details = {}
        if detail_ids:
            details = dict(session.execute(
                sa.select(models.TestDetail.name_id, models.TestDetail.detail)
                .where(models.TestDetail.test_id == test_id)).all())
    out = []
    for i in keep:
        name, test_uuid = names.get(name_ids[i], ('', None))
        out.append({'name': name, 'uuid': test_uuid,
                    'status': outcome_codec.STATUS_NAMES[codes[i]],
                    'duration_ms': durations[i],
                    'detail': details.get(name_ids[i])})
    out.sort(key=lambda item: (item['name'], item['uuid'] or ''))
    return out


def get_test_result_with_passed(test_id):
    """A run (see :func:`get_test_result`) with its passed tests and counts.

    :returns: (run, passed, counts): ``passed`` is a tuple of (name, uuid)
        sorted by name then uuid (the wire order), ``counts`` is
        {'passed', 'failed', 'skipped', 'other'}, or None for a run without
        outcomes
    :raises: TestResultNotFound
    """
    cached = _PASSED.get(test_id)
    with _reader() as session:
        if cached:
            return (_read_run(session, test_id)[0],) + cached
        # Not read before: the outcomes come in the run's own query.
        test, rows = _read_run(session, test_id, _RUN_WITH_OUTCOMES_BY_ID)
        return (test,) + _passed(session, test_id, rows[0])


# Passed tests and counts per run id: a run's outcomes never change once
# stored, so a process keeps them (bounded by the number of tests held; the
# name tuples themselves are shared with the intern cache).
_PASSED = cache.SizedLRU(200000, size=lambda value: len(value[0]) + 1)


def _passed(session, test_id, row):
    """Passed tests and counts from a row ending in records.OUTCOME_COLUMNS."""
    data, *figures = row[-len(records.OUTCOME_COLUMNS):]
    if data is None:
        return (), None
    name_ids, codes, _durations = outcome_codec.decode(data)
    passed_ids = [name_id for name_id, code in zip(name_ids, codes)
                  if code == outcome_codec.PASSED]
    names = _names_for_ids(session, passed_ids)
    counts = dict(zip(records.OUTCOME_COLUMNS[1:], figures))
    passed = _wire_order([names[i] for i in passed_ids if i in names])
    _PASSED.put(test_id, (passed, counts))
    return passed, counts


def _wire_order(pairs):
    """(name, uuid) pairs sorted by name, then uuid (None first), as a tuple."""
    pairs.sort(key=operator.itemgetter(0))  # C-level key: most names occur once
    if any(a[0] == b[0] for a, b in zip(pairs, pairs[1:])):
        pairs.sort(key=lambda pair: (pair[0], pair[1] or ''))
    return tuple(pairs)


def _visibility_clause(filters):
    """Translate the visibility part of the list filters into a WHERE clause."""
    test = models.Test
    if filters.get('signed_by'):
        return test.owner_openid == filters['signed_by']
    product_id = filters.get('product_id')
    if product_id:
        version_ids = sa.select(models.ProductVersion.id).where(
            models.ProductVersion.product_id == product_id)
        clause = test.product_version_id.in_(version_ids)
        if filters.get('product_admin'):
            return clause
        return sa.and_(clause, test.is_public == sa.true())
    return test.is_public == sa.true()


def _list_query(filters):
    test = models.Test
    clauses = [_visibility_clause(filters)]
    if filters.get('start_date'):
        clauses.append(test.created_at >= filters['start_date'])
    if filters.get('end_date'):
        clauses.append(test.created_at <= filters['end_date'])
    if filters.get('cpid'):
        clauses.append(test.cpid == filters['cpid'])
    if filters.get('verification_status') is not None:
        clauses.append(test.verification_status == filters['verification_status'])
    return clauses


# Counts of list queries, per process: {filter key: (expires, count)}. Page
# numbers need a total, but counting every matching row per request grows
# with the table; a count is reused for COUNT_TTL seconds and forgotten at
# once when this process changes any run (other API nodes see the change
# within COUNT_TTL).
COUNT_TTL = 10.0
_COUNTS = {}
_COUNTS_LIMIT = 4096


def _forget_counts():
    _COUNTS.clear()


def _count_key(filters):
    return tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))


def count_test_results(filters):
    """Number of runs matching the list filters (see list_test_results)."""
    key = _count_key(filters)
    now = time.monotonic()
    cached = _COUNTS.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    with _reader() as session:
        count = session.execute(
            sa.select(sa.func.count()).select_from(models.Test)
            .where(*_list_query(filters))).scalar_one()
    if len(_COUNTS) >= _COUNTS_LIMIT:
        _COUNTS.clear()
    _COUNTS[key] = (now + COUNT_TTL, count)
    return count


def list_test_results(filters, limit, offset=0, marker=None):
    """Return runs matching ``filters``, newest first, ties broken by id.

    The page's ids are found on the covering (filter, created_at, id)
    indexes first (a derived table), then only those rows are joined with
    their meta and product, so deep pages do not read the rows they skip;
    all in one query.

    :param filters: dict with optional keys ``start_date``, ``end_date``
        (naive UTC datetimes, inclusive), ``cpid``, ``verification_status``
        (int), and one visibility rule: ``signed_by`` (runs owned by that
        openid), ``product_id`` with ``product_admin`` (bool: all runs of the
        product, else only public ones), or by default public runs.
    :param limit: page size.
    :param offset: rows to skip (page based paging).
    :param marker: id of the last run of the previous page (keyset paging);
        used instead of ``offset`` when given.
    :raises: TestResultNotFound for an unknown marker.
    """
    test = models.Test
    clauses = _list_query(filters)
    with _reader() as session:
        if marker:
            anchor = session.execute(sa.select(test.created_at, test.id).where(
                test.id == marker)).first()
            if anchor is None:
                raise exception.TestResultNotFound(test_id=marker)
            clauses.append(sa.or_(
                test.created_at < anchor.created_at,
                sa.and_(test.created_at == anchor.created_at, test.id < anchor.id)))
            offset = 0
        newest_first = (test.created_at.desc(), test.id.desc())
        page = (sa.select(test.id).where(*clauses).order_by(*newest_first)
                .limit(limit).offset(offset).subquery())
        table = models.Test.__table__
        return records.runs_from_rows(session.execute(
            records.select_runs(table.join(page, page.c.id == table.c.id))
            .order_by(*newest_first, records.meta_order)))


@oslo_db_api.retry_on_deadlock
def update_test_result(test_id, values):
    """Set ``product_version_id`` and/or ``verification_status`` of a run."""
    allowed = {'product_version_id', 'verification_status'}
    with _writer() as session:
        test = _load_test(session, test_id)
        for key, value in values.items():
            if key in allowed:
                setattr(test, key, value)
        session.flush()
    _forget_counts()
    return get_test_result(test_id)


def delete_test_result(test_id):
    with _writer() as session:
        test = _load_test(session, test_id)
        for table in (models.TestDetail, models.TestOutcomes, models.TestMeta):
            session.execute(sa.delete(table).where(table.test_id == test_id))
        session.execute(sa.delete(models.Test).where(models.Test.id == test.id))
    _forget_counts()
    _PASSED.pop(test_id)


def _shared(value):
    return bool(value)


@oslo_db_api.retry_on_deadlock
def save_test_result_meta(test_id, key, value):
    """Create or replace one meta key of a run (keeps is_public in step)."""
    with _writer() as session:
        test = _load_test(session, test_id)
        row = session.execute(sa.select(models.TestMeta).where(
            models.TestMeta.test_id == test_id,
            models.TestMeta.meta_key == key)).scalar_one_or_none()
        if row is None:
            session.add(models.TestMeta(test_id=test_id, meta_key=key, value=value))
        else:
            row.value = value
        _refresh_visibility(test, key, value)
    _forget_counts()


def delete_test_result_meta(test_id, key):
    """Delete one meta key of a run.

    :raises: NotFound when the key is absent.
    """
    with _writer() as session:
        test = _load_test(session, test_id)
        deleted = session.execute(sa.delete(models.TestMeta).where(
            models.TestMeta.test_id == test_id,
            models.TestMeta.meta_key == key)).rowcount
        if not deleted:
            raise exception.NotFound(
                'Metadata key %s not found for test run %s' % (key, test_id))
        _refresh_visibility(test, key, None)
    _forget_counts()


def _refresh_visibility(test, key, value):
    if key == 'user':
        test.owner_openid = value
    if key in ('user', 'shared'):
        shared = value if key == 'shared' else next(
            (m.value for m in test.meta if m.meta_key == 'shared'), None)
        test.is_public = test.owner_openid is None or _shared(shared)


# ------------------------------------------------------------------- users

def get_user(openid):
    """:raises: UserNotFound"""
    with _reader() as session:
        user = session.execute(sa.select(models.User).where(
            models.User.openid == openid)).scalar_one_or_none()
    if user is None:
        raise exception.UserNotFound(openid=openid)
    return user


def find_user(openid):
    """The user with this openid, or None."""
    try:
        return get_user(openid)
    except exception.UserNotFound:
        return None


@oslo_db_api.retry_on_deadlock
def save_user(openid, email=None, fullname=None):
    """Create the user or refresh its email and full name; returns the user."""
    with _writer() as session:
        user = session.execute(sa.select(models.User).where(
            models.User.openid == openid)).scalar_one_or_none()
        if user is None:
            user = models.User(openid=openid)
            session.add(user)
        if email is not None:
            user.email = email
        if fullname is not None:
            user.fullname = fullname
        session.flush()
        return user


def _is_foundation(session, openid):
    if not openid:
        return False
    org = models.Organization
    return session.execute(
        sa.select(models.UserToGroup._id)
        .join(org, org.group_id == models.UserToGroup.group_id)
        .where(org.type == FOUNDATION, models.UserToGroup.user_openid == openid)
        .limit(1)).first() is not None


def _user_org_ids(session, openid):
    org = models.Organization
    return set(session.execute(
        sa.select(org.id).join(models.UserToGroup,
                               models.UserToGroup.group_id == org.group_id)
        .where(models.UserToGroup.user_openid == openid)).scalars())


def get_user_access(openid):
    """Return (is_foundation_admin, set of organization ids the user belongs to)."""
    with _reader() as session:
        return _user_access(session, openid)


def _user_access(session, openid):
    org = models.Organization
    rows = session.execute(
        sa.select(org.id, org.type)
        .join(models.UserToGroup, models.UserToGroup.group_id == org.group_id)
        .where(models.UserToGroup.user_openid == openid)).all()
    return any(org_type == FOUNDATION for _id, org_type in rows), {i for i, _t in rows}


def get_foundation():
    """The Foundation organization (the first of type 0), or None."""
    with _reader() as session:
        return session.execute(
            sa.select(models.Organization).where(models.Organization.type == FOUNDATION)
            .order_by(models.Organization.created_at, models.Organization.id)
            .limit(1)).scalar_one_or_none()


@oslo_db_api.retry_on_deadlock
def add_user_to_group(group_id, openid, created_by=None):
    """Add a membership; adding an existing member changes nothing."""
    with _writer() as session:
        _insert_ignore(session, models.UserToGroup.__table__, [{
            'group_id': group_id, 'user_openid': openid,
            'created_by_user': created_by, 'created_at': models.utcnow()}])


# ----------------------------------------------------------------- pubkeys

def get_user_pubkeys(openid):
    with _reader() as session:
        return list(session.execute(
            sa.select(models.PubKey).where(models.PubKey.openid == openid)
            .order_by(models.PubKey.created_at, models.PubKey.id)).scalars())


def get_user_keys_and_access(openid):
    """What a JWT request needs about its user, in one transaction.

    :returns: (rows of the user's keys with ``format`` and ``pubkey`` only,
        :func:`get_user_access` of the user)
    """
    key = models.PubKey
    with _reader() as session:
        rows = session.execute(
            sa.select(key.format, key.pubkey).where(key.openid == openid)
            .order_by(key.created_at, key.id)).all()
        return rows, _user_access(session, openid)


def get_pubkeys_by_md5(md5_hash):
    with _reader() as session:
        return list(session.execute(sa.select(models.PubKey).where(
            models.PubKey.md5_hash == md5_hash)).scalars())


@oslo_db_api.retry_on_deadlock
def store_pubkey(openid, key_format, pubkey, comment, md5_hash):
    """Register a public key; returns its id.

    :raises: PubkeyAlreadyExists when any user has registered the key.
    """
    key_id = _new_id()
    try:
        with _writer() as session:
            exists = session.execute(sa.select(models.PubKey.id).where(
                models.PubKey.md5_hash == md5_hash)).first()
            if exists:
                raise exception.PubkeyAlreadyExists()
            session.add(models.PubKey(id=key_id, openid=openid, format=key_format,
                                      pubkey=pubkey, comment=comment, md5_hash=md5_hash))
    except db_exc.DBDuplicateEntry:
        raise exception.PubkeyAlreadyExists()
    return key_id


def delete_pubkey(openid, key_id):
    """Delete one of the user's keys.

    :raises: NotFound when the user has no such key.
    """
    with _writer() as session:
        deleted = session.execute(sa.delete(models.PubKey).where(
            models.PubKey.id == key_id, models.PubKey.openid == openid)).rowcount
    if not deleted:
        raise exception.HTTPNotFound()


# ---------------------------------------------------------------- sessions

def create_session(session_id, openid, data, expires_at):
    with _writer() as session:
        session.add(models.Session(id=session_id, user_openid=openid, data=data,
                                   expires_at=expires_at))


def get_session(session_id):
    """The unexpired session with this id, or None."""
    with _reader() as session:
        return session.execute(sa.select(models.Session).where(
            models.Session.id == session_id,
            models.Session.expires_at > models.utcnow())).scalar_one_or_none()


def delete_session(session_id):
    with _writer() as session:
        session.execute(sa.delete(models.Session).where(models.Session.id == session_id))


def delete_expired_sessions():
    """Remove expired sessions; returns how many."""
    with _writer() as session:
        return session.execute(sa.delete(models.Session).where(
            models.Session.expires_at <= models.utcnow())).rowcount


# ------------------------------------------- sign-in (auth and profile, issue 5)

def pop_signin_session(session_id):
    """Delete the unexpired session of a sign-in in progress and return it.

    Only sessions without a user (sign-ins in progress) qualify. Of
    concurrent callers only one gets the session; the others get None.

    :returns: a detached ``models.Session`` copy, or None.
    """
    with _writer() as session:
        row = session.execute(sa.select(
            models.Session.id, models.Session.user_openid, models.Session.data,
            models.Session.created_at, models.Session.expires_at).where(
            models.Session.id == session_id, models.Session.user_openid.is_(None),
            models.Session.expires_at > models.utcnow())).first()
        if row is None:
            return None
        deleted = session.execute(sa.delete(models.Session).where(
            models.Session.id == session_id,
            models.Session.user_openid.is_(None))).rowcount
    if deleted != 1:
        return None
    return models.Session(**row._asdict())


# ---------------------------------------------------------------- products

def get_product(product_id):
    """:raises: ProductNotFound"""
    with _reader() as session:
        return _load_product(session, product_id)


def get_product_version(version_id):
    """A product version with its product loaded.

    :raises: ProductVersionNotFound
    """
    with _reader() as session:
        version = None
        if _valid_id(version_id):
            version = session.execute(
                sa.select(models.ProductVersion)
                .options(orm.selectinload(models.ProductVersion.product_info))
                .where(models.ProductVersion.id == version_id)).scalar_one_or_none()
    if version is None:
        raise exception.ProductVersionNotFound(version_id=version_id)
    return version


# ------------------------------------------------------ vendors and products
# Organizations (vendors, and the Foundation), their members, products and
# product versions (issue 6).

_NAME_LEN = 80


def _now():
    """Second-precision UTC now: what MySQL DATETIME keeps, on every backend."""
    return models.utcnow().replace(microsecond=0)


def _valid_id(value):
    return isinstance(value, str) and len(value) <= models.UUID_LEN


def _load_by_id(session, model, obj_id, not_found, lock=False):
    """The ``model`` row with id ``obj_id`` (locked for update if asked).

    :raises: ``not_found()`` when there is none (or the id is malformed).
    """
    row = None
    if _valid_id(obj_id):
        query = sa.select(model).where(model.id == obj_id)
        if lock:
            query = query.with_for_update()
        row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise not_found()
    return row


def _load_organization(session, org_id, lock=False):
    return _load_by_id(session, models.Organization, org_id,
                       lambda: exception.OrganizationNotFound(org_id=org_id), lock)


def get_organization(org_id):
    """:raises: OrganizationNotFound"""
    with _reader() as session:
        return _load_organization(session, org_id)


def list_organizations(types=None, org_ids=None):
    """Organizations, newest first.

    :param types: with ``org_ids``, keep organizations whose type is in
        ``types`` or whose id is in ``org_ids``; both None lists all of them.
    :param org_ids: see ``types``.
    """
    org = models.Organization
    query = sa.select(org).order_by(org.created_at.desc(), org.id.desc())
    if types is not None or org_ids is not None:
        query = query.where(sa.or_(org.type.in_(list(types or ())),
                                   org.id.in_(list(org_ids or ()))))
    with _reader() as session:
        return list(session.execute(query).scalars())


def _create_organization(session, name, description, creator):
    """Add a private vendor, its group and the creator's membership."""
    now = _now()
    group = models.Group(id=_new_id(), name=('Group for %s' % name)[:_NAME_LEN],
                         created_at=now)
    session.add(group)
    session.flush()
    session.add(models.UserToGroup(group_id=group.id, user_openid=creator,
                                   created_by_user=creator, created_at=now))
    org = models.Organization(id=_new_id(), type=PRIVATE_VENDOR, name=name,
                              description=description, group_id=group.id,
                              created_by_user=creator, properties=None, created_at=now)
    session.add(org)
    session.flush()
    return org


@oslo_db_api.retry_on_deadlock
def create_organization(name, description, creator):
    """Create a private vendor whose only member is ``creator`` (one transaction)."""
    with _writer() as session:
        return _create_organization(session, name, description, creator)


@oslo_db_api.retry_on_deadlock
def update_organization(org_id, values):
    """Set ``name``, ``description`` and/or ``properties`` (JSON text) of a vendor.

    :raises: OrganizationNotFound
    """
    with _writer() as session:
        org = _load_organization(session, org_id, lock=True)
        for key in ('name', 'description', 'properties'):
            if key in values:
                setattr(org, key, values[key])
        session.flush()
        return org


@oslo_db_api.retry_on_deadlock
def transition_organization(org_id, from_type, to_type, properties=None):
    """Move a vendor along the registration state machine, atomically.

    :param from_type: the type the vendor must have now.
    :param properties: optional callable(old JSON text) -> new JSON text,
        applied under the same row lock.
    :raises: OrganizationNotFound, InvalidOrganizationState
    """
    with _writer() as session:
        org = _load_organization(session, org_id, lock=True)
        if org.type != from_type:
            raise exception.InvalidOrganizationState()
        org.type = to_type
        if properties is not None:
            org.properties = properties(org.properties)
        session.flush()
        return org


@oslo_db_api.retry_on_deadlock
def delete_organization(org_id):
    """Delete a vendor with its products, versions, group and memberships.

    :raises: OrganizationNotFound, OrganizationInUse when a test run is
        attached to one of its product versions.
    """
    product_ids = sa.select(models.Product.id).where(
        models.Product.organization_id == org_id)
    version_ids = sa.select(models.ProductVersion.id).where(
        models.ProductVersion.product_id.in_(product_ids))
    with _writer() as session:
        org = _load_organization(session, org_id, lock=True)
        if session.execute(sa.select(models.Test.id).where(
                models.Test.product_version_id.in_(version_ids)).limit(1)).first():
            raise exception.OrganizationInUse()
        session.execute(sa.delete(models.ProductVersion).where(
            models.ProductVersion.product_id.in_(product_ids)))
        session.execute(sa.delete(models.Product).where(
            models.Product.organization_id == org.id))
        session.execute(sa.delete(models.Organization).where(
            models.Organization.id == org.id))
        session.execute(sa.delete(models.UserToGroup).where(
            models.UserToGroup.group_id == org.group_id))
        session.execute(sa.delete(models.Group).where(models.Group.id == org.group_id))


def get_organization_users(org_id):
    """The members of a vendor, sorted by openid.

    :raises: OrganizationNotFound
    """
    with _reader() as session:
        org = _load_organization(session, org_id)
        return list(session.execute(
            sa.select(models.User)
            .join(models.UserToGroup, models.UserToGroup.user_openid == models.User.openid)
            .where(models.UserToGroup.group_id == org.group_id)
            .order_by(models.User.openid)).scalars())


@oslo_db_api.retry_on_deadlock
def add_organization_user(org_id, openid, created_by):
    """Make a signed-up user a member of a vendor; members stay members.

    :raises: OrganizationNotFound, VendorUserNotFound
    """
    with _writer() as session:
        org = _load_organization(session, org_id)
        user = session.execute(sa.select(models.User.openid).where(
            models.User.openid == openid)).scalar_one_or_none()
        if user is None:
            raise exception.VendorUserNotFound(openid=openid)
        _insert_ignore(session, models.UserToGroup.__table__, [{
            'group_id': org.group_id, 'user_openid': user,
            'created_by_user': created_by, 'created_at': _now()}])


@oslo_db_api.retry_on_deadlock
def remove_organization_user(org_id, openid, allow_last=False):
    """Remove a user from a vendor (a no-op for non-members).

    Removals of one vendor are serialized by a lock on its row, so two
    members removing each other can not leave it empty.

    :param allow_last: whether the last member may be removed.
    :raises: OrganizationNotFound, LastVendorMember
    """
    link = models.UserToGroup
    with _writer() as session:
        org = _load_organization(session, org_id, lock=True)
        in_group = link.group_id == org.group_id
        if session.execute(sa.select(link._id).where(
                in_group, link.user_openid == openid).limit(1)).first() is None:
            return
        others = session.execute(sa.select(link._id).where(
            in_group, link.user_openid != openid).limit(1)).first()
        if others is None and not allow_last:
            raise exception.LastVendorMember()
        session.execute(sa.delete(link).where(in_group, link.user_openid == openid))


def _load_product(session, product_id, lock=False):
    return _load_by_id(session, models.Product, product_id,
                       lambda: exception.ProductNotFound(product_id=product_id), lock)


def get_product_and_vendor(product_id):
    """Return (product, its organization) in one query.

    :raises: ProductNotFound
    """
    with _reader() as session:
        row = None
        if _valid_id(product_id):
            row = session.execute(
                sa.select(models.Product, models.Organization)
                .join(models.Organization,
                      models.Organization.id == models.Product.organization_id)
                .where(models.Product.id == product_id)).first()
    if row is None:
        raise exception.ProductNotFound(product_id=product_id)
    return row[0], row[1]


def list_products(organization_id=None, visible_to=None):
    """Products sorted by name (case-sensitive), then id.

    :param organization_id: keep only this vendor's products.
    :param visible_to: None for every product; otherwise a collection of
        organization ids: keep public products and products of those vendors.
    """
    product = models.Product
    query = sa.select(product)
    if organization_id is not None:
        query = query.where(product.organization_id == organization_id)
    if visible_to is not None:
        query = query.where(sa.or_(product.public == sa.true(),
                                   product.organization_id.in_(list(visible_to))))
    with _reader() as session:
        products = list(session.execute(query).scalars())
    return sorted(products, key=lambda p: (p.name, p.id))


def _default_vendor(session, openid):
    """The caller's ``vendor_<openid>`` vendor, created when absent.

    The user's row is locked first, so concurrent requests of one user
    create a single default vendor.
    """
    name = ('vendor_%s' % openid)[:_NAME_LEN]
    session.execute(sa.select(models.User._id).where(models.User.openid == openid)
                    .with_for_update()).first()
    org = session.execute(
        sa.select(models.Organization)
        .join(models.UserToGroup, models.UserToGroup.group_id == models.Organization.group_id)
        .where(models.UserToGroup.user_openid == openid, models.Organization.name == name)
        .order_by(models.Organization.created_at, models.Organization.id)
        .limit(1)).scalar_one_or_none()
    return org or _create_organization(session, name, None, openid)


@oslo_db_api.retry_on_deadlock
def create_product(values, creator, organization_id=None, version=None):
    """Create a product and its implicit version, in one transaction.

    :param values: ``name``, ``description`` and ``product_type``.
    :param organization_id: the vendor; None uses (and creates when needed)
        the creator's default vendor ``vendor_<openid>``.
    :param version: name of the implicit version (None for the usual
        unnamed one).
    :raises: InvalidOrganization for an unknown vendor.
    :returns: the product.
    """
    with _writer() as session:
        if organization_id is None:
            org = _default_vendor(session, creator)
        else:
            try:
                org = _load_organization(session, organization_id)
            except exception.OrganizationNotFound:
                raise exception.InvalidOrganization(org_id=organization_id)
        now = _now()
        product = models.Product(
            id=_new_id(), name=values['name'], description=values.get('description'),
            product_type=values['product_type'],
            type=1 if values['product_type'] == 0 else 0, public=False,
            organization_id=org.id, created_by_user=creator, properties=None,
            created_at=now)
        session.add(product)
        session.flush()
        session.add(models.ProductVersion(id=_new_id(), product_id=product.id,
                                          version=version, cpid=None,
                                          created_by_user=creator, created_at=now))
        return product


@oslo_db_api.retry_on_deadlock
def update_product(product_id, values):
    """Set ``name``, ``description``, ``public`` and/or ``properties`` of a product.

    :raises: ProductNotFound
    """
    with _writer() as session:
        product = _load_product(session, product_id, lock=True)
        for key in ('name', 'description', 'public', 'properties'):
            if key in values:
                setattr(product, key, values[key])
        session.flush()
        return product


@oslo_db_api.retry_on_deadlock
def delete_product(product_id):
    """Delete a product and its versions.

    :raises: ProductNotFound, ProductInUse when a test run is attached to
        one of its versions.
    """
    version_ids = sa.select(models.ProductVersion.id).where(
        models.ProductVersion.product_id == product_id)
    with _writer() as session:
        product = _load_product(session, product_id, lock=True)
        if session.execute(sa.select(models.Test.id).where(
                models.Test.product_version_id.in_(version_ids)).limit(1)).first():
            raise exception.ProductInUse()
        session.execute(sa.delete(models.ProductVersion).where(
            models.ProductVersion.product_id == product.id))
        session.execute(sa.delete(models.Product).where(models.Product.id == product.id))


def list_product_versions(product_id):
    """The versions of a product: the implicit (unnamed) one first, then by age."""
    pv = models.ProductVersion
    with _reader() as session:
        return list(session.execute(
            sa.select(pv).where(pv.product_id == product_id)
            .order_by(sa.case((pv.version.is_(None), 0), else_=1),
                      pv.created_at, pv.version, pv.id)).scalars())


def _load_version_of(session, product_id, version_id):
    version = None
    if _valid_id(version_id):
        version = session.execute(
            sa.select(models.ProductVersion)
            .options(orm.selectinload(models.ProductVersion.product_info))
            .where(models.ProductVersion.id == version_id,
                   models.ProductVersion.product_id == product_id)).scalar_one_or_none()
    if version is None:
        raise exception.ProductVersionNotFound(version_id=version_id)
    return version


def get_version_of_product(product_id, version_id):
    """A version of this product (with the product loaded).

    :raises: ProductVersionNotFound, also when the version belongs to
        another product.
    """
    with _reader() as session:
        return _load_version_of(session, product_id, version_id)


@oslo_db_api.retry_on_deadlock
def create_product_version(product_id, version, cpid, creator):
    """Add a named version to a product.

    :raises: ProductNotFound, ProductVersionAlreadyExists
    """
    pv = models.ProductVersion
    try:
        with _writer() as session:
            product = _load_product(session, product_id)
            if session.execute(sa.select(pv.id).where(
                    pv.product_id == product.id, pv.version == version)).first():
                raise exception.ProductVersionAlreadyExists(version=version)
            row = pv(id=_new_id(), product_id=product.id, version=version, cpid=cpid,
                     created_by_user=creator, created_at=_now())
            session.add(row)
            session.flush()
            return row
    except db_exc.DBDuplicateEntry:
        raise exception.ProductVersionAlreadyExists(version=version)


@oslo_db_api.retry_on_deadlock
def update_product_version(product_id, version_id, values):
    """Set the ``cpid`` of a version of this product.

    :raises: ProductVersionNotFound
    """
    with _writer() as session:
        version = _load_version_of(session, product_id, version_id)
        if 'cpid' in values:
            version.cpid = values['cpid']
        session.flush()
        return version


@oslo_db_api.retry_on_deadlock
def delete_product_version(product_id, version_id):
    """Delete a named version of this product.

    :raises: ProductVersionNotFound, ImplicitVersionNotDeletable,
        ProductVersionInUse
    """
    with _writer() as session:
        version = _load_version_of(session, product_id, version_id)
        if not version.version:
            raise exception.ImplicitVersionNotDeletable()
        if session.execute(sa.select(models.Test.id).where(
                models.Test.product_version_id == version.id).limit(1)).first():
            raise exception.ProductVersionInUse()
        session.execute(sa.delete(models.ProductVersion).where(
            models.ProductVersion.id == version.id))


# -------------------------------------- legacy import and backups (issue 9)
# Bulk writers for ``refstack-manage import-legacy`` (refstack/db/legacy.py).
# Rows keep their legacy ids and timestamps; rows already present are left
# as they are, so an import can be re-run and resumed.

IMPORT_TABLES = ('user', 'pubkeys', 'group', 'user_to_group', 'organization',
                 'product', 'product_version')


def _import_table(table_name):
    if table_name not in IMPORT_TABLES:
        raise ValueError('not an importable table: %s' % table_name)
    return models.Base.metadata.tables[table_name]


def get_existing_keys(table_name, columns, keys):
    """Which of ``keys`` (tuples of ``columns`` values) have a row in the table.

    :param table_name: one of IMPORT_TABLES, or ``test``.
    :param columns: the key column names; the first is used in the query.
    :returns: the set of keys present (tuples).
    """
    table = (models.Test.__table__ if table_name == 'test'
             else _import_table(table_name))
    cols = [table.c[name] for name in columns]
    wanted = set(keys)
    found = set()
    firsts = sorted({key[0] for key in wanted if key[0] is not None})
    with _reader() as session:
        for start in range(0, len(firsts), _CHUNK):
            chunk = firsts[start:start + _CHUNK]
            for row in session.execute(sa.select(*cols).where(cols[0].in_(chunk))):
                if tuple(row) in wanted:
                    found.add(tuple(row))
    return found


def get_pubkey_owners_by_md5(md5_hashes):
    """{md5_hash: key id} of the registered keys with these hashes."""
    table = models.PubKey.__table__
    hashes = sorted(set(md5_hashes))
    out = {}
    with _reader() as session:
        for start in range(0, len(hashes), _CHUNK):
            chunk = hashes[start:start + _CHUNK]
            out.update(session.execute(sa.select(table.c.md5_hash, table.c.id)
                                       .where(table.c.md5_hash.in_(chunk))).all())
    return out


def insert_import_rows(table_name, rows):
    """Insert rows verbatim (ids and timestamps included).

    The rows go in as one transaction; when that hits a unique or foreign key
    error, each row is retried alone so that one bad row costs only itself.

    :returns: list of ``(row, reason)`` for the rows that were not stored.
    """
    table = _import_table(table_name)
    if not rows:
        return []
    try:
        with _writer() as session:
            session.execute(sa.insert(table), rows)
        return []
    except db_exc.DBError:
        LOG.debug('batch insert into %s failed; retrying row by row', table_name)
    failed = []
    for row in rows:
        try:
            with _writer() as session:
                session.execute(sa.insert(table), [row])
        except db_exc.DBDuplicateEntry:
            failed.append((row, 'duplicate of an existing row'))
        except db_exc.DBReferenceError:
            failed.append((row, 'refers to a missing row'))
        except db_exc.DBError as e:
            failed.append((row, str(e.inner_exception or e).splitlines()[0][:200]))
    return failed


def import_test_runs(runs):
    """Store runs with their given ids; runs whose id exists are skipped.

    Each run's test, packed outcomes (every test passed) and meta rows go in
    one transaction per call. ``owner_openid`` and ``is_public`` follow the
    ``user`` and ``shared`` meta exactly as :func:`save_test_result_meta`
    would set them.

    :param runs: dicts with ``id``, ``cpid``, ``duration_seconds``,
        ``product_version_id``, ``verification_status``, ``created_at``,
        ``updated_at``, ``tests`` (list of ``(name, uuid)``) and ``meta``
        (list of dicts with ``meta_key``, ``value``, ``created_at``,
        ``updated_at``).
    :returns: the set of ids stored.
    """
    ids = intern_test_names(list({pair for run in runs for pair in run['tests']}))
    test_table = models.Test.__table__
    stored = set()
    with _writer() as session:
        present = set(session.execute(sa.select(test_table.c.id).where(
            test_table.c.id.in_([run['id'] for run in runs]))).scalars())
        tests, blobs, metas = [], [], []
        for run in runs:
            if run['id'] in present or run['id'] in stored:
                continue
            stored.add(run['id'])
            meta = {m['meta_key']: m['value'] for m in run['meta']}
            owner = meta.get('user')
            tests.append({
                'id': run['id'], 'cpid': run['cpid'],
                'duration_seconds': run['duration_seconds'],
                'product_version_id': run['product_version_id'],
                'verification_status': run['verification_status'],
                'owner_openid': owner, 'is_public': owner is None or _shared(meta.get('shared')),
                'dedupe_key': None, 'created_at': run['created_at'],
                'updated_at': run['updated_at']})
            name_ids = [ids[pair] for pair in run['tests']]
            blobs.append({
                'test_id': run['id'], 'encoding': outcome_codec.ENCODING_V1,
                'data': outcome_codec.encode(name_ids, [outcome_codec.PASSED] * len(name_ids),
                                             [0] * len(name_ids)),
                'passed': len(name_ids), 'failed': 0, 'skipped': 0, 'other': 0})
            metas.extend(dict(m, test_id=run['id']) for m in run['meta'])
        if tests:
            session.execute(sa.insert(test_table), tests)
            session.execute(sa.insert(models.TestOutcomes.__table__), blobs)
        if metas:
            session.execute(sa.insert(models.TestMeta.__table__), metas)
    return stored


def get_import_test_counts(test_ids):
    """{test_id: (passed tests, meta rows)} of the stored runs among ``test_ids``."""
    outcomes = models.TestOutcomes.__table__
    meta = models.TestMeta.__table__
    test_ids = sorted(set(test_ids))
    out = {}
    with _reader() as session:
        for start in range(0, len(test_ids), _CHUNK):
            chunk = test_ids[start:start + _CHUNK]
            passed = dict(session.execute(sa.select(outcomes.c.test_id, outcomes.c.passed)
                                          .where(outcomes.c.test_id.in_(chunk))).all())
            metas = dict(session.execute(
                sa.select(meta.c.test_id, sa.func.count())
                .where(meta.c.test_id.in_(chunk)).group_by(meta.c.test_id)).all())
            for test_id in session.execute(sa.select(models.Test.id).where(
                    models.Test.id.in_(chunk))).scalars():
                out[test_id] = (passed.get(test_id, 0), metas.get(test_id, 0))
    return out


def count_rows():
    """{table name: row count} of every table of the schema."""
    with _reader() as session:
        return {name: session.execute(sa.select(sa.func.count()).select_from(table))
                .scalar_one()
                for name, table in sorted(models.Base.metadata.tables.items())}


def drop_all_tables():
    """Drop every table of the configured MySQL database (before a restore).

    Tables unknown to the models (an alembic version table, leftovers) go
    too, so the restored dump is all that remains.
    """
    engine = get_engine()
    with engine.begin() as conn:
        names = sa.inspect(conn).get_table_names()
        conn.execute(sa.text('SET FOREIGN_KEY_CHECKS=0'))
        try:
            for name in names:
                conn.execute(sa.text('DROP TABLE IF EXISTS `%s`' % name.replace('`', '``')))
        finally:
            conn.execute(sa.text('SET FOREIGN_KEY_CHECKS=1'))
    reset()


def count_stored_test_outcomes():
    """The number of test outcomes stored over all runs (legacy ``results`` rows)."""
    table = models.TestOutcomes.__table__
    with _reader() as session:
        return session.execute(sa.select(sa.func.coalesce(sa.func.sum(
            table.c.passed + table.c.failed + table.c.skipped + table.c.other), 0)
        )).scalar_one()


# -------------------------------------------------------------- operations

def get_schema_revisions(version_table):
    """The revisions alembic recorded in ``version_table`` (empty when none).

    One short read, used by the health check.

    :raises: oslo_db DBConnectionError when the database is unreachable.
    """
    table = sa.table(version_table, sa.column('version_num'))
    with _reader() as session:
        try:
            return sorted(session.execute(sa.select(table.c.version_num)).scalars())
        except db_exc.DBConnectionError:
            raise
        except db_exc.DBError:
            # The version table does not exist: nothing was migrated.
            return []


# ------------------------------------------------------------- rate limits

def _count_hit(connection, bucket, window_start, expires_at):
    table = models.RateLimit.__table__
    dialect = connection.dialect.name
    values = {'bucket': bucket, 'window_start': window_start, 'hits': 1,
              'expires_at': expires_at}
    if dialect == 'mysql':
        from sqlalchemy.dialects.mysql import insert as mysql_insert
        stmt = mysql_insert(table).values(values)
        stmt = stmt.on_duplicate_key_update(hits=table.c.hits + 1)
    else:
        if dialect == 'postgresql':
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        stmt = upsert(table).values(values).on_conflict_do_update(
            index_elements=['bucket', 'window_start'], set_={'hits': table.c.hits + 1})
    connection.execute(stmt)
    return connection.execute(sa.select(table.c.hits).where(
        table.c.bucket == bucket, table.c.window_start == window_start)).scalar_one()


@oslo_db_api.retry_on_deadlock
def hit_rate_limits(buckets):
    """Count one request in each fixed-window counter.

    Each increment commits on its own (autocommit, SQLite aside): the
    concurrent requests of one client or key share a counter row, and a
    transaction holding its lock until the API process got round to
    committing serialised them (8 concurrent uploads: 40 a second, 63
    without limits).

    :param buckets: list of ``(bucket, window_start, expires_at)``; bucket is
        a string of at most 64 characters, the times are Unix seconds.
    :returns: the counts, this request included (and any counted meanwhile),
        in the order of ``buckets``.
    """
    engine = get_engine()
    if engine.dialect.name == 'sqlite':
        # oslo.db begins every SQLite transaction itself (autocommit would
        # not commit), and SQLite locks the whole database anyway.
        with _writer() as session:
            return [_count_hit(session.connection(), *bucket) for bucket in buckets]
    with engine.connect().execution_options(isolation_level='AUTOCOMMIT') as connection:
        return [_count_hit(connection, *bucket) for bucket in buckets]


def purge_rate_limits(now):
    """Delete the counters whose window ended before ``now`` (Unix seconds)."""
    table = models.RateLimit.__table__
    with _writer() as session:
        return session.execute(sa.delete(table).where(table.c.expires_at < now)).rowcount


# ------------------------------------------------------------------- audit

def record_audit_event(actor, action, object_type, object_id, before=None, after=None):
    """Append one event to the audit log (``before``/``after``: JSON text)."""
    with _writer() as session:
        session.add(models.AuditEvent(actor=actor, action=action, object_type=object_type,
                                      object_id=object_id, before=before, after=after))


def list_audit_events(filters, limit, marker=None):
    """Audit events, newest first.

    :param filters: optional ``object_type``, ``object_id``, ``actor``.
    :param marker: id of the last event of the previous page.
    """
    event = models.AuditEvent
    clauses = [getattr(event, key) == value for key, value in filters.items()
               if key in ('object_type', 'object_id', 'actor') and value]
    if marker is not None:
        clauses.append(event.id < marker)
    with _reader() as session:
        return list(session.execute(sa.select(event).where(*clauses)
                                    .order_by(event.id.desc()).limit(limit)).scalars())

"""Import an original RefStack database into ours.

The source is the original's MySQL schema at its last migration
(``434be17a6ec3``, api-contract 4.1). Everything is copied with its ids and
timestamps, so old result and vendor URLs keep working:

* ``user``, ``pubkeys``, ``group``, ``user_to_group``, ``organization``,
  ``product`` and ``product_version`` row for row;
* ``test`` with its ``results`` (the passed test names and uuids, interned
  and packed into ``test_outcomes``) and ``meta`` rows; ``owner_openid`` and
  ``is_public`` are derived from the ``user`` and ``shared`` meta the way
  the storage API derives them.

The legacy Foundation (the first organization of type 0) is merged into
ours: its members join our Foundation group and its products move to our
Foundation. Rows that cannot be carried (a key registered twice, a
membership of a user who does not exist, a result row without a name...)
are listed in the report, never dropped silently.

Work goes in batches that each commit on their own. Rows already present in
the target (by id, or by their natural key) are skipped, so an interrupted
import is resumed by running it again, and a finished one adds nothing.
"""

import collections
import time

from oslo_db import exception as db_exc
import sqlalchemy as sa

from refstack.db import api as db_api

LEGACY_HEAD = '434be17a6ec3'
FOUNDATION = 0
PRIVATE_VENDOR = 1

_md = sa.MetaData()


def _mixin():
    return [sa.Column('created_at', sa.DateTime), sa.Column('updated_at', sa.DateTime),
            sa.Column('deleted_at', sa.DateTime), sa.Column('deleted', sa.Integer)]


L_USER = sa.Table('user', _md, sa.Column('_id', sa.Integer, primary_key=True),
                  sa.Column('openid', sa.String), sa.Column('email', sa.String),
                  sa.Column('fullname', sa.String), *_mixin())
L_PUBKEYS = sa.Table('pubkeys', _md, sa.Column('id', sa.String, primary_key=True),
                     sa.Column('openid', sa.String), sa.Column('format', sa.String),
                     sa.Column('pubkey', sa.Text), sa.Column('md5_hash', sa.String),
                     sa.Column('comment', sa.String), *_mixin())
L_GROUP = sa.Table('group', _md, sa.Column('id', sa.String, primary_key=True),
                   sa.Column('name', sa.String), sa.Column('description', sa.Text),
                   *_mixin())
L_USER_TO_GROUP = sa.Table('user_to_group', _md,
                           sa.Column('_id', sa.Integer, primary_key=True),
                           sa.Column('created_by_user', sa.String),
                           sa.Column('group_id', sa.String),
                           sa.Column('user_openid', sa.String), *_mixin())
L_ORGANIZATION = sa.Table('organization', _md, sa.Column('id', sa.String, primary_key=True),
                          sa.Column('type', sa.Integer), sa.Column('name', sa.String),
                          sa.Column('description', sa.Text), sa.Column('group_id', sa.String),
                          sa.Column('created_by_user', sa.String),
                          sa.Column('properties', sa.Text), *_mixin())
L_PRODUCT = sa.Table('product', _md, sa.Column('id', sa.String, primary_key=True),
                     sa.Column('name', sa.String), sa.Column('description', sa.Text),
                     sa.Column('type', sa.Integer), sa.Column('product_type', sa.Integer),
                     sa.Column('public', sa.Integer),
                     sa.Column('organization_id', sa.String),
                     sa.Column('created_by_user', sa.String),
                     sa.Column('properties', sa.Text), *_mixin())
L_PRODUCT_VERSION = sa.Table('product_version', _md,
                             sa.Column('id', sa.String, primary_key=True),
                             sa.Column('product_id', sa.String),
                             sa.Column('version', sa.String), sa.Column('cpid', sa.String),
                             sa.Column('created_by_user', sa.String), *_mixin())
L_TEST = sa.Table('test', _md, sa.Column('id', sa.String, primary_key=True),
                  sa.Column('cpid', sa.String), sa.Column('duration_seconds', sa.Integer),
                  sa.Column('product_version_id', sa.String),
                  sa.Column('verification_status', sa.Integer), *_mixin())
L_RESULTS = sa.Table('results', _md, sa.Column('_id', sa.Integer, primary_key=True),
                     sa.Column('test_id', sa.String), sa.Column('name', sa.String),
                     sa.Column('uuid', sa.String), *_mixin())
L_META = sa.Table('meta', _md, sa.Column('_id', sa.Integer, primary_key=True),
                  sa.Column('test_id', sa.String), sa.Column('meta_key', sa.String),
                  sa.Column('value', sa.Text), *_mixin())

LEGACY_TABLES = (L_USER, L_PUBKEYS, L_GROUP, L_USER_TO_GROUP, L_ORGANIZATION, L_PRODUCT,
                 L_PRODUCT_VERSION, L_TEST, L_RESULTS, L_META)
# The rows of each table the summary accounts for, in import order.
SUMMARY_TABLES = ('user', 'pubkeys', 'group', 'user_to_group', 'organization', 'product',
                  'product_version', 'test', 'results', 'meta')


class LegacyImportError(Exception):
    """The source can not be imported; the message says why."""


def decode_name(raw):
    """Decode a ``results.name`` read as bytes from its latin1 column.

    The original wrote names through connections of varying charsets, so the
    bytes are either UTF-8 (stored as-is in the latin1 column) or genuine
    latin1, which in MySQL is Windows-1252.

    :returns: ``(text, how)`` with ``how`` one of ``ascii``, ``utf8`` or ``latin1``.
    """
    if raw is None:
        return None, None
    if isinstance(raw, str):
        raw = raw.encode('utf-8')
    try:
        text = raw.decode('ascii')
        return text, 'ascii'
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode('utf-8'), 'utf8'
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode('cp1252'), 'latin1'
    except UnicodeDecodeError:
        # MySQL's latin1 maps the five bytes cp1252 leaves undefined to C1 controls.
        return raw.decode('latin-1'), 'latin1'


class TableReport:
    """What happened to the rows of one legacy table."""

    def __init__(self, name):
        self.name = name
        self.legacy = 0
        self.new = 0
        self.present = 0
        self.merged = 0
        self.not_carried = 0

    @property
    def accounted(self):
        return self.new + self.present + self.merged + self.not_carried

    @property
    def balanced(self):
        return self.accounted == self.legacy


class ImportReport:
    """Counts per table plus the notes (odd rows carried) and problems (rows
    not carried) found on the way."""

    MAX_LISTED = 20

    def __init__(self):
        self.tables = collections.OrderedDict((name, TableReport(name))
                                              for name in SUMMARY_TABLES)
        self.notes = collections.OrderedDict()
        self.problems = collections.OrderedDict()

    def note(self, kind, text):
        self.notes.setdefault(kind, []).append(text)

    def problem(self, table, kind, text):
        self.tables[table].not_carried += 1
        self.problems.setdefault(kind, []).append(text)

    @property
    def balanced(self):
        return all(t.balanced for t in self.tables.values())

    def lines(self, target_counts=None):
        out = []
        for title, entries in (('Carried, but worth a look', self.notes),
                               ('Not carried', self.problems)):
            if not entries:
                continue
            out.append('%s:' % title)
            for kind, items in entries.items():
                out.append('  %s: %d' % (kind, len(items)))
                for text in items[:self.MAX_LISTED]:
                    out.append('    - %s' % text)
                if len(items) > self.MAX_LISTED:
                    out.append('    ... and %d more' % (len(items) - self.MAX_LISTED))
        out.append('Per-table comparison (legacy rows = new + already present + merged '
                   '+ not carried):')
        out.append('  %-16s %9s %9s %9s %9s %11s %10s  %s' % (
            'table', 'legacy', 'new', 'present', 'merged', 'not carried', 'target', ''))
        for t in self.tables.values():
            target = ''
            if target_counts is not None:
                target = target_counts.get(t.name, '')
            out.append('  %-16s %9d %9d %9d %9d %11d %10s  %s' % (
                t.name, t.legacy, t.new, t.present, t.merged, t.not_carried, target,
                'ok' if t.balanced else 'MISMATCH'))
        return out


def error_text(exc):
    """The first line of a database error, without the driver's traceback."""
    inner = getattr(exc, 'inner_exception', None) or getattr(exc, 'orig', None) or exc
    return (str(inner).splitlines() or [type(inner).__name__])[0][:300]


def _url_with_charset(url):
    if url.startswith('mysql') and 'charset=' not in url:
        url += ('&' if '?' in url else '?') + 'charset=utf8mb4'
    return url


def _row(row, columns):
    return {c: row[c] for c in columns}


class LegacyImporter:
    """Copies a legacy database into the configured one (see module doc).

    :param source_url: SQLAlchemy URL of the legacy database.
    :param batch_size: rows (test runs, for ``test``) per transaction.
    :param progress: callable taking one line of progress text.
    """

    def __init__(self, source_url, batch_size=200, progress=print):
        self.source_url = source_url
        self.batch_size = max(1, int(batch_size))
        self.progress = progress
        self.report = ImportReport()
        self.engine = None
        self.legacy_foundation = None
        self.foundation = None
        self.merged_groups = {}
        self.org_map = {}
        self.type_map = {}

    # ------------------------------------------------------------ source

    def connect(self, allow_other_revision=False):
        """Open the source and check that it is an original RefStack schema.

        :raises: LegacyImportError
        """
        try:
            self.engine = sa.create_engine(_url_with_charset(self.source_url),
                                           pool_pre_ping=True)
            with self.engine.connect() as conn:
                tables = set(sa.inspect(conn).get_table_names())
                missing = [t.name for t in LEGACY_TABLES if t.name not in tables]
                if missing:
                    raise LegacyImportError(
                        'the source is not a RefStack database at its last migration: '
                        'missing table(s) %s' % ', '.join(missing))
                columns = {c['name'] for c in sa.inspect(conn).get_columns('test')}
                if 'verification_status' not in columns:
                    raise LegacyImportError(
                        'the source predates migration 59df512e82f (no '
                        'test.verification_status); upgrade it with the original '
                        'refstack-manage first')
                revision = self._revision(conn, tables)
        except sa.exc.ArgumentError as e:
            raise LegacyImportError('invalid --source URL: %s' % e)
        except sa.exc.SQLAlchemyError as e:
            raise LegacyImportError('cannot read the source database: %s' % error_text(e))
        except ImportError as e:
            raise LegacyImportError('no driver for the source URL: %s' % e)
        if revision != LEGACY_HEAD:
            text = ('the source is at revision %s, not %s (the original\'s last migration)'
                    % (revision, LEGACY_HEAD))
            if not allow_other_revision:
                raise LegacyImportError(text + '; --any-revision imports it anyway')
            self.report.note('source revision', text)
        return revision

    @staticmethod
    def _revision(conn, tables):
        for name in sorted(t for t in tables if t.endswith('alembic_version')):
            value = conn.execute(sa.select(sa.column('version_num'))
                                 .select_from(sa.table(name))).scalar()
            if value:
                return value
        return None

    def _count(self, table, *where):
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(table)
                                .where(*where)).scalar_one()

    def _batches(self, table, key, columns=None, batch_size=None):
        """Yield lists of row mappings in key order, one query per batch."""
        size = batch_size or self.batch_size
        last = None
        cols = columns or list(table.c)
        while True:
            query = sa.select(*cols).order_by(table.c[key]).limit(size)
            if last is not None:
                query = query.where(table.c[key] > last)
            with self.engine.connect() as conn:
                rows = [dict(r._mapping) for r in conn.execute(query)]
            if not rows:
                return
            last = rows[-1][key]
            yield rows

    def _tick(self, name, started):
        t = self.report.tables[name]
        self.progress('  %-16s %d/%d  (new %d, present %d, merged %d, not carried %d)  %.1fs'
                      % (name, t.accounted, t.legacy, t.new, t.present, t.merged,
                         t.not_carried, time.time() - started))

    # ------------------------------------------------------------ import

    def run(self):
        """Import everything; returns the report (see ``report.balanced``)."""
        if self.engine is None:
            self.connect()
        started = time.time()
        self._check_soft_deleted()
        self._plan_foundation()
        for step in (self._users, self._pubkeys, self._groups, self._memberships,
                     self._organizations, self._products, self._versions, self._tests):
            step()
        self.progress('Done in %.1fs.' % (time.time() - started))
        return self.report

    def _check_soft_deleted(self):
        for table in LEGACY_TABLES:
            n = self._count(table, sa.or_(table.c.deleted_at.isnot(None),
                                          sa.func.coalesce(table.c.deleted, 0) != 0))
            if n:
                self.report.note('soft-deleted rows (the original never deleted softly; '
                                 'carried as live rows)', '%s: %d row(s)' % (table.name, n))

    def _plan_foundation(self):
        """Decide how the legacy type-0 organizations map onto ours."""
        with self.engine.connect() as conn:
            orgs = [dict(r._mapping) for r in conn.execute(
                sa.select(L_ORGANIZATION).where(L_ORGANIZATION.c.type == FOUNDATION)
                .order_by(L_ORGANIZATION.c.created_at, L_ORGANIZATION.c.id))]
            other_users = {}
            for org in orgs:
                other_users[org['group_id']] = conn.execute(
                    sa.select(sa.func.count()).select_from(L_ORGANIZATION).where(
                        L_ORGANIZATION.c.group_id == org['group_id'],
                        L_ORGANIZATION.c.id != org['id'])).scalar_one()
        self.foundation = db_api.get_foundation()
        if not orgs:
            self.report.note('foundation', 'the source has no Foundation organization '
                             '(type 0); nobody there was a Foundation admin')
            return
        first, extra = orgs[0], orgs[1:]
        self.legacy_foundation = first
        if self.foundation is None:
            self.report.note('foundation', 'the target has no Foundation; the legacy one '
                             '(%s, "%s") is imported as it is' % (first['id'], first['name']))
        elif self.foundation.id != first['id']:
            self.org_map[first['id']] = self.foundation.id
            if not other_users[first['group_id']]:
                self.merged_groups[first['group_id']] = self.foundation.group_id
            self.report.note('foundation', 'legacy Foundation %s ("%s", group %s) merged into '
                             'ours, %s ("%s"): its members become Foundation admins and its '
                             'products move to it' % (
                                 first['id'], first['name'], first['group_id'],
                                 self.foundation.id, self.foundation.name))
        for org in extra:
            self.type_map[org['id']] = PRIVATE_VENDOR
            self.report.note('foundation', 'organization %s ("%s") also has type 0, which '
                             'the original ignored; imported as a private vendor (type 1) so '
                             'that its members do not become Foundation admins'
                             % (org['id'], org['name']))

    def _simple(self, name, table, key, convert, check=None, target_key=None):
        """Copy one table: convert rows, skip present ones, check, insert."""
        report = self.report.tables[name]
        report.legacy = self._count(table)
        started = time.time()
        target_key = target_key or (key,)
        for rows in self._batches(table, table.primary_key.columns.keys()[0]):
            converted = []
            for row in rows:
                out = convert(row)
                if out is None:
                    continue
                converted.append(out)
            if not converted:
                self._tick(name, started)
                continue
            present = db_api.get_existing_keys(
                name, target_key, [tuple(r[c] for c in target_key) for r in converted])
            todo = []
            seen = set()
            for r in converted:
                k = tuple(r[c] for c in target_key)
                if k in present:
                    report.present += 1
                elif k in seen:
                    report.merged += 1
                    self._merged_duplicate(name, r)
                else:
                    seen.add(k)
                    todo.append(r)
            if check is not None:
                todo = check(todo)
            failed = db_api.insert_import_rows(name, todo)
            for r, reason in failed:
                self.report.problem(name, '%s: insert failed' % name,
                                    '%s: %s' % (self._describe(name, r), reason))
            report.new += len(todo) - len(failed)
            self._tick(name, started)

    def _merged_duplicate(self, name, row):
        if name == 'user_to_group':
            self.report.note('duplicate memberships merged into one',
                             '%s in group %s' % (row['user_openid'], row['group_id']))
        else:
            self.report.note('duplicate %s rows merged' % name, self._describe(name, row))

    @staticmethod
    def _describe(name, row):
        if name == 'user':
            return row['openid']
        if name == 'user_to_group':
            return '%s in group %s' % (row['user_openid'], row['group_id'])
        return '%s %s' % (name, row.get('id'))

    def _missing_parents(self, table, column, rows):
        """The rows' values of ``column`` that have no row in target ``table``."""
        values = {r[column] for r in rows if r[column] is not None}
        key = {'user': 'openid'}.get(table, 'id')
        found = db_api.get_existing_keys(table, (key,), [(v,) for v in values])
        return {v for v in values if (v,) not in found}

    # users and keys ----------------------------------------------------

    def _users(self):
        cols = ('openid', 'email', 'fullname', 'created_at', 'updated_at')
        self._simple('user', L_USER, '_id', lambda r: _row(r, cols), target_key=('openid',))

    def _pubkeys(self):
        cols = ('id', 'openid', 'format', 'pubkey', 'md5_hash', 'comment', 'created_at',
                'updated_at')

        # A key registered by several users stays with the first to register it.
        with self.engine.connect() as conn:
            dups = set(conn.execute(
                sa.select(L_PUBKEYS.c.md5_hash).group_by(L_PUBKEYS.c.md5_hash)
                .having(sa.func.count() > 1)).scalars())
            first = {}
            if dups:
                for row in conn.execute(sa.select(L_PUBKEYS.c.id, L_PUBKEYS.c.md5_hash)
                                        .where(L_PUBKEYS.c.md5_hash.in_(dups))
                                        .order_by(L_PUBKEYS.c.created_at, L_PUBKEYS.c.id)):
                    first.setdefault(row.md5_hash, row.id)

        def check(rows):
            missing = self._missing_parents('user', 'openid', rows)
            owners = db_api.get_pubkey_owners_by_md5([r['md5_hash'] for r in rows])
            keep = []
            for r in rows:
                holder = owners.get(r['md5_hash']) or first.get(r['md5_hash'], r['id'])
                if r['openid'] in missing:
                    self.report.problem('pubkeys', 'keys of users that do not exist',
                                        'key %s of %s' % (r['id'], r['openid']))
                elif holder != r['id']:
                    self.report.problem(
                        'pubkeys', 'keys registered twice (a key belongs to one user here)',
                        'key %s of %s (MD5 %s) is also key %s, which is kept' % (
                            r['id'], r['openid'], r['md5_hash'], holder))
                else:
                    keep.append(r)
            return keep

        self._simple('pubkeys', L_PUBKEYS, 'id', lambda r: _row(r, cols), check)

    # groups and memberships --------------------------------------------

    def _groups(self):
        cols = ('id', 'name', 'description', 'created_at', 'updated_at')
        with self.engine.connect() as conn:
            used = set(conn.execute(sa.select(L_ORGANIZATION.c.group_id)).scalars())

        def convert(r):
            if r['id'] in self.merged_groups:
                self.report.tables['group'].merged += 1
                self.report.note('foundation', 'legacy Foundation group %s ("%s") not '
                                 'copied: its members join our Foundation group'
                                 % (r['id'], r['name']))
                return None
            if r['id'] not in used:
                self.report.note('groups of no organization (carried)',
                                 '%s ("%s")' % (r['id'], r['name']))
            return _row(r, cols)

        self._simple('group', L_GROUP, 'id', convert)

    def _memberships(self):
        cols = ('created_by_user', 'group_id', 'user_openid', 'created_at', 'updated_at')

        def convert(r):
            out = _row(r, cols)
            out['group_id'] = self.merged_groups.get(out['group_id'], out['group_id'])
            return out

        def check(rows):
            no_user = self._missing_parents('user', 'user_openid', rows)
            no_group = self._missing_parents('group', 'group_id', rows)
            keep = []
            for r in rows:
                if r['user_openid'] in no_user:
                    self.report.problem('user_to_group', 'memberships of users that do '
                                        'not exist', self._describe('user_to_group', r))
                elif r['group_id'] in no_group:
                    self.report.problem('user_to_group', 'memberships of groups that do '
                                        'not exist', self._describe('user_to_group', r))
                else:
                    keep.append(r)
            return keep

        self._simple('user_to_group', L_USER_TO_GROUP, '_id', convert, check,
                     target_key=('group_id', 'user_openid'))

    # vendors, products, versions ----------------------------------------

    def _organizations(self):
        cols = ('id', 'type', 'name', 'description', 'group_id', 'created_by_user',
                'properties', 'created_at', 'updated_at')

        def convert(r):
            if r['id'] in self.org_map:
                self.report.tables['organization'].merged += 1
                return None
            out = _row(r, cols)
            out['type'] = self.type_map.get(r['id'], r['type'])
            if out['type'] not in (0, 1, 2, 3):
                self.report.note('organizations with an unknown type (carried)',
                                 '%s ("%s"): type %s' % (r['id'], r['name'], r['type']))
            return out

        def check(rows):
            no_group = self._missing_parents('group', 'group_id', rows)
            keep = []
            for r in rows:
                if r['group_id'] in no_group:
                    self.report.problem('organization', 'vendors whose group does not '
                                        'exist', '%s ("%s"), group %s'
                                        % (r['id'], r['name'], r['group_id']))
                else:
                    keep.append(r)
            return keep

        self._simple('organization', L_ORGANIZATION, 'id', convert, check)

    def _products(self):
        cols = ('id', 'name', 'description', 'type', 'product_type', 'public',
                'organization_id', 'created_by_user', 'properties', 'created_at',
                'updated_at')

        def convert(r):
            out = _row(r, cols)
            out['public'] = bool(out['public'])
            if out['organization_id'] in self.org_map:
                out['organization_id'] = self.org_map[out['organization_id']]
                self.report.note('foundation', 'product %s ("%s") moved to our Foundation'
                                 % (r['id'], r['name']))
            return out

        def check(rows):
            no_org = self._missing_parents('organization', 'organization_id', rows)
            keep = []
            for r in rows:
                if r['organization_id'] in no_org:
                    self.report.problem('product', 'products whose vendor was not carried',
                                        '%s ("%s"), vendor %s'
                                        % (r['id'], r['name'], r['organization_id']))
                else:
                    keep.append(r)
            return keep

        self._simple('product', L_PRODUCT, 'id', convert, check)

    def _versions(self):
        cols = ('id', 'product_id', 'version', 'cpid', 'created_by_user', 'created_at',
                'updated_at')
        with self.engine.connect() as conn:
            implicit = dict(conn.execute(
                sa.select(L_PRODUCT.c.id, sa.func.count(L_PRODUCT_VERSION.c.id))
                .select_from(L_PRODUCT.outerjoin(L_PRODUCT_VERSION, sa.and_(
                    L_PRODUCT_VERSION.c.product_id == L_PRODUCT.c.id,
                    L_PRODUCT_VERSION.c.version.is_(None))))
                .group_by(L_PRODUCT.c.id)).all())
        for product_id, n in sorted(implicit.items()):
            if n == 0:
                self.report.note('products without an unnamed (NULL) version',
                                 'product %s' % product_id)
            elif n > 1:
                self.report.note('products with several unnamed (NULL) versions '
                                 '(all carried)', 'product %s: %d' % (product_id, n))

        def check(rows):
            no_product = self._missing_parents('product', 'product_id', rows)
            keep = []
            for r in rows:
                if r['product_id'] in no_product:
                    self.report.problem('product_version', 'versions whose product was '
                                        'not carried', '%s of product %s'
                                        % (r['id'], r['product_id']))
                else:
                    keep.append(r)
            return keep

        self._simple('product_version', L_PRODUCT_VERSION, 'id',
                     lambda r: _row(r, cols), check)

    # test runs ---------------------------------------------------------

    def _tests(self):
        tests = self.report.tables['test']
        results = self.report.tables['results']
        metas = self.report.tables['meta']
        tests.legacy = self._count(L_TEST)
        results.legacy = self._count(L_RESULTS)
        metas.legacy = self._count(L_META)
        # Results and meta rows of runs that do not exist are never read by id.
        with self.engine.connect() as conn:
            for table, label in ((L_RESULTS, 'results'), (L_META, 'meta')):
                orphans = conn.execute(
                    sa.select(table.c.test_id, sa.func.count()).where(
                        ~sa.exists().where(L_TEST.c.id == table.c.test_id))
                    .group_by(table.c.test_id)).all()
                for test_id, n in orphans:
                    self.report.tables[label].not_carried += n
                    self.report.problems.setdefault(
                        '%s rows of runs that do not exist' % label, []).append(
                        '%d row(s) of run %s' % (n, test_id))
        started = time.time()
        for rows in self._batches(L_TEST, 'id'):
            ids = [r['id'] for r in rows]
            present = db_api.get_import_test_counts(ids)
            names, metas_by_test = self._read_children(ids)
            runs = [self._run(r, names.get(r['id'], []), metas_by_test.get(r['id'], []))
                    for r in rows]
            runs = [run for run in runs if run['id'] not in present]
            failures = {}
            if runs:
                self._check_versions(runs)
                failures = self._store_runs(runs)
            counts = db_api.get_import_test_counts(ids)
            for r in rows:
                tid = r['id']
                expected = (sum(1 for n in names.get(tid, []) if n[0] is not None),
                            len(metas_by_test.get(tid, [])))
                null_names = len(names.get(tid, [])) - expected[0]
                if null_names:
                    results.not_carried += null_names
                    self.report.problems.setdefault(
                        'result rows without a test name', []).append(
                        '%d in run %s' % (null_names, tid))
                got = counts.get(tid)
                if got is None:
                    self.report.problem('test', 'runs not stored',
                                        '%s: %s' % (tid, failures.get(tid, 'unknown')))
                    results.not_carried += expected[0]
                    metas.not_carried += expected[1]
                    continue
                if tid in present:
                    tests.present += 1
                else:
                    tests.new += 1
                if got != expected:
                    self.report.note('runs that differ from the source (kept as found; '
                                     'passed tests and meta rows, target vs source)',
                                     '%s: %s vs %s' % (tid, got, expected))
                    results.not_carried += max(expected[0] - got[0], 0)
                    metas.not_carried += max(expected[1] - got[1], 0)
                bucket = 'present' if tid in present else 'new'
                setattr(results, bucket, getattr(results, bucket) + min(got[0], expected[0]))
                setattr(metas, bucket, getattr(metas, bucket) + min(got[1], expected[1]))
            self._tick('test', started)

    def _store_runs(self, runs):
        """Store a batch; when it fails, store run by run. Returns {id: reason}."""
        try:
            db_api.import_test_runs(runs)
            return {}
        except db_exc.DBError:
            pass
        failures = {}
        for run in runs:
            try:
                db_api.import_test_runs([run])
            except db_exc.DBError as e:
                failures[run['id']] = error_text(e)
        return failures

    def _read_children(self, ids):
        names = collections.defaultdict(list)
        metas = collections.defaultdict(list)
        raw_name = sa.cast(L_RESULTS.c.name, sa.LargeBinary).label('name')
        with self.engine.connect() as conn:
            for test_id, raw, test_uuid in conn.execute(
                    sa.select(L_RESULTS.c.test_id, raw_name, L_RESULTS.c.uuid)
                    .where(L_RESULTS.c.test_id.in_(ids)).order_by(L_RESULTS.c._id)):
                name, how = decode_name(raw)
                if how in ('utf8', 'latin1'):
                    self.report.note(
                        'non-ASCII test names read from the latin1 column (%s bytes)'
                        % ('UTF-8' if how == 'utf8' else 'latin1'),
                        '%r in run %s' % (name, test_id))
                names[test_id].append((name, test_uuid or None))
            for row in conn.execute(
                    sa.select(L_META.c.test_id, L_META.c.meta_key, L_META.c.value,
                              L_META.c.created_at, L_META.c.updated_at)
                    .where(L_META.c.test_id.in_(ids)).order_by(L_META.c._id)):
                metas[row.test_id].append({'meta_key': row.meta_key, 'value': row.value,
                                           'created_at': row.created_at,
                                           'updated_at': row.updated_at})
        return names, metas

    def _run(self, row, names, meta):
        keys = {m['meta_key']: m['value'] for m in meta}
        if 'shared' in keys and not keys['shared']:
            self.report.note('runs with an empty "shared" value (private here; the '
                             'original listed them)', row['id'])
        if 'user' in keys and not keys['user']:
            self.report.note('runs with an empty "user" value (private here)', row['id'])
        if row['verification_status'] not in (0, 1):
            self.report.note('runs with an unknown verification status (carried)',
                             '%s: %s' % (row['id'], row['verification_status']))
        return {'id': row['id'], 'cpid': row['cpid'],
                'duration_seconds': row['duration_seconds'],
                'product_version_id': row['product_version_id'],
                'verification_status': row['verification_status'],
                'created_at': row['created_at'], 'updated_at': row['updated_at'],
                'tests': [n for n in names if n[0] is not None], 'meta': meta}

    def _check_versions(self, runs):
        missing = self._missing_parents('product_version', 'product_version_id', runs)
        for run in runs:
            if run['product_version_id'] in missing:
                self.report.note('runs attached to a version that was not carried '
                                 '(imported unattached)', '%s: version %s'
                                 % (run['id'], run['product_version_id']))
                run['product_version_id'] = None


def run_import(source_url, batch_size=200, progress=print, allow_other_revision=False):
    """Import ``source_url`` into the configured database.

    :returns: (report, target row counts)
    :raises: LegacyImportError
    """
    importer = LegacyImporter(source_url, batch_size=batch_size, progress=progress)
    importer.connect(allow_other_revision=allow_other_revision)
    try:
        report = importer.run()
    finally:
        importer.engine.dispose()
    return report, db_api.count_rows()

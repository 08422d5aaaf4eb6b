"""A database of the original RefStack, for import tests.

``LEGACY_DDL`` is the schema after the original's last migration
(434be17a6ec3), written from api-contract 4.1: utf8 tables, a latin1
``results.name``, no uniqueness on memberships, a non-unique
``pubkeys.openid``. :func:`build` fills it with realistic data, odd rows
included, and returns what the import must reproduce.
"""

import datetime
import json
import os
import random
import re
import uuid

import pymysql

from refstack.common import keys
from tests import base
from tests import db as test_db

TESTS_FILE = os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'shared', 'data',
                          'tempest-47.0.0-tests.txt')

LEGACY_DDL = [
    """CREATE TABLE `user` (
      `_id` INT NOT NULL AUTO_INCREMENT,
      `openid` VARCHAR(128) NOT NULL,
      `email` VARCHAR(128) NULL,
      `fullname` VARCHAR(128) NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`_id`), UNIQUE KEY `openid` (`openid`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `pubkeys` (
      `id` VARCHAR(36) NOT NULL,
      `openid` VARCHAR(128) NOT NULL,
      `format` VARCHAR(24) NOT NULL,
      `pubkey` TEXT NOT NULL,
      `md5_hash` VARCHAR(32) NOT NULL,
      `comment` VARCHAR(128) NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`id`),
      KEY `ix_pubkeys_openid` (`openid`), KEY `ix_pubkeys_md5_hash` (`md5_hash`),
      CONSTRAINT `pubkeys_ibfk_1` FOREIGN KEY (`openid`) REFERENCES `user` (`openid`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `group` (
      `id` VARCHAR(36) NOT NULL,
      `name` VARCHAR(80) NOT NULL,
      `description` TEXT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `user_to_group` (
      `_id` INT NOT NULL AUTO_INCREMENT,
      `created_by_user` VARCHAR(128) NOT NULL,
      `group_id` VARCHAR(36) NOT NULL,
      `user_openid` VARCHAR(128) NOT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`_id`),
      CONSTRAINT `user_to_group_ibfk_1` FOREIGN KEY (`group_id`) REFERENCES `group` (`id`),
      CONSTRAINT `user_to_group_ibfk_2` FOREIGN KEY (`user_openid`)
        REFERENCES `user` (`openid`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `organization` (
      `id` VARCHAR(36) NOT NULL,
      `type` INT NOT NULL,
      `name` VARCHAR(80) NOT NULL,
      `description` TEXT NULL,
      `group_id` VARCHAR(36) NOT NULL,
      `created_by_user` VARCHAR(128) NOT NULL,
      `properties` TEXT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`id`),
      CONSTRAINT `organization_ibfk_1` FOREIGN KEY (`group_id`) REFERENCES `group` (`id`),
      CONSTRAINT `organization_ibfk_2` FOREIGN KEY (`created_by_user`)
        REFERENCES `user` (`openid`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `product` (
      `id` VARCHAR(36) NOT NULL,
      `name` VARCHAR(80) NOT NULL,
      `description` TEXT NULL,
      `type` INT NOT NULL,
      `product_type` INT NOT NULL,
      `public` TINYINT(1) NOT NULL,
      `organization_id` VARCHAR(36) NOT NULL,
      `created_by_user` VARCHAR(128) NOT NULL,
      `properties` TEXT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`id`),
      CONSTRAINT `product_ibfk_1` FOREIGN KEY (`organization_id`)
        REFERENCES `organization` (`id`),
      CONSTRAINT `product_ibfk_2` FOREIGN KEY (`created_by_user`)
        REFERENCES `user` (`openid`),
      CONSTRAINT `product_chk_1` CHECK (`public` IN (0, 1))
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `product_version` (
      `id` VARCHAR(36) NOT NULL,
      `product_id` VARCHAR(36) NOT NULL,
      `version` VARCHAR(36) NULL,
      `cpid` VARCHAR(36) NULL,
      `created_by_user` VARCHAR(128) NOT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`id`),
      UNIQUE KEY `prod_ver_uc` (`product_id`, `version`),
      CONSTRAINT `product_version_ibfk_1` FOREIGN KEY (`product_id`)
        REFERENCES `product` (`id`),
      CONSTRAINT `product_version_ibfk_2` FOREIGN KEY (`created_by_user`)
        REFERENCES `user` (`openid`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `test` (
      `id` VARCHAR(36) NOT NULL,
      `cpid` VARCHAR(128) NOT NULL,
      `duration_seconds` INT NOT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      `product_version_id` VARCHAR(36) NULL,
      `verification_status` INT NOT NULL,
      PRIMARY KEY (`id`),
      KEY `fk_test_prod_version_id` (`product_version_id`),
      CONSTRAINT `fk_test_prod_version_id` FOREIGN KEY (`product_version_id`)
        REFERENCES `product_version` (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `results` (
      `_id` INT NOT NULL AUTO_INCREMENT,
      `test_id` VARCHAR(36) NOT NULL,
      `name` VARCHAR(512) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL,
      `uuid` VARCHAR(36) NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`_id`),
      UNIQUE KEY `test_id` (`test_id`, `name`),
      CONSTRAINT `results_ibfk_1` FOREIGN KEY (`test_id`) REFERENCES `test` (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `meta` (
      `_id` INT NOT NULL AUTO_INCREMENT,
      `test_id` VARCHAR(36) NOT NULL,
      `meta_key` VARCHAR(64) NOT NULL,
      `value` TEXT NULL,
      `created_at` DATETIME NOT NULL, `updated_at` DATETIME NULL,
      `deleted_at` DATETIME NULL, `deleted` INT NULL,
      PRIMARY KEY (`_id`),
      UNIQUE KEY `test_id` (`test_id`, `meta_key`),
      KEY `indx_meta_value` (`value`(32)),
      CONSTRAINT `meta_ibfk_1` FOREIGN KEY (`test_id`) REFERENCES `test` (`id`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `alembic_version` (
      `version_num` VARCHAR(32) NOT NULL, PRIMARY KEY (`version_num`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
    """CREATE TABLE `beaker_cache` (
      `id` INT NOT NULL AUTO_INCREMENT,
      `namespace` VARCHAR(255) NOT NULL,
      `accessed` DATETIME NOT NULL, `created` DATETIME NOT NULL,
      `data` BLOB NOT NULL,
      PRIMARY KEY (`id`), UNIQUE KEY `namespace` (`namespace`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8""",
]

_NAME_RE = re.compile(r'^(?P<name>[^\[]+)(\[(?P<attrs>[^\]]*)\])?$')


def tempest_tests():
    """[(name, uuid)] as refstack-client uploaded them: attributes stripped,
    the idempotent id as uuid."""
    out = []
    with open(TESTS_FILE, encoding='utf-8') as f:
        for line in f:
            match = _NAME_RE.match(line.strip())
            if not match:
                continue
            test_uuid = None
            for attr in (match.group('attrs') or '').split(','):
                if attr.startswith('id-'):
                    test_uuid = attr[3:]
            out.append((match.group('name'), test_uuid))
    return out


def mysql_params():
    """pymysql connection arguments of the test MariaDB server."""
    url = test_db.MYSQL_SERVER
    import sqlalchemy as sa
    parsed = sa.engine.make_url(url)
    return {'host': parsed.host or '127.0.0.1', 'port': parsed.port or 3306,
            'user': parsed.username or 'root', 'password': parsed.password or ''}


def mysql_available():
    try:
        pymysql.connect(connect_timeout=3, **mysql_params()).close()
        return True
    except pymysql.err.MySQLError:
        return False


def require_mysql(test):
    """Skip ``test`` when MariaDB is unreachable, unless CI=true (then fail)."""
    if mysql_available():
        return
    if os.environ.get('CI') == 'true':
        test.fail('MariaDB is not reachable on %(host)s:%(port)s and CI=true'
                  % mysql_params())
    test.skipTest('MariaDB is not reachable (set CI=true to fail instead)')


class LegacyDatabase:
    """A throw-away legacy database on the test MariaDB server."""

    def __init__(self):
        self.name = 'refstack_legacy_%s' % uuid.uuid4().hex[:12]
        params = mysql_params()
        conn = pymysql.connect(charset='utf8mb4', **params)
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE `%s` CHARACTER SET utf8' % self.name)
        conn.close()
        self.conn = pymysql.connect(database=self.name, charset='utf8mb4',
                                    autocommit=True, **params)
        with self.conn.cursor() as cur:
            for ddl in LEGACY_DDL:
                cur.execute(ddl)
            cur.execute("INSERT INTO alembic_version VALUES ('434be17a6ec3')")
        url = test_db.MYSQL_SERVER.rstrip('/')
        self.url = '%s/%s' % (url, self.name)

    def insert(self, table, rows):
        if not rows:
            return
        columns = list(rows[0])
        sql = 'INSERT INTO `%s` (%s) VALUES (%s)' % (
            table, ', '.join('`%s`' % c for c in columns), ', '.join(['%s'] * len(columns)))
        with self.conn.cursor() as cur:
            cur.executemany(sql, [tuple(r[c] for c in columns) for r in rows])

    def execute(self, sql, args=None):
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall()

    def drop(self):
        try:
            self.conn.close()
        except pymysql.err.MySQLError:
            pass
        conn = pymysql.connect(**mysql_params())
        with conn.cursor() as cur:
            cur.execute('DROP DATABASE IF EXISTS `%s`' % self.name)
        conn.close()


def _ts(rng, start=2015):
    base_ts = datetime.datetime(start, 1, 1)
    return base_ts + datetime.timedelta(seconds=rng.randint(0, 4 * 365 * 86400))


def _mixin(created, updated=None):
    return {'created_at': created, 'updated_at': updated, 'deleted_at': None, 'deleted': 0}


def build(db, runs=45, seed=9):
    """Fill ``db`` with realistic legacy data; returns the expected outcome.

    :returns: dict with ``users``, ``keys`` (id -> row, without the one
        registered twice), ``rsa`` ({openid: RSAKey} of users with real
        keys), ``orgs``, ``members`` ({org id: set of openids}),
        ``foundation_members``, ``products``, ``versions``, ``tests``
        ({id: expected detail}), ``public`` (ids listed anonymously),
        ``legacy_foundation`` (id) and ``extra_foundation`` (id).
    """
    rng = random.Random(seed)
    catalogue = tempest_tests()
    users = []
    for i, (first, last) in enumerate([
            ('jane', 'doe'), ('john', 'smith'), ('jose', 'muller'), ('amy', 'chen'),
            ('raj', 'patel'), ('olga', 'ivanova'), ('li', 'wei'), ('sam', 'jones'),
            ('kim', 'lee'), ('ana', 'silva'), ('tom', 'brown'), ('eve', 'adams')]):
        created = _ts(rng)
        users.append(dict(openid='https://openstackid.org/%s.%s' % (first, last),
                          email=None if i == 7 else '%s@example.org' % first,
                          fullname=('Jos\u00e9 M\u00fcller' if first == 'jose'
                                    else '%s %s' % (first.title(), last.title())),
                          **_mixin(created, created + datetime.timedelta(days=3))))
    db.insert('user', users)
    openids = [u['openid'] for u in users]

    # Keys: real RSA keys for four users, one key registered by two users.
    pubkeys, rsa = [], {}
    for openid in openids[:4]:
        key = base.make_key()
        parsed = keys.parse_public_key(key.openssh + ' laptop')
        rsa[openid] = key
        pubkeys.append(dict(id=str(uuid.uuid4()), openid=openid, format=parsed.format,
                            pubkey=parsed.body, md5_hash=parsed.md5_hash,
                            comment='laptop', **_mixin(_ts(rng))))
    twice = dict(pubkeys[0], id=str(uuid.uuid4()), openid=openids[5],
                 comment=None, created_at=pubkeys[0]['created_at'] + datetime.timedelta(1))
    pubkeys.append(twice)
    db.insert('pubkeys', pubkeys)

    # Groups and organizations: the Foundation, vendors of every type, a
    # second type-0 organization, and a group no organization uses.
    def group(name):
        return dict(id=str(uuid.uuid4()), name=name, description='Group of %s' % name,
                    **_mixin(datetime.datetime(2016, 1, 20) + datetime.timedelta(
                        hours=rng.randint(0, 5000))))

    orgs, groups, links, members = [], [], [], {}

    def org(name, org_type, creator, member_ids, props=None, created=None):
        g = group(name)
        groups.append(g)
        o = dict(id=str(uuid.uuid4()), type=org_type, name=name,
                 description='%s description' % name, group_id=g['id'],
                 created_by_user=creator,
                 properties=json.dumps(props) if props is not None else None,
                 **_mixin(created or g['created_at']))
        orgs.append(o)
        members[o['id']] = set()
        for openid in member_ids:
            links.append(dict(created_by_user=creator, group_id=g['id'], user_openid=openid,
                              **_mixin(g['created_at'])))
            members[o['id']].add(openid)
        return o

    foundation = org('OpenStack Foundation', 0, openids[0], openids[:2],
                     created=datetime.datetime(2016, 1, 19))
    extra_foundation = org('Foundation (test copy)', 0, openids[2], [openids[2]],
                           created=datetime.datetime(2016, 6, 1))
    vendors = [org('Vendor %d' % i, t, openids[2 + i], openids[2 + i:4 + i],
                   props={'reg_note': 'registered %d' % i, 'url': 'https://v%d.example' % i}
                   if t != 1 else None)
               for i, t in enumerate((1, 2, 3, 3, 1))]
    # A duplicate membership (the legacy table has no uniqueness).
    links.append(dict(links[-1]))
    orphan = group('Group nobody uses')
    groups.append(orphan)
    db.insert('group', groups)
    db.insert('user_to_group', links)
    db.insert('organization', orgs)

    # Products and versions.
    products, versions = [], []
    for i, owner in enumerate([vendors[0], vendors[1], vendors[2], vendors[2], vendors[3],
                               foundation]):
        product_type = i % 3
        p = dict(id=str(uuid.uuid4()), name='Product %d' % i,
                 description='Cloud product %d' % i, type=1 if product_type == 0 else 0,
                 product_type=product_type, public=1 if i % 2 == 0 else 0,
                 organization_id=owner['id'], created_by_user=owner['created_by_user'],
                 properties=json.dumps({'k': i}) if i == 4 else None,
                 **_mixin(datetime.datetime(2016, 8, 1) + datetime.timedelta(days=i)))
        products.append(p)
        if i != 5:
            versions.append(dict(id=str(uuid.uuid4()), product_id=p['id'], version=None,
                                 cpid=None, created_by_user=p['created_by_user'],
                                 **_mixin(p['created_at'])))
        if i == 3:
            # A second unnamed version (MySQL lets NULLs repeat).
            versions.append(dict(versions[-1], id=str(uuid.uuid4())))
        for n in range(i % 3):
            versions.append(dict(id=str(uuid.uuid4()), product_id=p['id'],
                                 version='v%d.%d' % (i, n), cpid=uuid.uuid4().hex,
                                 created_by_user=p['created_by_user'],
                                 **_mixin(p['created_at'] + datetime.timedelta(days=n + 1))))
    db.insert('product', products)
    db.insert('product_version', versions)

    # Test runs.
    tests, results, metas, expected, public = [], [], [], {}, set()
    for i in range(runs):
        created = _ts(rng)
        test_id = str(uuid.uuid4())
        verified = i % 9 == 4
        signer = openids[i % 6] if i % 3 else None
        meta = {}
        if signer:
            meta['user'] = signer
        if i % 4 == 1 or verified:
            meta['shared'] = 'true'
        elif i % 4 == 2 and signer:
            meta['shared'] = ''   # an odd row: present but empty
        if i % 5 == 0 or verified:
            meta['guideline'] = rng.choice(['2016.08.json', '2017.01.json', '2017.09.json'])
            meta['target'] = rng.choice(['platform', 'compute', 'object'])
        version = versions[i % len(versions)] if i % 4 == 3 else None
        picked = rng.sample(catalogue, rng.randint(40, 160))
        picked.sort()
        names = []
        for n, (name, test_uuid) in enumerate(picked):
            raw = name.encode('ascii')
            if i == 7 and n == 0:
                name = name + '_caf\u00e9'
                raw = name.encode('cp1252')      # genuine latin1
            elif i == 8 and n == 0:
                name = name + '_\u00fcber_\u2603'
                raw = name.encode('utf-8')       # UTF-8 bytes in the latin1 column
            if i % 6 == 5:
                test_uuid = None                  # uploads older than uuids
            results.append(dict(test_id=test_id, name=raw, uuid=test_uuid,
                                **_mixin(created)))
            names.append(name)
        if i == 10:
            results.append(dict(test_id=test_id, name=None, uuid=str(uuid.uuid4()),
                                **_mixin(created)))
        tests.append(dict(id=test_id, cpid=uuid.uuid4().hex, duration_seconds=rng.randint(
            60, 9000), product_version_id=version['id'] if version else None,
            verification_status=1 if verified else 0,
            **_mixin(created, created + datetime.timedelta(hours=2) if verified else None)))
        for key, value in meta.items():
            metas.append(dict(test_id=test_id, meta_key=key, value=value,
                              **_mixin(created)))
        expected[test_id] = {
            'id': test_id, 'cpid': tests[-1]['cpid'], 'created_at': str(created),
            'duration_seconds': tests[-1]['duration_seconds'],
            'verification_status': tests[-1]['verification_status'], 'meta': meta,
            'product_version_id': version['id'] if version else None,
            'results': sorted(names)}
        if 'user' not in meta or meta.get('shared'):
            public.add(test_id)
    db.insert('test', tests)
    db.insert('results', results)
    db.insert('meta', metas)
    return {
        'users': {u['openid']: u for u in users},
        'keys': {k['id']: k for k in pubkeys if k is not twice},
        'twice': twice, 'rsa': rsa,
        'orgs': {o['id']: o for o in orgs}, 'members': members,
        'foundation_members': members[foundation['id']],
        'legacy_foundation': foundation['id'], 'extra_foundation': extra_foundation['id'],
        'orphan_group': orphan['id'],
        'products': {p['id']: p for p in products},
        'versions': {v['id']: v for v in versions},
        'tests': expected, 'public': public,
        'counts': {'user': len(users), 'pubkeys': len(pubkeys), 'group': len(groups),
                   'user_to_group': len(links), 'organization': len(orgs),
                   'product': len(products), 'product_version': len(versions),
                   'test': len(tests), 'results': len(results), 'meta': len(metas)},
    }

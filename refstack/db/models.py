"""SQLAlchemy models.

The schema keeps the original RefStack table names and columns that appear on
the wire, but stores a run's test results compactly: test names are interned
once in ``test_name`` and each run keeps one packed, compressed row in
``test_outcomes`` instead of one ``results`` row per test. See
``refstack/db/outcomes.py`` for the encoding.
"""

import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy import orm


def utcnow():
    """Naive UTC now, the way every timestamp is stored."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


UUID_LEN = 36
OPENID_LEN = 128
# MySQL: utf8mb4 everywhere, and LONGBLOB where values get large.
LongBlob = sa.LargeBinary().with_variant(mysql.LONGBLOB(), 'mysql')
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4',
              'mysql_collate': 'utf8mb4_unicode_ci'}


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=True, onupdate=utcnow)


class Test(TimestampMixin, Base):
    """One uploaded test run."""

    __tablename__ = 'test'
    __table_args__ = (
        sa.Index('ix_test_public_created', 'is_public', 'created_at', 'id'),
        sa.Index('ix_test_created', 'created_at', 'id'),
        sa.Index('ix_test_cpid_created', 'cpid', 'created_at', 'id'),
        sa.Index('ix_test_owner_created', 'owner_openid', 'created_at', 'id'),
        sa.Index('ix_test_version_created', 'product_version_id', 'created_at', 'id'),
        sa.UniqueConstraint('dedupe_key', name='uniq_test0dedupe_key'),
        TABLE_ARGS,
    )

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    cpid = sa.Column(sa.String(128), nullable=False)
    duration_seconds = sa.Column(sa.Integer, nullable=False)
    product_version_id = sa.Column(
        sa.String(UUID_LEN),
        sa.ForeignKey('product_version.id', name='fk_test_prod_version_id'),
        nullable=True)
    verification_status = sa.Column(sa.Integer, nullable=False, default=0,
                                    server_default='0')
    # Denormalised from meta so that list filters are index lookups:
    # owner_openid mirrors meta "user"; is_public is true for anonymous runs
    # and runs whose "shared" meta value is non-empty.
    owner_openid = sa.Column(sa.String(OPENID_LEN), nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True,
                          server_default=sa.true())
    # sha256 of (owner, normalised content): a re-upload of the same run by
    # the same signer (or anonymously) collides here.
    dedupe_key = sa.Column(sa.String(64), nullable=True)

    meta = orm.relationship('TestMeta', lazy='selectin', cascade='all, delete-orphan',
                            passive_deletes=True)
    product_version = orm.relationship('ProductVersion', lazy='selectin')


class TestName(Base):
    """An interned test: its name and idempotent id."""

    __tablename__ = 'test_name'
    __table_args__ = (sa.UniqueConstraint('name_key', name='uniq_test_name0name_key'),
                      TABLE_ARGS)

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    name_key = sa.Column(sa.String(64), nullable=False)
    name = sa.Column(sa.String(512), nullable=False)
    uuid = sa.Column(sa.String(UUID_LEN), nullable=True)


class TestOutcomes(Base):
    """The packed outcomes of one run (see refstack/db/outcomes.py)."""

    __tablename__ = 'test_outcomes'
    __table_args__ = (TABLE_ARGS,)

    test_id = sa.Column(sa.String(UUID_LEN),
                        sa.ForeignKey('test.id', ondelete='CASCADE'),
                        primary_key=True)
    encoding = sa.Column(sa.SmallInteger, nullable=False)
    data = sa.Column(LongBlob, nullable=False)
    passed = sa.Column(sa.Integer, nullable=False, default=0)
    failed = sa.Column(sa.Integer, nullable=False, default=0)
    skipped = sa.Column(sa.Integer, nullable=False, default=0)
    other = sa.Column(sa.Integer, nullable=False, default=0)


class TestDetail(Base):
    """Skip reason or failure text of one test of a run."""

    __tablename__ = 'test_detail'
    __table_args__ = (sa.UniqueConstraint('test_id', 'name_id',
                                          name='uniq_test_detail0test_id0name_id'),
                      TABLE_ARGS)

    _id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    test_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('test.id', ondelete='CASCADE'),
                        nullable=False)
    name_id = sa.Column(sa.Integer, sa.ForeignKey('test_name.id'), nullable=False)
    detail = sa.Column(sa.Text, nullable=False)


class TestMeta(TimestampMixin, Base):
    """A metadata key of a run (user, shared, guideline, target, ...)."""

    __tablename__ = 'meta'
    __table_args__ = (sa.UniqueConstraint('test_id', 'meta_key',
                                          name='uniq_meta0test_id0meta_key'),
                      TABLE_ARGS)

    _id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    test_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('test.id', ondelete='CASCADE'),
                        nullable=False)
    meta_key = sa.Column(sa.String(64), nullable=False)
    value = sa.Column(sa.Text, nullable=True)


class User(TimestampMixin, Base):
    __tablename__ = 'user'
    __table_args__ = (sa.UniqueConstraint('openid', name='uniq_user0openid'), TABLE_ARGS)

    _id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    openid = sa.Column(sa.String(OPENID_LEN), nullable=False)
    email = sa.Column(sa.String(128), nullable=True)
    fullname = sa.Column(sa.String(128), nullable=True)


class PubKey(TimestampMixin, Base):
    __tablename__ = 'pubkeys'
    __table_args__ = (sa.UniqueConstraint('md5_hash', name='uniq_pubkeys0md5_hash'),
                      sa.Index('ix_pubkeys_openid', 'openid'),
                      TABLE_ARGS)

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    openid = sa.Column(sa.String(OPENID_LEN),
                       sa.ForeignKey('user.openid', ondelete='CASCADE'), nullable=False)
    format = sa.Column(sa.String(24), nullable=False)
    pubkey = sa.Column(sa.Text, nullable=False)
    md5_hash = sa.Column(sa.String(32), nullable=False)
    comment = sa.Column(sa.String(128), nullable=True)


class Group(TimestampMixin, Base):
    __tablename__ = 'group'
    __table_args__ = (TABLE_ARGS,)

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    description = sa.Column(sa.Text, nullable=True)


class UserToGroup(TimestampMixin, Base):
    __tablename__ = 'user_to_group'
    __table_args__ = (sa.UniqueConstraint('group_id', 'user_openid',
                                          name='uniq_user_to_group0group_id0user_openid'),
                      sa.Index('ix_user_to_group_user_openid', 'user_openid'),
                      TABLE_ARGS)

    _id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    created_by_user = sa.Column(sa.String(OPENID_LEN), nullable=True)
    group_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('group.id', ondelete='CASCADE'),
                         nullable=False)
    user_openid = sa.Column(sa.String(OPENID_LEN),
                            sa.ForeignKey('user.openid', ondelete='CASCADE'),
                            nullable=False)


class Organization(TimestampMixin, Base):
    """A vendor, or the Foundation (type 0)."""

    __tablename__ = 'organization'
    __table_args__ = (sa.Index('ix_organization_type', 'type'), TABLE_ARGS)

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    type = sa.Column(sa.Integer, nullable=False)
    name = sa.Column(sa.String(80), nullable=False)
    description = sa.Column(sa.Text, nullable=True)
    group_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('group.id'), nullable=False)
    created_by_user = sa.Column(sa.String(OPENID_LEN), nullable=True)
    properties = sa.Column(sa.Text, nullable=True)


class Product(TimestampMixin, Base):
    __tablename__ = 'product'
    __table_args__ = (sa.Index('ix_product_organization_id', 'organization_id'),
                      TABLE_ARGS)

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    description = sa.Column(sa.Text, nullable=True)
    type = sa.Column(sa.Integer, nullable=False)
    product_type = sa.Column(sa.Integer, nullable=False)
    public = sa.Column(sa.Boolean, nullable=False, default=False)
    organization_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('organization.id'),
                                nullable=False)
    created_by_user = sa.Column(sa.String(OPENID_LEN), nullable=True)
    properties = sa.Column(sa.Text, nullable=True)


class ProductVersion(TimestampMixin, Base):
    __tablename__ = 'product_version'
    __table_args__ = (sa.UniqueConstraint('product_id', 'version', name='prod_ver_uc'),
                      sa.Index('ix_product_version_cpid', 'cpid'),
                      TABLE_ARGS)

    id = sa.Column(sa.String(UUID_LEN), primary_key=True)
    product_id = sa.Column(sa.String(UUID_LEN), sa.ForeignKey('product.id'), nullable=False)
    version = sa.Column(sa.String(36), nullable=True)
    cpid = sa.Column(sa.String(128), nullable=True)
    created_by_user = sa.Column(sa.String(OPENID_LEN), nullable=True)

    product_info = orm.relationship('Product', lazy='selectin')


class Session(Base):
    """A signed-in browser session; the cookie holds a token whose hash is the id."""

    __tablename__ = 'session'
    __table_args__ = (sa.Index('ix_session_expires_at', 'expires_at'),
                      sa.Index('ix_session_user_openid', 'user_openid'),
                      TABLE_ARGS)

    id = sa.Column(sa.String(64), primary_key=True)
    user_openid = sa.Column(sa.String(OPENID_LEN),
                            sa.ForeignKey('user.openid', ondelete='CASCADE'),
                            nullable=True)
    data = sa.Column(sa.Text, nullable=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    expires_at = sa.Column(sa.DateTime, nullable=False)


class RateLimit(Base):
    """One fixed-window request counter of the rate limiter.

    ``bucket`` is a hash naming the rule and what is counted (a client
    address, a user, a signing key); ``window_start`` and ``expires_at`` are
    Unix times.
    """

    __tablename__ = 'rate_limit'
    __table_args__ = (sa.Index('ix_rate_limit_expires_at', 'expires_at'), TABLE_ARGS)

    bucket = sa.Column(sa.String(64), primary_key=True)
    window_start = sa.Column(sa.BigInteger, primary_key=True, autoincrement=False)
    hits = sa.Column(sa.Integer, nullable=False, default=0)
    expires_at = sa.Column(sa.BigInteger, nullable=False)


class AuditEvent(Base):
    """One state change: who did what to which object, with before/after values."""

    __tablename__ = 'audit_log'
    __table_args__ = (sa.Index('ix_audit_log_object', 'object_type', 'object_id', 'id'),
                      sa.Index('ix_audit_log_actor', 'actor', 'id'),
                      TABLE_ARGS)

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    actor = sa.Column(sa.String(OPENID_LEN), nullable=True)
    action = sa.Column(sa.String(64), nullable=False)
    object_type = sa.Column(sa.String(32), nullable=False)
    object_id = sa.Column(sa.String(128), nullable=False)
    before = sa.Column(sa.Text, nullable=True)
    after = sa.Column(sa.Text, nullable=True)

"""Read-only records of test runs, built from plain rows.

The hot read paths (run detail, report, lists) need a run with its meta and
its product version and product: one joined query, read into these named
tuples, costs a fraction of loading ORM objects with eager relationships.
They carry the same attribute names as the models, so views and policy
code read either.
"""

import typing

import sqlalchemy as sa

from refstack.db import models


class RunMeta(typing.NamedTuple):
    meta_key: str
    value: typing.Optional[str]


class RunProduct(typing.NamedTuple):
    id: str
    name: str
    organization_id: str
    public: bool


class RunVersion(typing.NamedTuple):
    id: str
    version: typing.Optional[str]
    cpid: typing.Optional[str]
    product_info: RunProduct


class Run(typing.NamedTuple):
    id: str
    cpid: str
    duration_seconds: int
    verification_status: int
    owner_openid: typing.Optional[str]
    is_public: bool
    created_at: object
    product_version_id: typing.Optional[str]
    product_version: typing.Optional[RunVersion]
    meta: typing.Tuple[RunMeta, ...]


_TEST = models.Test.__table__
_VERSION = models.ProductVersion.__table__
_PRODUCT = models.Product.__table__
_META = models.TestMeta.__table__
_OUTCOMES = models.TestOutcomes.__table__
_COLUMNS = (_TEST.c.id, _TEST.c.cpid, _TEST.c.duration_seconds, _TEST.c.verification_status,
            _TEST.c.owner_openid, _TEST.c.is_public, _TEST.c.created_at,
            _VERSION.c.id, _VERSION.c.version, _VERSION.c.cpid,
            _PRODUCT.c.id, _PRODUCT.c.name, _PRODUCT.c.organization_id, _PRODUCT.c.public,
            _META.c.meta_key, _META.c.value)


OUTCOME_COLUMNS = ('data', 'passed', 'failed', 'skipped', 'other')


def select_runs(from_clause=_TEST, outcomes=False):
    """SELECT of every run column joined with version, product and meta.

    One row per meta key (one row for a run without meta); rows of a run
    are adjacent when the caller orders by run, then by ``meta_order``.
    With ``outcomes``, each row also ends with the run's packed outcomes
    and counts (:data:`OUTCOME_COLUMNS`; None for a run without them).
    """
    joined = (from_clause
              .outerjoin(_VERSION, _VERSION.c.id == _TEST.c.product_version_id)
              .outerjoin(_PRODUCT, _PRODUCT.c.id == _VERSION.c.product_id)
              .outerjoin(_META, _META.c.test_id == _TEST.c.id))
    columns = _COLUMNS
    if outcomes:
        joined = joined.outerjoin(_OUTCOMES, _OUTCOMES.c.test_id == _TEST.c.id)
        columns += tuple(_OUTCOMES.c[name] for name in OUTCOME_COLUMNS)
    return sa.select(*columns).select_from(joined)


meta_order = _META.c._id


def runs_from_rows(rows):
    """Group the rows of :func:`select_runs` into :class:`Run` records
    (outcome columns, if any, are left to the caller)."""
    runs = []
    for row in rows:
        meta = () if row[14] is None else (RunMeta(row[14], row[15]),)
        if runs and runs[-1].id == row[0]:
            runs[-1] = runs[-1]._replace(meta=runs[-1].meta + meta)
            continue
        version = None
        if row[7] is not None:
            version = RunVersion(row[7], row[8], row[9],
                                 RunProduct(row[10], row[11], row[12], bool(row[13])))
        runs.append(Run(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6],
                        row[7], version, meta))
    return runs

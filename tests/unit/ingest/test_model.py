"""Name/uuid derivation, de-duplication, legacy body and content hash."""

import json

import pytest

from refstack.common import exception
from refstack import ingest
from refstack.ingest import model

UUID = '0146f675-ffbd-4208-b3a4-60eb628dbc5e'


@pytest.mark.parametrize('test_id, name, test_uuid', [
    ('tempest.passed.test', 'tempest.passed.test', None),
    ('a.B.test_x[gate,id-%s]' % UUID, 'a.B.test_x', UUID),
    ('a.B.test_x[id-%s,smoke]' % UUID, 'a.B.test_x', UUID),
    # Scenario suffix survives; the attribute block goes.
    ('a.B.test_x[id-%s,smoke](scen)' % UUID, 'a.B.test_x(scen)', UUID),
    # Greedy: first "[" to last "]".
    ('a.B.test_x[id-1][other](s)', 'a.B.test_x(s)', '1'),
    # uuid only from the first block; first element starting with "id-".
    ('a.B.test_x[smoke][id-2]', 'a.B.test_x', None),
    ('a.B.test_x[id-1,id-2]', 'a.B.test_x', '1'),
    # Elements are not stripped.
    ('a.B.test_x[smoke, id-3]', 'a.B.test_x', None),
    ('a.B.test_x[]', 'a.B.test_x', None),
    ('a.B.test_x[smoke]', 'a.B.test_x', None),
    # An unclosed block removes nothing and has no uuid.
    ('a.B.test_x[id-4', 'a.B.test_x[id-4', None),
    ('a.B.test_x]x[id-5', 'a.B.test_x]x[id-5', None),
])
def test_split_test_id(test_id, name, test_uuid):
    assert ingest.split_test_id(test_id) == (name, test_uuid)


def _run(*outcomes, fmt='subunit2'):
    builder = model.RunBuilder(fmt)
    for test_id, status in outcomes:
        builder.add(test_id, status)
    return builder.build()


def test_duplicates_keep_first_position_and_last_status():
    run = _run(('t.a[id-1]', 'failed'), ('t.b', 'passed'), ('t.a[id-1,smoke]', 'passed'),
               ('t.c', 'passed'), ('t.c', 'skipped'))
    assert [(o.name, o.uuid, o.status) for o in run] == [
        ('t.a', '1', 'passed'), ('t.b', None, 'passed'), ('t.c', None, 'skipped')]
    assert run.duplicates == 2


def test_passed_tests_keep_no_detail():
    builder = model.RunBuilder('junit')
    builder.add('t.a', 'passed', detail='noise')
    assert builder.build().outcomes[0].detail is None


def test_counts_has_every_status():
    run = _run(('t.a', 'passed'), ('t.b', 'failed'), ('t.c', 'failed'))
    assert run.counts() == {'passed': 1, 'failed': 2, 'skipped': 0, 'xfail': 0,
                            'uxsuccess': 0}


def test_name_length_limit():
    _run(('t.' + 'x' * 510, 'passed'))
    with pytest.raises(exception.ValidationError, match='longer than 512'):
        _run(('t.' + 'x' * 511 + '[id-1]', 'passed'))


def test_uuid_length_limit():
    with pytest.raises(exception.ValidationError, match='uuid longer than 36'):
        _run(('t.a[id-%s]' % ('f' * 37), 'passed'))


def test_empty_name_rejected():
    with pytest.raises(exception.ValidationError, match='empty test name'):
        _run(('[id-1]', 'passed'))


def test_max_tests_counts_distinct_names():
    builder = model.RunBuilder('subunit2', max_tests=2)
    for _ in range(5):
        builder.add('t.a', 'passed')
    builder.add('t.b', 'passed')
    with pytest.raises(exception.ValidationError, match='more than 2'):
        builder.add('t.c', 'passed')


def test_detail_truncated_with_marker_within_cap():
    builder = model.RunBuilder('subunit2', max_detail=100)
    builder.start('t.a')
    builder.attach('t.a', 'traceback', b'x' * 150)
    builder.finish('t.a', 'failed')
    detail = builder.build().outcomes[0].detail
    kept = detail.index('\n')
    assert detail == 'x' * kept + model.TRUNCATED_MARKER % (150 - kept)
    assert 95 <= len(detail.encode()) <= 100


@pytest.mark.parametrize('payload', [b'\x00' * 70000, '\u00e9'.encode() * 40000,
                                     b'\xff' * 70000, b'a' * 65535])
def test_default_detail_fits_mysql_text(payload):
    builder = model.RunBuilder('subunit2')
    builder.attach('t.a', 'traceback', payload)
    builder.finish('t.a', 'failed')
    detail = builder.build().outcomes[0].detail
    assert len(detail.encode('utf-8')) <= 65535
    assert detail.endswith(']') or payload == b'a' * 65535


def test_detail_prefers_traceback_over_earlier_logging():
    builder = model.RunBuilder('subunit2', max_detail=100)
    builder.attach('t.a', 'pythonlogging', b'x' * 1000)
    builder.attach('t.a', 'traceback', b'Boom')
    builder.finish('t.a', 'failed')
    assert builder.build().outcomes[0].detail == 'Boom'


def test_detail_without_known_attachment_joins_all():
    builder = model.RunBuilder('subunit2')
    builder.attach('t.a', 'stdout', b'out')
    builder.attach('t.a', 'stderr', b'err\x00')
    builder.finish('t.a', 'failed')
    assert builder.build().outcomes[0].detail == 'stdout:\nout\nstderr:\nerr\ufffd'


def test_run_detail_budget():
    builder = model.RunBuilder('subunit2', max_detail=80, max_detail_total=120)
    for name in ('t.a', 't.b', 't.c'):
        builder.attach(name, 'traceback', b'y' * 80)
        builder.finish(name, 'failed')
    details = [o.detail for o in builder.build()]
    assert details[0] == 'y' * 80
    assert details[1].startswith('y' * 10) and '[... truncated: 40 more bytes]' in details[1]
    assert details[2] == model.DROPPED_MARKER


def test_budget_refunded_for_passed_tests():
    builder = model.RunBuilder('subunit2', max_detail=8, max_detail_total=8)
    for i in range(10):
        builder.attach('t.%d' % i, 'pythonlogging', b'12345678')
        builder.finish('t.%d' % i, 'passed')
    builder.attach('t.f', 'traceback', b'12345678')
    builder.finish('t.f', 'failed')
    assert builder.build().outcomes[-1].detail == '12345678'


def test_legacy_body_shape_and_bytes():
    run = _run(('t.a[id-%s]' % UUID, 'passed'), ('t.b', 'failed'), ('t.c', 'passed'))
    body = ingest.legacy_body(run, 'abc', 12)
    assert list(body) == ['cpid', 'duration_seconds', 'results']
    assert body['results'] == [{'name': 't.a', 'uuid': UUID}, {'name': 't.c'}]
    assert list(body['results'][0]) == ['name', 'uuid']
    assert ingest.legacy_body_bytes(run, 'abc', 12) == json.dumps(body).encode()
    assert b'", "' in ingest.legacy_body_bytes(run, 'abc', 12)


def test_legacy_body_escapes_like_json_dumps():
    run = _run(('t.caf\u00e9', 'passed'))
    assert b'"t.caf\\u00e9"' in ingest.legacy_body_bytes(run, '', 0)


def test_content_hash_definition():
    run = _run(('t.b[id-2]', 'failed'), ('t.a', 'passed'))
    canonical = '{"cpid":"c","tests":[["t.a",null,"passed"],["t.b","2","failed"]],"v":1}'
    import hashlib
    assert ingest.content_hash(run, 'c') == hashlib.sha256(canonical.encode()).hexdigest()


def test_content_hash_ignores_order_durations_and_details():
    builder = model.RunBuilder('subunit2')
    builder.add('t.b', 'failed', duration_ms=5, detail='x')
    builder.add('t.a', 'passed', duration_ms=7)
    other = _run(('t.a', 'passed'), ('t.b', 'failed'))
    assert ingest.content_hash(builder.build(), 'c') == ingest.content_hash(other, 'c')


def test_content_hash_depends_on_cpid_status_and_uuid():
    base = ingest.content_hash(_run(('t.a[id-1]', 'passed')), 'c')
    assert base != ingest.content_hash(_run(('t.a[id-1]', 'passed')), 'd')
    assert base != ingest.content_hash(_run(('t.a[id-1]', 'failed')), 'c')
    assert base != ingest.content_hash(_run(('t.a[id-2]', 'passed')), 'c')
    assert base == ingest.content_hash(_run(('t.a[smoke,id-1]', 'passed')), 'c')


def test_content_hash_none_cpid_equals_empty():
    run = _run(('t.a', 'passed'))
    assert ingest.content_hash(run, None) == ingest.content_hash(run, '')


def test_test_outcome_is_not_collected_by_pytest():
    assert ingest.TestOutcome.__test__ is False

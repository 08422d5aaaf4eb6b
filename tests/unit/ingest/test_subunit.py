"""Subunit v1 and v2 streams, plain and gzip-compressed."""

import gzip
import io
import os
import random

import pytest

from refstack.common import exception
from refstack import ingest
from tests.unit.ingest import helpers

UUID = '0146f675-ffbd-4208-b3a4-60eb628dbc5e'
MIXED = [
    ('tempest.api.a.A.test_pass[id-%s,smoke]' % UUID, 'passed'),
    ('tempest.api.a.A.test_fail[id-11111111-0000-4000-8000-000000000001]', 'failed'),
    ('tempest.api.a.A.test_skip[id-11111111-0000-4000-8000-000000000002]', 'skipped'),
    ('tempest.api.a.A.test_xfail', 'xfail'),
    ('tempest.api.a.A.test_ux[gate]', 'uxsuccess'),
    ('tempest.scenario.S.test_s[id-11111111-0000-4000-8000-000000000003](ipv6)', 'passed'),
]


def _summary(run):
    return [(o.name, o.uuid, o.status) for o in run]


EXPECTED = [
    ('tempest.api.a.A.test_pass', UUID, 'passed'),
    ('tempest.api.a.A.test_fail', '11111111-0000-4000-8000-000000000001', 'failed'),
    ('tempest.api.a.A.test_skip', '11111111-0000-4000-8000-000000000002', 'skipped'),
    ('tempest.api.a.A.test_xfail', None, 'xfail'),
    ('tempest.api.a.A.test_ux', None, 'uxsuccess'),
    ('tempest.scenario.S.test_s(ipv6)', '11111111-0000-4000-8000-000000000003', 'passed'),
]


class TestSubunitV2:

    def test_statuses_names_uuids(self):
        run = ingest.parse_run(helpers.v2_stream(MIXED))
        assert run.source_format == ingest.SUBUNIT_V2
        assert _summary(run) == EXPECTED

    def test_details_and_durations(self):
        run = ingest.parse_run(helpers.v2_stream(MIXED, step_ms=1500))
        by_name = {o.name: o for o in run}
        assert by_name['tempest.api.a.A.test_skip'].detail == 'Feature not enabled'
        assert by_name['tempest.api.a.A.test_fail'].detail == (
            'Traceback (most recent call last):\nBoom\n')
        assert by_name['tempest.api.a.A.test_pass'].detail is None
        assert {o.duration_ms for o in run} == {1500}
        assert run.duration_seconds == pytest.approx(len(MIXED) * 1.5)
        assert run.started_at == helpers.T0

    def test_subunit_format_forced(self):
        run = ingest.parse_run(helpers.v2_stream(MIXED), fmt='subunit')
        assert _summary(run) == EXPECTED

    def test_from_file_object(self, tmp_path):
        path = tmp_path / 'run.subunit'
        path.write_bytes(helpers.v2_stream(MIXED))
        with open(path, 'rb') as f:
            assert _summary(ingest.parse_run(f)) == EXPECTED

    def test_gzip(self):
        run = ingest.parse_run(gzip.compress(helpers.v2_stream(MIXED)))
        assert _summary(run) == EXPECTED

    def test_duplicates_later_status_wins(self):
        stream = helpers.v2_stream([('t.A.a[id-1]', 'failed'), ('t.A.b', 'passed'),
                                    ('t.A.a[id-1]', 'passed')])
        run = ingest.parse_run(stream)
        assert _summary(run) == [('t.A.a', '1', 'passed'), ('t.A.b', None, 'passed')]
        assert run.duplicates == 1
        assert run.passed()[0].detail is None

    def test_concatenated_streams(self):
        first = helpers.v2_stream([('t.A.a', 'failed'), ('t.A.b', 'passed')])
        rerun = helpers.v2_stream([('t.A.a', 'passed')])
        run = ingest.parse_run(first + rerun)
        assert [o.status for o in run] == ['passed', 'passed']

    def test_unfinished_tests_are_counted_not_stored(self):
        run = ingest.parse_run(helpers.v2_stream([('t.A.a', 'passed'), ('t.A.b', None)]))
        assert _summary(run) == [('t.A.a', None, 'passed')]
        assert run.incomplete == 1

    def test_hasher_sees_every_raw_byte(self):
        import hashlib
        data = gzip.compress(helpers.v2_stream(MIXED)) + b''
        digest = hashlib.sha256()
        ingest.parse_run(io.BytesIO(data), hasher=digest)
        assert digest.hexdigest() == hashlib.sha256(data).hexdigest()

    def test_non_subunit_noise_between_packets_tolerated(self):
        stream = helpers.v2_stream(MIXED[:1]) + b'stray print\n' + helpers.v2_stream(MIXED[1:2])
        assert len(ingest.parse_run(stream)) == 2

    def test_too_much_non_subunit_noise(self):
        stream = helpers.v2_stream(MIXED[:1]) + b'x' * (300 * 1024)
        with pytest.raises(exception.ValidationError, match='non-subunit'):
            ingest.parse_run(stream)

    def test_max_tests(self):
        stream = helpers.v2_stream([('t.A.%d' % i, 'passed') for i in range(11)])
        with pytest.raises(exception.ValidationError, match='more than 10'):
            ingest.parse_run(stream, max_tests=10)

    def test_overlong_name(self):
        stream = helpers.v2_stream([('t.' + 'a' * 600, 'passed')])
        with pytest.raises(exception.ValidationError, match='longer than 512'):
            ingest.parse_run(stream)


class TestSubunitV1:

    def test_refstack_client_fixture(self):
        """client.md 7: the original client's fixture and golden body."""
        run = ingest.parse_run(helpers.V1_FIXTURE)
        assert run.source_format == ingest.SUBUNIT_V1
        assert ingest.legacy_body_bytes(
            run, '09901d92654bdaee787e915b9143769f', 0) == helpers.V1_FIXTURE_BODY
        assert run.duration_seconds == 4.0
        assert [o.duration_ms for o in run] == [1500, 2000]

    def test_statuses_names_uuids_details(self):
        run = ingest.parse_run(helpers.v1_stream(MIXED))
        assert _summary(run) == EXPECTED
        by_name = {o.name: o for o in run}
        assert by_name['tempest.api.a.A.test_skip'].detail == 'Feature not enabled\n'
        assert 'Boom' in by_name['tempest.api.a.A.test_fail'].detail
        assert run.duration_seconds == len(MIXED)

    def test_v1_and_v2_of_the_same_run_hash_alike(self):
        v1 = ingest.parse_run(helpers.v1_stream(MIXED))
        v2 = ingest.parse_run(helpers.v2_stream(MIXED))
        assert ingest.content_hash(v1, 'c') == ingest.content_hash(v2, 'c')

    def test_gzip(self):
        run = ingest.parse_run(gzip.compress(helpers.v1_stream(MIXED)), fmt='subunit')
        assert _summary(run) == EXPECTED

    def test_without_time_lines(self):
        run = ingest.parse_run(b'test: t.A.a\nsuccess: t.A.a\n')
        assert run.duration_seconds is None
        assert run.outcomes[0].duration_ms is None

    def test_passthrough_lines_ignored(self):
        run = ingest.parse_run(b'some output\ntest: t.A.a\nmore output\nsuccess: t.A.a\n')
        assert _summary(run) == [('t.A.a', None, 'passed')]


def _garbage_cases():
    rng = random.Random(42)
    v2 = helpers.v2_stream(MIXED)
    v1 = helpers.v1_stream(MIXED)
    return {
        'random bytes': bytes(rng.randrange(256) for _ in range(4096)),
        'random after v2 signature': b'\xb3' + bytes(rng.randrange(256) for _ in range(4096)),
        'v2 truncated mid packet': v2[:len(v2) // 2 + 3],
        'v2 one byte short': v2[:-1],
        'v2 bad checksum': v2[:20] + bytes([v2[20] ^ 0xff]) + v2[21:],
        'v2 packet length below header': b'\xb3\x29\x00\x02\x00\x00',
        'v2 bad utf8 test id': _bad_utf8_v2(),
        'v1 truncated inside test': v1[:v1.index(b'Boom')],
        'v1 bad utf8': b'test: t.\xff\xfe\nsuccess: t.\xff\xfe\n',
        'v1 bad time': b'time: not-a-time\ntest: t.a\nsuccess: t.a\n',
        'v1 only noise': b'hello\nworld\n',
        'gzip truncated': gzip.compress(v2)[:200],
        'gzip corrupt': gzip.compress(v2)[:40] + b'\x00' * 64 + gzip.compress(v2)[104:],
        'gzip of noise': gzip.compress(os.urandom(2048)),
        'empty': b'',
        'empty gzip': gzip.compress(b''),
        'whitespace': b'   \n\n',
    }


def _bad_utf8_v2():
    # A valid packet whose test id bytes are replaced by invalid UTF-8 and
    # whose CRC is recomputed, so only the UTF-8 check can reject it.
    import struct
    import zlib
    good = helpers.v2_stream([('t.ab', 'passed')], start=helpers.T0)
    first_len = good[3] & 0x3f
    packet = bytearray(good[:first_len])
    pos = packet.index(b't.ab')
    packet[pos:pos + 4] = b't.\xff\xfe'
    packet[-4:] = struct.pack('>I', zlib.crc32(bytes(packet[:-4])) & 0xffffffff)
    return bytes(packet) + good[first_len:]


@pytest.mark.parametrize('fmt', ['auto', 'subunit'])
@pytest.mark.parametrize('case', sorted(_garbage_cases()))
def test_garbage_gives_validation_error(case, fmt):
    data = _garbage_cases()[case]
    with pytest.raises(exception.ValidationError) as info:
        ingest.parse_run(data, fmt=fmt)
    assert info.value.code == 400
    assert info.value.message


def test_bad_utf8_v2_message():
    with pytest.raises(exception.ValidationError, match='not UTF8'):
        ingest.parse_run(_bad_utf8_v2())


def test_gzip_bomb_capped():
    chunk = b'\x00' * (1024 * 1024)
    bomb = gzip.compress(helpers.v2_stream(
        MIXED, attachments=lambda test_id, status: [('pythonlogging', chunk)] * 2))
    assert len(bomb) < 64 * 1024
    with pytest.raises(exception.PayloadTooLarge) as info:
        ingest.parse_run(bomb, max_decompressed_bytes=1024 * 1024)
    assert info.value.code == 413


def test_raw_size_capped():
    with pytest.raises(exception.PayloadTooLarge):
        ingest.parse_run(helpers.v2_stream(MIXED), max_bytes=100)


def test_unknown_format_argument():
    with pytest.raises(exception.ValidationError, match='Unknown result format'):
        ingest.parse_run(b'x', fmt='tap')


def test_random_fuzz_never_escapes():
    """Random corruptions of a valid stream give a run or ValidationError."""
    rng = random.Random(7)
    base = helpers.v2_stream(MIXED)
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)):]
        try:
            ingest.parse_run(bytes(data))
        except exception.ValidationError:
            pass

"""A full Tempest run, and large streams parsed in bounded memory."""

import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import tracemalloc
from xml.sax.saxutils import escape

import pytest

from refstack import ingest
from tests.unit.ingest import helpers

SHARED = os.environ.get('REFSTACK_SHARED_DIR', os.path.join(
    os.path.dirname(__file__), '..', '..', 'data', 'shared'))
TEMPEST_RUN = os.path.join(SHARED, 'tools', 'tempest_run.py')
TEST_LIST = os.path.join(SHARED, 'data', 'tempest-47.0.0-tests.txt')
MB = 1024 * 1024
LOG = (b'2026-01-01 12:00:00.000 12345 DEBUG tempest.lib.common.rest_client '
       b'[req-1] Request - Headers: {"X-Auth-Token": "<omitted>"} 200 GET /v2.1/servers\n'
       ) * 120


def _tempest_run(fmt, seed):
    if not os.path.exists(TEMPEST_RUN):
        pytest.skip('shared test data not available (set REFSTACK_SHARED_DIR)')
    return subprocess.run([sys.executable, TEMPEST_RUN, '--format', fmt, '--seed', str(seed)],
                          check=True, capture_output=True).stdout


@pytest.mark.parametrize('seed', [0, 3])
def test_full_tempest_run_matches_reference_json(seed):
    """tempest_run.py's subunit v2 run gives its own JSON body back."""
    stream = _tempest_run('subunit', seed)
    reference = json.loads(_tempest_run('json', seed))
    run = ingest.parse_run(stream, max_tests=20000)
    with open(TEST_LIST) as f:
        assert len(run) == sum(1 for line in f if line.strip()) == 1575
    counts = run.counts()
    assert counts['passed'] == len(reference['results'])
    assert counts['failed'] and counts['skipped']
    assert counts['passed'] + counts['failed'] + counts['skipped'] == 1575
    body = ingest.legacy_body(run, reference['cpid'], int(run.duration_seconds))
    assert body == reference
    assert all(o.detail == 'Feature not enabled in tempest.conf'
               for o in run if o.status == 'skipped')
    assert all('TimeoutException' in o.detail for o in run if o.status == 'failed')
    # Re-uploads of the same stream (even gzipped) hash alike.
    assert ingest.content_hash(run, 'c') == ingest.content_hash(
        ingest.parse_run(gzip.compress(stream)), 'c')


def _big_v2_file(target_bytes):
    """A subunit v2 temp file of about ``target_bytes`` with Tempest-like
    logging attachments, 5% failures and 10% skips."""
    per_test = len(LOG) + 200
    ids = helpers.tempest_ids(target_bytes // per_test + 1)
    rng = random.Random(1)
    tests = [(i, rng.choices(['passed', 'failed', 'skipped'], [85, 5, 10])[0]) for i in ids]

    def attachments(test_id, status):
        extra = [('pythonlogging', LOG)]
        if status == 'failed':
            extra.append(('traceback', b'Traceback (most recent call last):\n  ...\n' * 40))
        elif status == 'skipped':
            extra.append(('reason', b'Feature not enabled'))
        return extra
    f = tempfile.TemporaryFile()
    helpers.v2_stream(tests, out=f, attachments=attachments)
    f.seek(0)
    return f, len(ids)


def _traced(func):
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_50mb_v2_stream_is_parsed_in_bounded_memory():
    f, count = _big_v2_file(50 * MB)
    with f:
        size = os.fstat(f.fileno()).st_size
        assert size >= 50 * MB
        run, peak = _traced(lambda: ingest.parse_run(f))
    assert len(run) == count
    # The stream is never held: the peak stays far below its size.
    assert peak < 8 * MB, peak


def test_50mb_gzip_stream_is_parsed_in_bounded_memory():
    f, count = _big_v2_file(50 * MB)
    with f, tempfile.TemporaryFile() as packed:
        with gzip.GzipFile(fileobj=packed, mode='wb', compresslevel=1) as gz:
            while True:
                chunk = f.read(MB)
                if not chunk:
                    break
                gz.write(chunk)
        packed.seek(0)
        run, peak = _traced(lambda: ingest.parse_run(packed))
    assert len(run) == count
    assert peak < 8 * MB, peak


def test_large_junit_is_parsed_in_bounded_memory():
    case = ('<testcase classname="tempest.api.a.B" name="test_%%d[id-%%d]" time="1.0">'
            '<system-out>%s</system-out></testcase>\n' % escape(LOG.decode()))
    with tempfile.TemporaryFile() as f:
        f.write(b'<testsuites><testsuite>\n')
        for i in range(3000):
            f.write((case % (i, i)).encode())
        f.write(b'</testsuite></testsuites>\n')
        size = f.tell()
        f.seek(0)
        run, peak = _traced(lambda: ingest.parse_run(f))
    assert len(run) == 3000 and size > 30 * MB
    assert peak < 8 * MB, peak

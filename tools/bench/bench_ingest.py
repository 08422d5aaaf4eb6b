#!/usr/bin/env python3
"""Parse throughput of refstack.ingest (numbers only, no pass/fail).

Measures:
  * a full 1,575-test Tempest run as subunit v2 (from the shared
    tempest_run.py when available, else synthetic ids), also gzipped,
    as subunit v1 and as JUnit XML;
  * a ~50 MB subunit v2 stream with Tempest-like logging attachments;
  * 20,000 small tests (the default per-run limit).

Usage: python tools/bench/bench_ingest.py [--repeat N] [--size-mb 50]
"""

import argparse
import datetime
import gzip
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..'))

import subunit  # noqa: E402

from refstack import ingest  # noqa: E402

SHARED = os.environ.get('REFSTACK_SHARED_DIR', '/work/shared')
TEMPEST_RUN = os.path.join(SHARED, 'tools', 'tempest_run.py')
T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
LOG = (b'2026-01-01 12:00:00.000 12345 DEBUG tempest.lib.common.rest_client '
       b'[req-1] Request - Headers: {"X-Auth-Token": "<omitted>"} 200 GET /v2.1/servers\n'
       ) * 120
STATUS = {'passed': 'success', 'failed': 'fail', 'skipped': 'skip'}


def synthetic_ids(count):
    return ['tempest.api.compute.servers.test_servers.ServersTestJSON.test_%05d'
            '[id-%08x-0000-4000-8000-%012x,smoke]' % (i, i, i) for i in range(count)]


def draw(ids, seed=1):
    rng = random.Random(seed)
    return [(i, rng.choices(['passed', 'failed', 'skipped'], [85, 5, 10])[0]) for i in ids]


def write_v2(tests, out, logging=False):
    writer = subunit.StreamResultToBytes(out)
    clock = T0
    for test_id, status in tests:
        writer.status(test_id=test_id, test_status='inprogress', timestamp=clock)
        clock += datetime.timedelta(milliseconds=700)
        files = [('pythonlogging', LOG)] if logging else []
        if status == 'failed':
            files.append(('traceback', b'Traceback (most recent call last):\n  ...\nBoom\n'))
        elif status == 'skipped':
            files.append(('reason', b'Feature not enabled in tempest.conf'))
        for name, data in files:
            writer.status(test_id=test_id, file_name=name, file_bytes=data,
                          mime_type='text/plain;charset=utf8', eof=True, timestamp=clock)
        writer.status(test_id=test_id, test_status=STATUS[status], timestamp=clock)


def write_v1(tests):
    lines = []
    for test_id, status in tests:
        lines += ['time: 2026-01-01 00:00:00.000000Z', 'test: %s' % test_id,
                  'time: 2026-01-01 00:00:01.000000Z']
        if status == 'passed':
            lines.append('successful: %s' % test_id)
        elif status == 'skipped':
            lines += ['skip: %s [' % test_id, 'Feature not enabled', ']']
        else:
            lines += ['failure: %s [' % test_id, 'Traceback', 'Boom', ']']
    return ('\n'.join(lines) + '\n').encode()


def write_junit(tests):
    from xml.sax.saxutils import quoteattr
    parts = ['<testsuite tests="%d" time="100.0">' % len(tests)]
    for test_id, status in tests:
        dot = test_id.split('[', 1)[0].rfind('.')
        parts.append('<testcase classname=%s name=%s time="0.7">' % (
            quoteattr(test_id[:dot]), quoteattr(test_id[dot + 1:])))
        if status == 'failed':
            parts.append('<failure>Traceback\nBoom</failure>')
        elif status == 'skipped':
            parts.append('<skipped>Feature not enabled</skipped>')
        parts.append('</testcase>')
    parts.append('</testsuite>')
    return '\n'.join(parts).encode()


def timed(label, size, count, make_source, repeat):
    best = None
    run = None
    for _ in range(repeat):
        source = make_source()
        start = time.perf_counter()
        run = ingest.parse_run(source, max_tests=max(20000, count))
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    source = make_source()
    tracemalloc.start()
    ingest.parse_run(source, max_tests=max(20000, count))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print('%-34s %9.2f MB %7d tests %8.1f ms %9.0f tests/s %7.1f MB/s  peak %6.2f MB' % (
        label, size / 1e6, len(run), best * 1000, len(run) / best, size / 1e6 / best,
        peak / 1e6))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--size-mb', type=int, default=50)
    args = parser.parse_args()

    if os.path.exists(TEMPEST_RUN):
        full = subprocess.run([sys.executable, TEMPEST_RUN, '--format', 'subunit',
                               '--seed', '1'], check=True, capture_output=True).stdout
        label = 'tempest_run.py 1,575 tests, v2'
        tests = [(o.name, o.status) for o in ingest.parse_run(full)]
    else:
        tests = draw(synthetic_ids(1575))
        buf = io.BytesIO()
        write_v2(tests, buf)
        full = buf.getvalue()
        label = 'synthetic 1,575 tests, v2'
    print('python %s, %s' % (sys.version.split()[0], sys.platform))
    timed(label, len(full), 1575, lambda: io.BytesIO(full), args.repeat)
    packed = gzip.compress(full)
    timed('  same, gzip', len(packed), 1575, lambda: io.BytesIO(packed), args.repeat)
    v1 = write_v1(tests)
    timed('  same, subunit v1', len(v1), 1575, lambda: io.BytesIO(v1), args.repeat)
    junit = write_junit(tests)
    timed('  same, JUnit XML', len(junit), 1575, lambda: io.BytesIO(junit), args.repeat)

    small = io.BytesIO()
    write_v2(draw(synthetic_ids(20000)), small)
    small_bytes = small.getvalue()
    timed('20,000 tests, v2', len(small_bytes), 20000, lambda: io.BytesIO(small_bytes),
          args.repeat)

    per_test = len(LOG) + 250
    big_tests = draw(synthetic_ids(args.size_mb * 1024 * 1024 // per_test + 1))
    with tempfile.TemporaryFile() as f:
        write_v2(big_tests, f, logging=True)
        size = f.tell()

        def rewind():
            f.seek(0)
            return f
        timed('%d MB v2 with logging, from file' % args.size_mb, size, len(big_tests), rewind,
              max(1, args.repeat // 2))


if __name__ == '__main__':
    main()

"""Builders of Tempest-like result streams for the ingest tests."""

import datetime
import io

import subunit

T0 = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)

# client.md 7: the refstack-client fixture .testrepository/0, a subunit v1
# text stream of two passing tests, one with an attribute block.
V1_FIXTURE = (
    b'time: 2014-08-15 10:34:51.000000Z\n'
    b'tags: worker-0\n'
    b'test: tempest.passed.test\n'
    b'time: 2014-08-15 10:34:52.500000Z\n'
    b'successful: tempest.passed.test [ multipart\n'
    b']\n'
    b'time: 2014-08-15 10:34:53.000000Z\n'
    b'test: tempest.tagged_passed.test[gate,id-0146f675-ffbd-4208-b3a4-60eb628dbc5e]\n'
    b'time: 2014-08-15 10:34:55.000000Z\n'
    b'successful: tempest.tagged_passed.test[gate,id-0146f675-ffbd-4208-b3a4-60eb628dbc5e]'
    b' [ multipart\n'
    b']\n'
)
V1_FIXTURE_BODY = (
    b'{"cpid": "09901d92654bdaee787e915b9143769f", "duration_seconds": 0, '
    b'"results": [{"name": "tempest.passed.test"}, {"name": '
    b'"tempest.tagged_passed.test", "uuid": "0146f675-ffbd-4208-b3a4-60eb628dbc5e"}]}'
)

SUBUNIT_STATUS = {'passed': 'success', 'failed': 'fail', 'skipped': 'skip',
                  'xfail': 'xfail', 'uxsuccess': 'uxsuccess'}


def v2_stream(tests, out=None, start=T0, step_ms=1000, attachments=None):
    """Write a subunit v2 stream.

    :param tests: iterable of ``(test_id, status)`` with ``status`` one of
        passed/failed/skipped/xfail/uxsuccess, or ``None`` for a test that
        starts and never finishes.
    :param attachments: callable ``(test_id, status) -> [(name, bytes)]``.
    :returns: the bytes when ``out`` is None.
    """
    buf = out if out is not None else io.BytesIO()
    writer = subunit.StreamResultToBytes(buf)
    clock = start
    for test_id, status in tests:
        writer.status(test_id=test_id, test_status='inprogress', timestamp=clock)
        clock += datetime.timedelta(milliseconds=step_ms)
        if status is None:
            continue
        extra = attachments(test_id, status) if attachments else _default(status)
        for name, data in extra:
            writer.status(test_id=test_id, file_name=name, file_bytes=data,
                          mime_type='text/plain;charset=utf8', eof=True,
                          timestamp=clock)
        writer.status(test_id=test_id, test_status=SUBUNIT_STATUS[status],
                      timestamp=clock)
    if out is None:
        return buf.getvalue()


def _default(status):
    if status == 'skipped':
        return [('reason', b'Feature not enabled')]
    if status == 'failed':
        return [('pythonlogging', b'log line\n'),
                ('traceback', b'Traceback (most recent call last):\nBoom\n')]
    return []


def v1_stream(tests, start=T0):
    """Write a subunit v1 text stream from ``(test_id, status)`` pairs."""
    lines = []
    clock = start
    directive = {'passed': 'successful', 'failed': 'failure', 'skipped': 'skip',
                 'xfail': 'xfail', 'uxsuccess': 'uxsuccess'}
    for test_id, status in tests:
        lines.append('time: %s' % clock.strftime('%Y-%m-%d %H:%M:%S.%fZ'))
        lines.append('test: %s' % test_id)
        clock += datetime.timedelta(seconds=1)
        lines.append('time: %s' % clock.strftime('%Y-%m-%d %H:%M:%S.%fZ'))
        if status == 'passed':
            lines.append('successful: %s' % test_id)
        elif status == 'skipped':
            lines.append('skip: %s [' % test_id)
            lines.append('Feature not enabled')
            lines.append(']')
        else:
            lines.append('%s: %s [' % (directive[status], test_id))
            lines.append('Traceback (most recent call last):')
            lines.append('Boom')
            lines.append(']')
    return ('\n'.join(lines) + '\n').encode('utf-8')


def junit_xml(tests, suite_time='12.5'):
    """JUnit XML in subunit2junitxml's shape from ``(test_id, status)``."""
    from xml.sax.saxutils import quoteattr, escape
    parts = ['<testsuite errors="0" failures="0" name="" tests="%d" time="%s">'
             % (len(tests), suite_time)]
    for test_id, status in tests:
        base = test_id.split('[', 1)[0]
        dot = base.rfind('.')
        classname, name = test_id[:dot], test_id[dot + 1:]
        parts.append('<testcase classname=%s name=%s time="1.250">'
                     % (quoteattr(classname), quoteattr(name)))
        if status == 'failed':
            parts.append('<failure type="testtools.testresult.real._StringException">'
                         '%s</failure>' % escape('Traceback:\nBoom <&>'))
        elif status == 'skipped':
            parts.append('<skipped>Feature not enabled</skipped>')
        elif status == 'uxsuccess':
            parts.append('<failure type="unittest.case._UnexpectedSuccess"/>')
        parts.append('</testcase>')
    parts.append('</testsuite>')
    return '\n'.join(parts).encode('utf-8')


def tempest_ids(count, prefix='tempest.api.compute.servers.test_servers.ServersTestJSON'):
    """Synthetic Tempest-style test ids with idempotent ids."""
    return ['%s.test_%05d[id-%08x-0000-4000-8000-%012x,smoke]' % (prefix, i, i, i)
            for i in range(count)]

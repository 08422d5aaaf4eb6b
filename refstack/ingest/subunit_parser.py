"""Subunit v1 and v2 parsers feeding a :class:`~refstack.ingest.model.RunBuilder`.

v2 is read with python-subunit's ``ByteStreamToStreamResult`` and a small
``StreamResult``-shaped collector; v1 with python-subunit's
``TestProtocolServer`` and a unittest-shaped collector. Both hand events to
the builder as they arrive, so memory holds only unfinished tests.
"""

import subunit

from refstack.common import exception
from refstack.ingest import model

_V2_STATUS = {
    'success': model.PASSED,
    'fail': model.FAILED,
    'skip': model.SKIPPED,
    'xfail': model.XFAIL,
    'uxsuccess': model.UXSUCCESS,
}
# Emitted by ByteStreamToStreamResult when a packet does not parse.
_PARSER_TEST_ID = 'subunit.parser'
_PARSER_ERROR_FILE = 'Parser Error'
_NON_SUBUNIT = 'stdout'
#: Non-subunit bytes tolerated in a stream (stray prints between v2
#: packets, passthrough lines in v1). v2 reports them one byte at a time,
#: so this also bounds the time spent on them.
MAX_NON_SUBUNIT_BYTES = 256 * 1024
#: Longest v1 line read at once.
MAX_V1_LINE = 8 * 1024 * 1024


def max_events(builder):
    """Most subunit events (v2 packets, v1 lines) parsed for one run; a
    bound on CPU time for streams of tiny packets."""
    return max(200000, 100 * builder.max_tests)


class _V2Collector:
    """Receives ``status()`` calls (testtools StreamResult protocol)."""

    def __init__(self, builder):
        self.builder = builder
        self.non_subunit = 0
        self.events = 0
        self.max_events = max_events(builder)

    def startTestRun(self):
        pass

    def stopTestRun(self):
        pass

    def status(self, test_id=None, test_status=None, test_tags=None,
               runnable=True, file_name=None, file_bytes=None, eof=False,
               mime_type=None, route_code=None, timestamp=None):
        builder = self.builder
        self.events += 1
        if self.events > self.max_events:
            raise exception.ValidationError(
                'Malformed subunit stream: more than %d events.'
                % self.max_events)
        if test_id == _PARSER_TEST_ID:
            if file_name == _PARSER_ERROR_FILE:
                raise exception.ValidationError(
                    'Malformed subunit stream: %s'
                    % bytes(file_bytes).decode('utf-8', 'replace'))
            return
        if test_id is None:
            builder.seen_time(timestamp)
            if file_name == _NON_SUBUNIT and file_bytes is not None:
                self.non_subunit += len(file_bytes)
                if self.non_subunit > MAX_NON_SUBUNIT_BYTES:
                    raise exception.ValidationError(
                        'Malformed subunit stream: more than %d bytes of '
                        'non-subunit data.' % MAX_NON_SUBUNIT_BYTES)
            return
        if file_name is not None and file_bytes is not None:
            builder.attach(test_id, file_name, file_bytes)
        if test_status == 'inprogress':
            builder.start(test_id, timestamp)
        elif test_status in _V2_STATUS:
            builder.finish(test_id, _V2_STATUS[test_status], timestamp)
        else:
            # 'exists' (a listing) or a bare attachment.
            builder.seen_time(timestamp)


class _ChecksReads:
    """Guards ``read`` against negative sizes, which python-subunit asks
    for when a packet declares a length below its header size (it would
    otherwise read the whole remaining stream at once)."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, size=-1):
        if size is None or size < 0:
            raise exception.ValidationError(
                'Malformed subunit stream: packet length too short.')
        return self._stream.read(size)


def parse_v2(stream, builder):
    """Parse a subunit v2 byte stream into ``builder``."""
    collector = _V2Collector(builder)
    parser = subunit.ByteStreamToStreamResult(
        _ChecksReads(stream), non_subunit_name=_NON_SUBUNIT)
    _guard(parser.run, collector, 'subunit')


class _V1Collector:
    """A unittest-result-shaped receiver for ``TestProtocolServer``."""

    def __init__(self, builder):
        self.builder = builder
        self.now = None
        self.shouldStop = False

    # Time and structure.
    def time(self, a_datetime):
        self.now = a_datetime
        self.builder.seen_time(a_datetime)

    def startTest(self, test):
        self.builder.start(test.id(), self.now)

    def stopTest(self, test):
        pass

    def tags(self, new_tags, gone_tags):
        pass

    def progress(self, offset, whence):
        pass

    # Outcomes.
    def _done(self, test, status, details=None, reason=None):
        test_id = test.id()
        if reason is not None:
            self.builder.attach(test_id, 'reason', reason.encode('utf-8'))
        for name, content in (details or {}).items():
            for chunk in content.iter_bytes():
                self.builder.attach(test_id, name, chunk)
        self.builder.finish(test_id, status, self.now)

    def addSuccess(self, test, details=None):
        self._done(test, model.PASSED, details)

    def addFailure(self, test, err=None, details=None):
        self._done(test, model.FAILED, details)

    addError = addFailure

    def addSkip(self, test, reason=None, details=None):
        self._done(test, model.SKIPPED, details, reason)

    def addExpectedFailure(self, test, err=None, details=None):
        self._done(test, model.XFAIL, details)

    def addUnexpectedSuccess(self, test, details=None):
        self._done(test, model.UXSUCCESS, details)


class _Passthrough:
    """Counts (and drops) the lines that are not subunit v1."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)
        if self.size > MAX_NON_SUBUNIT_BYTES:
            raise exception.ValidationError(
                'Malformed subunit v1 stream: more than %d bytes of '
                'non-subunit lines.' % MAX_NON_SUBUNIT_BYTES)


def parse_v1(stream, builder):
    """Parse a subunit v1 text stream into ``builder``.

    Lines that are not subunit are ignored (they are passthrough output in
    v1). A stream that ends inside a test is rejected as truncated.
    """
    collector = _V1Collector(builder)
    server = subunit.TestProtocolServer(collector, stream=_Passthrough())
    limit = max_events(builder)

    def run(_):
        line_no = 0
        while True:
            line = stream.readline(MAX_V1_LINE)
            if not line:
                break
            line_no += 1
            if line_no > limit:
                raise exception.ValidationError(
                    'Malformed subunit v1 stream: more than %d lines.' % limit)
            if len(line) == MAX_V1_LINE and not line.endswith(b'\n'):
                raise exception.ValidationError(
                    'Malformed subunit v1 stream: line %d is longer than %d '
                    'bytes.' % (line_no, MAX_V1_LINE))
            try:
                server.lineReceived(line)
            except (exception.RefstackException, MemoryError):
                raise
            except Exception as exc:
                raise exception.ValidationError(
                    'Malformed subunit v1 stream: line %d: %s'
                    % (line_no, exc or type(exc).__name__))
        if server._state is not server._outside_test:
            raise exception.ValidationError(
                'Malformed subunit v1 stream: it ends inside test %s '
                '(truncated?).' % server.current_test_description)

    _guard(run, None, 'subunit v1')


def _guard(func, arg, what):
    """Run a third-party parser, turning its failures into ValidationError."""
    try:
        func(arg)
    except exception.RefstackException:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise exception.ValidationError(
            'Malformed %s stream: %s' % (what, exc or type(exc).__name__))

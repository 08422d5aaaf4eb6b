"""The normalised form of a Tempest run and the rules that produce it.

Every parser (subunit v1/v2, JUnit XML, RefStack JSON) feeds a
:class:`RunBuilder`, which derives names and uuids, collapses duplicates,
bounds failure details and enforces the per-run limits. The result is a
:class:`Run`: an ordered list of :class:`TestOutcome` plus run-level facts.

This module imports only the standard library so that ``refstack-upload``
can use it without the server's dependencies.
"""

import dataclasses
import datetime
import hashlib
import json
import typing

from refstack.common import exception

PASSED = 'passed'
FAILED = 'failed'
SKIPPED = 'skipped'
XFAIL = 'xfail'
UXSUCCESS = 'uxsuccess'
STATUSES = (PASSED, FAILED, SKIPPED, XFAIL, UXSUCCESS)

#: Longest test name accepted (the ``results.name`` column is VARCHAR(512)).
MAX_NAME_LENGTH = 512
#: Longest uuid accepted (the ``results.uuid`` column is VARCHAR(36)).
MAX_UUID_LENGTH = 36
#: Default largest number of distinct tests in one run.
DEFAULT_MAX_TESTS = 20000
#: Default largest failure detail kept per test, in bytes of UTF-8 with the
#: truncation marker included: fits a MySQL TEXT column (65,535 bytes).
DEFAULT_MAX_DETAIL = 64 * 1024 - 1
#: Default largest amount of detail text kept (and buffered) per run.
DEFAULT_MAX_DETAIL_TOTAL = 16 * 1024 * 1024

TRUNCATED_MARKER = '\n[... truncated: %d more bytes]'
DROPPED_MARKER = '[detail dropped: the run exceeded its detail size budget]'

#: Attachment names that hold the interesting text, by final status.
_PREFERRED_DETAIL = {
    SKIPPED: ('reason',),
    FAILED: ('traceback', 'reason'),
    XFAIL: ('traceback', 'reason'),
    UXSUCCESS: ('traceback', 'reason'),
}


class TestOutcome(typing.NamedTuple):
    """The final outcome of one test (a tuple: small and quick to build,
    thousands are made per upload).

    :ivar name: test id without its attribute block (see
        :func:`split_test_id`).
    :ivar uuid: the idempotent id (``id-<uuid>`` attribute) or ``None``.
    :ivar status: one of :data:`STATUSES`.
    :ivar duration_ms: run time of the test in milliseconds, or ``None``
        when the input carries no timing.
    :ivar detail: skip reason or failure text (bounded), ``None`` for
        passed tests and when the input has none.
    """

    __test__ = False  # not a pytest test class

    name: str
    uuid: str | None
    status: str
    duration_ms: int | None = None
    detail: str | None = None


@dataclasses.dataclass
class Run:
    """A normalised run.

    :ivar outcomes: one :class:`TestOutcome` per distinct name, in the order
        the names first appeared in the input.
    :ivar source_format: ``subunit2``, ``subunit1``, ``junit`` or ``json``.
    :ivar started_at: first timestamp seen (aware UTC datetime) or ``None``.
    :ivar ended_at: last timestamp seen or ``None``.
    :ivar duration_seconds: wall time from the first to the last timestamp
        (float seconds), the suite's declared time for JUnit, the body's
        value for JSON; ``None`` when unknown.
    :ivar cpid: the cpid carried by the input (JSON bodies only) or ``None``.
    :ivar duplicates: final results that replaced an earlier one.
    :ivar incomplete: tests that started but never reported a final status.
    """

    outcomes: list
    source_format: str
    started_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None
    duration_seconds: float | None = None
    cpid: str | None = None
    duplicates: int = 0
    incomplete: int = 0

    def __len__(self):
        return len(self.outcomes)

    def __iter__(self):
        return iter(self.outcomes)

    def passed(self):
        """The passed outcomes, in run order."""
        return [o for o in self.outcomes if o.status == PASSED]

    def counts(self):
        """Number of outcomes per status, every status present."""
        counts = dict.fromkeys(STATUSES, 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts


def split_test_id(test_id):
    """Derive ``(name, uuid)`` from a Tempest test id (client.md section 3).

    * name: the id with everything from the first ``[`` to the last ``]``
      removed, so a scenario suffix survives:
      ``a.B.test_x[id-<u>,smoke](scen)`` gives ``a.B.test_x(scen)``.
    * uuid: in the text between the first ``[`` and the ``]`` that follows
      it, the first comma-separated element starting with ``id-``, minus
      that prefix; ``None`` without such a block or element. Elements are
      not stripped, exactly like the original client.
    """
    start = test_id.find('[')
    if start == -1:
        return test_id, None
    last = test_id.rfind(']')
    name = test_id[:start] + test_id[last + 1:] if last > start else test_id
    close = test_id.find(']', start)
    test_uuid = None
    if close != -1:
        for element in test_id[start + 1:close].split(','):
            if element.startswith('id-'):
                test_uuid = element[3:]
                break
    return name, test_uuid


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit] + '...'


def check_name(name, test_uuid=None):
    """Reject names and uuids that cannot be stored.

    :raises: ValidationError
    """
    if not name:
        raise exception.ValidationError('Test result has an empty test name.')
    if len(name) > MAX_NAME_LENGTH:
        raise exception.ValidationError(
            'Test name longer than %d characters: %s'
            % (MAX_NAME_LENGTH, _clip(name, 100)))
    if test_uuid is not None and len(test_uuid) > MAX_UUID_LENGTH:
        raise exception.ValidationError(
            'Test uuid longer than %d characters in test %s: %s'
            % (MAX_UUID_LENGTH, _clip(name, 100), _clip(test_uuid, 60)))


class _Pending:
    """What is known about a started test until its final status.

    ``files`` maps an attachment name to ``[bytearray, omitted_bytes]``.
    """

    __slots__ = ('started', 'files', 'size')

    def __init__(self):
        self.started = None
        self.files = {}
        self.size = 0


class RunBuilder:
    """Collects raw events and produces a :class:`Run`.

    Parsers call :meth:`start`, :meth:`attach`, :meth:`finish` (or
    :meth:`add` for formats that report a test in one piece) and
    :meth:`seen_time`, then :meth:`build`.

    Duplicates: a test (keyed by its derived *name*) reported more than once
    keeps its first position in the run but the **last** final status,
    uuid, duration and detail win; ``Run.duplicates`` counts replacements.
    This makes a rerun of failed tests appended to a stream
    (``stestr run --failing``) count, and it is what a human reading the
    stream top to bottom would conclude.

    Details: the skip reason (attachment ``reason``) of a skipped test, the
    ``traceback`` attachment of a failed/xfail/uxsuccess test, else all its
    text attachments joined; each capped at ``max_detail`` bytes and ending
    in :data:`TRUNCATED_MARKER` when cut. Passed tests keep no detail.

    Memory: only tests that have started and not finished are tracked, with
    their attachments capped at ``max_detail`` bytes per attachment; all
    buffered and kept detail text of a run is capped at ``max_detail_total``
    bytes, after which details become :data:`DROPPED_MARKER`.
    """

    def __init__(self, source_format, max_tests=DEFAULT_MAX_TESTS,
                 max_detail=DEFAULT_MAX_DETAIL,
                 max_detail_total=DEFAULT_MAX_DETAIL_TOTAL):
        self.source_format = source_format
        self.max_tests = max_tests
        self.max_detail = max_detail
        self._budget = max_detail_total
        self._outcomes = {}
        self._pending = {}
        self._first = None
        self._last = None
        self._duplicates = 0
        self.duration_seconds = None
        self.cpid = None

    # -- timing ------------------------------------------------------------

    def seen_time(self, timestamp):
        """Record a timestamp (aware datetime) for the run's wall time."""
        if timestamp is None:
            return
        if self._first is None or timestamp < self._first:
            self._first = timestamp
        if self._last is None or timestamp > self._last:
            self._last = timestamp

    # -- event interface ---------------------------------------------------

    def _pending_for(self, test_id):
        pending = self._pending.get(test_id)
        if pending is None:
            if len(self._pending) >= self.max_tests:
                raise exception.ValidationError(
                    'Too many tests in progress at once (more than %d).'
                    % self.max_tests)
            pending = self._pending[test_id] = _Pending()
        return pending

    def start(self, test_id, timestamp=None):
        """A test started (subunit ``inprogress``)."""
        self.seen_time(timestamp)
        pending = self._pending_for(test_id)
        if pending.started is None:
            pending.started = timestamp

    def attach(self, test_id, file_name, data):
        """Attachment bytes for a running test; kept within the budgets."""
        if not data:
            return
        pending = self._pending_for(test_id)
        entry = pending.files.get(file_name)
        if entry is None:
            entry = pending.files[file_name] = [bytearray(), 0]
        room = min(self.max_detail - len(entry[0]), self._budget)
        take = max(0, min(len(data), room))
        if take:
            entry[0] += data[:take]
            pending.size += take
            self._budget -= take
        entry[1] += len(data) - take

    def finish(self, test_id, status, timestamp=None):
        """A final status (one of :data:`STATUSES`) for ``test_id``."""
        self.seen_time(timestamp)
        pending = self._pending.pop(test_id, None)
        duration_ms = None
        detail = None
        if pending is not None:
            if pending.started is not None and timestamp is not None:
                delta = timestamp - pending.started
                duration_ms = max(0, round(delta.total_seconds() * 1000))
            detail = self._detail_from(pending, status)
        self.add(test_id, status, duration_ms=duration_ms, detail=detail)

    def add(self, test_id, status, duration_ms=None, detail=None,
            test_uuid=None, derive=True):
        """Record one final outcome.

        :param derive: derive name and uuid from ``test_id`` (section 3);
            when false ``test_id`` is already a name and ``test_uuid`` is
            used as given (RefStack JSON).
        """
        if status not in STATUSES:
            raise ValueError('unknown status %r' % status)
        if derive:
            name, test_uuid = split_test_id(test_id)
        else:
            name = test_id
        check_name(name, test_uuid)
        if status == PASSED:
            detail = None
        previous = self._outcomes.get(name)
        if previous is None:
            if len(self._outcomes) >= self.max_tests:
                raise exception.ValidationError(
                    'Too many tests in the run: more than %d.' % self.max_tests)
        else:
            self._duplicates += 1
        self._outcomes[name] = TestOutcome(name, test_uuid, status,
                                           duration_ms, detail)

    def bounded_detail(self, text):
        """Bound a detail that a parser has as one string (JUnit)."""
        if not text:
            return None
        data = text.encode('utf-8', 'replace')
        take = min(len(data), self.max_detail, max(0, self._budget))
        if take == 0:
            return DROPPED_MARKER
        self._budget -= take
        return self._decode(data[:take], len(data) - take)

    # -- result ------------------------------------------------------------

    def _decode(self, data, omitted):
        """Detail text from kept bytes: invalid UTF-8 and NUL become U+FFFD;
        the result never exceeds ``max_detail`` UTF-8 bytes, the
        :data:`TRUNCATED_MARKER` included (unless the cap is smaller than
        the marker itself)."""
        text = bytes(data).decode('utf-8', 'replace').replace('\x00', '\ufffd')
        encoded = text.encode('utf-8')
        if not omitted and len(encoded) <= self.max_detail:
            return text
        marker = TRUNCATED_MARKER % (omitted + len(encoded))
        keep = max(0, self.max_detail - len(marker.encode('utf-8')))
        if keep < len(encoded):
            omitted += len(encoded) - keep
            text = encoded[:keep].decode('utf-8', 'ignore')
        return text + TRUNCATED_MARKER % omitted

    def _detail_from(self, pending, status):
        if status == PASSED or not pending.files:
            self._budget += pending.size
            return None
        chosen = None
        for wanted in _PREFERRED_DETAIL.get(status, ()):
            if wanted in pending.files:
                chosen, omitted = pending.files[wanted]
                break
        if chosen is None:
            chosen = bytearray()
            omitted = 0
            for file_name, (data, lost) in pending.files.items():
                if chosen:
                    chosen += b'\n'
                chosen += file_name.encode('utf-8', 'replace') + b':\n' + data
                omitted += lost
            if len(chosen) > self.max_detail:
                omitted += len(chosen) - self.max_detail
                del chosen[self.max_detail:]
        # Refund the buffered bytes that are not kept.
        self._budget += max(0, pending.size - len(chosen))
        if not chosen:
            return DROPPED_MARKER if omitted else None
        return self._decode(chosen, omitted)

    def build(self):
        """Return the :class:`Run` and forget the in-progress tests."""
        incomplete = len(self._pending)
        self._pending = {}
        duration = self.duration_seconds
        if duration is None and self._first is not None:
            duration = (self._last - self._first).total_seconds()
        return Run(outcomes=list(self._outcomes.values()),
                   source_format=self.source_format,
                   started_at=self._first, ended_at=self._last,
                   duration_seconds=duration, cpid=self.cpid,
                   duplicates=self._duplicates, incomplete=incomplete)


def content_hash(run, cpid):
    """SHA-256 identifying the stored content of a run.

    Exactly what goes in: the UTF-8 bytes of
    ``json.dumps({"cpid": cpid or "", "tests": tests, "v": 1},
    sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` where
    ``tests`` is ``[[name, uuid_or_null, status], ...]`` for every stored
    outcome, sorted by name (names are unique after de-duplication).

    Durations, details, timestamps, ``duration_seconds`` and the input
    format are left out, so the same run uploaded twice in the same format,
    or as subunit v1 and v2, or as JUnit, gives the same hash. A RefStack
    JSON body stores passed tests only, so it matches another upload only
    if that one also has passed tests only.

    :returns: 64 lowercase hex characters.
    """
    tests = sorted([o.name, o.uuid, o.status] for o in run.outcomes)
    canonical = json.dumps({'cpid': cpid or '', 'tests': tests, 'v': 1},
                           sort_keys=True, separators=(',', ':'),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


def legacy_body(run, cpid, duration_seconds=0):
    """The body the original refstack-client uploads (client.md 3).

    ``{"cpid", "duration_seconds", "results": [{"name", "uuid"?}]}`` with
    passed tests only, in run order, keys in that order, ``uuid`` omitted
    when the test has none.
    """
    results = []
    for outcome in run.outcomes:
        if outcome.status != PASSED:
            continue
        item = {'name': outcome.name}
        if outcome.uuid is not None:
            item['uuid'] = outcome.uuid
        results.append(item)
    return {'cpid': cpid, 'duration_seconds': int(duration_seconds),
            'results': results}


def legacy_body_bytes(run, cpid, duration_seconds=0):
    """:func:`legacy_body` serialised byte-for-byte as the original client
    sends (and signs) it: ``json.dumps`` with default separators."""
    return json.dumps(legacy_body(run, cpid, duration_seconds)).encode('utf-8')

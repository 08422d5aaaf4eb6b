"""JUnit XML parser (``subunit2junitxml``, stestr, pytest and similar).

Parsed incrementally with ``defusedxml``'s ``iterparse``: DTDs, entity
declarations and external references are refused (no entity-expansion
bombs), and each ``<testcase>`` is dropped from the tree once recorded.

Mapping: test id = ``classname + "." + name`` (just ``name`` without a
classname); ``<failure>``/``<error>`` give *failed* (or *uxsuccess* when
its type names an unexpected success), ``<skipped>`` gives *skipped* (or
*xfail* when its type is ``pytest.xfail``), no child gives *passed*.
Durations come from the ``time`` attribute (seconds); the run duration
from the root element's ``time``, else the sum of its suites' times.
"""

from defusedxml import ElementTree as SafeElementTree

from refstack.common import exception
from refstack.ingest import model

_FAIL_TAGS = ('failure', 'error')
_SKIP_TAG = 'skipped'
_ROOTS = ('testsuites', 'testsuite')
#: Deepest element nesting accepted.
MAX_DEPTH = 32


def _local(tag):
    return tag.rsplit('}', 1)[-1] if '}' in tag else tag


def _seconds(value):
    if value is None:
        return None
    try:
        seconds = float(value.replace(',', ''))
    except ValueError:
        return None
    if seconds != seconds or seconds < 0 or seconds == float('inf'):
        return None
    return seconds


def _outcome(case):
    """``(status, detail text)`` of a ``<testcase>`` element."""
    for child in case:
        tag = _local(child.tag)
        kind = child.get('type') or ''
        text = child.text or ''
        message = child.get('message') or ''
        if tag in _FAIL_TAGS:
            status = (model.UXSUCCESS if 'UnexpectedSuccess' in kind
                      else model.FAILED)
            if message and message not in text:
                text = message + ('\n' + text if text else '')
            return status, text
        if tag == _SKIP_TAG:
            status = model.XFAIL if kind == 'pytest.xfail' else model.SKIPPED
            return status, message or text
    return model.PASSED, None


def parse(stream, builder):
    """Parse JUnit XML from ``stream`` into ``builder``."""
    stack = []
    in_case = 0
    suite_seconds = 0.0
    saw_suite_time = False
    try:
        for event, elem in SafeElementTree.iterparse(
                stream, events=('start', 'end'), forbid_dtd=True):
            if event == 'start':
                if not stack and _local(elem.tag) not in _ROOTS:
                    raise exception.ValidationError(
                        'Malformed JUnit XML: unexpected root element <%s>.'
                        % _local(elem.tag))
                if len(stack) >= MAX_DEPTH:
                    raise exception.ValidationError(
                        'Malformed JUnit XML: elements nested deeper than %d.'
                        % MAX_DEPTH)
                stack.append(elem)
                if _local(elem.tag) == 'testcase':
                    in_case += 1
                continue
            stack.pop()
            tag = _local(elem.tag)
            if tag == 'testcase':
                in_case -= 1
                if not in_case:
                    _record(elem, builder)
            elif tag == 'testsuite' and len(stack) == 1:
                seconds = _seconds(elem.get('time'))
                if seconds is not None:
                    suite_seconds += seconds
                    saw_suite_time = True
            if stack and not in_case:
                # Done with it: keep the tree (and memory) small.
                stack[-1].remove(elem)
            if not stack:
                root_seconds = _seconds(elem.get('time'))
                if root_seconds is not None:
                    builder.duration_seconds = root_seconds
                elif saw_suite_time:
                    builder.duration_seconds = suite_seconds
    except (exception.RefstackException, MemoryError):
        raise
    except Exception as exc:
        # ParseError, defusedxml's DTDForbidden/EntitiesForbidden, ...
        raise exception.ValidationError('Malformed JUnit XML: %s' % (
            exc or type(exc).__name__))


def _record(case, builder):
    name = case.get('name')
    if name is None:
        raise exception.ValidationError(
            'Malformed JUnit XML: <testcase> without a name attribute.')
    classname = case.get('classname')
    test_id = '%s.%s' % (classname, name) if classname else name
    status, detail = _outcome(case)
    seconds = _seconds(case.get('time'))
    duration_ms = None if seconds is None else round(seconds * 1000)
    builder.add(test_id, status, duration_ms=duration_ms,
                detail=builder.bounded_detail(detail))

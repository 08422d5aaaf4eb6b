"""Test lists for refstack-client (G3, api-contract 2.2.3), byte for byte.

One line per selected test: ``<name>[<idempotent_id>]`` (empty brackets when
the id is missing), a bare name for schema 1.2; aliases get their test's
bracket; flagged tests are dropped when ``flag`` is false; a test in two
selected capabilities appears twice; lines are sorted by code point and
joined by ``\\n`` with no trailing newline.
"""

from refstack.guidelines import model

_TRUE = ('true', 'yes', '1')


def parse_bool(value, default=True):
    """Query flag parsing of the original: empty means default."""
    value = last(value)
    if value is None or value == '':
        return default
    return str(value).lower() in _TRUE


def parse_types(value):
    """``type=required,advisory`` -> tuple of statuses; None means all.

    Unknown names are kept: they simply match nothing, as in the original.
    """
    value = last(value)
    if value is None or value == '':
        return None
    return tuple(t.strip() for t in str(value).split(',') if t.strip())


def last(value):
    """The last of repeated query parameters (pecan passes a list)."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def lines(guideline, target='platform', types=None, alias=True, flag=True):
    """Unsorted test-list lines.

    :raises: InvalidTarget
    """
    statuses = model.STATUSES if types is None else tuple(types)
    selected = guideline.selected_capabilities(target, statuses)
    out = []
    for cap in guideline.capabilities.values():
        if cap.name not in selected:
            continue
        for test in cap.tests:
            if not flag and test.flag:
                continue
            if guideline.list_tests:
                out.append(test.name)
                continue
            suffix = '[%s]' % (test.idempotent_id or '')
            out.append(test.name + suffix)
            if alias:
                out.extend(a + suffix for a in test.aliases)
    return out


def render(guideline, target='platform', types=None, alias=True, flag=True):
    """The G3 response body."""
    return '\n'.join(sorted(lines(guideline, target, types, alias, flag)))

"""OpenStack Interop guidelines: bundled data, the G1-G3 API and scoring.

Entry points used by the API (every function reads the per-process cached
catalogue of :mod:`refstack.guidelines.catalogue`; none touches the network):

* :func:`listing` - G1 body.
* :func:`get` - G2 body, the guideline file's JSON unchanged, as text.
* :func:`test_list` - G3 body (text).
* :func:`report` / :func:`report_for_run` / :func:`report_for_selection` -
  server-side scoring
  (:mod:`refstack.guidelines.scoring` documents the shape).
* :func:`badge_for_run` - an SVG "passing"/"failing" badge for a run.
* :func:`select` / :func:`default_guideline` - which guideline and programme
  a run is scored against when the caller does not say.

Errors are domain exceptions: ``GuidelineNotFound`` (404) for an unknown or
malformed name, ``InvalidTarget`` (400) for a programme the guideline does
not define, ``UnsupportedSchema`` (400).
"""

from refstack.guidelines import catalogue as _catalogue
from refstack.guidelines import errors
from refstack.guidelines import model
from refstack.guidelines import scoring
from refstack.guidelines import testlist

DEFAULT_TARGET = 'platform'


def get_catalogue(conf=None):
    return _catalogue.get_catalogue(conf)


def listing(conf=None):
    """G1: ``{"powered": [{"name", "file"}...], "<add-on>": [...]}``."""
    return get_catalogue(conf).listing()


def get_guideline(name, conf=None):
    """The parsed :class:`~refstack.guidelines.model.Guideline` for ``name``.

    :raises: GuidelineNotFound
    """
    return get_catalogue(conf).find(name).guideline


def get(name, conf=None):
    """G2: the guideline document for ``name`` (``2020.06``, ``dns.next.json``…),
    as JSON text.

    :raises: GuidelineNotFound
    """
    return get_guideline(name, conf).text


def test_list(name, target=DEFAULT_TARGET, types=None, alias=True, flag=True,
              conf=None):
    """G3: the newline-joined test list.

    :param types: iterable of statuses, None for all.
    :raises: GuidelineNotFound, InvalidTarget
    """
    return testlist.render(get_guideline(name, conf), target, types, alias, flag)


def report(name, target, passed, conf=None):
    """Score passed tests against guideline ``name`` for ``target``.

    :param passed: ``(name, uuid-or-None)`` pairs (or dicts, or names).
    :raises: GuidelineNotFound, InvalidTarget, UnsupportedSchema
    """
    return scoring.score(get_guideline(name, conf), target, passed)


def default_guideline(target=DEFAULT_TARGET, conf=None):
    """File name of the newest approved guideline covering ``target``.

    :raises: InvalidTarget
    """
    return get_catalogue(conf).default_for(target).file


def _clean_meta(value):
    """A stored meta value is the raw POST body: drop blanks and JSON quotes."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].strip()
    return value or None


def select(meta=None, guideline=None, target=None, conf=None):
    """Choose the guideline and programme to score a run against.

    Preference: explicit ``guideline``/``target`` arguments, then the run's
    ``meta`` ``guideline``/``target`` values, then ``platform`` and the newest
    approved guideline covering the target (ui.md 2.5 and issue 4). Explicit
    arguments that do not resolve raise; stored meta values that do not
    resolve (or do not fit together) are skipped, never an error.

    :returns: ``(Guideline, target, {"guideline": origin, "target": origin})``
        with origins ``"query"``, ``"meta"`` or ``"default"``.
    :raises: GuidelineNotFound, InvalidTarget (explicit arguments only)
    """
    cat = get_catalogue(conf)
    meta = meta or {}
    if target:
        targets = [(target, 'query')]
    else:
        targets = [(t, o) for t, o in ((_clean_meta(meta.get('target')), 'meta'),
                                       (DEFAULT_TARGET, 'default')) if t]
    stored = _clean_meta(meta.get('guideline'))
    for name, t_origin in targets:
        if guideline:
            entry = cat.find_for_target(guideline, name)
            if name in entry.targets:
                return entry.guideline, name, {'guideline': 'query', 'target': t_origin}
            continue
        if stored:
            try:
                entry = cat.find_for_target(stored, name)
            except errors.GuidelineNotFound:
                entry = None
            if entry is not None and name in entry.targets:
                return entry.guideline, name, {'guideline': 'meta', 'target': t_origin}
        try:
            entry = cat.default_for(name)
        except errors.InvalidTarget:
            continue
        return entry.guideline, name, {'guideline': 'default', 'target': t_origin}
    if guideline and not target:
        # e.g. ?guideline=dns.2020.06 alone: the file's own programme.
        entry = cat.find(guideline)
        if entry.targets:
            name = sorted(entry.targets)[0]
            return entry.guideline, name, {'guideline': 'query', 'target': 'default'}
    raise errors.InvalidTarget(target=model.echo(targets[0][0]))


def report_for_run(passed, meta=None, guideline=None, target=None, conf=None):
    """The report for a stored run (``GET /v1/results/{id}/report``).

    :param passed: the run's passed tests as ``(name, uuid-or-None)`` pairs.
    :param meta: the run's meta dict (``guideline``, ``target`` used).
    :param guideline: ``?guideline=`` value or None.
    :param target: ``?target=`` value or None.
    :returns: :func:`refstack.guidelines.scoring.score` dict plus
        ``"selection"`` telling where guideline and target came from.
    :raises: GuidelineNotFound, InvalidTarget, UnsupportedSchema
    """
    chosen, target, origin = select(meta, guideline, target, conf)
    return report_for_selection(chosen, target, origin, passed)


def report_for_selection(chosen, target, origin, passed):
    """:func:`report_for_run` once :func:`select` has chosen (for callers
    that look the report up by the selection before loading the run's tests).
    """
    result = scoring.score(chosen, target, passed)
    result['selection'] = origin
    return result


def badge_for_run(passed, meta=None, guideline=None, target=None, conf=None):
    """SVG badge text for a stored run (``GET /v1/results/{id}/badge.svg``).

    Same arguments and errors as :func:`report_for_run`.
    """
    from refstack.guidelines import badge

    chosen, target, _origin = select(meta, guideline, target, conf)
    return badge.render(scoring.score(chosen, target, passed), chosen)

"""Server-side scoring of a test run against a guideline (ui.md 2.5.1).

:func:`score` reproduces the UI algorithm exactly: a guideline test passes
when its name or one of its aliases is among the run's passed test names;
flagged means the test has a ``flagged`` entry (schema 1.3+) or is in its
capability's ``flagged`` array (1.2); a test in two capabilities counts
twice; compliance is YES iff every non-flagged required test passed.

Beyond the UI, a test not passed by name or alias whose idempotent id equals
the uuid of a passed test is an *id match* (Tempest renames tests between
versions). Id matches never change the UI figures; they are reported
separately and in the ``with_id_matches`` figures.

Report shape (every key always present)::

    {
      "guideline": "2020.06.json",        # file name
      "guideline_id": "2020.06",          # id inside the file
      "schema": "2.0",
      "guideline_status": "approved",     # draft/advisory/approved/superseded
      "releases": ["stein", ...],
      "target": "platform",
      "compliant": true,                  # the UI verdict
      "compliance": "YES",                # "YES" | "NO", as the UI prints it
      "required": {                       # the figures of ui.md 2.5.1 step 4
        "capabilities": 78, "count": 286, "passed": 280,
        "pass_percent": 97.9,             # null when count is 0 (UI: NaN)
        "flagged": 11, "flagged_passed": 9, "flagged_failed": 2,
        "non_flag_count": 275, "non_flag_passed": 271,
        "non_flag_pass_percent": 98.5     # null when non_flag_count is 0
      },
      "missing_required": ["tempest...test_x", ...],  # non-flagged, not passed,
                                                      # sorted, unique
      "with_id_matches": {                # the same figures, id matches passed
        "passed": 281, "pass_percent": ..., "non_flag_passed": 272,
        "non_flag_pass_percent": ..., "compliant": false, "compliance": "NO",
        "missing_required": [...]
      },
      "statuses": {                       # one entry per status, always all four
        "required": {
          "capabilities": [<capability>, ...],   # sorted by id
          "capability_count": 78, "count": 286, "passed_count": 280,
          "flag_pass_count": 9, "flag_fail_count": 2, "id_match_count": 1
        },
        "advisory": {...}, "deprecated": {...}, "removed": {...}
      }
    }

    <capability> = {
      "id": "compute-servers-create", "status": "required",
      "description": "...", "project": "nova",   # null when unknown
      "defined": true,           # false: named by a component, absent from
                                 # the capabilities (empty entry, as the UI)
      "total": 4, "passed": 3, "flagged": 1, "flagged_passed": 0,
      "flagged_failed": 1, "id_matched": 0,
      "tests": [<test>, ...]     # passed first, then not passed (UI order)
    }

    <test> = {
      "name": "tempest.api...test_x",
      "idempotent_id": "id-<uuid>",        # as in the file; null for 1.2
      "aliases": [...],
      "passed": true,                      # the UI notion
      "matched_by": "name" | "alias" | "id" | null,
      "matched_name": "<run test name>" | null,
      "flagged": false,
      "flag": {"reason": ..., "action": ..., "date": ...} | null
    }
"""

from refstack.guidelines import errors
from refstack.guidelines import model


def _passed_index(passed):
    """Run tests -> (set of names, {uuid: first name with it})."""
    pairs = _pairs(passed)
    normalised = {raw: model.normalise_uuid(raw) for raw in {raw for _name, raw in pairs}}
    # Reversed, so that the first name with a uuid wins.
    by_uuid = {normalised[raw]: name for name, raw in reversed(pairs) if normalised[raw]}
    return {name for name, _raw in pairs}, by_uuid


def _pairs(passed):
    """Run tests -> (name, uuid-or-None) pairs with str names and uuids."""
    if type(passed) is tuple and all(
            type(item) is tuple and len(item) == 2 and type(item[0]) is str and
            (item[1] is None or type(item[1]) is str) for item in passed):
        return passed  # storage's form, as it is
    pairs = []
    for item in passed:
        if isinstance(item, str):
            name, uuid = item, None
        elif isinstance(item, dict):
            name, uuid = item.get('name'), item.get('uuid')
        elif isinstance(item, (list, tuple)):
            name, uuid = (tuple(item) + (None, None))[:2]
        else:
            continue
        if isinstance(name, str):
            pairs.append((name, uuid if isinstance(uuid, str) else None))
    return pairs


def _percent(part, whole):
    return part * 100.0 / whole if whole else None


def _match(test, names, by_uuid):
    if test.name in names:
        return 'name', test.name
    for alias in test.aliases:
        if alias in names:
            return 'alias', alias
    if test.uuid and test.uuid in by_uuid:
        return 'id', by_uuid[test.uuid]
    return None, None


def _score_capability(cap_id, status, cap, names, by_uuid):
    passed, not_passed = [], []
    total = n_passed = flagged = flagged_passed = id_matched = 0
    for test in cap.tests if cap else ():
        matched_by, matched_name = _match(test, names, by_uuid)
        ok = matched_by == 'name' or matched_by == 'alias'
        total += 1
        n_passed += ok
        id_matched += matched_by == 'id'
        if test.flagged:
            flagged += 1
            flagged_passed += ok
        (passed if ok else not_passed).append({
            'name': test.name,
            'idempotent_id': test.idempotent_id,
            'aliases': list(test.aliases),
            'passed': ok,
            'matched_by': matched_by,
            'matched_name': matched_name,
            'flagged': test.flagged,
            'flag': test.flag_details,
        })
    entry = {
        'id': cap_id,
        'status': status,
        'description': cap.description if cap else None,
        'project': cap.project if cap else None,
        'defined': cap is not None,
        'tests': passed + not_passed,
        'total': total,
        'passed': n_passed,
        'flagged': flagged,
        'flagged_passed': flagged_passed,
        'flagged_failed': flagged - flagged_passed,
        'id_matched': id_matched,
    }
    return entry


def _figures(count, passed, flagged, flagged_passed):
    non_flag_count = count - flagged
    non_flag_passed = passed - flagged_passed
    return {
        'passed': passed,
        'pass_percent': _percent(passed, count),
        'non_flag_passed': non_flag_passed,
        'non_flag_pass_percent': _percent(non_flag_passed, non_flag_count),
        'compliant': non_flag_passed == non_flag_count,
    }


def _missing(capabilities, with_ids):
    missing = set()
    for cap in capabilities:
        for test in cap['tests']:
            ok = test['passed'] or (with_ids and test['matched_by'] == 'id')
            if not ok and not test['flagged']:
                missing.add(test['name'])
    return sorted(missing)


def score(guideline, target, passed):
    """Score a run; see the module docstring for the returned dict.

    :param guideline: a :class:`refstack.guidelines.model.Guideline`.
    :param target: programme (``platform``, ``compute``, ``object``, ``dns``…).
    :param passed: the run's passed tests: ``(name, uuid-or-None)`` pairs,
        ``{"name", "uuid"}`` dicts or bare names.
    :raises: InvalidTarget, UnsupportedSchema
    """
    if not guideline.supported:
        raise errors.UnsupportedSchema(name=guideline.name, schema=guideline.schema)
    status_map = guideline.capability_status(target)
    names, by_uuid = _passed_index(passed)

    statuses = {}
    for status in model.STATUSES:
        caps = [_score_capability(cap_id, status, guideline.capabilities.get(cap_id),
                                  names, by_uuid)
                for cap_id in sorted(c for c, s in status_map.items() if s == status)]
        statuses[status] = {
            'capabilities': caps,
            'capability_count': len(caps),
            'count': sum(c['total'] for c in caps),
            'passed_count': sum(c['passed'] for c in caps),
            'flag_pass_count': sum(c['flagged_passed'] for c in caps),
            'flag_fail_count': sum(c['flagged_failed'] for c in caps),
            'id_match_count': sum(c['id_matched'] for c in caps),
        }

    req = statuses['required']
    count = req['count']
    flagged = req['flag_pass_count'] + req['flag_fail_count']
    strict = _figures(count, req['passed_count'], flagged, req['flag_pass_count'])
    id_flag_passed = sum(1 for c in req['capabilities'] for t in c['tests']
                         if t['flagged'] and t['matched_by'] == 'id')
    loose = _figures(count, req['passed_count'] + req['id_match_count'], flagged,
                     req['flag_pass_count'] + id_flag_passed)
    loose['compliance'] = 'YES' if loose['compliant'] else 'NO'
    loose['missing_required'] = _missing(req['capabilities'], True)

    return {
        'guideline': guideline.file,
        'guideline_id': guideline.id,
        'schema': guideline.schema,
        'guideline_status': guideline.status,
        'releases': list(guideline.releases),
        'target': target,
        'compliant': strict['compliant'],
        'compliance': 'YES' if strict['compliant'] else 'NO',
        'required': {
            'capabilities': req['capability_count'],
            'count': count,
            'passed': strict['passed'],
            'pass_percent': strict['pass_percent'],
            'flagged': flagged,
            'flagged_passed': req['flag_pass_count'],
            'flagged_failed': req['flag_fail_count'],
            'non_flag_count': count - flagged,
            'non_flag_passed': strict['non_flag_passed'],
            'non_flag_pass_percent': strict['non_flag_pass_percent'],
        },
        'missing_required': _missing(req['capabilities'], False),
        'with_id_matches': loose,
        'statuses': statuses,
    }

"""RefStack JSON upload bodies (passed tests only) as a normalised run."""

import json

from refstack.common import exception
from refstack.ingest import model


def _bad(message):
    return exception.ValidationError('Malformed RefStack JSON: %s' % message)


def from_body(body, builder):
    """Fill ``builder`` from a decoded upload body.

    ``{"cpid": str, "duration_seconds": int, "results": [{"name": str,
    "uuid": str?}, ...]}``. Names are stored as given (the original client
    already stripped attributes); every item is a passed test; items with a
    repeated name are collapsed (the last one wins). Unlike the original
    server's tuple-form schema, every item is checked.
    """
    if not isinstance(body, dict):
        raise _bad('the body is not an object.')
    results = body.get('results')
    if not isinstance(results, list):
        raise _bad('"results" must be a list.')
    cpid = body.get('cpid')
    if cpid is not None and not isinstance(cpid, str):
        raise _bad('"cpid" must be a string.')
    duration = body.get('duration_seconds')
    if duration is not None and (isinstance(duration, bool)
                                 or not isinstance(duration, int)):
        raise _bad('"duration_seconds" must be an integer.')
    builder.cpid = cpid
    builder.duration_seconds = duration
    for index, item in enumerate(results):
        if not isinstance(item, dict) or not isinstance(item.get('name'), str):
            raise _bad('results[%d] has no string "name".' % index)
        test_uuid = item.get('uuid')
        if test_uuid is not None and not isinstance(test_uuid, str):
            raise _bad('results[%d] has a "uuid" that is not a string.'
                       % index)
        builder.add(item['name'], model.PASSED, test_uuid=test_uuid or None,
                    derive=False)


def parse(stream, builder):
    """Decode a JSON body from a binary ``stream`` into ``builder``."""
    try:
        body = json.load(stream)
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise _bad('%s' % exc)
    from_body(body, builder)

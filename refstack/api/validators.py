"""Request body validation: JSON parsing and JSON schemas, shared by all
controllers. Schemas are the original's (they are part of the wire contract,
see GET /v1/results/schema); stricter checks the original lacked run after
them and report through the same error titles, with a ``detail``."""

import functools
import json
import re

import jsonschema

from refstack.common import exception

SCHEMA_ERROR = 'Request doesnt correspond to schema'
_SURROGATE_ESCAPE = re.compile(r'\\u[dD][89a-fA-F]')
MAX_NAME_LENGTH = 512
MAX_CPID_LENGTH = 128

UPLOAD_SCHEMA = {
    'type': 'object',
    'properties': {
        'cpid': {'type': 'string'},
        'duration_seconds': {'type': 'integer'},
        'results': {
            'type': 'array',
            'items': [{
                'type': 'object',
                'properties': {
                    'name': {'type': 'string'},
                    'uuid': {'type': 'string', 'format': 'uuid_hex'},
                },
            }],
        },
    },
    'required': ['cpid', 'duration_seconds', 'results'],
    'additionalProperties': False,
}

# Draft 4 reads the tuple form of "items" the way the original did; the
# stricter per-item rules live in check_upload_items().
_DRAFT4 = jsonschema.Draft4Validator


def parse_json(body):
    """Decode a request body as UTF-8 JSON.

    :raises: MalformedRequest
    """
    try:
        if isinstance(body, bytes):
            body = body.decode('utf-8')
        data = json.loads(body)
        if _SURROGATE_ESCAPE.search(body):
            # "\ud800" escapes decode to lone surrogates, which no database
            # column can store; valid pairs survive this round trip.
            json.dumps(data, ensure_ascii=False).encode('utf-8')
        return data
    except (UnicodeError, ValueError, RecursionError):
        raise exception.MalformedRequest()


def validate(schema, data):
    """:raises: ValidationError with the original title and a detail."""
    error = jsonschema.exceptions.best_match(_DRAFT4(schema).iter_errors(data))
    if error is not None:
        where = '.'.join(str(p) for p in error.absolute_path) or 'body'
        raise exception.ValidationError(
            SCHEMA_ERROR, extra={'detail': '%s: %s' % (where, error.message[:200])})


def schema_error(detail):
    return exception.ValidationError(SCHEMA_ERROR, extra={'detail': detail})


_UUID_RE = re.compile(r'[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                      r'[0-9a-fA-F]{12}')


def is_uuid(value):
    """A UUID in hex form, with or without hyphens."""
    return isinstance(value, str) and _is_uuid_string(value)


@functools.lru_cache(maxsize=8192)
def _is_uuid_string(value):
    # Cached: every upload repeats the same few thousand Tempest test ids.
    return _UUID_RE.fullmatch(value) is not None


def check_upload_items(data, max_results):
    """Check every item of an upload and return [(name, uuid)] without duplicates.

    The original schema checked only the first item; here every item must be
    an object with a non-empty string ``name`` of at most 512 characters and
    an optional UUID ``uuid``. A name listed twice is kept once.
    """
    if len(data['cpid']) > MAX_CPID_LENGTH:
        raise schema_error('cpid: longer than %d characters' % MAX_CPID_LENGTH)
    if not 0 <= data['duration_seconds'] < 2 ** 31:
        raise schema_error('duration_seconds: out of range')
    results = data['results']
    if len(results) > max_results:
        raise schema_error('results: more than %d items' % max_results)
    seen = {}
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            raise schema_error('results.%d: not an object' % index)
        name = item.get('name')
        if not isinstance(name, str) or not name.strip():
            raise schema_error('results.%d.name: a non-empty string is required' % index)
        if len(name) > MAX_NAME_LENGTH:
            raise schema_error('results.%d.name: longer than %d characters'
                               % (index, MAX_NAME_LENGTH))
        test_uuid = item.get('uuid')
        if test_uuid is not None and not is_uuid(test_uuid):
            raise schema_error('results.%d.uuid: not a valid UUID' % index)
        seen.setdefault(name, test_uuid)
    return list(seen.items())

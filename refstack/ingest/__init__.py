"""Ingestion of Tempest run artefacts into a normalised run.

Typical server use::

    from refstack import ingest

    fmt = ingest.format_for_content_type(request.content_type)  # or 415
    run = ingest.parse_run(request.body_file, fmt=fmt,
                           max_tests=CONF.api.max_results_per_run)
    digest = ingest.content_hash(run, cpid)
    for outcome in run.outcomes: ...

Every failure is a :class:`refstack.common.exception.ValidationError`
(400) with a message for the uploader, or ``PayloadTooLarge`` (413) when a
size cap is hit. Parser libraries (python-subunit, defusedxml) are imported
only when their format is parsed.
"""

from refstack.common import exception
from refstack.ingest.model import (  # noqa: F401
    DEFAULT_MAX_DETAIL, DEFAULT_MAX_DETAIL_TOTAL, DEFAULT_MAX_TESTS,
    FAILED, MAX_NAME_LENGTH, PASSED, SKIPPED, STATUSES, UXSUCCESS, XFAIL,
    Run, RunBuilder, TestOutcome, content_hash, legacy_body,
    legacy_body_bytes, split_test_id)
from refstack.ingest.stream import (  # noqa: F401
    AUTO, DEFAULT_MAX_DECOMPRESSED, FORMATS, JSON, JUNIT, SUBUNIT_V1,
    SUBUNIT_V2, format_for_content_type, open_source, sniff)

_UNRECOGNISED = ('Unrecognised test result format: expected a subunit v1 or '
                 'v2 stream, JUnit XML or a RefStack JSON body.')


def parse_run(source, fmt=AUTO, max_tests=DEFAULT_MAX_TESTS,
              max_bytes=None, max_decompressed_bytes=DEFAULT_MAX_DECOMPRESSED,
              max_detail=DEFAULT_MAX_DETAIL,
              max_detail_total=DEFAULT_MAX_DETAIL_TOTAL, hasher=None):
    """Parse a Tempest run artefact into a :class:`Run`.

    :param source: binary file object (read incrementally) or bytes. gzip
        compressed input (magic ``1f 8b``) is decompressed on the fly.
    :param fmt: ``auto`` (by content), ``subunit`` (v2 if the first byte is
        ``0xB3``, else v1), ``junit`` or ``json``.
    :param max_tests: most distinct tests accepted.
    :param max_bytes: cap on the raw input size (``None``: no cap).
    :param max_decompressed_bytes: cap on the gunzipped size.
    :param max_detail: cap on each test's detail text, in UTF-8 bytes.
    :param max_detail_total: cap on all detail text of the run.
    :param hasher: optional ``hashlib`` object updated with every raw input
        byte; the input is read to its end, so after a successful return
        ``hasher`` holds the digest of the whole body (e.g. for verifying an
        RSA signature with ``Prehashed(SHA256())`` without a second copy).
    :returns: :class:`Run` with at least one outcome.
    :raises: ValidationError for unrecognised, malformed or empty input,
        too many tests, names over 512 characters or uuids over 36;
        PayloadTooLarge when ``max_bytes`` or ``max_decompressed_bytes``
        is exceeded.
    """
    if fmt not in FORMATS:
        raise exception.ValidationError('Unknown result format %r.' % fmt)
    opened = open_source(source, max_bytes=max_bytes,
                         max_decompressed_bytes=max_decompressed_bytes,
                         hasher=hasher)
    detected = opened.fmt
    if fmt == 'subunit':
        detected = SUBUNIT_V2 if detected == SUBUNIT_V2 else SUBUNIT_V1
    elif fmt != AUTO:
        detected = fmt
    elif detected is None:
        raise exception.ValidationError(_UNRECOGNISED)
    builder = RunBuilder(detected, max_tests=max_tests, max_detail=max_detail,
                         max_detail_total=max_detail_total)
    if detected == SUBUNIT_V2:
        from refstack.ingest import subunit_parser
        subunit_parser.parse_v2(opened.stream, builder)
        what = 'subunit stream'
    elif detected == SUBUNIT_V1:
        from refstack.ingest import subunit_parser
        subunit_parser.parse_v1(opened.stream, builder)
        what = 'subunit stream'
    elif detected == JUNIT:
        from refstack.ingest import junit_parser
        junit_parser.parse(opened.stream, builder)
        what = 'JUnit XML'
    else:
        from refstack.ingest import json_parser
        json_parser.parse(opened.stream, builder)
        what = 'RefStack JSON'
    if hasher is not None:
        opened.drain()
    run = builder.build()
    if not run.outcomes:
        raise exception.ValidationError(
            'Malformed %s: no test results found.' % what
            if what != 'RefStack JSON' else
            'Uploaded results must contain at least one passing test.')
    return run


def run_from_legacy_body(body, max_tests=DEFAULT_MAX_TESTS):
    """A :class:`Run` (all passed) from an already decoded RefStack JSON
    upload body. Unlike :func:`parse_run` an empty ``results`` list is
    returned as an empty run, so the caller can answer with the original
    server's own message.

    :raises: ValidationError for items without a string name, names over
        512 characters, more than ``max_tests`` distinct names.
    """
    from refstack.ingest import json_parser
    builder = RunBuilder(JSON, max_tests=max_tests)
    json_parser.from_body(body, builder)
    return builder.build()

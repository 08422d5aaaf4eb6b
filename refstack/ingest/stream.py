"""Byte-stream plumbing: size limits, gzip and format detection.

Parsers read through :func:`open_source`, which returns a buffered reader
over the upload (transparently gunzipped), counting and capping both the
raw and the decompressed bytes and optionally feeding the raw bytes to a
hash object (so a server can verify a signature over the body while the
body is being parsed). Standard library only.
"""

import gzip
import io
import re
import zlib

from refstack.common import exception

SUBUNIT_V2 = 'subunit2'
SUBUNIT_V1 = 'subunit1'
JUNIT = 'junit'
JSON = 'json'

AUTO = 'auto'
#: Formats a caller may ask for; ``subunit`` means v1 or v2 by content.
FORMATS = (AUTO, 'subunit', JUNIT, JSON)

GZIP_MAGIC = b'\x1f\x8b'
SUBUNIT_V2_SIGNATURE = 0xB3
#: Default cap on the decompressed size of a gzip-compressed upload.
DEFAULT_MAX_DECOMPRESSED = 512 * 1024 * 1024

_HEAD_SIZE = 8192
_BUFFER_SIZE = 64 * 1024
_BOM = b'\xef\xbb\xbf'
# A subunit v1 directive at the start of a line.
_V1_LINE = re.compile(
    rb'^(test|testing|time|tags|progress|success|successful|failure|error|'
    rb'skip|xfail|uxsuccess)(:| )', re.MULTILINE)

_CONTENT_TYPES = {
    'application/vnd.subunit': 'subunit',
    'application/x-subunit': 'subunit',
    'application/octet-stream': 'subunit',
    'application/xml': JUNIT,
    'text/xml': JUNIT,
    'application/json': JSON,
}


def format_for_content_type(content_type):
    """Map a request ``Content-Type`` to a ``fmt`` for :func:`parse_run`.

    :returns: ``'subunit'``, ``'junit'``, ``'json'`` or ``None`` when the
        type is not an upload format (the caller answers 415). Parameters
        such as ``; charset=utf-8`` are ignored.
    """
    if not content_type:
        return None
    base = content_type.split(';', 1)[0].strip().lower()
    return _CONTENT_TYPES.get(base)


class _Reader(io.RawIOBase):
    """Raw reader over ``head`` then ``source``, with a size cap.

    :param source: object with ``read(n)`` returning bytes.
    :param limit: most bytes that may be read, or ``None``.
    :param too_large: message of the PayloadTooLarge raised past the cap.
    :param hasher: optional object whose ``update`` receives every byte.
    :param errors: exception types raised by ``source.read`` that mean
        malformed input; they become ValidationError(``error_prefix``...).
    """

    def __init__(self, source, head=b'', limit=None, too_large=None,
                 hasher=None, errors=(), error_prefix=''):
        super().__init__()
        self._source = source
        self._head = head
        self._limit = limit
        self._too_large = too_large
        self._hasher = hasher
        self._errors = errors
        self._error_prefix = error_prefix
        self.count = 0

    def readable(self):
        return True

    def _pull(self, size):
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        try:
            data = self._source.read(size)
        except self._errors as exc:
            raise exception.ValidationError(
                '%s%s' % (self._error_prefix, exc or type(exc).__name__))
        if data and self._hasher is not None:
            self._hasher.update(data)
        return data

    def readinto(self, buffer):
        data = self._pull(len(buffer))
        size = len(data)
        self.count += size
        if self._limit is not None and self.count > self._limit:
            raise exception.PayloadTooLarge(self._too_large)
        buffer[:size] = data
        return size


def _read_head(source, size):
    parts = []
    got = 0
    while got < size:
        data = source.read(size - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b''.join(parts)


def sniff(head):
    """Name the format of a (decompressed) stream from its first bytes.

    :returns: ``subunit2``, ``junit``, ``json``, ``subunit1`` or ``None``.
    """
    if not head:
        return None
    if head[0] == SUBUNIT_V2_SIGNATURE:
        return SUBUNIT_V2
    text = head[len(_BOM):] if head.startswith(_BOM) else head
    text = text.lstrip()
    if text.startswith(b'<'):
        return JUNIT
    if text.startswith((b'{', b'[')):
        return JSON
    if _V1_LINE.search(head):
        return SUBUNIT_V1
    return None


class Source:
    """An opened upload: ``stream`` is a buffered binary reader of the
    (decompressed) content, ``fmt`` its detected format (or ``None``),
    ``compressed`` whether it was gzip."""

    def __init__(self, stream, fmt, compressed, raw):
        self.stream = stream
        self.fmt = fmt
        self.compressed = compressed
        self._raw = raw

    @property
    def raw_bytes(self):
        """Raw (possibly compressed) bytes consumed so far."""
        return self._raw.count

    def drain(self):
        """Read the raw input to its end (for a complete body hash)."""
        while self._raw.read(_BUFFER_SIZE):
            pass


def open_source(source, max_bytes=None,
                max_decompressed_bytes=DEFAULT_MAX_DECOMPRESSED, hasher=None):
    """Wrap an upload for parsing.

    :param source: a binary file object (``read(n)``) or bytes.
    :param max_bytes: cap on the raw size, or ``None``.
    :param max_decompressed_bytes: cap on the gunzipped size.
    :param hasher: optional ``hashlib`` object fed with the raw bytes.
    :returns: :class:`Source`
    :raises: ValidationError (empty or corrupt gzip input),
        PayloadTooLarge (a cap was exceeded).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    raw = _Reader(source, limit=max_bytes, hasher=hasher,
                  too_large='Upload is larger than %s bytes.' % max_bytes)
    buffered = io.BufferedReader(raw, _BUFFER_SIZE)
    head = _read_head(buffered, _HEAD_SIZE)
    if not head:
        raise exception.ValidationError('The upload is empty.')
    compressed = head.startswith(GZIP_MAGIC)
    if compressed:
        outer = io.BufferedReader(_Reader(buffered, head=head), _BUFFER_SIZE)
        gz = gzip.GzipFile(fileobj=outer, mode='rb')
        inner = _Reader(
            gz, limit=max_decompressed_bytes,
            too_large='Decompressed upload is larger than %s bytes.'
                      % max_decompressed_bytes,
            errors=(OSError, EOFError, zlib.error),
            error_prefix='Malformed gzip data: ')
        head = _read_head(inner, _HEAD_SIZE)
        if not head:
            raise exception.ValidationError(
                'The upload is empty after decompression.')
        stream = io.BufferedReader(_Reader(inner, head=head), _BUFFER_SIZE)
    else:
        stream = io.BufferedReader(_Reader(buffered, head=head), _BUFFER_SIZE)
    return Source(stream, sniff(head), compressed, raw)

"""Compact storage of a run's test outcomes.

A run holds up to a few thousand tests and there may be millions of runs, so
per-test rows would dominate the database. Instead each run stores one blob:

    zlib( count:uint32 | name_ids:uint32[count] | statuses:uint8[count]
          | durations_ms:uint32[count] )      (little endian)

``name_ids`` point at interned ``test_name`` rows. Encoding 1 is the only one
so far; the ``encoding`` column leaves room for others.
"""

import array
import struct
import sys
import zlib

ENCODING_V1 = 1

PASSED = 0
FAILED = 1
SKIPPED = 2
XFAIL = 3
UXSUCCESS = 4

STATUS_NAMES = {PASSED: 'passed', FAILED: 'failed', SKIPPED: 'skipped',
                XFAIL: 'xfail', UXSUCCESS: 'uxsuccess'}
STATUS_CODES = {name: code for code, name in STATUS_NAMES.items()}

_MAX_U32 = 2 ** 32 - 1


def _le(arr):
    if sys.byteorder != 'little':
        arr.byteswap()
    return arr.tobytes()


def encode(name_ids, statuses, durations_ms):
    """Pack three parallel sequences into an encoding-1 blob."""
    count = len(name_ids)
    ids = array.array('I', name_ids)
    stat = bytes(statuses)
    try:
        durs = array.array('I', durations_ms)
    except (TypeError, OverflowError):  # None, floats or out of range: clamp
        durs = array.array('I', (min(max(int(d or 0), 0), _MAX_U32) for d in durations_ms))
    raw = struct.pack('<I', count) + _le(ids) + stat + _le(durs)
    return zlib.compress(raw, 1)


def decode(blob):
    """Unpack a blob into (name_ids, statuses, durations_ms) lists."""
    raw = zlib.decompress(blob)
    (count,) = struct.unpack_from('<I', raw, 0)
    pos = 4
    ids = array.array('I')
    ids.frombytes(raw[pos:pos + 4 * count])
    pos += 4 * count
    statuses = raw[pos:pos + count]
    pos += count
    durs = array.array('I')
    durs.frombytes(raw[pos:pos + 4 * count])
    if sys.byteorder != 'little':
        ids.byteswap()
        durs.byteswap()
    return list(ids), list(statuses), list(durs)

#!/usr/bin/env python3
"""Bulk verification from a CSV file: the original tools/update-rs-db.py.

Kept under its old name for the Foundation's runbooks; the tool itself is
refstack-bulk-verify (refstack/cmd/bulk_verify.py), see its --help.
"""

import sys

from refstack.cmd import bulk_verify

if __name__ == '__main__':
    sys.exit(bulk_verify.main())

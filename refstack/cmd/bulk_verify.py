"""refstack-bulk-verify: mark test runs verified in bulk, from a CSV file.

The Foundation's tool for verifying the runs of a licensing round (the
original's ``tools/update-rs-db.py``, api-contract 5.3, without the defects
listed as D29): every request carries the JWT, any guideline the server
lists is accepted, and ``--dry-run`` only reports what would change.

Usage::

    refstack-bulk-verify --file runs.csv --endpoint https://refstack.org/api/v1 \\
        --generate ~/.ssh/id_rsa https://openstackid.org/jane.doe \\
        [--record verification_results.csv] [--dry-run]

CSV: one run per line, at least 10 columns; column 5 is the guideline
(``2017.09`` or ``2017.09.json``; add-ons as ``dns.2019.11``), column 6 the
target (platform, compute, object; storage means object; an add-on's name for
add-ons) and column 10 the run's RefStack link, whose last path segment is
the run id. Lines that do not fit are reported and skipped (a header line,
for instance).

Each run: GET it (skip when already verified), POST the ``shared``,
``target`` and ``guideline`` metadata, PUT ``verification_status`` 1, GET
it again to confirm, and append a line to the record CSV. The exit status is
0 when every line was verified (or already was), 1 when any failed, 2 when
nothing could start (bad arguments, the server refused the token).
"""

import argparse
import csv
import datetime
import os
import sys
import time

import jwt
import requests

TIMEOUT = 30
TARGETS = {'platform': 'platform', 'compute': 'compute', 'object': 'object',
           'storage': 'object'}
RECORD_FIELDS = ['timestamp', 'link', 'test_id', 'guideline', 'target', 'shared',
                 'guideline_meta', 'target_meta', 'verification', 'outcome']


class Fatal(Exception):
    """Nothing can be done; the message says why."""


def mint_token(key_path, openid, lifetime):
    """An RS256 JWT for ``openid``, expiring ``lifetime`` seconds from now (UTC)."""
    try:
        with open(key_path, 'rb') as f:
            key = f.read()
    except OSError as e:
        raise Fatal('cannot read the private key %s: %s' % (key_path, e.strerror))
    payload = {'user_openid': openid, 'exp': int(time.time()) + lifetime}
    try:
        return jwt.encode(payload, key, algorithm='RS256')
    except (ValueError, TypeError, jwt.PyJWTError) as e:
        raise Fatal('cannot sign a token with %s (an RSA private key in PEM or '
                    'OpenSSH format is needed): %s' % (key_path, e))


def read_token(path):
    try:
        with open(path, encoding='utf-8') as f:
            token = f.read().strip()
    except OSError as e:
        raise Fatal('cannot read the token file %s: %s' % (path, e.strerror))
    if token.startswith("b'") and token.endswith("'"):
        token = token[2:-1]   # written by the original tool on Python 3
    if not token:
        raise Fatal('the token file %s is empty' % path)
    return token


class Client:
    """The API at ``endpoint`` (ending in /v1), every call authenticated."""

    def __init__(self, endpoint, token, session=None):
        self.endpoint = endpoint.rstrip('/')
        self.http = session or requests.Session()
        self.http.headers['Authorization'] = 'Bearer %s' % token

    def call(self, method, path, **kwargs):
        url = '%s/%s' % (self.endpoint, path.lstrip('/'))
        try:
            return self.http.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as e:
            raise Fatal('%s %s failed: %s' % (method, url, e))

    def json(self, method, path, expect=200, **kwargs):
        res = self.call(method, path, **kwargs)
        if res.status_code != expect:
            raise RequestFailed(res)
        try:
            return res.json()
        except ValueError:
            raise RequestFailed(res, 'the answer is not JSON')


class RequestFailed(Exception):
    def __init__(self, response, text=None):
        self.status = response.status_code
        detail = text
        if detail is None:
            try:
                body = response.json()
                detail = body.get('detail') or body.get('title')
            except (ValueError, AttributeError):
                detail = response.text[:200]
        super().__init__('HTTP %d%s' % (self.status, ': %s' % detail if detail else ''))


def check_identity(client):
    """The caller must be signed in by the token and a Foundation admin."""
    try:
        profile = client.json('GET', 'profile')
    except RequestFailed as e:
        raise Fatal('the server did not accept the token (GET profile: %s); is the key '
                    'registered for this openid, and the token unexpired?' % e)
    if not profile.get('is_admin'):
        raise Fatal('%s is not a Foundation admin; only Foundation admins can verify '
                    'runs' % profile.get('openid'))
    return profile


def known_guidelines(client):
    """{guideline name without .json: set of allowed targets} the server lists."""
    try:
        listing = client.json('GET', 'guidelines')
    except RequestFailed as e:
        raise Fatal('cannot list the guidelines (GET guidelines: %s)' % e)
    known = {}
    for section, entries in listing.items():
        for entry in entries or []:
            name = entry.get('file') or entry.get('name') or ''
            if name.endswith('.json'):
                name = name[:-len('.json')]
            known[name] = (set(TARGETS.values()) if section == 'powered' else {section})
    if not known:
        raise Fatal('the server lists no guidelines')
    return known


def parse_line(row, known):
    """(test_id, link, guideline, target) of a CSV row; raises ValueError."""
    if len(row) < 10:
        raise ValueError('has %d columns, at least 10 are needed' % len(row))
    link = row[9].strip()
    if not link:
        raise ValueError('has no RefStack link in column 10')
    test_id = link.rstrip('/').rsplit('/', 1)[-1]
    if not test_id or ' ' in test_id or len(test_id) > 36:
        raise ValueError('column 10 (%r) is not a RefStack result link' % link[:80])
    guideline = row[4].strip()
    if guideline.endswith('.json'):
        guideline = guideline[:-len('.json')]
    if guideline not in known:
        raise ValueError('guideline %r is not one the server knows' % row[4].strip())
    raw_target = row[5].strip().lower()
    target = TARGETS.get(raw_target, raw_target)
    if target not in known[guideline]:
        raise ValueError('target %r does not fit guideline %s (one of: %s)' % (
            row[5].strip(), guideline, ', '.join(sorted(known[guideline]))))
    return test_id, link, guideline, target


def verify(client, test_id, guideline, target, dry_run):
    """Verify one run; returns the record fields (statuses and outcome)."""
    status = {'shared': '', 'guideline_meta': '', 'target_meta': '', 'verification': ''}
    try:
        result = client.json('GET', 'results/%s' % test_id)
    except RequestFailed as e:
        return dict(status, outcome='failed: GET result: %s' % e)
    if result.get('verification_status') == 1:
        return dict(status, outcome='already verified')
    wanted = (('shared', 'shared', 'true'), ('target', 'target_meta', target),
              ('guideline', 'guideline_meta', '%s.json' % guideline))
    if dry_run:
        meta = result.get('meta') or {}
        for key, field, value in wanted:
            status[field] = 'unchanged' if meta.get(key) == value else 'would set %s' % value
        status['verification'] = 'would set 1'
        return dict(status, outcome='would verify (dry run)')
    for key, field, value in wanted:
        res = client.call('POST', 'results/%s/meta/%s' % (test_id, key), data=value,
                          headers={'Content-Type': 'text/plain'})
        status[field] = 'set' if res.status_code == 201 else str(RequestFailed(res))
        if res.status_code != 201:
            return dict(status, outcome='failed: setting %s' % key)
    res = client.call('PUT', 'results/%s' % test_id, json={'verification_status': 1})
    status['verification'] = 'set' if res.status_code == 201 else str(RequestFailed(res))
    if res.status_code != 201:
        return dict(status, outcome='failed: setting the verification status')
    try:
        confirmed = client.json('GET', 'results/%s' % test_id)
    except RequestFailed as e:
        return dict(status, outcome='failed: GET after verifying: %s' % e)
    if confirmed.get('verification_status') != 1:
        return dict(status, outcome='failed: still not verified')
    return dict(status, outcome='verified')


class Recorder:
    """Appends outcome lines to the record CSV (header on a new file)."""

    def __init__(self, path):
        self.path = path
        new = not os.path.exists(path) or os.path.getsize(path) == 0
        try:
            self.file = open(path, 'a', newline='', encoding='utf-8')
        except OSError as e:
            raise Fatal('cannot write the record file %s: %s' % (path, e.strerror))
        self.writer = csv.DictWriter(self.file, RECORD_FIELDS)
        if new:
            self.writer.writeheader()

    def write(self, **fields):
        fields.setdefault('timestamp', datetime.datetime.now(datetime.timezone.utc)
                          .strftime('%Y-%m-%dT%H:%M:%SZ'))
        self.writer.writerow({k: fields.get(k, '') for k in RECORD_FIELDS})
        self.file.flush()

    def close(self):
        self.file.close()


def run(args, out=print, session=None):
    """The tool; returns the exit status."""
    if args.tokenfile:
        token = read_token(args.tokenfile)
    else:
        token = mint_token(args.generate[0], args.generate[1], args.lifetime)
        if args.save_token:
            fd = os.open(args.save_token, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, 'w') as f:
                f.write(token)
    try:
        with open(args.file, newline='', encoding='utf-8-sig') as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise Fatal('cannot read %s: %s' % (args.file, e))
    client = Client(args.endpoint, token, session=session)
    profile = check_identity(client)
    known = known_guidelines(client)
    out('Signed in as %s (Foundation admin); %d guidelines known.%s' % (
        profile.get('openid'), len(known), ' Dry run: nothing is changed.'
        if args.dry_run else ''))
    recorder = Recorder(args.record)
    counts = {'verified': 0, 'already verified': 0, 'skipped': 0, 'failed': 0,
              'would verify': 0}
    try:
        for number, row in enumerate(rows, 1):
            if not any(cell.strip() for cell in row):
                continue
            try:
                test_id, link, guideline, target = parse_line(row, known)
            except ValueError as e:
                if number == 1 and '/' not in (row[9] if len(row) > 9 else ''):
                    out('line 1: taken as a header')
                    continue
                out('line %d: skipped: %s' % (number, e))
                counts['skipped'] += 1
                recorder.write(link=row[9].strip() if len(row) > 9 else '',
                               outcome='skipped: %s' % e)
                continue
            fields = verify(client, test_id, guideline, target, args.dry_run)
            out('line %d: %s: %s' % (number, test_id, fields['outcome']))
            recorder.write(link=link, test_id=test_id, guideline=guideline, target=target,
                           **fields)
            outcome = fields['outcome']
            key = ('failed' if outcome.startswith('failed')
                   else 'would verify' if outcome.startswith('would') else outcome)
            counts[key] += 1
    finally:
        recorder.close()
    out('Done: %s. Outcomes recorded in %s.' % (
        ', '.join('%d %s' % (n, k) for k, n in counts.items() if n), args.record))
    return 1 if counts['failed'] or counts['skipped'] else 0


def parser():
    p = argparse.ArgumentParser(
        prog='refstack-bulk-verify',
        description='Mark RefStack test runs verified in bulk, from a CSV file '
                    '(Foundation admins).')
    p.add_argument('-f', '--file', required=True, help='The CSV file of runs.')
    p.add_argument('-e', '--endpoint', required=True,
                   help='The API base, ending in /v1, e.g. https://refstack.org/api/v1')
    auth = p.add_mutually_exclusive_group(required=True)
    auth.add_argument('--tokenfile', metavar='PATH', help='A file holding a JWT.')
    auth.add_argument('--generate', nargs=2, metavar=('PRIVATE_KEY', 'OPENID'),
                      help='Mint a JWT from an RSA private key registered for OPENID.')
    p.add_argument('--lifetime', type=int, default=3600,
                   help='Lifetime in seconds of a minted token (default: 3600).')
    p.add_argument('--save-token', metavar='PATH',
                   help='Also write the minted token to PATH (mode 0600).')
    p.add_argument('-r', '--record', default='verification_results.csv',
                   help='The outcome CSV, appended to (default: verification_results.csv).')
    p.add_argument('--dry-run', action='store_true',
                   help='Check every line and report what would change; change nothing.')
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if not args.endpoint.rstrip('/').endswith('/v1'):
        print('Warning: the endpoint usually ends in /v1 (e.g. https://refstack.org/api/v1).',
              file=sys.stderr)
    try:
        return run(args)
    except Fatal as e:
        print('Error: %s' % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print('Interrupted; the record file lists what was done.', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())

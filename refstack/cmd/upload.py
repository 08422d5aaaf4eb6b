"""refstack-upload: send a Tempest run to a RefStack server from CI.

Commands (``upload`` is the default and may be left out)::

  refstack-upload [upload] [options] FILE|-
  refstack-upload sign [-i] KEY
  refstack-upload list [--url URL] [--start-date D] [--end-date D] [--pages N]
  refstack-upload convert [--cpid ID] [--duration N] FILE|-

``upload`` sends the artefact as it is (subunit v1/v2, optionally gzip,
as ``application/vnd.subunit``; JUnit XML as ``application/xml``) to
``<url>/v1/results/`` with ``cpid`` and ``duration_seconds`` as query
parameters. A RefStack JSON file, or any run with ``--json-only``, is sent
as the original refstack-client's JSON body (byte-identical, so old
servers accept it). With ``-i KEY`` the exact body bytes are signed (RSA
PKCS#1 v1.5 + SHA-256, or Ed25519) and ``X-Signature``/``X-Public-Key``
are added.

Retries (connection errors, 5xx, 429 honouring ``Retry-After``) are safe:
a server that already stored the run answers 409 with its URL, which
counts as success.

Exit codes: 0 uploaded (or already there), 1 the server refused it,
2 bad usage or input, 3 the server could not be reached.

Needs only the standard library, plus ``cryptography`` to sign and
``python-subunit``/``defusedxml`` for ``--json-only``/``convert`` of
subunit or JUnit input.
"""

import argparse
import email.utils
import hashlib
import http.client
import json
import os
import shutil
import ssl
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from refstack.common import exception
from refstack import ingest

DEFAULT_URL = 'https://refstack.openstack.org/api'
EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3

CONTENT_TYPES = {
    ingest.SUBUNIT_V2: 'application/vnd.subunit',
    ingest.SUBUNIT_V1: 'application/vnd.subunit',
    ingest.JUNIT: 'application/xml',
    ingest.JSON: 'application/json',
}
FORMAT_NAMES = {
    ingest.SUBUNIT_V2: 'subunit v2',
    ingest.SUBUNIT_V1: 'subunit v1',
    ingest.JUNIT: 'JUnit XML',
    ingest.JSON: 'RefStack JSON',
}
COMMANDS = ('upload', 'sign', 'list', 'convert')
PASSPHRASE_ENV = 'REFSTACK_KEY_PASSPHRASE'
MAX_RETRY_AFTER = 300
MAX_BACKOFF = 60
_CHUNK = 1024 * 1024
_SPOOL = 16 * 1024 * 1024
USER_AGENT = 'refstack-upload/1'


class CommandError(Exception):
    """Ends the command with ``exit_code`` after printing ``message``."""

    def __init__(self, message, exit_code=EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class Console:
    """Progress on stderr (unless quiet), results on stdout."""

    def __init__(self, quiet=False, out=None, err=None):
        self.quiet = quiet
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def info(self, message):
        if not self.quiet:
            print(message, file=self.err, flush=True)

    def error(self, message):
        print('refstack-upload: error: %s' % message, file=self.err, flush=True)

    def result(self, message):
        print(message, file=self.out, flush=True)


# -- keys and signatures ---------------------------------------------------

def load_private_key(path, passphrase=None):
    """Load an RSA or Ed25519 private key.

    PEM (``BEGIN RSA PRIVATE KEY``, ``BEGIN PRIVATE KEY``, encrypted PKCS#8)
    and the OpenSSH format (``BEGIN OPENSSH PRIVATE KEY``) are accepted. For
    an encrypted key the passphrase comes from ``passphrase``, the
    ``REFSTACK_KEY_PASSPHRASE`` environment variable or a terminal prompt.

    :raises: CommandError
    """
    try:
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
        from cryptography.hazmat.primitives.asymmetric import rsa
    except ImportError:
        raise CommandError('signing needs the "cryptography" package')
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as exc:
        raise CommandError('cannot read key %s: %s' % (path, exc.strerror or exc))
    if b'OPENSSH PRIVATE KEY' in data:
        loader = serialization.load_ssh_private_key
    else:
        loader = serialization.load_pem_private_key
    if passphrase is None and os.environ.get(PASSPHRASE_ENV):
        passphrase = os.environ[PASSPHRASE_ENV]
    secret = passphrase.encode('utf-8') if passphrase is not None else None
    try:
        try:
            key = loader(data, password=secret)
        except TypeError:
            # Encrypted key without a passphrase (or the reverse).
            if secret is not None or not sys.stdin.isatty():
                raise
            import getpass
            secret = getpass.getpass('Passphrase for %s: ' % path).encode('utf-8')
            key = loader(data, password=secret)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CommandError('cannot load private key %s: %s' % (path, exc))
    if not isinstance(key, (rsa.RSAPrivateKey, ed25519.Ed25519PrivateKey)):
        raise CommandError('key %s is neither RSA nor Ed25519; RefStack verifies '
                           'RSA signatures' % path)
    return key


def public_key_line(key):
    """The OpenSSH public key line without comment (``ssh-rsa AAAA...``)."""
    from cryptography.hazmat.primitives import serialization
    return key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii')


def _is_rsa(key):
    from cryptography.hazmat.primitives.asymmetric import rsa
    return isinstance(key, rsa.RSAPrivateKey)


def sign_bytes(key, data):
    """Signature (lowercase hex) over ``data``: RSA PKCS#1 v1.5 with
    SHA-256, or Ed25519."""
    if _is_rsa(key):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256()).hex()
    return key.sign(data).hex()


def sign_file(key, fileobj):
    """Signature (hex) over the whole of a seekable ``fileobj``.

    RSA signs a streamed SHA-256 digest (``Prehashed``), which verifies
    exactly like a signature over the bytes; Ed25519 needs the bytes.
    """
    fileobj.seek(0)
    if not _is_rsa(key):
        data = fileobj.read()
        fileobj.seek(0)
        return sign_bytes(key, data)
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric import utils
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(_CHUNK), b''):
        digest.update(chunk)
    fileobj.seek(0)
    return key.sign(digest.digest(), padding.PKCS1v15(),
                    utils.Prehashed(hashes.SHA256())).hex()


def self_signature(key):
    """The Profile page's proof of possession: a signature over
    ``b'signature'``."""
    return sign_bytes(key, b'signature')


# -- inputs ----------------------------------------------------------------

def cpid_from_auth_url(url):
    """The original client's fallback CPID: lowercase hex MD5 of the host
    name (no port) of the Keystone URL."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise CommandError('--os-auth-url must be an http(s) URL: %s' % url)
    return hashlib.md5(parsed.hostname.encode('utf-8'),
                       usedforsecurity=False).hexdigest()


def open_input(path):
    """A seekable binary file for ``path`` (``-``: stdin, spooled).

    :returns: ``(fileobj, size, display_name)``
    """
    if path == '-':
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)
        shutil.copyfileobj(sys.stdin.buffer, spool, _CHUNK)
        size = spool.tell()
        spool.seek(0)
        return spool, size, '<stdin>'
    try:
        fileobj = open(path, 'rb')
    except OSError as exc:
        raise CommandError('cannot read %s: %s' % (path, exc.strerror or exc))
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return fileobj, size, path


def detect_format(fileobj, forced='auto'):
    """The format of a seekable input (one of ``ingest`` SUBUNIT_V2,
    SUBUNIT_V1, JUNIT, JSON), sniffing through gzip.

    :raises: CommandError
    """
    try:
        sniffed = ingest.open_source(fileobj).fmt
    except exception.RefstackException as exc:
        raise CommandError('%s' % exc.message)
    finally:
        fileobj.seek(0)
    if forced == 'subunit':
        return ingest.SUBUNIT_V2 if sniffed == ingest.SUBUNIT_V2 else ingest.SUBUNIT_V1
    if forced != 'auto':
        return forced
    if sniffed is None:
        raise CommandError('unrecognised file format (not subunit v1/v2, JUnit XML or '
                           'RefStack JSON); use --format to force one')
    return sniffed


def load_json_body(fileobj):
    """A RefStack JSON body from a file, as ``upload FILE`` of the original
    client reads it."""
    try:
        body = json.load(fileobj)
    except (ValueError, UnicodeError) as exc:
        raise CommandError('malformed JSON: %s' % exc)
    if not isinstance(body, dict):
        raise CommandError('malformed JSON: the file does not hold an object')
    return body


def parse_run(fileobj, fmt):
    try:
        return ingest.parse_run(fileobj, fmt='subunit' if fmt in (
            ingest.SUBUNIT_V1, ingest.SUBUNIT_V2) else fmt)
    except ImportError as exc:
        raise CommandError('converting this format needs %s' % exc.name)
    except exception.RefstackException as exc:
        raise CommandError(exc.message)


def legacy_bytes(fileobj, fmt, cpid, duration, console):
    """The original client's JSON body for any input, as bytes."""
    if fmt == ingest.JSON:
        body = load_json_body(fileobj)
        if cpid is not None:
            body['cpid'] = cpid
        if duration is not None:
            body['duration_seconds'] = duration
        return json.dumps(body).encode('utf-8')
    run = parse_run(fileobj, fmt)
    counts = run.counts()
    console.info('Parsed %d tests: %s' % (
        len(run), ', '.join('%d %s' % (n, s) for s, n in counts.items() if n)))
    if not counts[ingest.PASSED]:
        raise CommandError('the run has no passed tests; RefStack JSON uploads '
                           'must contain at least one')
    if cpid is None:
        console.info('warning: no --cpid or --os-auth-url given; sending an '
                     'empty cpid')
        cpid = ''
    if duration is None:
        duration = int(run.duration_seconds or 0)
    return ingest.legacy_body_bytes(run, cpid, duration)


# -- HTTP ------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects turn a POST into a GET; report them instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body

    def json(self):
        try:
            return json.loads(self.body.decode('utf-8'))
        except (ValueError, UnicodeError):
            return None


def build_opener(insecure=False, cacert=None):
    context = ssl.create_default_context(cafile=cacert or None)
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect)


def retry_after(headers):
    """Seconds from a ``Retry-After`` header (delta or HTTP date), or None."""
    value = headers.get('Retry-After') if headers is not None else None
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(int(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER))


def request(opener, method, url, console, body=None, size=None, headers=None,
            timeout=60, retries=3, backoff=2.0, sleep=time.sleep):
    """Send a request, retrying connection errors, 5xx and 429.

    :param body: ``None``, bytes or a seekable file (rewound per attempt).
    :returns: the final :class:`Response` (any status).
    :raises: CommandError(EXIT_UNREACHABLE) when every attempt failed to
        get an answer.
    """
    attempts = retries + 1
    for attempt in range(attempts):
        if hasattr(body, 'seek'):
            body.seek(0)
        req = urllib.request.Request(url, data=body, method=method,
                                     headers=dict(headers or {}))
        req.add_header('User-Agent', USER_AGENT)
        if size is not None:
            req.add_header('Content-Length', str(size))
        wait = None
        try:
            with opener.open(req, timeout=timeout) as resp:
                return Response(resp.status, resp.reason, resp.headers, resp.read())
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, exc.reason, exc.headers,
                                exc.read(1024 * 1024) if exc.fp else b'')
            exc.close()
            if not (exc.code == 429 or exc.code >= 500):
                return response
            if attempt + 1 == attempts:
                return response
            wait = retry_after(exc.headers)
            problem = 'HTTP %d %s' % (exc.code, exc.reason)
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise CommandError('TLS certificate verification failed for %s: %s '
                                   '(use --insecure to skip it)' % (url, reason),
                                   EXIT_UNREACHABLE)
            problem = '%s' % (reason,)
        except (OSError, http.client.HTTPException) as exc:
            problem = '%s' % (exc or type(exc).__name__)
        if attempt + 1 == attempts:
            raise CommandError('cannot reach %s: %s (after %d attempts)'
                               % (url, problem, attempts), EXIT_UNREACHABLE)
        if wait is None:
            wait = min(backoff * 2 ** attempt, MAX_BACKOFF)
        console.info('%s; retrying in %.1f s (attempt %d of %d)'
                     % (problem, wait, attempt + 2, attempts))
        sleep(wait)


def error_text(response):
    """A one-line description of an error response."""
    body = response.json()
    text = None
    if isinstance(body, dict):
        title = body.get('title')
        detail = body.get('detail')
        if detail and title and detail != title:
            text = '%s: %s' % (title, detail)
        else:
            text = detail or title
    if not text:
        text = response.body[:300].decode('utf-8', 'replace').strip()
    head = 'HTTP %d %s' % (response.status, response.reason or '')
    return '%s: %s' % (head.strip(), text) if text else head.strip()


def api_url(base, path, query=None):
    url = base.rstrip('/') + path
    query = {k: v for k, v in (query or {}).items() if v is not None}
    if query:
        url += '?' + urllib.parse.urlencode(query)
    return url


# -- commands --------------------------------------------------------------

def _add_common(parser):
    parser.add_argument('--url', default=os.environ.get('REFSTACK_URL', DEFAULT_URL),
                        help='RefStack API base URL; requests go to <url>/v1/... '
                             '(default: $REFSTACK_URL or %s)' % DEFAULT_URL)
    parser.add_argument('-k', '--insecure', action='store_true',
                        help='do not verify the server TLS certificate')
    parser.add_argument('--cacert', metavar='FILE',
                        default=os.environ.get('REQUESTS_CA_BUNDLE'),
                        help='CA bundle to verify the server with (default: '
                             '$REQUESTS_CA_BUNDLE or the system store)')
    parser.add_argument('--timeout', type=float, default=60.0,
                        help='seconds to wait for the server (default 60)')
    parser.add_argument('--retries', type=int, default=3,
                        help='retries after connection errors, 5xx and 429 '
                             '(default 3)')
    parser.add_argument('--backoff', type=float, default=2.0,
                        help='first retry delay in seconds, doubled per retry '
                             '(default 2)')
    parser.add_argument('-q', '--quiet', action='store_true',
                        help='only print results and errors')


def _add_run_options(parser):
    parser.add_argument('file', metavar='FILE',
                        help='subunit v1/v2 (optionally gzip), JUnit XML or RefStack '
                             'JSON file; - reads stdin')
    cpid = parser.add_mutually_exclusive_group()
    cpid.add_argument('--cpid', help='cloud provider id of the tested cloud')
    cpid.add_argument('--os-auth-url', metavar='URL',
                      help='derive the cpid as the original client does when Keystone '
                           'cannot be asked: MD5 of this URL\'s host name')
    parser.add_argument('--duration', type=int, metavar='N',
                        help='run duration in seconds (default: from the run)')
    parser.add_argument('--format', choices=ingest.FORMATS, default='auto',
                        help='input format (default: detected from the content)')


def make_parsers():
    upload = argparse.ArgumentParser(
        prog='refstack-upload',
        description='Upload a Tempest run to RefStack.',
        epilog='Other commands: "refstack-upload sign KEY", "refstack-upload list", '
               '"refstack-upload convert FILE". Exit codes: 0 uploaded or already '
               'uploaded, 1 refused by the server, 2 bad usage or input, 3 server '
               'unreachable.')
    _add_common(upload)
    _add_run_options(upload)
    upload.add_argument('-i', '--sign', metavar='KEY',
                        help='private key (RSA or Ed25519; PEM or OpenSSH format) '
                             'to sign the upload with')
    upload.add_argument('--json-only', '--legacy-json', dest='json_only',
                        action='store_true',
                        help='convert the run locally and send the original '
                             'client\'s JSON body (passed tests only; for old '
                             'servers)')

    sign = argparse.ArgumentParser(
        prog='refstack-upload sign',
        description='Print the public key and self-signature to paste into the '
                    'RefStack Profile page.')
    sign.add_argument('-i', '--sign', dest='key_option', metavar='KEY')
    sign.add_argument('key', nargs='?', metavar='KEY',
                      help='private key file (RSA or Ed25519; PEM or OpenSSH)')

    listing = argparse.ArgumentParser(
        prog='refstack-upload list', description='List recent public results.')
    _add_common(listing)
    listing.add_argument('--start-date', help='"YYYY-MM-DD HH:MM:SS"')
    listing.add_argument('--end-date', help='"YYYY-MM-DD HH:MM:SS"')
    listing.add_argument('--cpid', help='only results of this cloud')
    listing.add_argument('--pages', type=int, default=1,
                         help='pages to print (default 1, 0 for all)')

    convert = argparse.ArgumentParser(
        prog='refstack-upload convert',
        description='Print the original refstack-client JSON body for a run.')
    convert.add_argument('-q', '--quiet', action='store_true')
    _add_run_options(convert)
    return {'upload': upload, 'sign': sign, 'list': listing, 'convert': convert}


def _cpid(args):
    if args.os_auth_url:
        return cpid_from_auth_url(args.os_auth_url)
    return args.cpid


def cmd_upload(args, console, sleep=time.sleep):
    cpid = _cpid(args)
    key = load_private_key(args.sign) if args.sign else None
    fileobj, size, name = open_input(args.file)
    with fileobj:
        fmt = detect_format(fileobj, args.format)
        console.info('Read %s: %s, %d bytes' % (name, FORMAT_NAMES[fmt], size))
        if fmt == ingest.JSON or args.json_only:
            body = legacy_bytes(fileobj, fmt, cpid, args.duration, console)
            size = len(body)
            content_type = CONTENT_TYPES[ingest.JSON]
            query = None
        else:
            body = fileobj
            content_type = CONTENT_TYPES[fmt]
            query = {'cpid': cpid, 'duration_seconds': args.duration}
        headers = {'Content-Type': content_type, 'Accept': 'application/json'}
        if key is not None:
            if isinstance(body, bytes):
                headers['X-Signature'] = sign_bytes(key, body)
            else:
                headers['X-Signature'] = sign_file(key, body)
            headers['X-Public-Key'] = public_key_line(key)
            console.info('Signed with %s key %s' % (
                headers['X-Public-Key'].split()[0], args.sign))
        url = api_url(args.url, '/v1/results/', query)
        console.info('Uploading %d bytes to %s' % (size, url))
        response = request(build_opener(args.insecure, args.cacert), 'POST', url, console,
                           body=body, size=size, headers=headers,
                           timeout=args.timeout, retries=args.retries,
                           backoff=args.backoff, sleep=sleep)
    data = response.json()
    result_url = data.get('url') if isinstance(data, dict) else None
    if 200 <= response.status < 300:
        console.result('Test results uploaded!')
        if result_url:
            console.result('URL: %s' % result_url)
        return EXIT_OK
    if response.status == 409 and result_url:
        console.result('Test results were already uploaded.')
        console.result('URL: %s' % result_url)
        return EXIT_OK
    if 300 <= response.status < 400:
        raise CommandError('the server redirected to %s; use that address with --url'
                           % response.headers.get('Location'), EXIT_REJECTED)
    raise CommandError('upload refused: %s' % error_text(response), EXIT_REJECTED)


def cmd_sign(args, console):
    path = args.key_option or args.key
    if not path:
        raise CommandError('give the private key: refstack-upload sign KEY')
    key = load_private_key(path)
    console.result('Public key:')
    console.result(public_key_line(key))
    console.result('')
    console.result('Self signature:')
    console.result(self_signature(key))
    return EXIT_OK


def cmd_list(args, console, sleep=time.sleep):
    opener = build_opener(args.insecure, args.cacert)
    page = 1
    while True:
        url = api_url(args.url, '/v1/results/', {
            'page': page, 'start_date': args.start_date,
            'end_date': args.end_date, 'cpid': args.cpid})
        response = request(opener, 'GET', url, console, timeout=args.timeout,
                           retries=args.retries, backoff=args.backoff, sleep=sleep)
        data = response.json()
        if response.status != 200 or not isinstance(data, dict):
            raise CommandError('listing failed: %s' % error_text(response),
                               EXIT_REJECTED)
        for item in data.get('results') or []:
            console.result('%s - %s' % (item.get('created_at'), item.get('url')))
        total = (data.get('pagination') or {}).get('total_pages') or 0
        if page >= total or (args.pages and page >= args.pages):
            return EXIT_OK
        page += 1


def cmd_convert(args, console):
    fileobj, _, _ = open_input(args.file)
    with fileobj:
        fmt = detect_format(fileobj, args.format)
        body = legacy_bytes(fileobj, fmt, _cpid(args), args.duration, console)
    console.result(body.decode('utf-8'))
    return EXIT_OK


def main(argv=None, sleep=time.sleep):
    """Console script entry point; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = 'upload'
    if argv and argv[0] in COMMANDS:
        command = argv.pop(0)
    args = make_parsers()[command].parse_args(argv)
    console = Console(quiet=getattr(args, 'quiet', False))
    try:
        if command == 'upload':
            return cmd_upload(args, console, sleep)
        if command == 'list':
            return cmd_list(args, console, sleep)
        if command == 'sign':
            return cmd_sign(args, console)
        return cmd_convert(args, console)
    except CommandError as exc:
        console.error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        console.error('interrupted')
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head); not worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_REJECTED


if __name__ == '__main__':
    sys.exit(main())

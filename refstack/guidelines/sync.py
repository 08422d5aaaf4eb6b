"""``refstack-manage guidelines-sync``: refresh guideline files from remote.

Sources are the original's options: each URL of ``[api]
additional_capability_urls`` (comma separated), then ``[api]
github_api_capabilities_url`` when not already listed, each answering a GitHub
"contents" listing (a JSON array of ``{"type", "name", "path"}``). Files named
``YYYY.MM.json``, ``next.json`` or ``<prefix>.<YYYY.MM|next>.json`` are
downloaded from ``[api] github_raw_base_url`` + their path, validated (JSON,
parsable guideline) and written atomically into ``[guidelines] sync_dir``
(``add-ons/`` and ``verticals/`` kept). API processes notice the change on
their next periodic check (:mod:`refstack.guidelines.catalogue`).

Every download is bounded by ``[guidelines] fetch_timeout`` and
``max_file_size``. A failed listing or download changes nothing: the file
already on disk (or the bundled copy) stays in use. Files are never deleted.
Only this module touches the network, and only when called explicitly.
"""

import datetime
import json
import os
import re
import sys
import tempfile
import time
from urllib import parse as urlparse

from oslo_log import log
import requests
from urllib3 import exceptions as urllib3_exc

from refstack.guidelines import catalogue
from refstack.guidelines import errors

LOG = log.getLogger(__name__)

STATUS_FILE = '.last-sync.json'
USER_AGENT = 'refstack-guidelines-sync'
_PATH_RE = re.compile(r'^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9._-]+$')


class FetchError(Exception):
    pass


def _api_opt(conf, name):
    try:
        return getattr(conf.api, name)
    except AttributeError:
        return None


def listing_urls(conf):
    """The listing URLs in the original's order, without duplicates."""
    extra = _api_opt(conf, 'additional_capability_urls') or []
    if isinstance(extra, str):
        extra = extra.split(',')
    urls = []
    for url in list(extra) + [_api_opt(conf, 'github_api_capabilities_url') or '']:
        url = url.strip()
        if url and url not in urls:
            urls.append(url)
    return urls


def fetch(session, url, timeout, max_size):
    """GET ``url`` within ``timeout`` seconds and ``max_size`` bytes.

    :raises: FetchError
    """
    if urlparse.urlsplit(url).scheme not in ('http', 'https'):
        raise FetchError('unsupported URL scheme')
    deadline = time.monotonic() + timeout
    try:
        with session.get(url, timeout=(timeout, timeout), stream=True) as resp:
            if resp.status_code != 200:
                raise FetchError('HTTP %d' % resp.status_code)
            chunks, size = [], 0
            for chunk in _chunks(resp):
                size += len(chunk)
                if size > max_size:
                    raise FetchError('larger than %d bytes' % max_size)
                if time.monotonic() > deadline:
                    raise FetchError('timed out after %.1f s' % timeout)
                chunks.append(chunk)
            return b''.join(chunks)
    except (requests.RequestException, urllib3_exc.HTTPError, OSError) as exc:
        raise FetchError('%s: %s' % (type(exc).__name__, str(exc)[:200]))


def _chunks(resp):
    """Body chunks as they arrive, so the deadline holds against slow senders.

    ``iter_content`` blocks until a whole chunk is in; urllib3 2's ``read1``
    returns after one socket read.
    """
    read1 = getattr(resp.raw, 'read1', None)
    if read1 is None:
        yield from resp.iter_content(4096)
        return
    while True:
        chunk = read1(65536, decode_content=True)
        if not chunk:
            return
        yield chunk


def _subdir(path):
    folders = path.split('/')[:-1]
    if catalogue.ADDONS in folders:
        return catalogue.ADDONS
    if catalogue.VERTICALS in folders:
        return catalogue.VERTICALS
    return ''


def parse_listing(data):
    """GitHub contents listing bytes -> ``[(subdir, name, path)]``, skipped.

    :raises: FetchError when the body is not a JSON array.
    """
    try:
        items = json.loads(data.decode('utf-8'))
    except (ValueError, RecursionError):
        raise FetchError('listing is not JSON')
    if not isinstance(items, list):
        raise FetchError('listing is not a JSON array')
    files, skipped = [], []
    for item in items:
        if not isinstance(item, dict) or item.get('type') != 'file':
            continue
        name, path = item.get('name'), item.get('path')
        if not isinstance(name, str) or not catalogue.FILE_RE.match(name):
            continue
        if not isinstance(path, str):
            path = name
        if (not _PATH_RE.match(path) or '..' in path.split('/') or
                path.rsplit('/', 1)[-1] != name):
            skipped.append(name)
            continue
        files.append((_subdir(path), name, path))
    return files, skipped


def _write_atomic(path, data):
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix='.tmp-')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read(path):
    try:
        with open(path, 'rb') as f:
            return f.read()
    except OSError:
        return None


def sync(conf=None, out=None):
    """Fetch every listed guideline file into ``[guidelines] sync_dir``.

    :param conf: an oslo.config ``ConfigOpts`` (default ``refstack.conf.CONF``).
    :param out: callable taking one progress line (default: print to stdout).
    :returns: summary dict: ``ok`` (no failure at all), ``sync_dir``,
        ``sources`` (``[{"url", "ok", "files", "error"}]``), ``added``,
        ``updated``, ``unchanged`` (relative paths), ``failed``
        (``[{"item", "error"}]``) and ``skipped`` (unsafe names).
    """
    if conf is None:
        from refstack.conf import CONF as conf
    if out is None:
        def out(line):
            print(line, file=sys.stdout, flush=True)

    values = catalogue.settings(conf)
    summary = {'ok': False, 'sync_dir': values['sync_dir'], 'sources': [],
               'added': [], 'updated': [], 'unchanged': [], 'failed': [],
               'skipped': []}
    sync_dir = values['sync_dir']
    raw_base = (_api_opt(conf, 'github_raw_base_url') or '').strip()
    urls = listing_urls(conf)
    problem = None
    if not sync_dir:
        problem = '[guidelines] sync_dir is not set; nothing to sync into.'
    elif not urls:
        problem = 'No guideline listing URL is configured.'
    elif not raw_base:
        problem = '[api] github_raw_base_url is not set.'
    if problem:
        out('ERROR: ' + problem)
        summary['failed'].append({'item': 'configuration', 'error': problem})
        return summary

    timeout, max_size = values['fetch_timeout'], values['max_file_size']
    session = requests.Session()
    session.headers.update({'User-Agent': USER_AGENT,
                            'Accept': 'application/vnd.github+json, application/json'})
    wanted = {}
    for url in urls:
        out('Listing %s' % url)
        source = {'url': url, 'ok': False, 'files': 0, 'error': None}
        summary['sources'].append(source)
        try:
            files, skipped = parse_listing(fetch(session, url, timeout, max_size))
        except FetchError as exc:
            source['error'] = str(exc)
            summary['failed'].append({'item': url, 'error': str(exc)})
            out('  FAILED: %s (keeping current files)' % exc)
            LOG.warning('Guideline listing %(url)s failed: %(err)s',
                        {'url': url, 'err': exc})
            continue
        source.update(ok=True, files=len(files))
        summary['skipped'].extend(skipped)
        for name in skipped:
            out('  skipped unsafe entry %r' % name)
        for subdir, name, path in files:
            wanted.setdefault((subdir, name), path)
        out('  %d guideline files' % len(files))

    base = raw_base.rstrip('/') + '/'
    for (subdir, name), path in sorted(wanted.items()):
        rel = '%s/%s' % (subdir, name) if subdir else name
        url = base + urlparse.quote(path)
        try:
            data = fetch(session, url, timeout, max_size)
            catalogue.parse_bytes(data, name)
        except (FetchError, errors.InvalidGuideline) as exc:
            summary['failed'].append({'item': rel, 'error': str(exc)})
            out('  %s: FAILED: %s (keeping current copy)' % (rel, exc))
            LOG.warning('Guideline %(file)s not refreshed: %(err)s',
                        {'file': rel, 'err': exc})
            continue
        target = os.path.join(sync_dir, subdir, name)
        old = _read(target)
        if old == data:
            summary['unchanged'].append(rel)
            continue
        try:
            _write_atomic(target, data)
        except OSError as exc:
            summary['failed'].append({'item': rel, 'error': str(exc)})
            out('  %s: FAILED to write: %s' % (rel, exc))
            continue
        summary['added' if old is None else 'updated'].append(rel)
        out('  %s: %s' % (rel, 'added' if old is None else 'updated'))

    summary['ok'] = not summary['failed']
    out('Guidelines sync %s: %d added, %d updated, %d unchanged, %d failed.' % (
        'done' if summary['ok'] else 'finished with errors',
        len(summary['added']), len(summary['updated']),
        len(summary['unchanged']), len(summary['failed'])))
    status = dict(summary, finished_at=datetime.datetime.now(
        datetime.timezone.utc).isoformat())
    try:
        _write_atomic(os.path.join(sync_dir, STATUS_FILE),
                      json.dumps(status, indent=2, sort_keys=True).encode('utf-8'))
    except OSError as exc:
        LOG.warning('Cannot write %(file)s: %(err)s', {'file': STATUS_FILE, 'err': exc})
    catalogue.reset()
    return summary

"""Where guideline files come from, and the per-process parsed cache.

A catalogue is built from directories laid out like the interop repository
(core files at the top, ``add-ons/``, ``verticals/``), later ones overriding
earlier ones file by file:

1. the files bundled in this package (``[guidelines] include_bundled``);
2. ``[guidelines] sync_dir``, written by ``refstack-manage guidelines-sync``
   (:mod:`refstack.guidelines.sync`);
3. ``[guidelines] local_dir``, managed by the operator.

A file that cannot be read or parsed is logged and skipped, so the previous
layer's copy (the last good data) stays in use. Nothing here touches the
network: requests only ever read local files, and a process parses them once.
The extra directories are re-scanned at most every
``[guidelines] reload_interval`` seconds (a cheap ``stat`` of their files) and
re-loaded when something changed, so every API node that sees the same
directory serves the same versions.
"""

import json
import os
import re
import threading
import time

from oslo_log import log

from refstack.guidelines import errors
from refstack.guidelines import model

LOG = log.getLogger(__name__)

BUNDLED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')

#: Sub-directories, in the order a letter-prefixed name is looked up.
ADDONS = 'add-ons'
VERTICALS = 'verticals'
SUBDIRS = ('', ADDONS, VERTICALS)

#: Group of core guidelines in the G1 listing.
POWERED = 'powered'

_VERSION = r'(?P<version>\d{4}\.\d{2}|next)'
#: A guideline file name: ``2020.06.json``, ``next.json``, ``dns.2020.06.json``.
FILE_RE = re.compile(r'^(?:(?P<prefix>[a-z0-9_-]{1,32})\.)?' + _VERSION + r'\.json$')
_NAME_RE = re.compile(r'^(?:(?P<prefix>[a-z0-9_-]{1,32})\.)?' + _VERSION + r'$')
_DATED_RE = re.compile(r'^\d{4}\.\d{2}$')

DEFAULTS = {
    'include_bundled': True,
    'local_dir': None,
    'sync_dir': None,
    'reload_interval': 60,
    'legacy_test_list_errors': False,
    'fetch_timeout': 10.0,
    'max_file_size': 8 * 1024 * 1024,
}


def settings(conf=None):
    """``[guidelines]`` option values, defaults when the group is not registered."""
    if conf is None:
        from refstack.conf import CONF as conf
    group = getattr(conf, 'guidelines', None)
    values = {}
    for key, default in DEFAULTS.items():
        try:
            values[key] = getattr(group, key) if group is not None else default
        except AttributeError:
            values[key] = default
    return values


def split_name(name):
    """Validate a requested guideline name.

    ``2020.06``, ``2020.06.json``, ``dns.next`` -> ``(file name, prefix,
    version)``; None for anything else (the name is never used as a path).
    """
    if not isinstance(name, str) or len(name) > 64:
        return None
    if name.endswith('.json'):
        name = name[:-5]
    match = _NAME_RE.match(name)
    if not match:
        return None
    return name + '.json', match.group('prefix'), match.group('version')


class Entry(object):
    """One guideline file of the catalogue."""

    __slots__ = ('file', 'subdir', 'origin', 'path', 'prefix', 'version',
                 'guideline', 'targets')

    def __init__(self, file, subdir, origin, path, guideline):
        match = FILE_RE.match(file)
        self.file = file
        self.subdir = subdir
        self.origin = origin
        self.path = path
        self.prefix = match.group('prefix')
        self.version = match.group('version')
        self.guideline = guideline
        self.targets = frozenset(guideline.targets())

    @property
    def dated(self):
        return bool(_DATED_RE.match(self.version))

    @property
    def group(self):
        """G1 listing key, or None when the file is not listed."""
        if self.subdir == '':
            return POWERED
        if self.subdir == ADDONS and self.prefix:
            return self.prefix
        return None

    @property
    def listed_name(self):
        return self.file if self.subdir == '' else self.file.split('.', 1)[1]

    def __repr__(self):
        return 'Entry(%s/%s from %s)' % (self.subdir, self.file, self.origin)


def read_guideline(path, file_name, max_size):
    """Read and parse one file; raises on any problem."""
    with open(path, 'rb') as f:
        data = f.read(max_size + 1)
    if len(data) > max_size:
        raise errors.InvalidGuideline(reason='larger than %d bytes' % max_size)
    return parse_bytes(data, file_name)


def parse_bytes(data, file_name):
    """Decode and parse guideline bytes.

    :raises: InvalidGuideline
    """
    try:
        doc = json.loads(data.decode('utf-8'))
    except (ValueError, RecursionError) as exc:
        raise errors.InvalidGuideline(reason='not JSON: %s' % str(exc)[:200])
    return model.parse(doc, file_name)


def scan(directory):
    """``[(subdir, file name, path)]`` of candidate files in a directory."""
    found = []
    for subdir in SUBDIRS:
        folder = os.path.join(directory, subdir) if subdir else directory
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if FILE_RE.match(name) and os.path.isfile(path):
                found.append((subdir, name, path))
    return found


def signature(directories):
    """Cheap change marker of the given directories (names, sizes, mtimes)."""
    sig = []
    for directory in directories:
        for subdir, name, path in scan(directory):
            try:
                st = os.stat(path)
            except OSError:
                continue
            sig.append((path, st.st_size, st.st_mtime_ns))
    return tuple(sig)


class Catalogue(object):
    """An immutable set of parsed guideline files."""

    def __init__(self, entries):
        #: {(subdir, file): Entry}
        self.entries = dict(((e.subdir, e.file), e) for e in entries)

    @classmethod
    def load(cls, sources, max_size=DEFAULTS['max_file_size']):
        """Build from ``[(directory, origin)]``, later directories winning."""
        entries = {}
        for directory, origin in sources:
            for subdir, name, path in scan(directory):
                try:
                    guideline = read_guideline(path, name, max_size)
                except (OSError, errors.InvalidGuideline) as exc:
                    LOG.warning('Skipping guideline file %(path)s: %(err)s',
                                {'path': path, 'err': exc})
                    continue
                entries[(subdir, name)] = Entry(name, subdir, origin, path, guideline)
        return cls(entries.values())

    def __iter__(self):
        return iter(sorted(self.entries.values(), key=lambda e: (e.subdir, e.file)))

    def __len__(self):
        return len(self.entries)

    def listing(self):
        """The G1 body: ``{"powered": [...], "<add-on>": [...]}``.

        Entries are sorted by file name inside each group, so no group is
        ever split (D21); ``powered`` is always present.
        """
        groups = {POWERED: []}
        for entry in self:
            group = entry.group
            if group is not None:
                groups.setdefault(group, []).append(
                    {'name': entry.listed_name, 'file': entry.file})
        return dict(sorted(groups.items()))

    def find(self, name):
        """Resolve a requested name to an :class:`Entry`.

        A letter-prefixed name (``dns.2020.06``) is looked up in ``add-ons/``
        first, as the original did, then ``verticals/``, then the top level;
        other names at the top level first.

        :raises: GuidelineNotFound
        """
        parts = split_name(name)
        if parts is not None:
            file_name, prefix, _version = parts
            if prefix and prefix.isalpha():
                order = (ADDONS, VERTICALS, '')
            else:
                order = ('', ADDONS, VERTICALS)
            for subdir in order:
                entry = self.entries.get((subdir, file_name))
                if entry is not None:
                    return entry
        raise errors.GuidelineNotFound(name=model.echo(name))

    def find_for_target(self, name, target):
        """Like :meth:`find`, mapping a bare version onto the target's add-on.

        The UI stores ``2020.06.json`` even for an add-on programme, so with
        target ``dns`` the name ``2020.06`` resolves to ``dns.2020.06.json``
        when the core file does not cover the target.
        """
        entry = self.find(name)
        if target in entry.targets or not isinstance(target, str):
            return entry
        if entry.subdir == '' and not entry.prefix:
            try:
                other = self.find('%s.%s' % (target, entry.version))
            except errors.GuidelineNotFound:
                return entry
            if target in other.targets:
                return other
        return entry

    def default_for(self, target='platform'):
        """The guideline a run is scored against when none is chosen.

        The newest approved dated guideline covering ``target``; failing that
        the newest dated one, failing that any (a draft ``next``). For the
        shipped data and ``platform`` that is ``2020.06.json``, the entry the
        UI selects (index 1 of the reverse-sorted list, ui.md 2.3/2.5).

        :raises: InvalidTarget when no guideline covers ``target``.
        """
        candidates = [e for e in self if target in e.targets]
        if not candidates:
            raise errors.InvalidTarget(target=model.echo(target))
        dated = [e for e in candidates if e.dated]
        approved = [e for e in dated if e.guideline.status == 'approved']
        pool = approved or dated or candidates
        return max(pool, key=lambda e: (e.version if e.dated else '', e.subdir == ''))


# Per-process cache ---------------------------------------------------------

_lock = threading.Lock()
# (catalogue, key, signature, last check); replaced as a whole, read lock-free.
_state = (None, None, None, 0.0)


def _sources(values):
    sources = []
    if values['include_bundled']:
        sources.append((BUNDLED_DIR, 'bundled'))
    if values['sync_dir']:
        sources.append((values['sync_dir'], 'synced'))
    if values['local_dir']:
        sources.append((values['local_dir'], 'local'))
    return sources


def get_catalogue(conf=None):
    """The process-wide catalogue, parsed once and re-checked periodically."""
    global _state
    values = settings(conf)
    sources = _sources(values)
    key = (tuple(sources), values['max_file_size'])
    extra = [d for d, origin in sources if origin != 'bundled']
    interval = values['reload_interval']

    def fresh(state, now):
        return (state[0] is not None and state[1] == key and
                (not extra or interval <= 0 or now - state[3] < interval))

    state = _state
    if fresh(state, time.monotonic()):
        return state[0]
    with _lock:
        state, now = _state, time.monotonic()
        if fresh(state, now):
            return state[0]
        sig = signature(extra)
        if state[0] is not None and state[1] == key and sig == state[2]:
            _state = (state[0], key, sig, now)
            return state[0]
        catalogue = Catalogue.load(sources, values['max_file_size'])
        LOG.info('Loaded %(count)d guideline files from %(sources)s',
                 {'count': len(catalogue), 'sources': [d for d, _o in sources]})
        _state = (catalogue, key, sig, now)
        return catalogue


def reset():
    """Forget the cached catalogue (tests, and after a sync in-process)."""
    global _state
    with _lock:
        _state = (None, None, None, 0.0)

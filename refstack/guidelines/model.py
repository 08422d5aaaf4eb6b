"""One normalised model for every interop guideline schema.

:func:`parse` reads a guideline document of schema 1.2, 1.3-1.6 or 2.0
(spec guidelines.md section 2) and tolerates every quirk of the published
files (section 3): ``flagged`` vs ``flag``, ``required-since`` vs
``required_since``, the ``acheivements``/``descriptin`` typos, ``id-<uuid>``
vs bare uuids, empty ids, components naming undefined capabilities.

The model keeps what the API needs:

* :class:`Guideline`: identity (file, id, schema, status, releases),
  ``components`` (component name -> status -> capability names, file order),
  the programme definitions (1.x ``platform.required``, 2.0 ``platforms`` and
  ``add-ons``) and ``capabilities`` (name -> :class:`Capability`, file order).
* :class:`Capability`: description, project, achievements, required_since
  and its tests.
* :class:`Test`: name, raw ``idempotent_id`` (None for schema 1.2),
  normalised ``uuid``, ``aliases`` and flag state.

Two flag notions exist on purpose: ``Test.flagged`` is what the UI scoring
uses (the ``flagged`` key is present, or the name is in a 1.2 capability's
``flagged`` array), ``Test.flag`` is the raw value the test-list endpoint
checks for truthiness. They agree on every published file.
"""

import functools
import json
import re

from refstack.guidelines import errors

#: Capability statuses, strongest first (ui.md 2.3.1 precedence).
STATUSES = ('required', 'advisory', 'deprecated', 'removed')

#: Fixed target -> 2.0 platform name map (api-contract 2.2.3).
PLATFORM_TARGETS = {
    'platform': 'OpenStack Powered Platform',
    'compute': 'OpenStack Powered Compute',
    'object': 'OpenStack Powered Storage',
}

#: Prefix of 2.0 component names; ``os_powered_<target>`` is a target.
COMPONENT_PREFIX = 'os_powered_'

_TARGET_RE = re.compile(r'^[a-z][a-z0-9_]{0,63}$')
_UUID_RE = re.compile(r'^(?:id-)?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                      r'[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$')
_SCHEMA_RE = re.compile(r'^(\d+)\.(\d+)$')


def schema_tuple(value):
    """``"1.6"`` -> ``(1, 6)``; None when the value is not ``<int>.<int>``."""
    match = _SCHEMA_RE.match(value) if isinstance(value, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def normalise_uuid(value):
    """Idempotent id (``id-<uuid>`` or bare) -> lower-case bare uuid or None."""
    if not isinstance(value, str):
        return None
    return _normalise_uuid(value)


@functools.lru_cache(maxsize=8192)
def _normalise_uuid(value):
    # Cached: the same few thousand Tempest ids come back in every run.
    match = _UUID_RE.match(value.strip())
    return match.group(1).lower() if match else None


def _str(value, default=None):
    return value if isinstance(value, str) else default


def _names(value):
    """A list of strings from a JSON value, dropping anything else."""
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _dict(value):
    return value if isinstance(value, dict) else {}


class Test(object):
    __slots__ = ('name', 'idempotent_id', 'uuid', 'aliases', 'flagged', 'flag')

    def __init__(self, name, idempotent_id=None, aliases=(), flagged=False,
                 flag=None):
        self.name = name
        self.idempotent_id = idempotent_id
        self.uuid = normalise_uuid(idempotent_id)
        self.aliases = aliases
        self.flagged = flagged
        self.flag = flag

    @property
    def flag_details(self):
        """The flag object (reason, action, date) or None."""
        return self.flag if isinstance(self.flag, dict) else None

    def __repr__(self):
        return 'Test(%r)' % self.name


class Capability(object):
    __slots__ = ('name', 'description', 'project', 'admin', 'achievements',
                 'required_since', 'tests')

    def __init__(self, name, description=None, project=None, admin=None,
                 achievements=(), required_since=None, tests=()):
        self.name = name
        self.description = description
        self.project = project
        self.admin = admin
        self.achievements = achievements
        self.required_since = required_since
        self.tests = tests

    def __repr__(self):
        return 'Capability(%r)' % self.name


class Guideline(object):
    """A parsed guideline document; immutable once built by :func:`parse`."""

    def __init__(self):
        self.file = None
        # The document as JSON text (the G2 body); not kept decoded, which
        # takes about eight times the memory, in every API process.
        self.text = None
        self.schema = None
        self.v2 = False
        self.list_tests = False
        self.id = None
        self.status = None
        self.releases = ()
        self.replaces = None
        self.target_approval = None
        self.source = None
        self.capabilities = {}
        self.components = {}
        self.platform_required = ()
        self.platforms = {}
        self.addons = {}
        self.warnings = []

    def __repr__(self):
        return 'Guideline(%r)' % (self.file or self.id)

    @property
    def name(self):
        """File name without ``.json`` (``2020.06``, ``dns.next``)."""
        if self.file and self.file.endswith('.json'):
            return self.file[:-5]
        return self.file or self.id

    @property
    def supported(self):
        """Schemas the scoring of ui.md 2.5.1 understands (1.2-1.x, 2.x)."""
        version = schema_tuple(self.schema)
        return bool(version) and (version == (1, 2) or version[0] == 2 or
                                  (version[0] == 1 and version[1] >= 3))

    # Programmes ----------------------------------------------------------

    def components_for(self, target):
        """Component names making up ``target``.

        Rules of api-contract 2.2.3 / ui.md 2.3.1; a 2.0 component listed with
        a ``source`` (it lives in another file) and absent here is skipped,
        any other missing component makes the target invalid. In addition to
        the original, any ``os_powered_<target>`` component is a target, so
        new add-ons need no code.

        :raises: InvalidTarget
        """
        if not isinstance(target, str) or not _TARGET_RE.match(target):
            raise errors.InvalidTarget(target=echo(target))
        if not self.v2:
            if target == 'platform':
                names = self.platform_required
            else:
                names = (target,)
            if not names or any(n not in self.components for n in names):
                raise errors.InvalidTarget(target=target)
            return list(names)
        if target in PLATFORM_TARGETS:
            entries = self.platforms.get(PLATFORM_TARGETS[target])
            if entries is None:
                raise errors.InvalidTarget(target=target)
            names = []
            for name, source in entries:
                if name in self.components:
                    names.append(name)
                elif not source:
                    raise errors.InvalidTarget(target=target)
            if not names:
                raise errors.InvalidTarget(target=target)
            return names
        name = COMPONENT_PREFIX + target
        if name not in self.components:
            raise errors.InvalidTarget(target=target)
        return [name]

    def targets(self):
        """Every target this guideline accepts, sorted."""
        found = set()
        candidates = set(PLATFORM_TARGETS)
        if self.v2:
            candidates.update(c[len(COMPONENT_PREFIX):] for c in self.components
                              if c.startswith(COMPONENT_PREFIX))
        else:
            candidates.update(self.components)
        for target in candidates:
            try:
                self.components_for(target)
            except errors.InvalidTarget:
                continue
            found.add(target)
        return sorted(found)

    def selected_capabilities(self, target, statuses=STATUSES):
        """Capability names listed under ``statuses`` in the target's components.

        The plain union the test-list endpoint uses (no status precedence).
        """
        names = set()
        for component in self.components_for(target):
            lists = self.components[component]
            for status in statuses:
                names.update(lists.get(status, ()))
        return names

    def capability_status(self, target):
        """Ordered ``{capability: status}`` for ``target``, strongest status wins."""
        rank = {s: i for i, s in enumerate(STATUSES)}
        result = {}
        for component in self.components_for(target):
            lists = self.components[component]
            for status in STATUSES:
                for cap in lists.get(status, ()):
                    old = result.get(cap)
                    if old is None or rank[status] < rank[old]:
                        result[cap] = status
        return result


def echo(value):
    """A short printable form of a user value for error messages."""
    text = value if isinstance(value, str) else str(value)
    return text[:100]


def detect_schema(doc):
    """(schema string, is 2.x) per guidelines.md 3 / api-contract 2.2.3."""
    meta = doc.get('metadata')
    if isinstance(meta, dict):
        version = schema_tuple(meta.get('schema'))
        if version and version >= (2, 0):
            return meta['schema'], True
    schema = doc.get('schema')
    if isinstance(schema, (int, float)) and not isinstance(schema, bool):
        schema = str(schema)
    return _str(schema), False


def _status_lists(value):
    value = _dict(value)
    return {s: _names(value.get(s)) for s in STATUSES}


def _parse_tests(raw, list_mode, capability_flagged, warnings, cap_name):
    tests = []
    if list_mode and isinstance(raw, dict):
        raw = list(raw)
    if list_mode or isinstance(raw, list):
        if not list_mode:
            warnings.append('capability %s: tests is a list' % cap_name)
        flagged = set(capability_flagged) if list_mode else set()
        for name in _names(raw):
            is_flagged = name in flagged
            tests.append(Test(name, flagged=is_flagged,
                              flag=True if is_flagged else None))
        return tuple(tests)
    for name, entry in _dict(raw).items():
        if not isinstance(entry, dict):
            warnings.append('capability %s: test %s is not an object' % (cap_name, name))
            entry = {}
        ident = entry.get('idempotent_id')
        if ident is not None and not isinstance(ident, str):
            ident = str(ident)
        # 2.0 docs call it ``flag``; the files use ``flagged``.
        if 'flagged' in entry:
            flagged, flag = True, entry['flagged']
        elif 'flag' in entry:
            flagged, flag = True, entry['flag']
        else:
            flagged, flag = False, None
        tests.append(Test(name, ident, _names(entry.get('aliases')), flagged, flag))
    return tuple(tests)


def _first(entry, *keys):
    for key in keys:
        if key in entry:
            return entry[key]
    return None


def _parse_capabilities(raw, list_mode, warnings):
    capabilities = {}
    for name, entry in _dict(raw).items():
        if not isinstance(entry, dict):
            warnings.append('capability %s is not an object' % name)
            entry = {}
        capabilities[name] = Capability(
            name,
            description=_str(_first(entry, 'description', 'descriptin')),
            project=_str(entry.get('project')),
            admin=entry.get('admin'),
            achievements=_names(_first(entry, 'achievements', 'acheivements')),
            required_since=_str(_first(entry, 'required_since', 'required-since')),
            tests=_parse_tests(entry.get('tests'), list_mode,
                               _names(entry.get('flagged')), warnings, name),
        )
    return capabilities


def _component_refs(value):
    refs = []
    for item in value if isinstance(value, list) else ():
        if isinstance(item, dict) and isinstance(item.get('name'), str):
            refs.append((item['name'], _str(item.get('source'))))
    return tuple(refs)


def parse(doc, file_name=None):
    """Build a :class:`Guideline` from a decoded document.

    Never fails on a JSON object: malformed parts are skipped and noted in
    ``warnings``.

    :raises: InvalidGuideline when ``doc`` is not an object.
    """
    if not isinstance(doc, dict):
        raise errors.InvalidGuideline(reason='document is not a JSON object')
    g = Guideline()
    g.file = file_name
    g.text = json.dumps(doc)
    g.schema, g.v2 = detect_schema(doc)
    g.list_tests = g.schema == '1.2'
    if g.v2:
        meta = doc['metadata']
        approval = _dict(meta.get('os_trademark_approval'))
        g.id = _str(meta.get('id'))
        g.source = _str(meta.get('source'))
        g.status = _str(approval.get('status'))
        g.releases = _names(approval.get('releases'))
        g.replaces = _str(approval.get('replaces'))
        g.target_approval = _str(approval.get('target_approval'))
        g.components = {name: _status_lists(_dict(c).get('capabilities'))
                        for name, c in _dict(doc.get('components')).items()}
        g.platforms = {name: _component_refs(_dict(p).get('components'))
                       for name, p in _dict(doc.get('platforms')).items()}
        g.addons = {name: _component_refs(_dict(a).get('components'))
                    for name, a in _dict(doc.get('add-ons')).items()}
    else:
        g.id = _str(doc.get('id'))
        g.source = _str(doc.get('source'))
        g.status = _str(doc.get('status'))
        g.releases = _names(doc.get('releases'))
        g.replaces = _str(doc.get('replaces'))
        g.target_approval = _str(doc.get('target_approval'))
        g.components = {name: _status_lists(c)
                        for name, c in _dict(doc.get('components')).items()}
        g.platform_required = _names(_dict(doc.get('platform')).get('required'))
    if not isinstance(doc.get('capabilities'), dict):
        g.warnings.append('no capabilities object')
    g.capabilities = _parse_capabilities(doc.get('capabilities'), g.list_tests,
                                         g.warnings)
    return g

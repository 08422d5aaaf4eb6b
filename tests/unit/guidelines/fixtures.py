"""Small guideline documents and helpers shared by the guideline tests."""

import copy
import json
import os

from oslo_config import cfg
import testtools

from refstack.conf import api as api_conf
from refstack.conf import guidelines as guidelines_conf
from refstack import guidelines
from refstack.guidelines import catalogue

_HERE = os.path.dirname(os.path.abspath(__file__))
_SHARED_DIRS = [os.environ.get('REFSTACK_SHARED_DIR'),
                os.path.join(_HERE, '..', '..', 'data', 'shared'),
                os.path.join(_HERE, '..', '..', '..', '..', 'shared')]


def shared_path(rel):
    """First existing ``<shared dir>/<rel>``, or None (tests then skip)."""
    for base in _SHARED_DIRS:
        if base and os.path.exists(os.path.join(base, rel)):
            return os.path.abspath(os.path.join(base, rel))
    return None


TEMPEST_LIST = shared_path('data/tempest-47.0.0-tests.txt')
TEMPEST_RUN = shared_path('tools/tempest_run.py')
GUIDELINES_SOURCE = shared_path('guidelines')


def make_conf(**overrides):
    """A private ConfigOpts with [api] and [guidelines] registered."""
    conf = cfg.ConfigOpts()
    for module in (api_conf, guidelines_conf):
        # A fresh OptGroup: oslo keeps overrides on the group object.
        group = cfg.OptGroup(module.group.name)
        conf.register_group(group)
        conf.register_opts(module.opts, group=group)
    conf([], project='refstack-test', default_config_files=[])
    for key, value in overrides.items():
        group, name = key.split('__')
        conf.set_override(name, value, group=group)
    return conf


def write_tree(root, files):
    """Write ``{"add-ons/x.json": doc-or-bytes}`` below ``root``."""
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not isinstance(content, (bytes, str)):
            content = json.dumps(content)
        with open(path, 'wb') as f:
            f.write(content.encode() if isinstance(content, str) else content)


class GuidelineTestCase(testtools.TestCase):
    """Resets the per-process catalogue around every test."""

    def setUp(self):
        super().setUp()
        catalogue.reset()
        self.addCleanup(catalogue.reset)


# Schema 1.2: tests are a list, flags a capability-level list.
DOC_12 = {
    'id': '2015.99', 'schema': '1.2', 'status': 'approved', 'releases': ['juno'],
    'platform': {'required': ['compute', 'object'], 'advisory': [], 'deprecated': [],
                 'removed': []},
    'components': {
        'compute': {'required': ['cap-a', 'cap-b'], 'advisory': ['cap-adv'],
                    'deprecated': [], 'removed': ['cap-gone']},
        'object': {'required': ['cap-o'], 'advisory': [], 'deprecated': [], 'removed': []},
    },
    'capabilities': {
        'cap-a': {'tests': ['t.a1', 't.a2', 't.flag'], 'flagged': ['t.flag'],
                  'status': 'required', 'description': 'A', 'project': 'nova'},
        'cap-b': {'tests': ['t.b1', 't.a1'], 'flagged': []},
        'cap-adv': {'tests': ['t.adv'], 'flagged': []},
        'cap-o': {'tests': ['o.1'], 'flagged': []},
        'cap-gone': {'tests': ['t.gone'], 'flagged': []},
    },
}

# api-contract 7, assertion 67: schema 1.4, platform = compute + object.
DOC_14_ASSERT67 = {
    'id': '2016.03', 'schema': '1.4', 'status': 'approved',
    'platform': {'required': ['compute', 'object']},
    'components': {
        'compute': {'required': ['cap-1'], 'advisory': [], 'deprecated': [], 'removed': []},
        'object': {'required': ['cap-2'], 'advisory': [], 'deprecated': [], 'removed': []},
    },
    'capabilities': {
        'cap-1': {'tests': {
            'test_3': {'idempotent_id': 'id-1111',
                       'flagged': {'reason': 'D401', 'action': 'x', 'date': '2016-01-01'}},
            'test_1': {'idempotent_id': 'id-1234'}}},
        'cap-2': {'tests': {
            'test_4': {'idempotent_id': 'id-1233'},
            'test_2': {'idempotent_id': 'id-5678', 'aliases': ['test_2_1']}}},
    },
}

# api-contract 2.2.3 example: ?type=required,advisory&flag=false&alias=false
# gives "adv.a[id-5]\no.a[id-4]\nt.a[id-2]\nt.b[id-1]".
DOC_14_EXAMPLE = {
    'id': '2016.04', 'schema': '1.4', 'status': 'approved',
    'platform': {'required': ['compute', 'object']},
    'components': {
        'compute': {'required': ['t'], 'advisory': ['adv'], 'deprecated': ['dep'],
                    'removed': []},
        'object': {'required': ['o'], 'advisory': [], 'deprecated': [], 'removed': []},
    },
    'capabilities': {
        't': {'tests': {'t.b': {'idempotent_id': 'id-1'},
                        't.a': {'idempotent_id': 'id-2'},
                        't.c': {'idempotent_id': 'id-3', 'flagged': {'reason': 'r'}}}},
        'adv': {'tests': {'adv.a': {'idempotent_id': 'id-5'}}},
        'o': {'tests': {'o.a': {'idempotent_id': 'id-4', 'aliases': ['o.a.old']}}},
        'dep': {'tests': {'dep.a': {'idempotent_id': 'id-6'}}},
    },
}

U1 = '11111111-1111-4111-8111-111111111111'
U2 = '22222222-2222-4222-8222-222222222222'
U3 = '33333333-3333-4333-8333-333333333333'
U4 = '44444444-4444-4444-8444-444444444444'
U5 = '55555555-5555-4555-8555-555555555555'

# Schema 2.0 core: a capability in both components with different statuses,
# a component naming an undefined capability, ``flag`` (the documented
# spelling) next to ``flagged`` (the published one), typos.
DOC_20 = {
    'metadata': {
        'id': '2030.01', 'schema': '2.0',
        'os_trademark_approval': {'target_approval': '2030.01', 'replaces': '2029.06',
                                  'releases': ['zed'], 'status': 'approved'},
    },
    'platforms': {
        'OpenStack Powered Platform': {'components': [{'name': 'os_powered_compute'},
                                                      {'name': 'os_powered_storage'}]},
        'OpenStack Powered Compute': {'components': [{'name': 'os_powered_compute'}]},
        'OpenStack Powered Storage': {'components': [{'name': 'os_powered_storage'}]},
    },
    'components': {
        'os_powered_compute': {'capabilities': {
            'required': ['compute-servers', 'identity-tokens', 'volumes-missing'],
            'advisory': ['compute-adv'], 'deprecated': [], 'removed': []}},
        'os_powered_storage': {'capabilities': {
            'required': ['object-put'], 'advisory': ['identity-tokens'],
            'deprecated': ['compute-adv'], 'removed': []}},
    },
    'capabilities': {
        'compute-servers': {
            'acheivements': ['stable'], 'descriptin': 'Servers', 'project': 'nova',
            'required_since': '2029.06',
            'tests': {
                'c.servers.test_create': {'idempotent_id': 'id-' + U1,
                                          'aliases': ['c.servers.new.test_create']},
                'c.servers.test_flagged': {'idempotent_id': 'id-' + U2,
                                           'flag': {'reason': '[D401]', 'action': 'a',
                                                    'date': '2030-01-01'}},
                'c.servers.test_list': {'idempotent_id': 'id-' + U3},
            }},
        'identity-tokens': {'required-since': '2029.06', 'tests': {
            'i.test_token': {'idempotent_id': 'id-' + U4}}},
        'compute-adv': {'tests': {'c.adv.test': {'idempotent_id': 'id-' + U5}}},
        'object-put': {'tests': {
            'o.test_put': {'idempotent_id': ''},
            'o.test_flagged': {'flagged': {'reason': 'D406'}}}},
    },
}

DOC_ADDON = {
    'metadata': {'id': 'dns.2030.01', 'schema': '2.0',
                 'os_trademark_approval': {'target_approval': '2030.01',
                                           'status': 'approved'}},
    'add-ons': {'DNS': {'components': [{'name': 'os_powered_dns'}],
                        'required_platform_components': [
                            {'name': 'os_powered_compute',
                             'source': 'http://example.org/2030.01.json'}]}},
    'components': {'os_powered_dns': {'capabilities': {
        'required': ['dns-zones'], 'advisory': [], 'deprecated': [], 'removed': []}}},
    'capabilities': {'dns-zones': {'tests': {
        'd.test_zone': {'idempotent_id': 'aaaaaaaa-0000-4000-8000-000000000001'}}}},
}


def doc(name):
    return copy.deepcopy(globals()[name])


def served_id(name, conf):
    """``metadata.id`` of the document G2 serves for ``name``."""
    return json.loads(guidelines.get(name, conf))['metadata']['id']

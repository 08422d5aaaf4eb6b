"""Every shipped guideline file parses into the normalised model."""

import json
import os

import testtools

from refstack.guidelines import catalogue
from refstack.guidelines import errors
from refstack.guidelines import model
from tests.unit.guidelines import fixtures

# guidelines.md 5: file -> (schema, status, caps, tests, flagged, with aliases)
TABLE = {
    '2015.03.json': ('1.2', 'superseded', 15, 127, 9, 0),
    '2015.04.json': ('1.2', 'superseded', 15, 127, 51, 0),
    '2015.05.json': ('1.2', 'superseded', 16, 128, 33, 0),
    '2015.07.json': ('1.5', 'superseded', 46, 129, 31, 4),
    '2016.01.json': ('1.5', 'superseded', 74, 306, 51, 33),
    '2016.08.json': ('1.6', 'superseded', 78, 306, 49, 92),
    '2017.01.json': ('1.6', 'superseded', 98, 380, 51, 153),
    '2017.09.json': ('1.6', 'superseded', 88, 347, 45, 158),
    '2018.02.json': ('2.0', 'superseded', 91, 350, 20, 157),
    '2018.11.json': ('2.0', 'approved', 93, 350, 19, 156),
    '2019.06.json': ('2.0', 'approved', 93, 350, 19, 156),
    '2019.11.json': ('2.0', 'approved', 79, 289, 11, 95),
    '2020.06.json': ('2.0', 'approved', 79, 289, 11, 95),
    'next.json': ('2.0', 'draft', 79, 289, 11, 95),
    'add-ons/dns.2018.02.json': ('2.0', 'superseded', 2, 10, 0, 0),
    'add-ons/dns.2018.11.json': ('2.0', 'approved', 2, 10, 0, 0),
    'add-ons/dns.2019.06.json': ('2.0', 'approved', 2, 10, 0, 0),
    'add-ons/dns.2019.11.json': ('2.0', 'approved', 2, 10, 0, 0),
    'add-ons/dns.2020.06.json': ('2.0', 'approved', 2, 10, 0, 0),
    'add-ons/dns.next.json': ('2.0', 'draft', 2, 10, 0, 0),
    'add-ons/orchestration.2018.02.json': ('2.0', 'superseded', 23, 60, 0, 0),
    'add-ons/orchestration.2018.11.json': ('2.0', 'approved', 23, 60, 0, 0),
    'add-ons/orchestration.2019.06.json': ('2.0', 'approved', 23, 60, 0, 0),
    'add-ons/orchestration.2019.11.json': ('2.0', 'approved', 23, 60, 0, 0),
    'add-ons/orchestration.2020.06.json': ('2.0', 'approved', 23, 60, 0, 0),
    'add-ons/orchestration.next.json': ('2.0', 'draft', 18, 24, 0, 0),
    'verticals/nfv.next.json': ('2.0', 'draft', 6, 34, 0, 0),
}


def _load(rel):
    path = os.path.join(catalogue.BUNDLED_DIR, rel)
    return catalogue.read_guideline(path, os.path.basename(rel), 10 ** 8)


class TestShippedFiles(testtools.TestCase):

    def test_every_file_is_shipped(self):
        found = set()
        for subdir, name, _path in catalogue.scan(catalogue.BUNDLED_DIR):
            found.add('%s/%s' % (subdir, name) if subdir else name)
        self.assertEqual(set(TABLE), found)

    def test_bundled_copies_are_unchanged(self):
        source = fixtures.GUIDELINES_SOURCE
        if not source:
            self.skipTest('shared guideline directory not available')
        for rel in TABLE:
            with open(os.path.join(source, rel), 'rb') as a, \
                    open(os.path.join(catalogue.BUNDLED_DIR, rel), 'rb') as b:
                self.assertEqual(a.read(), b.read(), rel)

    def test_table_of_guidelines_md_5(self):
        for rel, (schema, status, caps, tests, flagged, aliased) in TABLE.items():
            g = _load(rel)
            all_tests = [t for c in g.capabilities.values() for t in c.tests]
            self.assertEqual(schema, g.schema, rel)
            self.assertEqual(status, g.status, rel)
            self.assertEqual(caps, len(g.capabilities), rel)
            self.assertEqual(tests, len(all_tests), rel)
            self.assertEqual(flagged, sum(t.flagged for t in all_tests), rel)
            self.assertEqual(aliased, sum(bool(t.aliases) for t in all_tests), rel)
            self.assertEqual([], g.warnings, rel)
            self.assertTrue(g.supported, rel)
            # Both flag notions agree on every published file.
            self.assertEqual([bool(t.flag) for t in all_tests],
                             [t.flagged for t in all_tests], rel)

    def test_every_file_has_its_targets(self):
        for rel in TABLE:
            g = _load(rel)
            if rel.startswith('add-ons/'):
                expected = [rel.split('/')[1].split('.')[0]]
            elif rel.startswith('verticals/'):
                expected = ['nfv_platform']
            else:
                expected = ['compute', 'object', 'platform']
            self.assertTrue(set(expected) <= set(g.targets()), rel)

    def test_id_and_schema_detection(self):
        g = _load('2015.03.json')
        self.assertEqual(('2015.03', False, True), (g.id, g.v2, g.list_tests))
        g = _load('2020.06.json')
        self.assertEqual(('2020.06', True, False), (g.id, g.v2, g.list_tests))
        self.assertEqual(['stein', 'train', 'ussuri', 'victoria'], list(g.releases))
        self.assertEqual('2019.11', g.replaces)
        # Quirk: the orchestration 2018.02 file carries id orchestration.next.
        g = _load('add-ons/orchestration.2018.02.json')
        self.assertEqual('orchestration.next', g.id)
        self.assertEqual('orchestration.2018.02.json', g.file)


class TestQuirks(testtools.TestCase):

    def test_typos_are_read(self):
        g = _load('2020.06.json')
        raw = json.loads(g.text)['capabilities']
        typo_ach = [c for c in g.capabilities.values() if c.achievements and
                    'acheivements' in raw[c.name]]
        self.assertEqual(2, len(typo_ach))
        typo_desc = [c for c in g.capabilities.values() if 'descriptin' in raw[c.name]]
        self.assertEqual(1, len(typo_desc))
        self.assertTrue(typo_desc[0].description)

    def test_mixed_required_since(self):
        g = _load('2018.02.json')
        raw = json.loads(g.text)['capabilities']
        hyphen = [n for n in raw if 'required-since' in raw[n]]
        underscore = [n for n in raw if 'required_since' in raw[n]]
        self.assertEqual((75, 15), (len(hyphen), len(underscore)))
        for name in hyphen + underscore:
            self.assertIsNotNone(g.capabilities[name].required_since)

    def test_ids(self):
        core = _load('2020.06.json')
        test = core.capabilities['compute-list-api-versions'].tests[0]
        self.assertEqual('id-6c0a0990-43b6-4529-9b61-5fd8daf7c55c', test.idempotent_id)
        self.assertEqual('6c0a0990-43b6-4529-9b61-5fd8daf7c55c', test.uuid)
        addon = _load('add-ons/dns.2020.06.json')
        test = next(iter(addon.capabilities.values())).tests[0]
        self.assertEqual(test.idempotent_id, test.uuid)
        empty = [t for c in _load('2017.01.json').capabilities.values() for t in c.tests
                 if t.idempotent_id == '']
        self.assertEqual(1, len(empty))
        self.assertIsNone(empty[0].uuid)

    def test_components_naming_missing_capabilities(self):
        g = _load('2018.02.json')
        named = {c for lists in g.components.values() for names in lists.values()
                 for c in names}
        missing = named - set(g.capabilities)
        self.assertIn('volumes-v2-attach-detach', missing)
        self.assertIn('volumes-v3-attach-detach', missing)

    def test_schema_12_flags(self):
        g = model.parse(fixtures.doc('DOC_12'), '2015.99.json')
        tests = {t.name: t for t in g.capabilities['cap-a'].tests}
        self.assertTrue(tests['t.flag'].flagged)
        self.assertFalse(tests['t.a1'].flagged)
        self.assertIsNone(tests['t.a1'].idempotent_id)

    def test_flag_spelling_of_the_2_0_docs(self):
        g = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        tests = {t.name: t for t in g.capabilities['compute-servers'].tests}
        self.assertTrue(tests['c.servers.test_flagged'].flagged)
        self.assertEqual('[D401]', tests['c.servers.test_flagged'].flag_details['reason'])
        self.assertEqual(['stable'], list(g.capabilities['compute-servers'].achievements))
        self.assertEqual('Servers', g.capabilities['compute-servers'].description)
        self.assertEqual('2029.06', g.capabilities['identity-tokens'].required_since)


class TestTargets(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.g20 = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        self.g12 = model.parse(fixtures.doc('DOC_12'), '2015.99.json')
        self.addon = model.parse(fixtures.doc('DOC_ADDON'), 'dns.2030.01.json')

    def test_v2_targets(self):
        self.assertEqual(['os_powered_compute', 'os_powered_storage'],
                         self.g20.components_for('platform'))
        self.assertEqual(['os_powered_storage'], self.g20.components_for('object'))
        self.assertEqual(['os_powered_dns'], self.addon.components_for('dns'))
        self.assertRaises(errors.InvalidTarget, self.addon.components_for, 'platform')
        self.assertRaises(errors.InvalidTarget, self.g20.components_for, 'dns')

    def test_v1_targets(self):
        self.assertEqual(['compute', 'object'], self.g12.components_for('platform'))
        self.assertEqual(['object'], self.g12.components_for('object'))
        self.assertRaises(errors.InvalidTarget, self.g12.components_for, 'storage')

    def test_garbage_targets(self):
        for target in (None, '', 'x' * 200, '../x', 'Platform', 5, ['platform'], 'é'):
            self.assertRaises(errors.InvalidTarget, self.g20.components_for, target)
            self.assertRaises(errors.InvalidTarget, self.g12.components_for, target)

    def test_missing_component_is_invalid(self):
        doc = fixtures.doc('DOC_20')
        del doc['components']['os_powered_storage']
        g = model.parse(doc, 'x.json')
        self.assertRaises(errors.InvalidTarget, g.components_for, 'platform')
        self.assertEqual(['os_powered_compute'], g.components_for('compute'))

    def test_sourced_component_from_another_file_is_skipped(self):
        g = _load('verticals/nfv.next.json')
        self.assertEqual(['os_powered_nfv_platform'], g.components_for('nfv_platform'))

    def test_status_precedence(self):
        status = self.g20.capability_status('platform')
        self.assertEqual('required', status['identity-tokens'])
        self.assertEqual('advisory', status['compute-adv'])
        self.assertEqual('deprecated', self.g20.capability_status('object')['compute-adv'])


class TestRobustness(testtools.TestCase):

    def test_not_an_object(self):
        for value in ([], 'x', 1, None):
            self.assertRaises(errors.InvalidGuideline, model.parse, value)

    def test_malformed_parts_are_skipped(self):
        doc = {'schema': '1.5', 'platform': 'x', 'components': {'compute': []},
               'capabilities': {'a': 5, 'b': {'tests': {'t': 'x', 'u': {
                   'idempotent_id': 7, 'aliases': 'nope'}}},
                   'c': {'tests': ['list.test']}}}
        g = model.parse(doc)
        self.assertEqual(['t', 'u'], [t.name for t in g.capabilities['b'].tests])
        self.assertEqual('7', g.capabilities['b'].tests[1].idempotent_id)
        self.assertEqual((), g.capabilities['b'].tests[1].aliases)
        self.assertEqual(['list.test'], [t.name for t in g.capabilities['c'].tests])
        self.assertTrue(g.warnings)
        self.assertRaises(errors.InvalidTarget, g.components_for, 'platform')
        self.assertEqual(['compute'], g.targets())
        self.assertEqual(set(), g.selected_capabilities('compute'))

    def test_schema_detection(self):
        self.assertEqual(('2.0', True), model.detect_schema(
            {'metadata': {'schema': '2.0'}, 'schema': '1.2'}))
        self.assertEqual(('1.6', False), model.detect_schema(
            {'metadata': {'schema': '1.9'}, 'schema': '1.6'}))
        self.assertEqual(('1.5', False), model.detect_schema({'schema': 1.5}))
        self.assertEqual((None, False), model.detect_schema({'metadata': 'x'}))
        self.assertFalse(model.parse({'schema': '3.0'}).supported)
        self.assertFalse(model.parse({'schema': 'x'}).supported)
        self.assertTrue(model.parse({'schema': '1.3'}).supported)

    def test_documents_round_trip(self):
        # The parsed document is the file content, untouched.
        path = os.path.join(catalogue.BUNDLED_DIR, '2016.01.json')
        with open(path) as f:
            raw = json.load(f)
        self.assertEqual(raw, json.loads(_load('2016.01.json').text))

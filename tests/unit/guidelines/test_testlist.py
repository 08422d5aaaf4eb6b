"""G3 test lists: golden counts (guidelines.md 4) and api-contract 2.2.3 / 7."""

import os

import refstack.guidelines as guidelines
from refstack.guidelines import catalogue
from refstack.guidelines import errors
from refstack.guidelines import model
from refstack.guidelines import testlist
from tests.unit.guidelines import fixtures


def _bundled(name):
    return catalogue.read_guideline(os.path.join(catalogue.BUNDLED_DIR, name), name, 10 ** 8)


class TestGoldenCounts(fixtures.GuidelineTestCase):

    def setUp(self):
        super().setUp()
        self.conf = fixtures.make_conf()

    def _lines(self, name, **kw):
        text = guidelines.test_list(name, conf=self.conf, **kw)
        return text.split('\n') if text else []

    def test_2020_06_platform_required(self):
        req = ('required',)
        lines = self._lines('2020.06', types=req, alias=True, flag=False)
        self.assertEqual(377, len(lines))
        self.assertEqual(375, len(set(lines)))
        self.assertEqual(275, len(self._lines('2020.06', types=req, alias=False, flag=False)))
        self.assertEqual(390, len(self._lines('2020.06', types=req, alias=True, flag=True)))

    def test_format_and_order(self):
        text = guidelines.test_list('2020.06.json', 'platform', ('required',), conf=self.conf)
        lines = text.split('\n')
        self.assertFalse(text.endswith('\n'))
        self.assertEqual(sorted(lines), lines)
        self.assertIn('tempest.api.compute.test_versions.TestVersions.test_list_api_versions'
                      '[id-6c0a0990-43b6-4529-9b61-5fd8daf7c55c]', lines)
        for line in lines:
            self.assertRegex(line, r'^[\w.]+\[id-[0-9a-f-]{36}\]$')

    def test_add_on_ids_are_bare(self):
        lines = self._lines('dns.2020.06', target='dns', types=('required',))
        self.assertEqual(10, len(lines))
        for line in lines:
            self.assertRegex(line, r'^designate_tempest_plugin\.[\w.]+\[[0-9a-f-]{36}\]$')

    def test_schema_12_bare_names(self):
        lines = self._lines('2015.03', types=('required',))
        self.assertEqual(127, len(lines))
        self.assertNotIn('[', ''.join(lines))
        self.assertEqual(118, len(self._lines('2015.03', types=('required',), flag=False)))

    def test_add_on_needs_its_target(self):
        # The original answered "Invalid target: platform" for add-on files.
        e = self.assertRaises(errors.InvalidTarget, guidelines.test_list,
                              'dns.2020.06', conf=self.conf)
        self.assertEqual('Invalid target: platform', e.message)
        self.assertEqual(400, e.code)

    def test_unknown_guideline(self):
        e = self.assertRaises(errors.GuidelineNotFound, guidelines.test_list,
                              '2099.01', conf=self.conf)
        self.assertEqual(404, e.code)

    def test_every_shipped_file_and_target_renders(self):
        cat = guidelines.get_catalogue(self.conf)
        for entry in cat:
            for target in entry.targets:
                for flag in (True, False):
                    text = testlist.render(entry.guideline, target, None, True, flag)
                    self.assertIsInstance(text, str)

    def test_unknown_types_match_nothing(self):
        self.assertEqual('', guidelines.test_list('2020.06', types=('bogus',),
                                                  conf=self.conf))
        # 2020.06 has no advisory capability at all.
        self.assertEqual('', guidelines.test_list('2020.06', types=('advisory',),
                                                  conf=self.conf))


class TestContractExamples(fixtures.GuidelineTestCase):

    def test_assertion_67(self):
        g = model.parse(fixtures.doc('DOC_14_ASSERT67'), '2016.03.json')
        self.assertEqual('test_1[id-1234]\ntest_2[id-5678]\ntest_2_1[id-5678]\n'
                         'test_3[id-1111]\ntest_4[id-1233]', testlist.render(g))

    def test_contract_1_4_example(self):
        g = model.parse(fixtures.doc('DOC_14_EXAMPLE'), '2016.04.json')
        self.assertEqual('adv.a[id-5]\no.a[id-4]\nt.a[id-2]\nt.b[id-1]',
                         testlist.render(g, 'platform', ('required', 'advisory'),
                                         alias=False, flag=False))

    def test_alias_sorts_before_its_test(self):
        doc = {'schema': '1.6', 'platform': {'required': ['compute']},
               'components': {'compute': {'required': ['c']}},
               'capabilities': {'c': {'tests': {'c.f': {'idempotent_id': 'id-9',
                                                        'aliases': ['c.f.alias']}}}}}
        g = model.parse(doc)
        self.assertEqual('c.f.alias[id-9]\nc.f[id-9]', testlist.render(g))

    def test_empty_id_gives_empty_brackets(self):
        doc = {'schema': '1.6', 'platform': {'required': ['compute']},
               'components': {'compute': {'required': ['c']}},
               'capabilities': {'c': {'tests': {'a': {'idempotent_id': ''}, 'b': {}}}}}
        self.assertEqual('a[]\nb[]', testlist.render(model.parse(doc)))

    def test_duplicates_are_kept(self):
        g = model.parse(fixtures.doc('DOC_12'), '2015.99.json')
        lines = testlist.render(g, types=('required',)).split('\n')
        self.assertEqual(['o.1', 't.a1', 't.a1', 't.a2', 't.b1', 't.flag'], lines)
        lines = testlist.render(g, types=('required',), flag=False).split('\n')
        self.assertEqual(['o.1', 't.a1', 't.a1', 't.a2', 't.b1'], lines)

    def test_union_without_precedence(self):
        # identity-tokens is required in compute and advisory in storage: the
        # test list lists it for type=advisory too, as the original did.
        g = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        self.assertIn('i.test_token[id-%s]' % fixtures.U4,
                      testlist.render(g, 'platform', ('advisory',)))
        self.assertEqual(0, testlist.render(g, 'compute', ('advisory',)).count('i.test'))

    def test_code_point_order(self):
        doc = {'schema': '1.6', 'platform': {'required': ['compute']},
               'components': {'compute': {'required': ['c']}},
               'capabilities': {'c': {'tests': {'b': {}, 'B': {}, 'a_': {}, 'a.': {},
                                                'é': {}}}}}
        self.assertEqual('B[]\na.[]\na_[]\nb[]\né[]', testlist.render(model.parse(doc)))


class TestParameters(fixtures.GuidelineTestCase):

    def test_parse_bool(self):
        for value in ('true', 'TRUE', 'Yes', '1', ['0', 'true']):
            self.assertTrue(testlist.parse_bool(value, default=False), value)
        for value in ('false', '0', 'no', 'on', 'x', ['true', 'no']):
            self.assertFalse(testlist.parse_bool(value, default=True), value)
        self.assertTrue(testlist.parse_bool(None))
        self.assertTrue(testlist.parse_bool(''))
        self.assertFalse(testlist.parse_bool('', default=False))
        self.assertTrue(testlist.parse_bool([]))

    def test_parse_types(self):
        self.assertIsNone(testlist.parse_types(None))
        self.assertIsNone(testlist.parse_types(''))
        self.assertEqual(('required', 'advisory'), testlist.parse_types('required, advisory,'))
        self.assertEqual(('removed',), testlist.parse_types(['required', 'removed']))

"""Catalogue: sources, G1 listing, G2 name resolution, defaults, caching."""

import json
import os
import threading
import time

import fixtures as fx

import refstack.guidelines as guidelines
from refstack.guidelines import catalogue
from refstack.guidelines import errors
from tests.unit.guidelines import fixtures


class TestListing(fixtures.GuidelineTestCase):

    def test_bundled_listing(self):
        listing = guidelines.listing(fixtures.make_conf())
        self.assertEqual(['dns', 'orchestration', 'powered'], list(listing))
        self.assertEqual({'name': '2015.03.json', 'file': '2015.03.json'},
                         listing['powered'][0])
        self.assertEqual({'name': 'next.json', 'file': 'next.json'}, listing['powered'][-1])
        self.assertEqual(14, len(listing['powered']))
        self.assertEqual([{'name': '2018.02.json', 'file': 'dns.2018.02.json'},
                          {'name': '2018.11.json', 'file': 'dns.2018.11.json'},
                          {'name': '2019.06.json', 'file': 'dns.2019.06.json'},
                          {'name': '2019.11.json', 'file': 'dns.2019.11.json'},
                          {'name': '2020.06.json', 'file': 'dns.2020.06.json'},
                          {'name': 'next.json', 'file': 'dns.next.json'}], listing['dns'])
        self.assertEqual(6, len(listing['orchestration']))
        # The draft NFV vertical is served (G2/G3) but never was listed.
        self.assertNotIn('nfv', listing)

    def test_assertions_64_65(self):
        # Root files (including 2015.next.json) are "powered", directories
        # are skipped, add-on files group by their prefix.
        root = self.useFixture(fx.TempDir()).path
        core = fixtures.doc('DOC_14_ASSERT67')
        fixtures.write_tree(root, {
            '2015.03.json': core, '2015.next.json': core, 'next.json': core,
            'add-ons/test.2018.02.json': fixtures.doc('DOC_ADDON'),
            'add-ons/test.next.json': fixtures.doc('DOC_ADDON'),
            'README.md': 'x', 'add-ons/criteria.txt': 'x'})
        os.makedirs(os.path.join(root, '2016.01.json'))
        conf = fixtures.make_conf(guidelines__include_bundled=False,
                                  guidelines__local_dir=root)
        self.assertEqual({
            'powered': [{'name': '2015.03.json', 'file': '2015.03.json'},
                        {'name': '2015.next.json', 'file': '2015.next.json'},
                        {'name': 'next.json', 'file': 'next.json'}],
            'test': [{'name': '2018.02.json', 'file': 'test.2018.02.json'},
                     {'name': 'next.json', 'file': 'test.next.json'}],
        }, guidelines.listing(conf))

    def test_groups_never_split(self):
        # D21: groupby over an unsorted list lost entries; we sort first.
        root = self.useFixture(fx.TempDir()).path
        addon = fixtures.doc('DOC_ADDON')
        names = ['b.2019.01.json', 'a.2019.01.json', 'b.next.json', 'a.next.json',
                 'b.2018.01.json']
        fixtures.write_tree(root, {'add-ons/' + n: addon for n in names})
        entries = [catalogue.Entry(n, 'add-ons', 'x', None,
                                   catalogue.parse_bytes(json.dumps(addon).encode(), n))
                   for n in names]
        listing = catalogue.Catalogue(entries).listing()
        self.assertEqual(['a', 'b', 'powered'], list(listing))
        self.assertEqual(['b.2018.01.json', 'b.2019.01.json', 'b.next.json'],
                         [e['file'] for e in listing['b']])
        self.assertEqual([], listing['powered'])

    def test_empty_catalogue(self):
        conf = fixtures.make_conf(guidelines__include_bundled=False)
        self.assertEqual({'powered': []}, guidelines.listing(conf))
        self.assertRaises(errors.GuidelineNotFound, guidelines.get, '2020.06', conf)


class TestGet(fixtures.GuidelineTestCase):

    def setUp(self):
        super().setUp()
        self.conf = fixtures.make_conf()

    def test_assertion_66_unchanged(self):
        path = os.path.join(catalogue.BUNDLED_DIR, '2015.03.json')
        with open(path) as f:
            raw = json.load(f)
        self.assertEqual(raw, json.loads(guidelines.get('2015.03.json', self.conf)))
        self.assertEqual(raw, json.loads(guidelines.get('2015.03', self.conf)))

    def test_names(self):
        cases = {
            '2020.06': '2020.06', 'next': 'next', 'next.json': 'next',
            'dns.2019.11': 'dns.2019.11', 'dns.2019.11.json': 'dns.2019.11',
            'orchestration.2018.02': 'orchestration.next',   # the file's own id
            'nfv.next': 'nfv.next',
        }
        for name, file_id in cases.items():
            doc = json.loads(guidelines.get(name, self.conf))
            meta = doc.get('metadata', doc)
            self.assertEqual(file_id, meta['id'], name)

    def test_bad_names(self):
        for name in ('2099.01', 'dns.2017.01', 'nope', '', '.json', '2020.06.json.json',
                     '../2020.06', 'add-ons/dns.2020.06', '2020.6', 'DNS.2020.06',
                     'dns..2020.06', '2020.06 ', 'x' * 1000, 'é.next', None, 5,
                     ['2020.06'], 'README', 'SOURCE.txt', '%2e%2e'):
            e = self.assertRaises(errors.GuidelineNotFound, guidelines.get, name, self.conf)
            self.assertEqual(404, e.code)
            self.assertLessEqual(len(e.message), 140)

    def test_split_name(self):
        self.assertEqual(('dns.next.json', 'dns', 'next'), catalogue.split_name('dns.next'))
        self.assertEqual(('2015.next.json', '2015', 'next'),
                         catalogue.split_name('2015.next.json'))
        self.assertIsNone(catalogue.split_name('a/b.next'))


class TestSources(fixtures.GuidelineTestCase):

    def test_local_dir_overrides_bundled(self):
        root = self.useFixture(fx.TempDir()).path
        doc = fixtures.doc('DOC_20')
        doc['metadata']['id'] = 'local copy'
        fixtures.write_tree(root, {'2020.06.json': doc, '2031.01.json': doc})
        conf = fixtures.make_conf(guidelines__local_dir=root)
        self.assertEqual('local copy', fixtures.served_id('2020.06', conf))
        self.assertEqual('local copy', fixtures.served_id('2031.01', conf))
        self.assertEqual('2019.11', fixtures.served_id('2019.11', conf))
        entry = guidelines.get_catalogue(conf).find('2020.06')
        self.assertEqual('local', entry.origin)

    def test_order_bundled_synced_local(self):
        synced = self.useFixture(fx.TempDir()).path
        local = self.useFixture(fx.TempDir()).path
        a, b = fixtures.doc('DOC_20'), fixtures.doc('DOC_20')
        a['metadata']['id'], b['metadata']['id'] = 'synced', 'local'
        fixtures.write_tree(synced, {'2020.06.json': a, '2019.11.json': a})
        fixtures.write_tree(local, {'2020.06.json': b})
        conf = fixtures.make_conf(guidelines__sync_dir=synced, guidelines__local_dir=local)
        self.assertEqual('local', fixtures.served_id('2020.06', conf))
        self.assertEqual('synced', fixtures.served_id('2019.11', conf))

    def test_broken_file_keeps_the_previous_layer(self):
        root = self.useFixture(fx.TempDir()).path
        fixtures.write_tree(root, {'2020.06.json': b'{not json', '2019.11.json': b'[1, 2]',
                                   '2019.06.json': b'\xff\xfe', '2018.11.json': '[' * 100000,
                                   '2031.01.json': b'{"truncated": '})
        conf = fixtures.make_conf(guidelines__local_dir=root)
        self.assertEqual('2020.06', fixtures.served_id('2020.06', conf))
        self.assertEqual('2019.11', fixtures.served_id('2019.11', conf))
        self.assertEqual('2019.06', fixtures.served_id('2019.06', conf))
        self.assertEqual('2018.11', fixtures.served_id('2018.11', conf))
        self.assertRaises(errors.GuidelineNotFound, guidelines.get, '2031.01', conf)

    def test_oversized_file_is_skipped(self):
        root = self.useFixture(fx.TempDir()).path
        doc = fixtures.doc('DOC_20')
        doc['padding'] = 'x' * 5000
        fixtures.write_tree(root, {'2031.01.json': doc})
        conf = fixtures.make_conf(guidelines__local_dir=root,
                                  guidelines__max_file_size=2048)
        self.assertRaises(errors.GuidelineNotFound, guidelines.get, '2031.01', conf)

    def test_missing_directories_are_fine(self):
        conf = fixtures.make_conf(guidelines__local_dir='/nonexistent/dir',
                                  guidelines__sync_dir='/nonexistent/other')
        self.assertEqual(27, len(guidelines.get_catalogue(conf)))

    def test_parsed_once_per_process(self):
        conf = fixtures.make_conf()
        first = guidelines.get_catalogue(conf)
        self.assertIs(first, guidelines.get_catalogue(conf))
        self.assertIs(first.find('2020.06').guideline,
                      guidelines.get_catalogue(conf).find('2020.06.json').guideline)

    def test_concurrent_first_use_parses_once(self):
        conf = fixtures.make_conf()
        seen = []
        threads = [threading.Thread(target=lambda: seen.append(
            guidelines.get_catalogue(conf))) for _i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(8, len(seen))
        self.assertEqual(1, len({id(c) for c in seen}))

    def test_reload_after_change(self):
        root = self.useFixture(fx.TempDir()).path
        conf = fixtures.make_conf(guidelines__local_dir=root,
                                  guidelines__reload_interval=1)
        self.assertRaises(errors.GuidelineNotFound, guidelines.get, '2031.01', conf)
        fixtures.write_tree(root, {'2031.01.json': fixtures.doc('DOC_20')})
        # Not re-checked before the interval has passed...
        self.assertRaises(errors.GuidelineNotFound, guidelines.get, '2031.01', conf)
        before = guidelines.get_catalogue(conf)
        time.sleep(1.05)
        self.assertEqual('2030.01', fixtures.served_id('2031.01', conf))
        after = guidelines.get_catalogue(conf)
        self.assertIsNot(before, after)
        # ...and an unchanged directory is not re-parsed.
        time.sleep(1.05)
        self.assertIs(after, guidelines.get_catalogue(conf))

    def test_settings_without_registered_group(self):
        from oslo_config import cfg
        values = catalogue.settings(cfg.ConfigOpts())
        self.assertEqual(catalogue.DEFAULTS, values)


class TestDefaults(fixtures.GuidelineTestCase):

    def setUp(self):
        super().setUp()
        self.conf = fixtures.make_conf()

    def test_default_guideline(self):
        self.assertEqual('2020.06.json', guidelines.default_guideline('platform', self.conf))
        self.assertEqual('2020.06.json', guidelines.default_guideline('compute', self.conf))
        self.assertEqual('dns.2020.06.json', guidelines.default_guideline('dns', self.conf))
        self.assertEqual('orchestration.2020.06.json',
                         guidelines.default_guideline('orchestration', self.conf))
        self.assertEqual('nfv.next.json',
                         guidelines.default_guideline('nfv_platform', self.conf))
        self.assertRaises(errors.InvalidTarget, guidelines.default_guideline, 'bogus',
                          self.conf)

    def test_default_matches_the_ui_choice(self):
        # ui.md 2.3: reverse-sorted names, index 1.
        for group, entries in guidelines.listing(self.conf).items():
            target = 'platform' if group == 'powered' else group
            names = sorted((e['name'] for e in entries), reverse=True)
            chosen = guidelines.default_guideline(target, self.conf)
            self.assertTrue(chosen.endswith(names[1]), (chosen, names[1]))

    def test_select(self):
        def sel(meta=None, guideline=None, target=None):
            g, t, origin = guidelines.select(meta, guideline, target, self.conf)
            return g.file, t, origin['guideline'], origin['target']

        self.assertEqual(('2020.06.json', 'platform', 'default', 'default'), sel())
        self.assertEqual(('2019.11.json', 'compute', 'meta', 'meta'),
                         sel({'guideline': '2019.11.json', 'target': 'compute'}))
        # Raw POST bodies: quotes and blanks are tolerated.
        self.assertEqual(('2019.11.json', 'object', 'meta', 'meta'),
                         sel({'guideline': ' "2019.11.json"\n', 'target': '"object"'}))
        # An add-on target maps the stored core version onto the add-on.
        self.assertEqual(('dns.2019.11.json', 'dns', 'meta', 'meta'),
                         sel({'guideline': '2019.11.json', 'target': 'dns'}))
        # Explicit arguments win over meta.
        self.assertEqual(('2018.11.json', 'object', 'query', 'query'),
                         sel({'guideline': '2019.11.json', 'target': 'compute'},
                             '2018.11', 'object'))
        self.assertEqual(('orchestration.2020.06.json', 'orchestration', 'default', 'query'),
                         sel(target='orchestration'))
        self.assertEqual(('dns.2019.06.json', 'dns', 'query', 'default'),
                         sel(guideline='dns.2019.06'))

    def test_select_ignores_bad_meta(self):
        def sel(meta):
            g, t, origin = guidelines.select(meta, conf=self.conf)
            return g.file, t, origin['guideline'], origin['target']

        self.assertEqual(('2020.06.json', 'platform', 'default', 'default'),
                         sel({'guideline': 'garbage', 'target': 'nonsense'}))
        self.assertEqual(('2019.11.json', 'platform', 'meta', 'default'),
                         sel({'guideline': '2019.11.json', 'target': 'nonsense'}))
        self.assertEqual(('dns.2020.06.json', 'dns', 'default', 'meta'),
                         sel({'guideline': '2015.03.json', 'target': 'dns'}))
        self.assertEqual(('2020.06.json', 'platform', 'default', 'default'),
                         sel({'guideline': '', 'target': ''}))

    def test_select_explicit_errors(self):
        self.assertRaises(errors.GuidelineNotFound, guidelines.select, None, '2099.01',
                          None, self.conf)
        self.assertRaises(errors.InvalidTarget, guidelines.select, None, '2015.03', 'dns',
                          self.conf)
        self.assertRaises(errors.InvalidTarget, guidelines.select, None, 'dns.2020.06',
                          'platform', self.conf)
        # The UI names add-on versions like core ones: 2020.06 + dns works.
        g, target, _origin = guidelines.select(None, '2020.06', 'dns', self.conf)
        self.assertEqual(('dns.2020.06.json', 'dns'), (g.file, target))
        self.assertRaises(errors.InvalidTarget, guidelines.select, None, None, 'bogus',
                          self.conf)

"""Server-side scoring agrees with the UI algorithm (ui.md 2.5.1)."""

import json
import os
import re
import statistics
import subprocess
import sys
import time
from xml.dom import minidom

import fixtures as fx

import refstack.guidelines as guidelines
from refstack.guidelines import badge
from refstack.guidelines import errors
from refstack.guidelines import model
from refstack.guidelines import scoring
from tests.unit.guidelines import fixtures

_ID_RE = re.compile(r'id-([0-9a-fA-F-]{36})')
_PLATFORMS = {'platform': 'OpenStack Powered Platform',
              'compute': 'OpenStack Powered Compute',
              'object': 'OpenStack Powered Storage'}
_ORDER = ['required', 'advisory', 'deprecated', 'removed']


def ui_reference(doc, target, passed_names):
    """ui.md 2.5.1 transliterated over the raw document, as the UI runs it."""
    meta = doc.get('metadata')
    if meta and meta.get('schema', '') >= '2.0':
        schema = meta['schema']
    else:
        schema = doc['schema']
    caps = {}

    def merge(lists):
        for status in _ORDER:
            for cap in lists.get(status, []):
                if cap not in caps or _ORDER.index(status) < _ORDER.index(caps[cap]):
                    caps[cap] = status

    if schema >= '2.0':
        if 'platforms' in doc and target in _PLATFORMS:
            names = [c['name'] for c in doc['platforms'][_PLATFORMS[target]]['components']]
        else:
            names = ['os_powered_' + target]
        for name in names:
            merge(doc['components'][name]['capabilities'])
    else:
        names = doc['platform']['required'] if target == 'platform' else [target]
        for name in names:
            merge(doc['components'][name])

    result = {s: {'count': 0, 'passedCount': 0, 'flagPassCount': 0, 'flagFailCount': 0,
                  'caps': {}} for s in _ORDER}
    for cap, status in caps.items():
        cap_doc = doc['capabilities'].get(cap)
        tests = []
        if cap_doc is not None and schema == '1.2':
            tests = [(t, t in passed_names, t in cap_doc['flagged']) for t in cap_doc['tests']]
        elif cap_doc is not None:
            tests = [(t, t in passed_names or
                      any(a in passed_names for a in d.get('aliases', [])), 'flagged' in d)
                     for t, d in cap_doc['tests'].items()]
        bucket = result[status]
        bucket['caps'][cap] = (sum(p for _t, p, _f in tests), len(tests))
        for _t, passed, flagged in tests:
            bucket['count'] += 1
            bucket['passedCount'] += passed
            bucket['flagPassCount'] += flagged and passed
            bucket['flagFailCount'] += flagged and not passed
    req = result['required']
    failed = req['count'] - req['passedCount']
    total_non_flag = req['count'] - req['flagPassCount'] - req['flagFailCount']
    non_flag_pass = total_non_flag - (failed - req['flagFailCount'])
    result['summary'] = {
        'requiredPassPercent': (req['passedCount'] * 100.0 / req['count']
                                if req['count'] else None),
        'totalNonFlagCount': total_non_flag,
        'nonFlagPassCount': non_flag_pass,
        'nonFlagRequiredPassPercent': (non_flag_pass * 100.0 / total_non_flag
                                       if total_non_flag else None),
        'compliant': non_flag_pass == total_non_flag,
    }
    return result


def assert_agrees(case, report, reference):
    for status in _ORDER:
        ours, ref = report['statuses'][status], reference[status]
        case.assertEqual(
            (ref['count'], ref['passedCount'], ref['flagPassCount'], ref['flagFailCount']),
            (ours['count'], ours['passed_count'], ours['flag_pass_count'],
             ours['flag_fail_count']), status)
        case.assertEqual(ref['caps'], {c['id']: (c['passed'], c['total'])
                                       for c in ours['capabilities']}, status)
    summary, req = reference['summary'], report['required']
    case.assertEqual(summary['requiredPassPercent'], req['pass_percent'])
    case.assertEqual(summary['totalNonFlagCount'], req['non_flag_count'])
    case.assertEqual(summary['nonFlagPassCount'], req['non_flag_passed'])
    case.assertEqual(summary['nonFlagRequiredPassPercent'], req['non_flag_pass_percent'])
    case.assertEqual(summary['compliant'], report['compliant'])
    case.assertEqual('YES' if summary['compliant'] else 'NO', report['compliance'])


def tempest_passed(lines):
    """Stored form of passed tests: (name without attributes, uuid)."""
    out = []
    for line in lines:
        match = _ID_RE.search(line)
        out.append((line.split('[', 1)[0], match.group(1) if match else None))
    return out


class TestFixtureScoring(fixtures.GuidelineTestCase):

    def test_schema_12(self):
        g = model.parse(fixtures.doc('DOC_12'), '2015.99.json')
        r = scoring.score(g, 'platform', ['t.a1', 't.a2', 't.b1'])
        self.assertEqual({'capabilities': 3, 'count': 6, 'passed': 4,
                          'pass_percent': 4 * 100.0 / 6, 'flagged': 1,
                          'flagged_passed': 0, 'flagged_failed': 1, 'non_flag_count': 5,
                          'non_flag_passed': 4, 'non_flag_pass_percent': 80.0},
                         r['required'])
        self.assertEqual(('NO', ['o.1']), (r['compliance'], r['missing_required']))
        self.assertEqual(['cap-a', 'cap-b', 'cap-o'],
                         [c['id'] for c in r['statuses']['required']['capabilities']])
        self.assertEqual(['cap-adv'],
                         [c['id'] for c in r['statuses']['advisory']['capabilities']])
        # A flagged failure never breaks compliance.
        r = scoring.score(g, 'platform', ['t.a1', 't.a2', 't.b1', 'o.1'])
        self.assertTrue(r['compliant'])
        self.assertEqual('YES', r['compliance'])
        self.assertEqual([], r['missing_required'])
        # Advisory and removed tests never count.
        r = scoring.score(g, 'compute', ['t.a1', 't.a2', 't.b1'])
        self.assertTrue(r['compliant'])

    def test_schema_20_aliases_flags_missing_capability(self):
        g = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        run = [('c.servers.new.test_create', fixtures.U1), ('i.test_token', None),
               ('o.test_put', None), ('c.adv.test', None)]
        r = scoring.score(g, 'platform', run)
        req = r['required']
        self.assertEqual((4, 6, 3, 50.0), (req['capabilities'], req['count'], req['passed'],
                                           req['pass_percent']))
        self.assertEqual((2, 0, 2), (req['flagged'], req['flagged_passed'],
                                     req['flagged_failed']))
        self.assertEqual((4, 3, 75.0), (req['non_flag_count'], req['non_flag_passed'],
                                        req['non_flag_pass_percent']))
        self.assertFalse(r['compliant'])
        self.assertEqual(['c.servers.test_list'], r['missing_required'])
        caps = {c['id']: c for c in r['statuses']['required']['capabilities']}
        self.assertFalse(caps['volumes-missing']['defined'])
        self.assertEqual(0, caps['volumes-missing']['total'])
        create = caps['compute-servers']['tests'][0]
        self.assertEqual(('alias', 'c.servers.new.test_create', True),
                         (create['matched_by'], create['matched_name'], create['passed']))
        flagged = [t for t in caps['compute-servers']['tests'] if t['flagged']][0]
        self.assertEqual('[D401]', flagged['flag']['reason'])
        # Passed tests first, then the others, each in guideline order.
        self.assertEqual(['c.servers.test_create', 'c.servers.test_flagged',
                          'c.servers.test_list'],
                         [t['name'] for t in caps['compute-servers']['tests']])
        self.assertEqual(['o.test_put', 'o.test_flagged'],
                         [t['name'] for t in caps['object-put']['tests']])
        self.assertEqual(1, r['statuses']['advisory']['passed_count'])
        self.assertEqual(['compute-adv'],
                         [c['id'] for c in r['statuses']['advisory']['capabilities']])
        json.dumps(r)
        # The UI only knows the published spelling ``flagged``; with it the
        # document scores the same there.
        doc = fixtures.doc('DOC_20')
        test = doc['capabilities']['compute-servers']['tests']['c.servers.test_flagged']
        test['flagged'] = test.pop('flag')
        assert_agrees(self, r, ui_reference(doc, 'platform', {n for n, _u in run}))

    def test_id_matches_are_reported_separately(self):
        g = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        run = [('c.servers.test_create', None), ('renamed.test_list', fixtures.U3.upper()),
               ('i.test_token', None), ('o.test_put', None)]
        r = scoring.score(g, 'platform', run)
        self.assertFalse(r['compliant'])
        self.assertEqual(['c.servers.test_list'], r['missing_required'])
        self.assertEqual(1, r['statuses']['required']['id_match_count'])
        loose = r['with_id_matches']
        self.assertEqual((True, 'YES', [], 4), (loose['compliant'], loose['compliance'],
                                                loose['missing_required'], loose['passed']))
        self.assertEqual(100.0, loose['non_flag_pass_percent'])
        test = [t for c in r['statuses']['required']['capabilities'] for t in c['tests']
                if t['name'] == 'c.servers.test_list'][0]
        self.assertEqual((False, 'id', 'renamed.test_list'),
                         (test['passed'], test['matched_by'], test['matched_name']))

    def test_passed_input_forms(self):
        g = model.parse(fixtures.doc('DOC_12'), '2015.99.json')
        forms = [['t.a1', 'o.1'], [('t.a1', None), ('o.1', 'x')],
                 [{'name': 't.a1'}, {'name': 'o.1', 'uuid': None}],
                 [None, 5, (None,), {'uuid': 'x'}, ('t.a1',), ['o.1', None, 'extra']],
                 (('t.a1', None), ('o.1', ['not', 'a', 'uuid'])),
                 [{'name': 't.a1', 'uuid': {}}, ('o.1', 7)]]
        for passed in forms:
            self.assertEqual(3, scoring.score(g, 'platform', passed)['required']['passed'])

    def test_no_required_tests(self):
        r = guidelines.report('dns.next', 'dns', [], fixtures.make_conf())
        self.assertEqual((0, None, None), (r['required']['count'],
                                           r['required']['pass_percent'],
                                           r['required']['non_flag_pass_percent']))
        self.assertTrue(r['compliant'])   # as the UI: 0 of 0 is compliant
        self.assertEqual(10, r['statuses']['advisory']['count'])

    def test_errors(self):
        g = model.parse(fixtures.doc('DOC_20'), '2030.01.json')
        self.assertRaises(errors.InvalidTarget, scoring.score, g, 'dns', [])
        bad = model.parse({'schema': '3.1', 'capabilities': {}}, 'x.json')
        e = self.assertRaises(errors.UnsupportedSchema, scoring.score, bad, 'platform', [])
        self.assertEqual(400, e.code)

    def test_report_for_run(self):
        conf = fixtures.make_conf()
        r = guidelines.report_for_run([], {'guideline': '2019.11.json', 'target': 'object'},
                                      conf=conf)
        self.assertEqual(('2019.11.json', 'object', {'guideline': 'meta', 'target': 'meta'}),
                         (r['guideline'], r['target'], r['selection']))
        r = guidelines.report_for_run([], {}, conf=conf)
        self.assertEqual(('2020.06.json', 'platform'), (r['guideline'], r['target']))
        self.assertEqual(('approved', '2020.06'), (r['guideline_status'], r['guideline_id']))
        self.assertRaises(errors.GuidelineNotFound, guidelines.report_for_run, [], {},
                          '2099.01', conf=conf)


class TestGoldenFigures(fixtures.GuidelineTestCase):
    """guidelines.md 4: required capabilities / test slots / flagged."""

    CASES = [
        ('2015.03', 'platform', 10, 127, 9), ('2016.01', 'platform', 44, 124, 28),
        ('2017.09', 'platform', 68, 259, 29), ('2018.02', 'platform', 84, 337, 20),
        ('2018.11', 'platform', 75, 283, 11), ('2019.06', 'platform', 78, 286, 11),
        ('2019.11', 'platform', 78, 286, 11), ('2020.06', 'platform', 78, 286, 11),
        ('2020.06', 'compute', 60, 228, 11), ('2020.06', 'object', 20, 60, 0),
        ('dns.2018.02', 'dns', 2, 10, 0), ('dns.2020.06', 'dns', 2, 10, 0),
        ('orchestration.2018.02', 'orchestration', 16, 39, 0),
        ('orchestration.2018.11', 'orchestration', 23, 60, 0),
        ('orchestration.2020.06', 'orchestration', 23, 60, 0),
    ]

    def test_required_figures(self):
        conf = fixtures.make_conf()
        for name, target, caps, slots, flagged in self.CASES:
            req = guidelines.report(name, target, [], conf)['required']
            self.assertEqual((caps, slots, flagged),
                             (req['capabilities'], req['count'], req['flagged']),
                             (name, target))
        r = guidelines.report('orchestration.2018.02', 'orchestration', [], conf)
        self.assertEqual(7, r['statuses']['advisory']['capability_count'])
        for name, target in (('dns.next', 'dns'), ('orchestration.next', 'orchestration')):
            r = guidelines.report(name, target, [], conf)
            self.assertEqual(0, r['required']['capabilities'])
            self.assertGreater(r['statuses']['advisory']['capability_count'], 0)


class TestTempestRuns(fixtures.GuidelineTestCase):

    def setUp(self):
        super().setUp()
        if not (fixtures.TEMPEST_LIST and fixtures.TEMPEST_RUN):
            self.skipTest('shared Tempest data not available (set REFSTACK_SHARED_DIR)')
        self.conf = fixtures.make_conf()
        with open(fixtures.TEMPEST_LIST) as f:
            self.all_tests = [line.strip() for line in f if line.strip()]

    def _runs(self, count, *args):
        out = self.useFixture(fx.TempDir()).path
        subprocess.run([sys.executable, fixtures.TEMPEST_RUN, '--format', 'json',
                        '--test-list', fixtures.TEMPEST_LIST,
                        '--runs', str(count), '--out-dir', out] + list(args), check=True)
        runs = []
        for name in sorted(os.listdir(out)):
            with open(os.path.join(out, name)) as f:
                body = json.load(f)
            runs.append([(r['name'], r.get('uuid')) for r in body['results']])
        return runs

    def test_whole_tempest_47_against_2020_06(self):
        # guidelines.md 4: of the 288 per-component required slots, 286 exist
        # by name and 287 by uuid.
        passed = tempest_passed(self.all_tests)
        by_name = by_id = 0
        for target in ('compute', 'object'):
            req = guidelines.report('2020.06', target, passed, self.conf)
            by_name += req['required']['passed']
            by_id += req['with_id_matches']['passed']
        self.assertEqual((286, 287), (by_name, by_id))
        r = guidelines.report('2020.06', 'platform', passed, self.conf)
        self.assertTrue(r['compliant'])   # the two missing tests are flagged
        self.assertEqual(1, r['statuses']['required']['id_match_count'])

    def test_realistic_runs_agree_with_the_ui(self):
        runs = (self._runs(6, '--seed', '1') +
                self._runs(3, '--seed', '40', '--pass-ratio', '0.995', '--skip-ratio', '0') +
                self._runs(2, '--seed', '90', '--tests', '400'))
        docs = [(entry, json.loads(entry.guideline.text))
                for entry in guidelines.get_catalogue(self.conf)]
        checked = 0
        verdicts = set()
        for run in runs:
            names = {n for n, _u in run}
            for entry, doc in docs:
                for target in sorted(entry.targets):
                    if target == 'storage' or (target not in _PLATFORMS and
                                               entry.subdir == ''):
                        continue   # targets the UI cannot express
                    report = scoring.score(entry.guideline, target, run)
                    assert_agrees(self, report, ui_reference(doc, target, names))
                    verdicts.add(report['compliant'])
                    checked += 1
        self.assertGreater(checked, 400)
        self.assertEqual({True, False}, verdicts)

    def test_report_is_fast(self):
        passed = tempest_passed(self.all_tests)
        self.assertEqual(1575, len(passed))
        guidelines.report_for_run(passed, {}, conf=self.conf)   # warm the cache
        timings = []
        for _i in range(30):
            start = time.perf_counter()
            guidelines.report_for_run(passed, {'guideline': '2020.06.json'}, conf=self.conf)
            timings.append(time.perf_counter() - start)
        median_ms = statistics.median(timings) * 1000
        print('report for a 1,575-test run against 2020.06: %.2f ms (median of 30)'
              % median_ms)
        self.assertLess(median_ms, 10.0)


class TestBadge(fixtures.GuidelineTestCase):

    def test_badges(self):
        conf = fixtures.make_conf()
        g = guidelines.get_guideline('2020.06', conf)
        passing = dict(guidelines.report('2020.06', 'platform', [], conf), compliant=True)
        svg = badge.render(passing, g)
        minidom.parseString(svg)
        self.assertIn('OpenStack Powered Platform 2020.06: passing', svg)
        failing = guidelines.report('2020.06', 'platform', [], conf)
        self.assertIn('failing', badge.render(failing, g))
        dns = guidelines.get_guideline('dns.2020.06', conf)
        svg = badge.render(guidelines.report('dns.2020.06', 'dns', [], conf), dns)
        self.assertIn('OpenStack Powered DNS 2020.06: failing', svg)
        minidom.parseString(svg)

    def test_badge_for_run(self):
        conf = fixtures.make_conf()
        svg = guidelines.badge_for_run([], {'target': 'orchestration'}, conf=conf)
        self.assertIn('OpenStack Powered Orchestration 2020.06: failing', svg)
        passed = [t.name for c in guidelines.get_guideline('dns.2019.11', conf)
                  .capabilities.values() for t in c.tests]
        svg = guidelines.badge_for_run(passed, {}, 'dns.2019.11', conf=conf)
        self.assertIn('OpenStack Powered DNS 2019.11: passing', svg)
        self.assertIn(badge.PASSING, svg)

"""GET /v1/results/{id}/report and /badge: server-side scoring of stored runs."""

import json
import os
import subprocess
import sys
import zlib

import fixtures

from refstack import guidelines
from refstack.guidelines import catalogue
from tests import base

TEMPEST_RUN = os.path.join(os.path.dirname(__file__), '..', 'data', 'shared', 'tools',
                           'tempest_run.py')
OWNER = 'https://openstackid.org/owner'


class RunTestCase(base.ApiTestCase):
    """One public run of a realistic Tempest result."""

    def setUp(self):
        super().setUp()
        body = subprocess.run([sys.executable, TEMPEST_RUN, '--format', 'json', '--seed', '5'],
                              capture_output=True, check=True).stdout
        self.passed = {r['name'] for r in json.loads(body)['results']}
        self.test_id = self.app.post('/v1/results', body, status=201).json['test_id']
        self.path = '/v1/results/%s' % self.test_id

    def private_run(self):
        """A run signed with OWNER's key (private until shared)."""
        self.create_user(OWNER)
        key = self.register_key(OWNER)
        raw = json.dumps({'cpid': 'p', 'duration_seconds': 1,
                          'results': [{'name': 'tempest.x'}]}).encode()
        return self.app.post('/v1/results', raw, headers={
            'X-Signature': key.sign(raw), 'X-Public-Key': key.openssh}).json['test_id']


class TestReport(RunTestCase):

    def test_report_for_guideline_and_target(self):
        report = self.get_json(self.path + '/report', guideline='2020.06.json',
                               target='platform')
        self.assertEqual('2020.06.json', report['guideline'])
        self.assertEqual('platform', report['target'])
        self.assertIn(report['compliance'], ('YES', 'NO'))
        required = report['required']
        self.assertEqual(286, required['count'])
        # Every missing test really was not passed by the run.
        self.assertTrue(set(report['missing_required']).isdisjoint(self.passed))
        self.assertLessEqual(required['passed'], required['count'])
        self.assertEqual(report['compliance'] == 'YES', not report['missing_required'])

    def test_defaults_from_meta_then_newest(self):
        report = self.get_json(self.path + '/report')
        self.assertEqual('platform', report['target'])
        self.assertIn('selection', report)

    def test_errors(self):
        resp = self.get_json(self.path + '/report', guideline='1999.01', status=404)
        self.assertEqual(404, resp['code'])
        self.get_json(self.path + '/report', target='nonsense', status=400)
        self.get_json('/v1/results/nope/report', status=404)

    def test_private_run_report_hidden(self):
        test_id = self.private_run()
        self.get_json('/v1/results/%s/report' % test_id, status=404)
        self.get_json('/v1/results/%s/report' % test_id, headers=self.session_headers(OWNER))
        self.app.get('/v1/results/%s/badge' % test_id, status=404)

    def test_badge(self):
        resp = self.app.get(self.path + '/badge', params={'guideline': '2020.06.json'})
        self.assertEqual('image/svg+xml', resp.content_type)
        self.assertIn(b'<svg', resp.body)
        self.assertIn('public', resp.headers['Cache-Control'])

    def test_badge_svg_suffix(self):
        resp = self.app.get(self.path + '/badge.svg')
        self.assertEqual('image/svg+xml', resp.content_type)


class TestReportCache(RunTestCase):
    """Rendered reports are reused, never across callers who may not see them."""

    def computations(self):
        return self.useFixture(fixtures.MockPatchObject(
            guidelines, 'report_for_selection', wraps=guidelines.report_for_selection)).mock

    def test_second_view_is_served_from_the_cache(self):
        loads = self.computations()
        compress = self.useFixture(fixtures.MockPatch(
            'zlib.compress', wraps=zlib.compress)).mock
        # Kept as text after the first view, compressed by the second.
        bodies = []
        for compressed in (0, 1, 1):
            bodies.append(self.app.get(self.path + '/report',
                                       params={'guideline': '2020.06.json'}))
            self.assertEqual(compressed, compress.call_count)
        self.assertEqual(bodies[0].body, bodies[1].body)
        self.assertEqual(bodies[0].body, bodies[2].body)
        self.assertEqual('application/json', bodies[2].content_type)
        self.assertEqual(1, loads.call_count)
        # Another guideline, target or selection is another report.
        self.get_json(self.path + '/report', guideline='2019.11.json')
        self.get_json(self.path + '/report', guideline='2020.06.json', target='compute')
        self.get_json(self.path + '/report')
        self.assertEqual(4, loads.call_count)

    def test_visibility_is_checked_on_every_view(self):
        test_id = self.private_run()
        path = '/v1/results/%s/report' % test_id
        owner = self.session_headers(OWNER)
        self.get_json(path, headers=owner)
        self.get_json(path, status=404)
        self.app.post('/v1/results/%s/meta/shared' % test_id, 'true', headers=owner,
                      status=201)
        self.get_json(path)
        self.delete('/v1/results/%s/meta/shared' % test_id, headers=owner)
        self.get_json(path, status=404)

    def test_changed_guideline_files_are_not_served_stale(self):
        loads = self.computations()
        self.get_json(self.path + '/report', guideline='2020.06.json')
        catalogue.reset()  # as after a guidelines sync: new Guideline objects
        self.get_json(self.path + '/report', guideline='2020.06.json')
        self.assertEqual(2, loads.call_count)

    def test_cache_can_be_switched_off(self):
        self.config(report_cache_mb=0, group='api')
        loads = self.computations()
        for _ in range(2):
            self.get_json(self.path + '/report', guideline='2020.06.json')
        self.assertEqual(2, loads.call_count)

"""/v1/guidelines (G1-G3) through the real app (api-contract 2.2, D21)."""

import json
import os

from refstack.api.controllers import v1
from refstack.api.controllers.v1 import guidelines as controller
from refstack.conf import CONF
from refstack.conf import guidelines as guidelines_conf
from refstack.guidelines import catalogue
from tests import base


class GuidelinesApiTestCase(base.ApiTestCase):

    def setUp(self):
        super().setUp()
        catalogue.reset()
        self.addCleanup(catalogue.reset)

    def text(self, path, status=200, **params):
        resp = self.app.get(path, params=params or None, status=status)
        return resp


class TestMount(GuidelinesApiTestCase):

    def test_mounted_in_v1(self):
        self.assertIsInstance(v1.V1Controller.guidelines, controller.GuidelinesController)


class TestListing(GuidelinesApiTestCase):

    def test_listing(self):
        for path in ('/v1/guidelines', '/v1/guidelines/', '/v1/guidelines.json'):
            body = self.get_json(path)
            self.assertEqual(['dns', 'orchestration', 'powered'], sorted(body))
            self.assertIn({'name': '2020.06.json', 'file': '2020.06.json'}, body['powered'])
            self.assertIn({'name': '2019.11.json', 'file': 'dns.2019.11.json'}, body['dns'])

    def test_other_methods(self):
        self.app.post('/v1/guidelines', status=405)
        self.app.delete('/v1/guidelines/2020.06', status=405)


class TestGuideline(GuidelinesApiTestCase):

    def test_document_unchanged(self):
        with open(os.path.join(catalogue.BUNDLED_DIR, '2015.03.json')) as f:
            raw = json.load(f)
        self.assertEqual(raw, self.get_json('/v1/guidelines/2015.03.json'))
        self.assertEqual(raw, self.get_json('/v1/guidelines/2015.03'))

    def test_add_ons_and_verticals(self):
        for name in ('dns.2019.11', 'dns.2019.11.json', 'orchestration.next',
                     'nfv.next.json'):
            body = self.get_json('/v1/guidelines/' + name)
            self.assertEqual(name.replace('.json', ''), body['metadata']['id'])

    def test_unknown_names_are_404_json(self):
        for name in ('2099.01', 'nope', 'dns.1999.01.json', '..%2F..%2Fetc%2Fpasswd',
                     '%C3%A9t%C3%A9', 'x' * 3000, '2020.06/extra', 'get_all',
                     '__class__', '__class__/get_all', '_custom_actions', '2020.06%00'):
            resp = self.app.get('/v1/guidelines/' + name, status=404)
            self.assertEqual('application/json', resp.content_type)
            self.assertEqual(404, resp.json['code'])
        self.assertEqual({'title': 'Guideline 2099.01 not found', 'code': 404},
                         self.get_json('/v1/guidelines/2099.01', status=404))


class TestTestList(GuidelinesApiTestCase):

    def test_golden_counts(self):
        path = '/v1/guidelines/2020.06/tests'
        for params, count in (({'type': 'required', 'alias': 'true', 'flag': 'false'}, 377),
                              ({'type': 'required', 'alias': 'false', 'flag': 'false'}, 275),
                              ({'type': 'required'}, 390),
                              ({'type': 'required', 'alias': '', 'flag': 'YES'}, 390)):
            resp = self.text(path, **params)
            self.assertEqual('text/plain; charset=UTF-8', resp.headers['Content-Type'])
            lines = resp.text.split('\n')
            self.assertEqual(count, len(lines), params)
            self.assertEqual(sorted(lines), lines)
            self.assertFalse(resp.text.endswith('\n'))

    def test_same_as_the_json_suffixed_name(self):
        a = self.text('/v1/guidelines/2019.11/tests', target='compute').body
        b = self.text('/v1/guidelines/2019.11.json/tests', target='compute').body
        self.assertEqual(a, b)
        self.assertTrue(a)

    def test_add_on(self):
        resp = self.text('/v1/guidelines/dns.2020.06/tests', target='dns')
        self.assertEqual(10, len(resp.text.split('\n')))

    def test_empty_selection_is_empty_body(self):
        # Pecan turns every empty 200 into 204, the original's too.
        resp = self.text('/v1/guidelines/2020.06/tests', status=204, type='advisory')
        self.assertEqual(b'', resp.body)

    def test_repeated_parameters_take_the_last(self):
        a = self.app.get('/v1/guidelines/2020.06/tests?target=object&target=compute'
                         '&flag=true&flag=false').text
        b = self.text('/v1/guidelines/2020.06/tests', target='compute', flag='false').text
        self.assertEqual(b, a)

    def test_invalid_target_is_400(self):
        resp = self.text('/v1/guidelines/dns.2020.06/tests', status=400)
        self.assertEqual({'title': 'Invalid target: platform', 'code': 400}, resp.json)
        for target in ('bogus', '../x', 'x' * 500, '%00'):
            resp = self.text('/v1/guidelines/2020.06/tests', status=400, target=target)
            self.assertEqual(400, resp.json['code'])

    def test_unknown_guideline_is_404(self):
        for path in ('/v1/guidelines/2099.01/tests', '/v1/guidelines/tests',
                     '/v1/guidelines/a/b/tests', '/v1/guidelines/%C3%A9/tests'):
            resp = self.app.get(path, status=404)
            self.assertEqual(404, resp.json['code'])

    def test_legacy_errors(self):
        guidelines_conf.register_opts(CONF)   # no-op once refstack.conf does it
        self.config(legacy_test_list_errors=True, group='guidelines')
        resp = self.text('/v1/guidelines/2020.06/tests', target='bogus')
        self.assertEqual('Invalid target: bogus', resp.text)
        self.assertEqual('text/plain; charset=UTF-8', resp.headers['Content-Type'])
        resp = self.text('/v1/guidelines/2099.01/tests')
        self.assertEqual('Error getting JSON content for version: 2099.01', resp.text)

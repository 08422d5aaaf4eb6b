"""Native uploads (subunit v1/v2, gzip, JUnit XML) and the per-test outcome API."""

import gzip
import io
import json
import os
import subprocess
import sys

import subunit

from tests import base

TEMPEST_RUN = os.path.join(os.path.dirname(__file__), '..', 'data', 'shared', 'tools',
                           'tempest_run.py')
UUID1 = '0146f675-ffbd-4208-b3a4-60eb628dbc5e'


def v2_stream(tests):
    """tests: [(test_id, status, reason)]"""
    out = io.BytesIO()
    stream = subunit.StreamResultToBytes(out)
    for test_id, status, reason in tests:
        stream.status(test_id=test_id, test_status='inprogress')
        if reason:
            stream.status(test_id=test_id, file_name='reason' if status == 'skip'
                          else 'traceback', file_bytes=reason.encode(),
                          mime_type='text/plain;charset=utf8', eof=True)
        stream.status(test_id=test_id, test_status=status)
    return out.getvalue()


V1_STREAM = (b'test: tempest.passed.test\nsuccessful: tempest.passed.test\n'
             b'test: tempest.tagged_passed.test[gate,id-' + UUID1.encode() + b']\n'
             b'successful: tempest.tagged_passed.test[gate,id-' + UUID1.encode() + b']\n')

JUNIT = b'''<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="tempest" tests="3" failures="1" errors="0" skipped="1" time="12.5">
  <testcase classname="tempest.api.compute.T" name="test_a[id-%s,smoke]" time="1.5"/>
  <testcase classname="tempest.api.compute.T" name="test_b" time="0.5">
    <failure message="boom">Traceback: boom</failure>
  </testcase>
  <testcase classname="tempest.api.compute.T" name="test_c" time="0">
    <skipped message="not enabled">not enabled</skipped>
  </testcase>
</testsuite>''' % UUID1.encode()


class TestNativeUpload(base.ApiTestCase):
    owner = 'https://openstackid.org/ci'

    def post(self, body, content_type, status=201, key=None, **params):
        headers = {}
        if key is not None:
            headers = {'X-Signature': key.sign(body), 'X-Public-Key': key.openssh}
        query = '&'.join('%s=%s' % kv for kv in params.items())
        return self.app.post('/v1/results' + ('?' + query if query else ''), body,
                             content_type=content_type, headers=headers, status=status)

    def test_subunit_v2_keeps_every_outcome(self):
        stream = v2_stream([
            ('tempest.api.a.T.test_ok[id-%s,smoke]' % UUID1, 'success', None),
            ('tempest.api.a.T.test_bad', 'fail', 'Traceback: it broke'),
            ('tempest.api.a.T.test_skip', 'skip', 'Feature not enabled'),
        ])
        self.create_user(self.owner)
        key = self.register_key(self.owner)
        resp = self.post(stream, 'application/vnd.subunit', key=key, cpid='cloud-9',
                         duration_seconds=77).json
        test_id = resp['test_id']
        owner = self.session_headers(self.owner)
        detail = self.get_json('/v1/results/%s' % test_id, headers=owner)
        self.assertEqual(['tempest.api.a.T.test_ok'], detail['results'])
        self.assertEqual('cloud-9', detail['cpid'])
        self.assertEqual(77, detail['duration_seconds'])
        self.assertEqual({'passed': 1, 'failed': 1, 'skipped': 1, 'other': 0},
                         detail['counts'])
        failed = self.app.get('/v1/results/%s/tests?status=failed' % test_id,
                              headers=owner).json['tests']
        self.assertEqual([{'name': 'tempest.api.a.T.test_bad', 'uuid': None,
                           'status': 'failed', 'duration_ms': failed[0]['duration_ms'],
                           'detail': 'Traceback: it broke'}], failed)
        everything = self.app.get('/v1/results/%s/tests' % test_id,
                                  headers=owner).json['tests']
        self.assertEqual(3, len(everything))
        by_name = {t['name']: t for t in everything}
        self.assertEqual(UUID1, by_name['tempest.api.a.T.test_ok']['uuid'])
        # Shared: others see outcomes without details.
        self.app.post('/v1/results/%s/meta/shared' % test_id, 'true', headers=owner)
        public = self.app.get('/v1/results/%s/tests?status=skipped' % test_id).json['tests']
        self.assertEqual(1, len(public))
        self.assertNotIn('detail', public[0])
        self.app.get('/v1/results/%s/tests?status=bogus' % test_id, status=400)

    def test_subunit_v1_gzip_and_octet_stream(self):
        resp = self.post(gzip.compress(V1_STREAM), 'application/octet-stream', cpid='c1')
        detail = self.get_json('/v1/results/%s' % resp.json['test_id'])
        self.assertEqual(['tempest.passed.test', 'tempest.tagged_passed.test'],
                         detail['results'])

    def test_junit(self):
        resp = self.post(JUNIT, 'application/xml', cpid='c2')
        test_id = resp.json['test_id']
        detail = self.get_json('/v1/results/%s' % test_id)
        self.assertEqual(['tempest.api.compute.T.test_a'], detail['results'])
        self.assertEqual({'passed': 1, 'failed': 1, 'skipped': 1, 'other': 0},
                         detail['counts'])

    def test_same_run_in_two_formats_is_one_run(self):
        stream = v2_stream([('tempest.x.T.test_a', 'success', None)])
        first = self.post(stream, 'application/vnd.subunit', cpid='same').json
        again = self.post(stream, 'application/vnd.subunit', cpid='same', status=409).json
        self.assertEqual(first['test_id'], again['test_id'])
        # The legacy JSON body of the same (passed-only) run is the same content.
        body = json.dumps({'cpid': 'same', 'duration_seconds': 5,
                           'results': [{'name': 'tempest.x.T.test_a'}]})
        self.assertEqual(first['test_id'], self.app.post(
            '/v1/results', body, content_type='application/json', status=409).json['test_id'])

    def test_bad_native_inputs(self):
        for body, ctype in ((b'\xb3garbage', 'application/vnd.subunit'),
                            (b'not xml', 'application/xml'),
                            (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite>&a;</testsuite>',
                             'application/xml'),
                            (gzip.compress(b'junk')[:10], 'application/octet-stream'),
                            (b'', 'application/vnd.subunit')):
            resp = self.post(body, ctype, status=400).json
            self.assertEqual(400, resp['code'])
        stream = v2_stream([('tempest.x.T.test_a', 'fail', 'boom')])
        resp = self.post(stream, 'application/vnd.subunit', status=400).json
        self.assertEqual('Uploaded results must contain at least one passing test.',
                         resp['title'])
        ok = v2_stream([('tempest.x.T.test_a', 'success', None)])
        self.post(ok, 'application/vnd.subunit', duration_seconds='abc', status=400)
        self.post(ok, 'application/vnd.subunit', cpid='c' * 129, status=400)

    def test_realistic_full_run(self):
        stream = subprocess.run([sys.executable, TEMPEST_RUN, '--format', 'subunit',
                                 '--seed', '3'], capture_output=True, check=True).stdout
        expected = json.loads(subprocess.run(
            [sys.executable, TEMPEST_RUN, '--format', 'json', '--seed', '3'],
            capture_output=True, check=True).stdout)
        resp = self.post(stream, 'application/vnd.subunit', cpid=expected['cpid']).json
        detail = self.get_json('/v1/results/%s' % resp['test_id'])
        self.assertEqual(sorted(r['name'] for r in expected['results']), detail['results'])
        self.assertEqual(1575, sum(detail['counts'].values()))

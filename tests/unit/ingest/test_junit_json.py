"""JUnit XML and RefStack JSON inputs."""

import gzip
import json

import pytest

from refstack.common import exception
from refstack import ingest
from tests.unit.ingest import helpers

UUID = '0146f675-ffbd-4208-b3a4-60eb628dbc5e'
TESTS = [
    ('tempest.api.a.A.test_pass[id-%s,smoke]' % UUID, 'passed'),
    ('tempest.api.a.A.test_fail[id-11111111-0000-4000-8000-000000000001]', 'failed'),
    ('tempest.api.a.A.test_skip', 'skipped'),
    ('tempest.api.a.A.test_ux[gate]', 'uxsuccess'),
    ('tempest.scenario.S.test_s[id-11111111-0000-4000-8000-000000000003](ipv6)', 'passed'),
]


class TestJUnit:

    def test_subunit2junitxml_shape(self):
        run = ingest.parse_run(helpers.junit_xml(TESTS))
        assert run.source_format == ingest.JUNIT
        assert [(o.name, o.uuid, o.status) for o in run] == [
            ('tempest.api.a.A.test_pass', UUID, 'passed'),
            ('tempest.api.a.A.test_fail', '11111111-0000-4000-8000-000000000001', 'failed'),
            ('tempest.api.a.A.test_skip', None, 'skipped'),
            ('tempest.api.a.A.test_ux', None, 'uxsuccess'),
            ('tempest.scenario.S.test_s(ipv6)', '11111111-0000-4000-8000-000000000003',
             'passed')]
        details = {o.name: o.detail for o in run}
        assert details['tempest.api.a.A.test_fail'] == 'Traceback:\nBoom <&>'
        assert details['tempest.api.a.A.test_skip'] == 'Feature not enabled'
        assert {o.duration_ms for o in run} == {1250}
        assert run.duration_seconds == 12.5

    def test_same_hash_as_subunit(self):
        junit = ingest.parse_run(helpers.junit_xml(TESTS))
        v2 = ingest.parse_run(helpers.v2_stream(TESTS))
        assert ingest.content_hash(junit, 'c') == ingest.content_hash(v2, 'c')

    def test_testsuites_root_pytest_style(self):
        xml = b'''<?xml version="1.0" encoding="utf-8"?>
<testsuites time="3.5"><testsuite name="pytest" tests="3">
<properties><property name="a" value="b"/></properties>
<testcase classname="pkg.mod.C" name="test_a" time="0.5"><system-out>out</system-out></testcase>
<testcase classname="pkg.mod.C" name="test_b" time="0.1">
  <skipped type="pytest.xfail" message="known bug"/></testcase>
<testcase classname="pkg.mod.C" name="test_c"><error message="boom">Trace</error></testcase>
<testcase name="bare_name"/>
</testsuite></testsuites>'''
        run = ingest.parse_run(xml)
        assert [(o.name, o.status, o.detail) for o in run] == [
            ('pkg.mod.C.test_a', 'passed', None),
            ('pkg.mod.C.test_b', 'xfail', 'known bug'),
            ('pkg.mod.C.test_c', 'failed', 'boom\nTrace'),
            ('bare_name', 'passed', None)]
        assert run.duration_seconds == 3.5
        assert run.outcomes[2].duration_ms is None

    def test_suite_times_summed_without_root_time(self):
        xml = (b'<testsuites><testsuite time="1.5"><testcase name="a"/></testsuite>'
               b'<testsuite time="2"><testcase name="b"/></testsuite></testsuites>')
        assert ingest.parse_run(xml).duration_seconds == 3.5

    def test_namespaced_and_bom(self):
        xml = (b'\xef\xbb\xbf  <j:testsuite xmlns:j="urn:x"><j:testcase classname="a.B" '
               b'name="t"><j:failure>x</j:failure></j:testcase></j:testsuite>')
        run = ingest.parse_run(xml)
        assert [(o.name, o.status) for o in run] == [('a.B.t', 'failed')]

    def test_gzip(self):
        run = ingest.parse_run(gzip.compress(helpers.junit_xml(TESTS)))
        assert len(run) == len(TESTS)

    def test_detail_bounded(self):
        xml = ('<testsuite><testcase name="a"><failure>%s</failure></testcase>'
               '</testsuite>' % ('x' * 1000)).encode()
        run = ingest.parse_run(xml, max_detail=100)
        detail = run.outcomes[0].detail
        assert detail.startswith('x' * 60) and detail.endswith(' more bytes]')
        assert 95 <= len(detail) <= 100

    @pytest.mark.parametrize('xml, message', [
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
         b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
         b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
         b']><testsuite><testcase name="&lol3;"/></testsuite>', 'DTDForbidden'),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
         b'<testsuite><testcase name="&e;"/></testsuite>', 'DTDForbidden'),
        (b'<testsuite><testcase name="a">', 'no element found'),
        (b'<testsuite><testcase name="a"/></testsuite><junk/>', 'junk after'),
        (b'<html><testcase name="a"/></html>', 'unexpected root element <html>'),
        (b'<testsuite><testcase classname="a"/></testsuite>', 'without a name'),
        (b'<testsuite></testsuite>', 'no test results found'),
        (b'<testsuite><testcase name="\xff\xfe"/></testsuite>', 'not well-formed'),
        (b'<testsuite>' + b'<a>' * 100 + b'</a>' * 100 + b'</testsuite>', 'deeper than'),
        (('<testsuite><testcase name="%s"/></testsuite>' % ('x' * 600)).encode(),
         'longer than 512'),
    ])
    def test_malformed(self, xml, message):
        with pytest.raises(exception.ValidationError, match=message) as info:
            ingest.parse_run(xml)
        assert info.value.message.startswith(('Malformed JUnit XML', 'Test name'))

    def test_forced_junit_on_subunit(self):
        with pytest.raises(exception.ValidationError, match='Malformed JUnit XML'):
            ingest.parse_run(helpers.v2_stream(TESTS), fmt='junit')


class TestJson:

    BODY = {'cpid': 'abc', 'duration_seconds': 42, 'results': [
        {'name': 'tempest.api.a.A.test_pass', 'uuid': UUID},
        {'name': 'tempest.api.a.A.test_other'}]}

    def test_parse(self):
        run = ingest.parse_run(json.dumps(self.BODY).encode())
        assert run.source_format == ingest.JSON
        assert run.cpid == 'abc'
        assert run.duration_seconds == 42
        assert [(o.name, o.uuid, o.status) for o in run] == [
            ('tempest.api.a.A.test_pass', UUID, 'passed'),
            ('tempest.api.a.A.test_other', None, 'passed')]

    def test_round_trip_to_legacy_body(self):
        run = ingest.parse_run(json.dumps(self.BODY).encode())
        assert ingest.legacy_body_bytes(run, 'abc', 42) == json.dumps(self.BODY).encode()

    def test_same_hash_as_passed_only_subunit(self):
        tests = [('tempest.api.a.A.test_pass[id-%s]' % UUID, 'passed'),
                 ('tempest.api.a.A.test_other', 'passed')]
        run_json = ingest.parse_run(json.dumps(self.BODY).encode())
        run_v2 = ingest.parse_run(helpers.v2_stream(tests))
        assert ingest.content_hash(run_json, 'abc') == ingest.content_hash(run_v2, 'abc')

    def test_from_decoded_body_dedupes_and_allows_empty(self):
        extra = {'name': 'tempest.api.a.A.test_other', 'uuid': 'u'}
        body = dict(self.BODY, results=self.BODY['results'] + [extra])
        run = ingest.run_from_legacy_body(body)
        assert len(run) == 2 and run.duplicates == 1
        assert run.outcomes[1].uuid == 'u'
        assert len(ingest.run_from_legacy_body(dict(self.BODY, results=[]))) == 0

    def test_empty_results_rejected_by_parse_run(self):
        with pytest.raises(exception.ValidationError, match='at least one passing'):
            ingest.parse_run(json.dumps(dict(self.BODY, results=[])).encode())

    @pytest.mark.parametrize('body, message', [
        (b'{"cpid": ', 'Malformed RefStack JSON'),
        (b'[1, 2]', 'not an object'),
        (b'{"cpid": "a", "duration_seconds": 1}', '"results" must be a list'),
        (b'{"cpid": 1, "duration_seconds": 1, "results": []}', '"cpid" must be a string'),
        (b'{"cpid": "a", "duration_seconds": "1", "results": []}', 'must be an integer'),
        (b'{"cpid": "a", "duration_seconds": 1, "results": [{"name": "a"}, {"uuid": "b"}]}',
         r'results\[1\] has no string "name"'),
        (b'{"cpid": "a", "duration_seconds": 1, "results": [{"name": "a", "uuid": 5}]}',
         'not a string'),
        (b'{"results": [' + b'[' * 100000 + b']' * 100000 + b']}', 'Malformed RefStack JSON'),
        (b'{"cpid": "\xff"}', 'Malformed RefStack JSON'),
    ])
    def test_malformed(self, body, message):
        with pytest.raises(exception.ValidationError, match=message):
            ingest.parse_run(body)


@pytest.mark.parametrize('content_type, fmt', [
    ('application/vnd.subunit', 'subunit'),
    ('application/octet-stream', 'subunit'),
    ('Application/XML; charset=utf-8', 'junit'),
    ('text/xml', 'junit'),
    ('application/json', 'json'),
    ('text/plain', None),
    (None, None),
])
def test_format_for_content_type(content_type, fmt):
    assert ingest.format_for_content_type(content_type) == fmt

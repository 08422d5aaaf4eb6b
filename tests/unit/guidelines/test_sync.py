"""guidelines-sync against a local HTTP server (timeouts, failures, safety)."""

import gzip
import http.server
import json
import os
import socket
import threading
import time

import fixtures as fx

import refstack.guidelines as guidelines
from refstack.guidelines import sync
from tests.unit.guidelines import fixtures


class _Handler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):   # noqa: N802 (http.server naming)
        route = self.server.routes.get(self.path.split('?', 1)[0])
        self.server.hits.append(self.path)
        if route is None:
            self.send_error(404)
            return
        status, body, delay, drip, headers = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        try:
            if drip:
                for i in range(0, len(body), 16):
                    self.wfile.write(body[i:i + 16])
                    self.wfile.flush()
                    time.sleep(drip)
            else:
                self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class HTTPServerFixture(fx.Fixture):
    """A GitHub look-alike on 127.0.0.1: listings and raw files."""

    def _setUp(self):
        self.server = _Server(('127.0.0.1', 0), _Handler)
        self.server.routes = {}
        self.server.hits = []
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                  daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)

    def route(self, path, body, status=200, delay=0, drip=0, headers=None):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.server.routes[path] = (status, body, delay, drip, headers or {})

    @property
    def hits(self):
        return self.server.hits


def _entry(path, kind='file'):
    return {'type': kind, 'name': path.rsplit('/', 1)[-1], 'path': path}


class TestSync(fixtures.GuidelineTestCase):

    def setUp(self):
        super().setUp()
        self.http = self.useFixture(HTTPServerFixture())
        self.sync_dir = os.path.join(self.useFixture(fx.TempDir()).path, 'synced')
        self.lines = []
        self.core = fixtures.doc('DOC_20')
        self.addon = fixtures.doc('DOC_ADDON')
        self.http.route('/contents', [
            _entry('2030.01.json'), _entry('next.json'), _entry('README.rst'),
            _entry('add-ons', 'dir'), _entry('2016.01.json', 'dir')])
        self.http.route('/contents/add-ons', [
            _entry('add-ons/dns.2030.01.json'), _entry('add-ons/criteria.txt')])
        self.http.route('/raw/2030.01.json', self.core)
        self.http.route('/raw/next.json', self.core)
        self.http.route('/raw/add-ons/dns.2030.01.json', self.addon)

    def _conf(self, **kw):
        values = dict(api__github_api_capabilities_url=self.http.url + '/contents',
                      api__additional_capability_urls=self.http.url + '/contents/add-ons',
                      api__github_raw_base_url=self.http.url + '/raw/',
                      guidelines__sync_dir=self.sync_dir,
                      guidelines__fetch_timeout=0.5)
        values.update(kw)
        return fixtures.make_conf(**values)

    def _sync(self, conf=None):
        return sync.sync(conf or self._conf(), out=self.lines.append)

    def test_first_sync_adds_files(self):
        summary = self._sync()
        self.assertTrue(summary['ok'])
        self.assertEqual(['2030.01.json', 'add-ons/dns.2030.01.json', 'next.json'],
                         sorted(summary['added']))
        self.assertEqual([], summary['updated'] + summary['unchanged'] + summary['failed'])
        self.assertEqual([True, True], [s['ok'] for s in summary['sources']])
        with open(os.path.join(self.sync_dir, 'add-ons', 'dns.2030.01.json')) as f:
            self.assertEqual(self.addon, json.load(f))
        self.assertTrue(os.path.exists(os.path.join(self.sync_dir, sync.STATUS_FILE)))
        self.assertIn('Guidelines sync done: 3 added, 0 updated, 0 unchanged, 0 failed.',
                      self.lines)
        # The API serves them at once (the sync resets this process's cache).
        conf = self._conf()
        self.assertEqual('dns.2030.01', fixtures.served_id('dns.2030.01', conf))
        self.assertIn({'name': '2030.01.json', 'file': 'dns.2030.01.json'},
                      guidelines.listing(conf)['dns'])
        # Additional URLs are listed first, as the original did.
        self.assertEqual(['/contents/add-ons', '/contents'], self.http.hits[:2])

    def test_second_sync_reports_unchanged_then_updated(self):
        self._sync()
        summary = self._sync()
        self.assertEqual(3, len(summary['unchanged']))
        changed = fixtures.doc('DOC_20')
        changed['metadata']['os_trademark_approval']['status'] = 'superseded'
        self.http.route('/raw/2030.01.json', changed)
        summary = self._sync()
        self.assertEqual(['2030.01.json'], summary['updated'])
        self.assertIn('  2030.01.json: updated', self.lines)

    def test_failed_listing_keeps_everything(self):
        self._sync()
        self.http.route('/contents', {'message': 'API rate limit exceeded'}, status=403)
        self.http.route('/raw/2030.01.json', b'garbage')
        summary = self._sync()
        self.assertFalse(summary['ok'])
        self.assertEqual('HTTP 403', summary['sources'][1]['error'])
        self.assertEqual(['add-ons/dns.2030.01.json'], summary['unchanged'])
        self.assertEqual('2030.01', fixtures.served_id('2030.01', self._conf()))

    def test_invalid_file_keeps_last_good_copy(self):
        self._sync()
        for body in (b'{"broken": ', b'[1, 2, 3]', b'\xff\xfe', b'[' * 100000):
            self.http.route('/raw/2030.01.json', body)
            summary = self._sync()
            self.assertFalse(summary['ok'])
            self.assertEqual('2030.01.json', summary['failed'][0]['item'])
            with open(os.path.join(self.sync_dir, '2030.01.json')) as f:
                self.assertEqual(self.core, json.load(f))
        self.assertEqual('2030.01', fixtures.served_id('2030.01', self._conf()))

    def test_missing_file_and_server_errors(self):
        self.http.route('/raw/next.json', b'', status=500)
        del self.http.server.routes['/raw/2030.01.json']
        summary = self._sync()
        self.assertEqual({'next.json': 'HTTP 500', '2030.01.json': 'HTTP 404'},
                         {f['item']: f['error'] for f in summary['failed']})
        self.assertEqual(['add-ons/dns.2030.01.json'], summary['added'])

    def test_timeouts(self):
        self.http.route('/contents', [], delay=3)
        self.http.route('/raw/add-ons/dns.2030.01.json', self.addon, delay=3)
        start = time.monotonic()
        summary = self._sync()
        self.assertLess(time.monotonic() - start, 2.5)
        self.assertFalse(summary['ok'])
        self.assertIn('Timeout', summary['sources'][1]['error'])
        self.assertIn('Timeout', summary['failed'][-1]['error'])

    def test_slow_drip_body_hits_the_deadline(self):
        body = json.dumps(self.core).encode()
        self.assertGreater(len(body), 16 * 40)
        self.http.route('/raw/2030.01.json', body, drip=0.02)
        start = time.monotonic()
        summary = self._sync()
        self.assertLess(time.monotonic() - start, 1.5)
        self.assertEqual([{'item': '2030.01.json', 'error': 'timed out after 0.5 s'}],
                         summary['failed'])

    def test_gzip_encoded_body(self):
        body = gzip.compress(json.dumps(self.core).encode())
        self.http.route('/raw/2030.01.json', body, headers={'Content-Encoding': 'gzip'})
        summary = self._sync()
        self.assertTrue(summary['ok'])
        with open(os.path.join(self.sync_dir, '2030.01.json')) as f:
            self.assertEqual(self.core, json.load(f))

    def test_size_limit(self):
        big = fixtures.doc('DOC_20')
        big['padding'] = 'x' * 4000
        self.http.route('/raw/2030.01.json', big)
        summary = self._sync(self._conf(guidelines__max_file_size=2048))
        self.assertEqual([{'item': '2030.01.json', 'error': 'larger than 2048 bytes'}],
                         summary['failed'])

    def test_unreachable_server(self):
        sock = socket.socket()
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
        sock.close()
        base = 'http://127.0.0.1:%d' % port
        conf = self._conf(api__github_api_capabilities_url=base + '/contents',
                          api__additional_capability_urls='',
                          api__github_raw_base_url=base + '/raw/')
        summary = self._sync(conf)
        self.assertFalse(summary['ok'])
        self.assertIn('ConnectionError', summary['sources'][0]['error'])
        self.assertEqual([sync.STATUS_FILE], os.listdir(self.sync_dir))
        self.assertEqual(27, len(guidelines.get_catalogue(conf)))

    def test_unsafe_listing_entries(self):
        self.http.route('/contents', [
            _entry('../2030.01.json'), _entry('x/../../2031.01.json'),
            {'type': 'file', 'name': '2032.01.json', 'path': 'other/2033.01.json'},
            {'type': 'file', 'name': '../2034.01.json', 'path': '../2034.01.json'},
            {'type': 'file', 'name': 5}, 'junk', None, _entry('2030.01.json')])
        self.http.route('/contents/add-ons', {'not': 'a list'})
        summary = self._sync()
        self.assertEqual(['2030.01.json'], summary['added'])
        self.assertEqual(['2030.01.json', '2031.01.json', '2032.01.json'],
                         sorted(summary['skipped']))
        self.assertEqual('listing is not a JSON array', summary['sources'][0]['error'])
        self.assertEqual(['.last-sync.json', '2030.01.json'], sorted(os.listdir(self.sync_dir)))

    def test_nested_paths_keep_their_folder(self):
        self.http.route('/contents', [_entry('verticals/nfv.2030.01.json')])
        self.http.route('/contents/add-ons', [])
        self.http.route('/raw/verticals/nfv.2030.01.json', self.core)
        summary = self._sync()
        self.assertEqual(['verticals/nfv.2030.01.json'], summary['added'])

    def test_configuration_problems(self):
        summary = self._sync(self._conf(guidelines__sync_dir=None))
        self.assertFalse(summary['ok'])
        self.assertIn('sync_dir is not set', self.lines[-1])
        summary = self._sync(self._conf(api__github_api_capabilities_url='',
                                        api__additional_capability_urls=' , '))
        self.assertIn('No guideline listing URL', summary['failed'][0]['error'])
        summary = self._sync(self._conf(api__github_raw_base_url=''))
        self.assertIn('github_raw_base_url', summary['failed'][0]['error'])
        conf = self._conf(api__github_api_capabilities_url='file:///etc/passwd',
                          api__additional_capability_urls='')
        summary = self._sync(conf)
        self.assertEqual('unsupported URL scheme', summary['sources'][0]['error'])

    def test_listing_urls(self):
        conf = self._conf(api__github_api_capabilities_url='http://a/x',
                          api__additional_capability_urls='http://a/y, http://a/x,,')
        self.assertEqual(['http://a/y', 'http://a/x'], sync.listing_urls(conf))

"""tools/deploy run against this machine (``--connection=local``).

The playbook installs Apache and the app, on loopback ports with a
throw-away self-signed certificate and a throw-away MariaDB database, twice
(the second run must change nothing); the site is then checked over HTTP:
the https redirect, the UI and its cache headers, the API end to end with a
signed upload, the API's own host name, the request size limit, two API
daemon groups serving one signed-in session interchangeably, and
tools/bench/load_test.py against the site (its numbers, Apache's and the
daemons' peak memory included, are printed: run pytest with -s). Everything the
run created is removed afterwards and Apache is stopped; the Debian packages
stay installed.

Runs only with REFSTACK_DEPLOY_TESTS=1 (tools/test.sh sets it under CI=true),
as root on Debian/Ubuntu.
"""

import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
import ipaddress
import pymysql
import testtools
import urllib3

from refstack.auth import sessions
from refstack.common import keys
from refstack.conf import CONF
from refstack.db import api as db_api
from tests import base
from tests.unit.db import legacy_source

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DEPLOY = os.path.join(ROOT, 'tools', 'deploy')
ANSIBLE_VENV = os.path.join(ROOT, '.venv-deploy')
HOST = 'refstack.test'
API_HOST = 'api.refstack.test'
# Sized like the role's default for a 2 GB VM (3 processes x 8 threads), in
# two groups so that a session must work across them.
DAEMONS = [{'name': 'refstack-api-a', 'processes': 2, 'threads': 8},
           {'name': 'refstack-api-b', 'processes': 1, 'threads': 8}]
GROUPS = {daemon['name'] for daemon in DAEMONS}
BODY_LIMIT = 1024 * 1024
# The whole module (install, two runs, checks, clean-up) must stay well
# under ten minutes; each step has its own bound.
FIRST_RUN_TIMEOUT = 360
SECOND_RUN_TIMEOUT = 150
LOAD_TIMEOUT = 180
LOAD_REQUESTS = 400
LOAD_CLIENTS = 8
LOAD_UPLOAD_BURST = 120   # with the mix's ~90, within the default 300 per key and hour


def enabled():
    return os.environ.get('REFSTACK_DEPLOY_TESTS') == '1'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def run(cmd, timeout, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)


def self_signed(directory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName(HOST), x509.DNSName(API_HOST),
                x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, 'cert.pem')
    key_path = os.path.join(directory, 'key.pem')
    with open(cert_path, 'wb') as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, 'wb') as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.TraditionalOpenSSL,
                                  serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    return cert_path, key_path


def snapshot_source(directory):
    """The working tree as one git commit (pbr installs what git tracks)."""
    src = os.path.join(directory, 'src')
    os.makedirs(src)
    files = run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                60, cwd=ROOT)
    if files.returncode:
        raise RuntimeError('git ls-files failed: %s' % files.stderr)
    copy = subprocess.run(['rsync', '-a', '--from0', '--files-from=-', './', src + '/'],
                          input=files.stdout, text=True, cwd=ROOT, capture_output=True,
                          timeout=120)
    if copy.returncode:
        raise RuntimeError('rsync failed: %s' % copy.stderr)
    dist = os.path.join(ROOT, 'refstack-ui', 'dist')
    if not os.path.isfile(os.path.join(dist, 'index.html')):
        raise RuntimeError('no UI bundle in refstack-ui/dist: run tools/install.sh first')
    shutil.copytree(dist, os.path.join(src, 'refstack-ui', 'dist'), dirs_exist_ok=True)
    for cmd in (['git', 'init', '-q'], ['git', 'add', '-A', '-f', '.'],
                ['git', '-c', 'user.name=deploy-test', '-c', 'user.email=deploy@test',
                 'commit', '-q', '-m', 'snapshot']):
        result = run(cmd, 120, cwd=src)
        if result.returncode:
            raise RuntimeError('%s failed: %s' % (' '.join(cmd), result.stderr))
    return src


class ApacheState:
    """What the deployment changes in /etc/apache2, to put back afterwards."""

    SITES = ('000-default', 'default-ssl')

    def __init__(self):
        self.ports = None
        if os.path.exists('/etc/apache2/ports.conf'):
            with open('/etc/apache2/ports.conf') as f:
                self.ports = f.read()
        self.sites = [s for s in self.SITES
                      if os.path.exists('/etc/apache2/sites-enabled/%s.conf' % s)]
        self.debian_wsgi = os.path.exists('/etc/apache2/mods-enabled/wsgi.load')

    def restore(self):
        stop_apache()
        for cmd in (['a2dissite', '-q', 'refstack'], ['a2dismod', '-q', '-f', 'refstack_wsgi'],
                    ['a2disconf', '-q', 'zz-refstack']):
            if shutil.which(cmd[0]):
                run(cmd, 60)
        for path in ('/etc/apache2/sites-available/refstack.conf',
                     '/etc/apache2/conf-available/zz-refstack.conf',
                     '/etc/apache2/mods-available/refstack_wsgi.load',
                     '/etc/apache2/mods-available/refstack_wsgi.conf'):
            if os.path.exists(path):
                os.unlink(path)
        if self.ports is not None:
            with open('/etc/apache2/ports.conf', 'w') as f:
                f.write(self.ports)
        for site in self.sites:
            run(['a2ensite', '-q', site], 60)
        if self.debian_wsgi:
            run(['a2enmod', '-q', 'wsgi'], 60)


def apache_master_pid():
    try:
        with open('/var/run/apache2/apache2.pid') as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        oldest = run(['pgrep', '-o', '-x', 'apache2'], 10)
        return int(oldest.stdout.strip()) if oldest.returncode == 0 else None


def stop_apache():
    """Stop Apache; by its pid file when apache2ctl can not (broken config)."""
    if shutil.which('apache2ctl'):
        run(['apache2ctl', 'stop'], 60)
    for attempt in range(100):
        if run(['pgrep', '-x', 'apache2'], 10).returncode:
            return
        if attempt == 25:
            try:
                with open('/var/run/apache2/apache2.pid') as f:
                    os.kill(int(f.read().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
        time.sleep(0.2)


class DeployTestCase(testtools.TestCase):
    """One deployment for the whole class; each test checks one aspect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ready = False
        if not enabled():
            return
        cls.started = time.time()
        cls.cleanups = []
        try:
            cls._deploy()
            cls.ready = True
        except BaseException as e:
            cls.error = e
            cls._cleanup()

    @classmethod
    def tearDownClass(cls):
        if enabled() and cls.ready:
            cls._cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if not enabled():
            self.skipTest('set REFSTACK_DEPLOY_TESTS=1 to deploy to this machine '
                          '(tools/test.sh does under CI=true)')
        if not self.ready:
            self.fail('deployment failed: %s' % self.error)
        self._use_database()

    # ---------------------------------------------------------- deployment

    @classmethod
    def _deploy(cls):
        if os.geteuid() != 0:
            raise RuntimeError('the deployment test needs root')
        if not shutil.which('apt-get'):
            raise RuntimeError('the deployment test needs a Debian/Ubuntu host')
        if not legacy_source.mysql_available():
            raise RuntimeError('MariaDB is not reachable on 127.0.0.1:3306')
        suffix = uuid.uuid4().hex[:8]
        cls.dir = tempfile.mkdtemp(prefix='refstack-deploy-')
        cls.cleanups.append(lambda: shutil.rmtree(cls.dir, ignore_errors=True))
        cls.src = snapshot_source(cls.dir)
        cls.cert, cls.key = self_signed(cls.dir)
        cls.db_name = 'refstack_deploy_%s' % suffix
        cls._mysql('CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
                   % cls.db_name)
        cls.cleanups.append(lambda: cls._mysql('DROP DATABASE IF EXISTS `%s`' % cls.db_name))
        cls.db_url = ('mysql+pymysql://root@127.0.0.1:3306/%s?charset=utf8mb4' % cls.db_name)
        cls.http_port, cls.https_port = free_port(), free_port()
        cls.prefix = '/opt/refstack-ci-%s' % suffix
        cls.config_dir = '/etc/refstack-ci-%s' % suffix
        cls.state_path = '/var/lib/refstack-ci-%s' % suffix
        cls.user = 'refstack-ci'
        # Clean-up runs last-in first-out: Apache stops before its
        # configuration, the code and the service user go.
        apache = ApacheState()
        for path in (cls.prefix, cls.config_dir, cls.state_path):
            cls.cleanups.append(lambda path=path: shutil.rmtree(path, ignore_errors=True))
        cls.cleanups.append(lambda: run(['groupdel', cls.user], 30))
        cls.cleanups.append(lambda: run(['userdel', cls.user], 30))
        cls.cleanups.append(apache.restore)
        variables = {
            'ansible_python_interpreter': '/usr/bin/python3',
            'refstack_source_repo': cls.src,
            'refstack_ui_dist_dir': os.path.join(cls.src, 'refstack-ui', 'dist'),
            'refstack_prefix': cls.prefix,
            'refstack_config_dir': cls.config_dir,
            'refstack_state_path': cls.state_path,
            'refstack_user': cls.user, 'refstack_group': cls.user,
            'refstack_server_name': HOST,
            'refstack_api_server_name': API_HOST,
            'refstack_http_listen': ['127.0.0.1:%d' % cls.http_port],
            'refstack_https_listen': ['127.0.0.1:%d' % cls.https_port],
            'refstack_http_port': cls.http_port,
            'refstack_https_port': cls.https_port,
            'refstack_tls_cert_file': cls.cert,
            'refstack_tls_key_file': cls.key,
            'refstack_db_connection': cls.db_url,
            'refstack_wsgi_daemons': DAEMONS,
            'refstack_expose_backend_header': True,
            'refstack_max_request_body': BODY_LIMIT,
            'refstack_conf_extra': {'guidelines': {'include_bundled': 'true'}},
        }
        cls.vars_file = os.path.join(cls.dir, 'vars.json')
        with open(cls.vars_file, 'w') as f:
            json.dump(variables, f)
        cls.first = cls._playbook(FIRST_RUN_TIMEOUT)
        cls.second = cls._playbook(SECOND_RUN_TIMEOUT)

    @classmethod
    def _playbook(cls, timeout):
        # The one command of tools/deploy/README.rst (it installs ansible-core
        # into .venv-deploy when missing).
        cmd = [os.path.join(DEPLOY, 'deploy-local.sh'), '-e', '@' + cls.vars_file]
        env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0',
                   PYTHONDONTWRITEBYTECODE='1', REFSTACK_DEPLOY_VENV=ANSIBLE_VENV)
        try:
            result = run(cmd, timeout, cwd=DEPLOY, env=env)
        except subprocess.TimeoutExpired as e:
            raise RuntimeError('deploy-local.sh took more than %ds: %s'
                               % (timeout, (e.stdout or '')[-3000:]))
        output = result.stdout + result.stderr
        if result.returncode:
            raise RuntimeError('deploy-local.sh failed (%d):\n%s'
                               % (result.returncode, output[-6000:]))
        return output

    @classmethod
    def _mysql(cls, sql):
        conn = pymysql.connect(**legacy_source.mysql_params())
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    @classmethod
    def _cleanup(cls):
        for step in reversed(cls.cleanups):
            try:
                step()
            except Exception as e:  # noqa: BLE001 - clean up as much as possible
                print('deploy test clean-up step failed: %s' % e, file=sys.stderr)
        cls.cleanups = []
        CONF.reset()
        db_api.reset()

    def _use_database(self):
        CONF([], project='refstack', default_config_files=[])
        CONF.set_override('connection', self.db_url, group='database')
        db_api.reset()
        self.addCleanup(db_api.reset)
        self.addCleanup(CONF.clear_override, 'connection', group='database')

    # ----------------------------------------------------------- requests

    def request(self, method, path, host=HOST, https=True, body=None, headers=None):
        port = self.https_port if https else self.http_port
        if https:
            pool = urllib3.HTTPSConnectionPool(
                '127.0.0.1', port, server_hostname=host, assert_hostname=host,
                cert_reqs='CERT_REQUIRED', ca_certs=self.cert, retries=False, timeout=30)
        else:
            pool = urllib3.HTTPConnectionPool('127.0.0.1', port, retries=False, timeout=30)
        all_headers = {'Host': '%s:%d' % (host, port)}
        all_headers.update(headers or {})
        try:
            return pool.request(method, path, body=body, headers=all_headers,
                                redirect=False)
        finally:
            pool.close()

    def json(self, method, path, status=200, **kwargs):
        res = self.request(method, path, **kwargs)
        self.assertEqual(status, res.status, res.data[:500])
        return json.loads(res.data) if res.data else None

    def user_with_key(self):
        openid = 'https://openstackid.org/deploy-%s' % uuid.uuid4().hex[:6]
        db_api.save_user(openid, 'deploy@example.org', 'Deploy Test')
        key = base.make_key()
        parsed = keys.parse_public_key(key.openssh)
        db_api.store_pubkey(openid, parsed.format, parsed.body, '', parsed.md5_hash)
        return openid, key

    def signed_upload(self, key, names):
        body = json.dumps({'cpid': 'deploy-cpid', 'duration_seconds': 42,
                           'results': [{'name': n} for n in names]}).encode()
        return self.request('POST', '/api/v1/results', body=body, headers={
            'Content-Type': 'application/json', 'X-Signature': key.sign(body),
            'X-Public-Key': key.openssh})

    # -------------------------------------------------------------- tests

    def test_second_run_changes_nothing(self):
        recap = re.findall(r'localhost\s*:\s*ok=\d+\s+changed=(\d+).*failed=(\d+)',
                           self.second)
        self.assertEqual([('0', '0')], recap, self.second[-4000:])
        self.assertLess(time.time() - self.started, 600)

    def test_http_redirects_to_https_keeping_the_path(self):
        res = self.request('GET', '/results/abc?page=2', https=False)
        self.assertEqual(301, res.status)
        self.assertEqual('https://%s:%d/results/abc?page=2' % (HOST, self.https_port),
                         res.headers['Location'])
        res = self.request('GET', '/v1/results', host=API_HOST, https=False)
        self.assertEqual(301, res.status)
        self.assertEqual('https://%s:%d/v1/results' % (API_HOST, self.https_port),
                         res.headers['Location'])

    def test_ui_and_cache_headers(self):
        res = self.request('GET', '/')
        self.assertEqual(200, res.status)
        page = res.data.decode()
        self.assertIn('<rs-app-shell>', page)
        self.assertEqual('no-cache', res.headers['Cache-Control'])
        self.assertIn('max-age=31536000', res.headers['Strict-Transport-Security'])
        self.assertEqual('nosniff', res.headers['X-Content-Type-Options'])
        self.assertEqual('DENY', res.headers['X-Frame-Options'])
        self.assertIn("default-src 'self'", res.headers['Content-Security-Policy'])
        self.assertEqual('Apache', res.headers['Server'])
        assets = re.findall(r'(?:src|href)="(assets/[^"]+)"', page)
        self.assertTrue(assets, page)
        for asset in assets:
            res = self.request('GET', '/' + asset)
            self.assertEqual(200, res.status, asset)
            self.assertIn('max-age=31536000', res.headers['Cache-Control'])
            self.assertIn('immutable', res.headers['Cache-Control'])
        res = self.request('GET', '/config.json')
        self.assertEqual({'refstackApiUrl': '/api/v1'}, json.loads(res.data))
        self.assertEqual('no-cache', res.headers['Cache-Control'])
        self.assertEqual(404, self.request('GET', '/no/such/file.js').status)
        self.assertIn(self.request('GET', '/assets/').status, (403, 404))  # no listings

    def test_api_end_to_end(self):
        listing = self.json('GET', '/api/v1/results')
        self.assertIn('pagination', listing)
        res = self.request('GET', '/api/v1/results')
        self.assertEqual(1, len(res.headers.getlist('X-Content-Type-Options')))
        # Anonymous uploads are off (the production setting).
        res = self.request('POST', '/api/v1/results', body=b'{"cpid": "", '
                           b'"duration_seconds": 1, "results": [{"name": "t"}]}',
                           headers={'Content-Type': 'application/json'})
        self.assertEqual(401, res.status, res.data)
        openid, key = self.user_with_key()
        res = self.signed_upload(key, ['tempest.api.deploy.test_a', 'tempest.api.deploy.test_b'])
        self.assertEqual(201, res.status, res.data)
        test_id = json.loads(res.data)['test_id']
        self.assertTrue(json.loads(res.data)['url'].startswith(
            'https://%s:%d/' % (HOST, self.https_port)))
        bearer = {'Authorization': 'Bearer %s' % key.token(openid)}
        detail = self.json('GET', '/api/v1/results/%s' % test_id, headers=bearer)
        self.assertEqual('owner', detail['user_role'])
        self.assertEqual(['tempest.api.deploy.test_a', 'tempest.api.deploy.test_b'],
                         detail['results'])
        # The same API at the root of its own host name.
        same = self.json('GET', '/v1/results/%s' % test_id, host=API_HOST, headers=bearer)
        self.assertEqual(detail, same)
        mine = self.json('GET', '/v1/results?signed=1', host=API_HOST, headers=bearer)
        self.assertEqual([test_id], [r['id'] for r in mine['results']])
        self.assertEqual(404, self.request('GET', '/v1/nothing', host=API_HOST).status)

    def test_request_size_limit(self):
        body = b'{"cpid": "x", "duration_seconds": 1, "results": [' + b' ' * (
            2 * BODY_LIMIT) + b']}'
        res = self.request('POST', '/api/v1/results', body=body,
                           headers={'Content-Type': 'application/json'})
        self.assertEqual(413, res.status)

    def test_daemon_groups_share_a_signed_in_session(self):
        openid, key = self.user_with_key()
        token, session = sessions.create(openid)
        cookie = {'Cookie': '%s=%s' % (sessions.COOKIE_NAME, token)}
        seen = set()
        for _ in range(24):
            res = self.request('GET', '/api/v1/profile', headers=cookie)
            self.assertEqual(200, res.status, res.data)
            self.assertEqual(openid, json.loads(res.data)['openid'])
            seen.add(res.headers['X-Refstack-Backend'])
        self.assertEqual(GROUPS, seen)
        # Writes through the session land in the shared database whichever
        # group serves them.
        res = self.signed_upload(key, ['tempest.api.deploy.test_session'])
        self.assertEqual(201, res.status, res.data)
        test_id = json.loads(res.data)['test_id']
        writers = set()
        write = dict(cookie, **{sessions.XSRF_HEADER: session.xsrf_token,
                                'Content-Type': 'text/plain'})
        for target in ('platform', 'compute', 'object', 'platform', 'compute', 'object'):
            res = self.request('POST', '/api/v1/results/%s/meta/target' % test_id,
                               body=target.encode(), headers=write)
            self.assertEqual(201, res.status, res.data)
            writers.add(res.headers['X-Refstack-Backend'])
            for _ in range(3):
                meta = self.json('GET', '/api/v1/results/%s/meta' % test_id, headers=cookie)
                self.assertEqual(target, meta['target'])
        self.assertEqual(openid, db_api.get_test_result(test_id).owner_openid)

    def test_under_load(self):
        # Issue 10: the bounded load test under the deployed mod_wsgi
        # configuration (sized for a 2 GB VM), rate limits at their defaults.
        # https://127.0.0.1 sends no SNI and Host 127.0.0.1:port, so Apache
        # serves it from the first https virtual host, the site with /api.
        pid = apache_master_pid()
        self.assertIsNotNone(pid, 'no Apache master process')
        cmd = [sys.executable, os.path.join(ROOT, 'tools', 'bench', 'load_test.py'),
               '--url', 'https://127.0.0.1:%d/api' % self.https_port, '--cacert', self.cert,
               '--database-url', self.db_url, '--pid', str(pid),
               '--requests', str(LOAD_REQUESTS), '--clients', str(LOAD_CLIENTS),
               '--upload-burst', str(LOAD_UPLOAD_BURST)]
        try:
            result = run(cmd, LOAD_TIMEOUT, cwd=ROOT)
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout or ''
            self.fail('load_test.py took more than %ds:\n%s' % (LOAD_TIMEOUT, out[-3000:]))
        output = result.stdout + result.stderr
        print('\n--- load test, Apache + mod_wsgi (%s) ---\n%s' % (
            ', '.join('%(name)s %(processes)dx%(threads)d' % d for d in DAEMONS), output))
        self.assertEqual(0, result.returncode, output[-4000:])
        self.assertIn('peak server memory', output)
        self.assertIn('uploads/s', output)
        self.assertIn('errors: 0; lost or incomplete runs: 0', output)

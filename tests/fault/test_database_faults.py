"""The database going away: under load, at start-up and in the middle of a migration.

Each test runs against a private mariadbd (tests/fault/mariadb.py) that it
stops, starts and cuts off at will. Without mariadbd the tests are skipped,
unless CI=true, where that is a failure.
"""

import concurrent.futures
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from refstack.common import keys
from refstack.db import api as db_api
from tests import base
from tests.fault import mariadb
from tests import live

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TEST_LIST = os.path.join(ROOT, 'tests', 'data', 'shared', 'data', 'tempest-47.0.0-tests.txt')
OPENID = 'https://openstackid.org/fault'

if not mariadb.available():
    if os.environ.get('CI') == 'true':
        raise RuntimeError('CI=true but mariadbd/mariadb-install-db are not installed')
    pytest.skip('mariadbd is not installed', allow_module_level=True)


@pytest.fixture(scope='module')
def server():
    db = mariadb.PrivateMariaDB().install().start()
    yield db
    db.destroy()


@pytest.fixture
def database(server):
    """A fresh database on the private server; returns its URL."""
    name = 'refstack_%s' % hashlib.sha1(os.urandom(8)).hexdigest()[:10]
    if server.process is None:
        server.start()
    server.create_database(name)
    return name, server.url(name)


def write_conf(directory, url, extra=''):
    path = os.path.join(directory, 'refstack.conf')
    with open(path, 'w') as f:
        f.write('[DEFAULT]\nlog_file = %s/server.log\n[database]\nconnection = %s\n'
                'max_retries = 0\n%s' % (directory, url, extra))
    return path


def manage(conf, *args, timeout=120):
    start = time.time()
    proc = subprocess.run([sys.executable, '-m', 'refstack.cmd.manage', '--config-file', conf]
                          + list(args), capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr, time.time() - start


def tables(server, name):
    rows = server.query("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = '%s'" % name, database=None)
    return {r[0] for r in rows}


def columns(server, name):
    rows = server.query("SELECT table_name, column_name, column_type, is_nullable "
                        "FROM information_schema.columns WHERE table_schema = '%s'"
                        % name, database=None)
    return sorted(rows)


# ------------------------------------------------------------ load and restart

def load_tests():
    with open(TEST_LIST) as f:
        return [line.strip().split('[', 1)[0] for line in f if line.strip()]


class Stream:
    """Signed uploads and reads from several clients; every answer is recorded."""

    def __init__(self, url, key, token, uploads=120, clients=4):
        self.url = url
        self.key = key
        self.token = token
        self.uploads = uploads
        self.clients = clients
        self.names = load_tests()
        self.lock = threading.Lock()
        self.created = {}      # cpid -> (test_id, passed count)
        self.unavailable = []  # cpids answered 503
        self.reads = {}        # status -> count
        self.bad = []          # anything else
        self.done = 0
        self.after_restart = None

    def body(self, index):
        rng = random.Random(index)
        chosen = sorted(set(rng.sample(self.names, rng.randint(150, 400))))
        data = {'cpid': 'fault-%04d' % index, 'duration_seconds': 100 + index,
                'results': [{'name': name} for name in chosen]}
        return json.dumps(data).encode(), len(chosen)

    def upload(self, session, index):
        body, count = self.body(index)
        cpid = 'fault-%04d' % index
        resp = session.post(self.url + '/api/v1/results', data=body, timeout=60, headers={
            'Content-Type': 'application/json', 'X-Signature': self.key.sign(body),
            'X-Public-Key': self.key.openssh})
        with self.lock:
            self.done += 1
            if resp.status_code == 201:
                self.created[cpid] = (resp.json()['test_id'], count)
                if self.after_restart is not None:
                    self.after_restart += 1
            elif resp.status_code == 503 and self.is_503(resp):
                self.unavailable.append(cpid)
            else:
                self.bad.append(('POST', cpid, resp.status_code, resp.text[:300]))

    def read(self, session, index):
        with self.lock:
            ids = [v[0] for v in self.created.values()]
        paths = ['/api/v1/results', '/api/v1/results?signed=1']
        if ids:
            test_id = random.Random(index).choice(ids)
            paths += ['/api/v1/results/%s' % test_id, '/api/v1/results/%s/report' % test_id]
        headers = {'Authorization': 'Bearer ' + self.token}
        for path in paths:
            resp = session.get(self.url + path, headers=headers, timeout=60)
            with self.lock:
                self.reads[resp.status_code] = self.reads.get(resp.status_code, 0) + 1
                if resp.status_code not in (200, 503) or (
                        resp.status_code == 503 and not self.is_503(resp)):
                    self.bad.append(('GET', path, resp.status_code, resp.text[:300]))

    @staticmethod
    def is_503(resp):
        return (resp.headers.get('Content-Type', '').startswith('application/json')
                and resp.json().get('code') == 503 and resp.headers.get('Retry-After'))

    def client(self, worker):
        session = requests.Session()
        for index in range(worker, self.uploads, self.clients):
            self.upload(session, index)
            self.read(session, index)

    def run(self, outage):
        with concurrent.futures.ThreadPoolExecutor(self.clients + 1) as pool:
            futures = [pool.submit(self.client, w) for w in range(self.clients)]
            futures.append(pool.submit(outage, self))
            for future in futures:
                future.result()


def test_restart_under_load(server, database):
    """Stop and restart MariaDB mid-stream: every upload is 201 and stored
    whole, or 503 and not stored; the API recovers by itself."""
    name, url = database
    srv = live.LiveServer(db_url=url)
    srv.start()
    try:
        srv.create_user(OPENID)
        key = base.RSAKey(bits=2048)
        parsed = keys.parse_public_key(key.openssh)
        db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)
        stream = Stream(srv.url, key, key.token(OPENID, lifetime=3600))
        timeline = {}

        def outage(stream):
            while stream.done < stream.uploads // 4:
                time.sleep(0.05)
            timeline['stopped_at'] = stream.done
            server.stop()
            time.sleep(3)
            server.start()
            timeline['restarted_at'] = stream.done
            with stream.lock:
                stream.after_restart = 0

        stream.run(outage)
        health = requests.get(srv.url + '/api/v1/health', timeout=10)
    finally:
        srv.stop()
    print('\nfault stream: %d uploads, %d stored (201), %d refused (503), reads %s, '
          'outage after %s, restart after %s uploads'
          % (stream.uploads, len(stream.created), len(stream.unavailable), stream.reads,
             timeline.get('stopped_at'), timeline.get('restarted_at')))
    assert stream.bad == []
    assert len(stream.created) + len(stream.unavailable) == stream.uploads
    assert stream.unavailable, 'the outage was not noticed'
    assert stream.after_restart, 'no upload succeeded after the restart'
    assert health.status_code == 200, health.text
    # What is stored is exactly the 201s, each complete.
    stored = {row[0]: row[1:] for row in server.query(
        'SELECT t.cpid, t.id, o.passed, m.value FROM test t '
        'LEFT JOIN test_outcomes o ON o.test_id = t.id '
        "LEFT JOIN meta m ON m.test_id = t.id AND m.meta_key = 'user'", database=name)}
    assert set(stored) == set(stream.created)
    for cpid, (test_id, count) in stream.created.items():
        assert stored[cpid] == (test_id, count, OPENID), cpid
    assert server.query('SELECT COUNT(*) FROM test_outcomes', database=name)[0][0] == len(
        stream.created)


# ------------------------------------------------------------------ start-up

def test_unreachable_at_start_up(server, database, tmp_path):
    """Database down when the API and refstack-manage start: clear errors,
    then the API serves as soon as the database is back."""
    name, url = database
    conf = write_conf(str(tmp_path), url)
    code, out, _took = manage(conf, 'upgrade')
    assert code == 0, out
    server.stop()
    try:
        code, out, took = manage(conf, 'upgrade')
        assert code == 1
        assert 'cannot connect to the database' in out
        assert 'Traceback' not in out
        assert took < 30
        port = mariadb.free_port()
        api = subprocess.Popen([sys.executable, '-c', 'from refstack.cmd import api; api.main()',
                                '--bind', '127.0.0.1:%d' % port,
                                '--env', 'REFSTACK_OSLO_CONFIG=%s' % conf],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            base_url = 'http://127.0.0.1:%d' % port
            resp = wait_for(base_url + '/v1/health')
            assert resp.status_code == 503
            assert resp.json()['database'] == 'unreachable'
            assert resp.headers['Retry-After']
            started = time.time()
            resp = requests.get(base_url + '/v1/results', timeout=30)
            assert (resp.status_code, resp.json()['code']) == (503, 503)
            assert time.time() - started < 5
            server.start()
            assert requests.get(base_url + '/v1/health', timeout=10).status_code == 200
            assert requests.get(base_url + '/v1/results', timeout=10).status_code == 200
        finally:
            api.terminate()
            api.wait(10)
    finally:
        if server.process is None:
            server.start()


def wait_for(url, timeout=60):
    deadline = time.time() + timeout
    while True:
        try:
            return requests.get(url, timeout=10)
        except requests.ConnectionError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


# ------------------------------------------------------------ mid-migration

class CuttingProxy:
    """A TCP proxy to MariaDB that drops the connection carrying the
    ``cut_at``-th command (MySQL packets with sequence id 0), once."""

    def __init__(self, port, cut_at=None):
        self.upstream = port
        self.cut_at = cut_at
        self.commands = 0
        self.cut = False
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(('127.0.0.1', self.upstream))
            threading.Thread(target=self._to_server, args=(client, upstream),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.close()
            except OSError:
                pass

    def _to_server(self, client, upstream):
        buffer = b''
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                buffer += data
                while len(buffer) >= 4:
                    size = 4 + int.from_bytes(buffer[:3], 'little')
                    if len(buffer) < size:
                        break
                    packet, buffer = buffer[:size], buffer[size:]
                    if packet[3] == 0:
                        with self.lock:
                            self.commands += 1
                            if self.cut_at and not self.cut and self.commands >= self.cut_at:
                                self.cut = True
                                raise OSError('cut')
                    upstream.sendall(packet)
        except OSError:
            pass
        for sock in (client, upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass

    def url(self, name):
        return 'mysql+pymysql://root@127.0.0.1:%d/%s?charset=utf8mb4' % (self.port, name)

    def close(self):
        self.listener.close()


def test_connection_lost_mid_migration(server, tmp_path):
    """The connection drops at several points of refstack-manage upgrade:
    a clear error, no half-applied step, and the next upgrade completes."""
    reference = 'refstack_ref_%d' % os.getpid()
    server.create_database(reference)
    conf = write_conf(str(tmp_path), server.url(reference))
    expected = {}
    for revision in ('base',) + tuple(r for r in head_chain()):
        if revision != 'base':
            assert manage(conf, 'upgrade', '--revision', revision)[0] == 0
        expected[revision] = tables(server, reference)
    complete = columns(server, reference)
    # How many commands a whole upgrade sends.
    counter = CuttingProxy(server.port)
    server.create_database(reference + '_n')
    conf = write_conf(str(tmp_path), counter.url(reference + '_n'))
    assert manage(conf, 'upgrade')[0] == 0
    counter.close()
    total = counter.commands
    for fraction in (0.15, 0.5, 0.85):
        name = 'refstack_cut_%d' % int(fraction * 100)
        server.create_database(name)
        proxy = CuttingProxy(server.port, cut_at=max(2, int(total * fraction)))
        conf = write_conf(str(tmp_path), proxy.url(name))
        code, out, _took = manage(conf, 'upgrade')
        proxy.close()
        assert proxy.cut
        assert code == 1, out
        assert 'Error:' in out and 'Traceback' not in out, out
        # No half-applied step: the tables are exactly those of the recorded revision.
        rows = server.query('SELECT version_num FROM alembic_version', database=name) \
            if 'alembic_version' in tables(server, name) else ()
        current = rows[0][0] if rows else 'base'
        assert tables(server, name) == expected[current], (fraction, current)
        # The next upgrade completes the schema.
        direct = write_conf(str(tmp_path), server.url(name))
        code, out, _took = manage(direct, 'upgrade')
        assert code == 0, out
        assert columns(server, name) == complete


def head_chain():
    """Revision ids from the first to head."""
    from refstack.db import migration
    from alembic import script as alembic_script
    script = alembic_script.ScriptDirectory.from_config(migration._config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]

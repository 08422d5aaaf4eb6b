#!/usr/bin/env python3
"""Benchmark the API's hot paths against a real server on loopback.

Seeds N runs of realistic shape (70 % with ~300 passed tests, 30 % with
1,350-1,575; ~20 cloud ids; dates over five years) into a fresh database,
starts ``refstack-api`` (gunicorn, by default 2 workers x 4 threads: one
worker per core) on it and prints p50/p95/p99 latencies of: upload of a
300-test and a 1,575-test run, list page 1, a deep page, a cpid+date filtered
page, the signed list with a JWT, the detail of a 1,575-test run and its
2020.06 report (each the same run again and again, as a page being viewed,
and each run once, when nothing of it is cached); then upload throughput
with 8 concurrent clients. Requests go over one keep-alive connection per client
with plain http.client, so the times are the server's.

    tools/bench/bench_api.py --runs 10000 --db mysql
    tools/bench/bench_api.py --runs 1000 --db sqlite --samples 30

Numbers only; nothing is asserted.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

import requests
import sqlalchemy as sa

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, ROOT)
TEST_LIST = os.path.join(ROOT, 'tests', 'data', 'shared', 'data',
                         'tempest-47.0.0-tests.txt')
OPENID = 'https://openstackid.org/bench'


def load_tests():
    names = []
    with open(TEST_LIST) as f:
        for line in f:
            line = line.strip()
            if line:
                name = line.split('[', 1)[0]
                test_uuid = None
                if 'id-' in line:
                    test_uuid = line.split('id-', 1)[1][:36]
                names.append((name, test_uuid))
    return names


def draw(rng, tests):
    count = rng.randint(280, 320) if rng.random() < 0.7 else rng.randint(1350, len(tests))
    return sorted(rng.sample(tests, min(count, len(tests))))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def create_database(kind, workdir):
    if kind == 'sqlite':
        return 'sqlite:///%s/bench.sqlite' % workdir, lambda: None
    name = 'refstack_bench_%s' % uuid.uuid4().hex[:8]
    server = os.environ.get('REFSTACK_BENCH_MYSQL', 'mysql+pymysql://root@127.0.0.1:3306')
    engine = sa.create_engine(server + '/?charset=utf8mb4')
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE DATABASE `%s` CHARACTER SET utf8mb4' % name))

    def drop():
        with engine.begin() as conn:
            conn.execute(sa.text('DROP DATABASE IF EXISTS `%s`' % name))
    return '%s/%s?charset=utf8mb4' % (server, name), drop


def bench_cpids(rng=None):
    """The 20 cloud ids of seeded runs (the first draws of the seed's RNG)."""
    rng = rng or random.Random(42)
    return [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(20)]


def seed(url, runs, tests, key):
    """Create ``runs`` realistic runs quickly: names are interned once and rows
    are inserted in batches through the models (what create_test_result
    stores, without one transaction per run)."""
    from refstack.db import api as db_api
    from refstack.db import models
    from refstack.db import outcomes
    register_key(url, key)
    ids = db_api.intern_test_names(tests)
    rng = random.Random(42)
    cpids = bench_cpids(rng)
    start = datetime.datetime(2021, 1, 1)
    engine = db_api.get_engine()
    t0 = time.time()
    batch = 500
    for first in range(0, runs, batch):
        test_rows, outcome_rows, meta_rows = [], [], []
        for _ in range(first, min(runs, first + batch)):
            chosen = draw(rng, tests)
            test_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            owner = OPENID if rng.random() < 0.2 else None
            test_rows.append({
                'id': test_id, 'cpid': rng.choice(cpids),
                'duration_seconds': rng.randint(600, 20000), 'verification_status': 0,
                'owner_openid': owner, 'is_public': owner is None,
                'dedupe_key': uuid.uuid4().hex,
                'created_at': start + datetime.timedelta(
                    seconds=rng.randint(0, 5 * 365 * 86400))})
            name_ids = [ids[pair] for pair in chosen]
            outcome_rows.append({
                'test_id': test_id, 'encoding': outcomes.ENCODING_V1,
                'data': outcomes.encode(name_ids, [outcomes.PASSED] * len(name_ids),
                                        [0] * len(name_ids)),
                'passed': len(name_ids), 'failed': 0, 'skipped': 0, 'other': 0})
            if owner:
                meta_rows.append({'test_id': test_id, 'meta_key': 'user', 'value': owner,
                                  'created_at': start})
        with engine.begin() as conn:
            conn.execute(models.Test.__table__.insert(), test_rows)
            conn.execute(models.TestOutcomes.__table__.insert(), outcome_rows)
            if meta_rows:
                conn.execute(models.TestMeta.__table__.insert(), meta_rows)
        done = min(runs, first + batch)
        if done % 10000 == 0 or done == runs:
            print('  seeded %d/%d runs (%.0f runs/s)' % (done, runs, done / (time.time() - t0)),
                  flush=True)
    return cpids


def register_key(url, key):
    """Migrate the database (a no-op when current) and register this run's
    signing key for the benchmark user, in place of the keys of earlier runs
    on a kept database (a user has a few keys, and a JWT request tries each)."""
    from refstack.common import keys
    from refstack.conf import CONF
    from refstack.db import api as db_api
    from refstack.db import migration
    CONF([], project='refstack', default_config_files=[])
    CONF.set_override('connection', url, group='database')
    migration.upgrade()
    db_api.save_user(OPENID, 'bench@example.org', 'Bench')
    for old in db_api.get_user_pubkeys(OPENID):
        db_api.delete_pubkey(OPENID, old.id)
    parsed = keys.parse_public_key(key['openssh'])
    db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)


def database_size(url):
    """Bytes of data and indexes of the benchmark database."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == 'mysql':
            conn.execute(sa.text('ANALYZE TABLE test, test_outcomes, test_name, meta'))
            return conn.execute(sa.text(
                'SELECT SUM(data_length + index_length) FROM information_schema.tables '
                'WHERE table_schema = DATABASE()')).scalar()
        return os.path.getsize(url.split(':///', 1)[1])


def worker_rss_mb(master_pid):
    """Largest RSS among the gunicorn workers of ``master_pid``, in MB."""
    best = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/status' % pid) as f:
                status = dict(line.split(':', 1) for line in f if ':' in line)
        except OSError:
            continue
        if status.get('PPid', '').strip() == str(master_pid):
            best = max(best, int(status['VmRSS'].split()[0]) / 1024.0)
    return best


def make_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {'private': private, 'openssh': private.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode(),
        'pem': private.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())}


JSON = {'Content-Type': 'application/json'}


class Client(object):
    """One keep-alive HTTP/1.1 connection to the server on loopback.

    Plain http.client does next to no work per call, so the times are the
    server's (requests spends 2-4 ms per call on this kind of machine
    looking up proxies and .netrc, more than some of the cases take).
    """

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection('127.0.0.1', port, timeout=120)

    def request(self, method, path, body=None, headers=None):
        """Return (status, body bytes); reconnects once if the server closed
        the idle connection (gunicorn keeps one open for 2 s)."""
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()
                if attempt == 2:
                    raise


def measure(name, fn, samples):
    fn()  # warm up caches, as a long-running server has them
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p))]
    print('%-44s p50 %7.1f ms   p95 %7.1f ms   p99 %7.1f ms'
          % (name, statistics.median(times), pct(0.95), pct(0.99)), flush=True)


def upload_body(rng, tests, count):
    chosen = sorted(rng.sample(tests, count))
    return json.dumps({'cpid': uuid.uuid4().hex, 'duration_seconds': 100,
                       'results': [{'name': n, 'uuid': u} for n, u in chosen]}).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=10000)
    parser.add_argument('--db', choices=('mysql', 'sqlite'), default='mysql')
    parser.add_argument('--samples', type=int, default=50)
    parser.add_argument('--workers', type=int, default=2,
                        help='gunicorn workers (default 2: one per core)')
    parser.add_argument('--threads', type=int, default=4, help='threads per worker')
    parser.add_argument('--database-url',
                        help='benchmark an already seeded database (seeded by an earlier '
                             'run with --keep); nothing is seeded or dropped')
    parser.add_argument('--keep', action='store_true',
                        help='keep the seeded database and print its URL')
    args = parser.parse_args()

    import jwt
    tests = load_tests()
    key = make_key()
    workdir = tempfile.mkdtemp(prefix='refstack-bench-')
    if args.database_url:
        url, drop = args.database_url, (lambda: None)
    else:
        url, drop = create_database(args.db, workdir)
        if args.keep:
            print('Keeping %s' % url)
            drop = (lambda: None)
    server = None
    try:
        if args.database_url:
            cpids = bench_cpids()
            register_key(url, key)
        else:
            print('Seeding %d runs into %s ...' % (args.runs, args.db), flush=True)
            cpids = seed(url, args.runs, tests, key)
        conf = os.path.join(workdir, 'refstack.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nlog_file = %s/api.log\n[api]\nenable_anonymous_upload = true\n'
                    'max_page_number = 100000000\n[ratelimit]\nenabled = false\n'
                    '[database]\nconnection = %s\n'
                    % (workdir, url))
        port = free_port()
        env = dict(os.environ, REFSTACK_OSLO_CONFIG=conf)
        server = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), 'refstack-api'), '--bind',
             '127.0.0.1:%d' % port, '--workers', str(args.workers), '--threads',
             str(args.threads), '--worker-class', 'gthread', '--log-level', 'warning'],
            env=env)
        base = 'http://127.0.0.1:%d/v1' % port
        for _ in range(100):
            try:
                requests.get(base + '/results', timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.5)
        client = Client(port)
        rng = random.Random(7)
        print('\n%s, gunicorn %d worker(s) x %d threads'
              % (url.split('@')[-1], args.workers, args.threads))

        def get(path, **headers):
            """One request, timed until its whole body arrived (not decoded)."""
            status, body = client.request('GET', '/v1' + path, headers=headers)
            assert status == 200, (path, status, body[:200])
            return body

        def post(body, conn=client):
            status, answer = conn.request('POST', '/v1/results', body, JSON)
            assert status == 201, answer[:200]
            return json.loads(answer)

        small = [upload_body(rng, tests, 300) for _ in range(args.samples + 1)]
        large = [upload_body(rng, tests, len(tests)) for _ in range(args.samples + 1)]
        measure('POST 300-test run, 1 client', lambda: post(small.pop()), args.samples)
        large_ids = []
        measure('POST 1,575-test run, 1 client',
                lambda: large_ids.append(post(large.pop())['test_id']), args.samples)
        test_id = large_ids[-1]
        pages = json.loads(get('/results'))['pagination']['total_pages']
        measure('GET /v1/results page 1', lambda: get('/results'), args.samples)
        deep = min(400, pages)
        measure('GET /v1/results?page=%d' % deep, lambda: get('/results?page=%d' % deep),
                args.samples)
        filtered = '/results?' + urllib.parse.urlencode({
            'cpid': cpids[3], 'start_date': '2022-01-01 00:00:00',
            'end_date': '2024-12-31 00:00:00'})
        measure('GET /v1/results?cpid=&start_date=&end_date=', lambda: get(filtered),
                args.samples)
        token = jwt.encode({'user_openid': OPENID, 'exp': int(time.time()) + 3600},
                           key['pem'], algorithm='RS256')
        measure('GET /v1/results?signed=true (JWT)', lambda: get(
            '/results?signed=true', Authorization='Bearer ' + token), args.samples)
        measure('GET /v1/results/{id} (1,575 tests)', lambda: get('/results/' + test_id),
                args.samples)
        # Runs nobody has read yet (uploaded untimed): nothing of them cached.
        fresh = iter([post(upload_body(rng, tests, len(tests)))['test_id']
                      for _ in range(args.samples + 1)])
        measure('  same, first view of each run', lambda: get('/results/' + next(fresh)),
                args.samples)
        report = '/results/%s/report?guideline=2020.06.json&target=platform'
        measure('GET /v1/results/{id}/report (2020.06)', lambda: get(report % test_id),
                args.samples)
        # Every run once: no report of these is cached yet.
        unseen = iter(large_ids)
        measure('  same, first view of each run', lambda: get(report % next(unseen)),
                args.samples)

        bodies = [upload_body(rng, tests, len(tests)) for _ in range(160)]
        local = threading.local()

        def upload(body):
            if not hasattr(local, 'client'):
                local.client = Client(port)
            post(body, local.client)
        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(upload, bodies))
        rate = len(bodies) / (time.perf_counter() - t)
        print('%-44s %8.1f req/s' % ('POST 1,575-test run, 8 clients', rate))
        size = float(database_size(url)) / 1024 / 1024
        print('%-44s %8.1f MB' % ('database size (data + indexes)', size))
        print('%-44s %8.1f MB' % ('largest worker RSS', worker_rss_mb(server.pid)))
    finally:
        if server:
            server.terminate()
            server.wait(10)
        drop()


if __name__ == '__main__':
    main()

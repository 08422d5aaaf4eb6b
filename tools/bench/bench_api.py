#!/usr/bin/env python3
"""Benchmark the API's hot paths against a real server on loopback.

Seeds N runs of realistic shape (70 % with ~300 passed tests, 30 % with
1,350-1,575; ~20 cloud ids; dates over five years) into a fresh database,
starts ``refstack-api`` (gunicorn, one worker) on it and prints p50/p95
latencies of: upload of a 300-test and a 1,575-test run, list page 1, a deep
page, a cpid+date filtered page, the signed list with a JWT, and the detail
of a 1,575-test run; then upload throughput with 8 concurrent clients.

    tools/bench/bench_api.py --runs 10000 --db mysql
    tools/bench/bench_api.py --runs 1000 --db sqlite --samples 30

Numbers only; nothing is asserted.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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


def seed(url, runs, tests, key):
    from refstack.common import keys
    from refstack.conf import CONF
    from refstack.db import api as db_api
    from refstack.db import migration
    from refstack.db import outcomes
    CONF([], project='refstack', default_config_files=[])
    CONF.set_override('connection', url, group='database')
    migration.upgrade()
    db_api.save_user(OPENID, 'bench@example.org', 'Bench')
    parsed = keys.parse_public_key(key['openssh'])
    db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)
    rng = random.Random(42)
    cpids = [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(20)]
    start = datetime.datetime(2021, 1, 1)
    t0 = time.time()
    for i in range(runs):
        chosen = draw(rng, tests)
        db_api.create_test_result({
            'cpid': rng.choice(cpids), 'duration_seconds': rng.randint(600, 20000),
            'owner_openid': OPENID if rng.random() < 0.2 else None,
            'created_at': start + datetime.timedelta(seconds=rng.randint(0, 5 * 365 * 86400)),
            'outcomes': [(n, u, outcomes.PASSED, 0, None) for n, u in chosen]})
        if (i + 1) % 1000 == 0:
            rate = (i + 1) / (time.time() - t0)
            print('  seeded %d/%d runs (%.0f runs/s)' % (i + 1, runs, rate), flush=True)
    return cpids


def make_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {'private': private, 'openssh': private.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode(),
        'pem': private.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())}


def measure(name, fn, samples):
    times = []
    for _ in range(samples):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print('%-44s p50 %8.1f ms   p95 %8.1f ms' % (name, statistics.median(times), p95),
          flush=True)


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
    parser.add_argument('--workers', type=int, default=1)
    args = parser.parse_args()

    import jwt
    tests = load_tests()
    key = make_key()
    workdir = tempfile.mkdtemp(prefix='refstack-bench-')
    url, drop = create_database(args.db, workdir)
    server = None
    try:
        print('Seeding %d runs into %s ...' % (args.runs, args.db), flush=True)
        cpids = seed(url, args.runs, tests, key)
        conf = os.path.join(workdir, 'refstack.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nlog_file = %s/api.log\n[api]\nenable_anonymous_upload = true\n'
                    'max_page_number = 100000000\n[database]\nconnection = %s\n'
                    % (workdir, url))
        port = free_port()
        env = dict(os.environ, REFSTACK_OSLO_CONFIG=conf)
        server = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), 'refstack-api'), '--bind',
             '127.0.0.1:%d' % port, '--workers', str(args.workers), '--log-level', 'warning'],
            env=env)
        base = 'http://127.0.0.1:%d/v1' % port
        for _ in range(100):
            try:
                requests.get(base + '/results', timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        session = requests.Session()
        rng = random.Random(7)
        print('\nN = %d runs, %s, %d gunicorn worker(s)' % (args.runs, args.db, args.workers))

        def get(path, **kw):
            resp = session.get(base + path, **kw)
            assert resp.status_code == 200, (path, resp.status_code, resp.text[:200])
            return resp.json()

        def post(body):
            resp = session.post(base + '/results', data=body,
                                headers={'Content-Type': 'application/json'})
            assert resp.status_code == 201, resp.text[:200]
            return resp.json()

        small = [upload_body(rng, tests, 300) for _ in range(args.samples)]
        large = [upload_body(rng, tests, len(tests)) for _ in range(args.samples)]
        measure('POST 300-test run, 1 client', lambda: post(small.pop()), args.samples)
        test_id = None

        def post_large():
            nonlocal test_id
            test_id = post(large.pop())['test_id']
        measure('POST 1,575-test run, 1 client', post_large, args.samples)
        pages = get('/results')['pagination']['total_pages']
        measure('GET /v1/results page 1', lambda: get('/results'), args.samples)
        deep = min(400, pages)
        measure('GET /v1/results?page=%d' % deep, lambda: get('/results?page=%d' % deep),
                args.samples)
        measure('GET /v1/results?cpid=&start_date=&end_date=', lambda: get(
            '/results', params={'cpid': cpids[3], 'start_date': '2022-01-01 00:00:00',
                                'end_date': '2024-12-31 00:00:00'}), args.samples)
        token = jwt.encode({'user_openid': OPENID, 'exp': int(time.time()) + 3600},
                           key['pem'], algorithm='RS256')
        measure('GET /v1/results?signed=true (JWT)', lambda: get(
            '/results?signed=true', headers={'Authorization': 'Bearer ' + token}),
            args.samples)
        measure('GET /v1/results/{id} (1,575 tests)', lambda: get('/results/' + test_id),
                args.samples)

        bodies = [upload_body(rng, tests, len(tests)) for _ in range(160)]
        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda b: requests.post(
                base + '/results', data=b, headers={'Content-Type': 'application/json'}),
                bodies))
        rate = len(bodies) / (time.perf_counter() - t)
        print('%-44s %8.1f req/s' % ('POST 1,575-test run, 8 clients', rate))
    finally:
        if server:
            server.terminate()
            server.wait(10)
        drop()


if __name__ == '__main__':
    main()

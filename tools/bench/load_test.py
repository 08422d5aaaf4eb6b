#!/usr/bin/env python3
"""Bounded load test on loopback: concurrent clients, a fixed number of requests.

Starts ``refstack-api`` (gunicorn, gthread; by default 3 workers x 8 threads,
the deployed mod_wsgi daemon's size for a 2 GB VM) on a throw-away MariaDB
(or SQLite) database, then 8 clients send a fixed, seeded mix of requests:
signed uploads of realistic runs (70 % with ~300 tests, 30 % with
1,350-1,575), result lists (page 1, a cpid filter, the signed list with a
JWT), run details, reports and test lists. It prints p50/p95/max latency per
kind, the request rate and the server's peak memory (sum of the RSS of the
master and workers, sampled every 100 ms, and each process's high-water
mark), then checks that nothing was lost: every upload answered 201 and is
stored with all its tests. Exit status 1 on any error or lost run. With
``--upload-burst N``, the same clients then send N uploads of all 1,575
tests (bodies made beforehand) and the upload rate is printed.

    .venv/bin/python tools/bench/load_test.py                  # MariaDB on 3306
    .venv/bin/python tools/bench/load_test.py --db sqlite --requests 400
    .venv/bin/python tools/bench/load_test.py --url http://127.0.0.1/api \\
        --database-url mysql+pymysql://refstack:pw@localhost/refstack --pid 1234 --pid 1235
    .venv/bin/python tools/bench/load_test.py --url https://127.0.0.1:8443/api \\
        --cacert cert.pem --database-url mysql+pymysql://refstack:pw@localhost/refstack \\
        --pid "$(cat /var/run/apache2/apache2.pid)"

With ``--url`` an already running server is loaded instead (e.g. Apache with
mod_wsgi); ``--database-url`` must name its database (a user and key are
added to it; its schema is migrated first, a no-op when it is current) and
``--pid`` the processes whose memory is measured, each with all its
descendants (give Apache's master pid to count Apache and the mod_wsgi
daemons). ``--cacert`` verifies an https server's certificate against that
PEM file (a CA or the self-signed certificate itself) instead of the
system's CAs. Requests go to the host of ``--url``: with an IP address
Apache serves them from the first virtual host of that address and port.
Rate limits are switched off for the server this script starts (a running
server keeps its own: the mix uploads about a fifth of ``--requests``).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_api  # noqa: E402

OPENID = 'https://openstackid.org/load'
MIX = (('upload', 20), ('list', 20), ('list_cpid', 5), ('list_signed', 10),
       ('detail', 20), ('report', 15), ('tests', 10))


def process_tree(root_pids):
    """Pids of ``root_pids`` and all their descendants."""
    children = collections.defaultdict(list)
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                with open('/proc/%s/stat' % pid) as f:
                    ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[ppid].append(int(pid))
    found, todo = set(), list(root_pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    return found


def status_kb(pid, field):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Peak of the summed RSS of a process tree, sampled every 100 ms."""

    def __init__(self, root_pids):
        super().__init__(daemon=True)
        self.roots = root_pids
        self.peak_kb = 0
        self.hwm = {}
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(0.1):
            pids = process_tree(self.roots)
            self.peak_kb = max(self.peak_kb, sum(status_kb(p, 'VmRSS') for p in pids))
            for pid in pids:
                self.hwm[pid] = max(self.hwm.get(pid, 0), status_kb(pid, 'VmHWM'))


class Load:
    def __init__(self, base, key, token, tests, seed, verify=True):
        self.base = base
        self.verify = verify
        self.key = key
        self.token = token
        self.tests = tests
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.runs = {}           # test_id -> number of tests uploaded
        self.cpids = []
        self.latency = collections.defaultdict(list)
        self.errors = []
        self.local = threading.local()

    def session(self):
        if not hasattr(self.local, 'session'):
            self.local.session = requests.Session()
            # No proxy or .netrc lookups: 2-4 ms a request here, for a
            # server on loopback (certificates are given with verify).
            self.local.session.trust_env = False
        return self.local.session

    def body(self, rng, count=None):
        if count is None:
            count = rng.randint(280, 320) if rng.random() < 0.7 else rng.randint(1350, 1575)
        cpid = uuid.UUID(int=rng.getrandbits(128)).hex
        chosen = sorted(rng.sample(self.tests, min(count, len(self.tests))))
        body = json.dumps({'cpid': cpid, 'duration_seconds': rng.randint(600, 9000),
                           'results': [{'name': n, 'uuid': u} for n, u in chosen]})
        return body.encode(), cpid, len(chosen)

    def signed_body(self, rng, count=None):
        """``(body, cpid, count, headers)`` of a signed upload."""
        body, cpid, count = self.body(rng, count)
        return body, cpid, count, self.signed_headers(body)

    def signed_headers(self, body):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        signature = self.key['private'].sign(body, padding.PKCS1v15(), hashes.SHA256())
        return {'Content-Type': 'application/json', 'X-Signature': signature.hex(),
                'X-Public-Key': self.key['openssh']}

    def request(self, kind, rng, upload=None):
        """One request of ``kind``; records its latency or the error.

        :param upload: for an upload, ``(body, cpid, count, headers)`` made
            beforehand (default: a new signed body of the mix's shape).
        """
        session = self.session()
        headers, expected = {}, 200
        with self.lock:
            ids = list(self.runs)
            cpids = list(self.cpids)
        if kind == 'upload':
            body, cpid, count, headers = upload or self.signed_body(rng)
            method, path, data, expected = 'POST', '/v1/results', body, 201
        else:
            method, data = 'GET', None
            test_id = rng.choice(ids) if ids else None
            path = {'list': '/v1/results',
                    'list_cpid': '/v1/results?cpid=%s' % (rng.choice(cpids) if cpids else 'x'),
                    'list_signed': '/v1/results?signed=true',
                    'detail': '/v1/results/%s' % test_id,
                    'report': '/v1/results/%s/report' % test_id,
                    'tests': '/v1/results/%s/tests' % test_id}[kind]
            if kind not in ('list', 'list_cpid'):
                # Signed uploads are private: their owner reads them.
                headers = {'Authorization': 'Bearer ' + self.token}
            if test_id is None and kind in ('detail', 'report', 'tests'):
                path = '/v1/results'
        started = time.perf_counter()
        try:
            # verify per request: REQUESTS_CA_BUNDLE would override Session.verify.
            resp = session.request(method, self.base + path, data=data, headers=headers,
                                   timeout=120, verify=self.verify)
        except requests.RequestException as e:
            with self.lock:
                self.errors.append((kind, path, repr(e)))
            return
        took = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latency[kind].append(took)
            if resp.status_code != expected:
                self.errors.append((kind, path, resp.status_code, resp.text[:200]))
            elif kind == 'upload':
                self.runs[resp.json()['test_id']] = count
                self.cpids.append(cpid)

    def burst(self, total, clients):
        """``total`` uploads of every test id from ``clients`` clients (the
        bodies are made and signed first); returns the seconds they took."""
        rng = random.Random(self.rng.getrandbits(32))
        uploads = [self.signed_body(rng, len(self.tests)) for _ in range(total)]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda upload: self.request('upload', None, upload), uploads))
        return time.perf_counter() - started

    def plan(self, total):
        kinds = [kind for kind, weight in MIX for _ in range(weight)]
        return [self.rng.choice(kinds) for _ in range(total)]

    def run(self, total, clients):
        plan = self.plan(total)
        seeds = [self.rng.getrandbits(32) for _ in plan]
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda item: self.request(item[0], random.Random(item[1])),
                          zip(plan, seeds)))
        return time.perf_counter() - started


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def check_stored(url, runs, openid):
    """Every 201 is in the database with all its tests; returns the problems."""
    engine = sa.create_engine(url)
    problems = []
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            'SELECT t.id, o.passed FROM test t LEFT JOIN test_outcomes o ON o.test_id = t.id '
            'WHERE t.owner_openid = :openid'), {'openid': openid}).all())
    engine.dispose()
    for test_id, count in runs.items():
        if rows.get(test_id) != count:
            problems.append((test_id, count, rows.get(test_id)))
    extra = set(rows) - set(runs)
    if extra:
        problems.append(('unexpected runs', len(extra)))
    return problems


def prepare_database(url, key):
    from refstack.common import keys
    from refstack.conf import CONF
    from refstack.db import api as db_api
    from refstack.db import migration
    CONF([], project='refstack', default_config_files=[])
    CONF.set_override('connection', url, group='database')
    migration.upgrade()
    db_api.save_user(OPENID, 'load@example.org', 'Load test')
    parsed = keys.parse_public_key(key['openssh'])
    db_api.store_pubkey(OPENID, parsed.format, parsed.body, '', parsed.md5_hash)


def start_server(url, workdir, workers, threads):
    conf = os.path.join(workdir, 'refstack.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\nlog_file = %s/api.log\n[ratelimit]\nenabled = false\n'
                '[database]\nconnection = %s\nmax_pool_size = %d\n'
                % (workdir, url, threads + 2))
    port = bench_api.free_port()
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), 'refstack-api'), '--bind',
         '127.0.0.1:%d' % port, '--workers', str(workers), '--threads', str(threads),
         '--worker-class', 'gthread', '--log-level', 'warning'],
        env=dict(os.environ, REFSTACK_OSLO_CONFIG=conf))
    base = 'http://127.0.0.1:%d' % port
    for _ in range(120):
        try:
            requests.get(base + '/v1/health', timeout=10)
            return server, base
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError('refstack-api did not start')


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--requests', type=int, default=800, help='total requests')
    parser.add_argument('--clients', type=int, default=8)
    parser.add_argument('--db', choices=('mysql', 'sqlite'), default='mysql')
    parser.add_argument('--workers', type=int, default=3)
    parser.add_argument('--threads', type=int, default=8)
    parser.add_argument('--seed', type=int, default=42)
    parser.add_argument('--upload-burst', type=int, default=0, metavar='N',
                        help='after the mix, N uploads of all 1,575 tests from the same '
                             'clients, for the upload rate')
    parser.add_argument('--url', help='load this running server (its /api root)')
    parser.add_argument('--database-url', help='the database of --url')
    parser.add_argument('--pid', type=int, action='append', default=[],
                        help='a process of --url whose memory is measured, with its '
                             'descendants (repeatable)')
    parser.add_argument('--cacert', metavar='PATH',
                        help='verify the TLS certificate of --url against this PEM file '
                             '(a CA or the server certificate) instead of the system CAs')
    args = parser.parse_args()
    if args.url and not args.database_url:
        parser.error('--url needs --database-url')
    if args.cacert and not args.url:
        parser.error('--cacert needs --url')

    import jwt
    key = bench_api.make_key()
    workdir = tempfile.mkdtemp(prefix='refstack-load-')
    print('work directory (server log, kept on failure): %s' % workdir)
    drop, server = (lambda: None), None
    try:
        if args.url:
            url, base, pids = args.database_url, args.url.rstrip('/'), args.pid
            prepare_database(url, key)
            where = args.url + (' (TLS verified with %s)' % args.cacert if args.cacert else '')
        else:
            url, drop = bench_api.create_database(args.db, workdir)
            prepare_database(url, key)
            server, base = start_server(url, workdir, args.workers, args.threads)
            pids = [server.pid]
            where = 'refstack-api (gunicorn gthread, %d workers x %d threads) on %s' % (
                args.workers, args.threads, args.db)
        token = jwt.encode({'user_openid': OPENID, 'exp': int(time.time()) + 3600},
                           key['pem'], algorithm='RS256')
        load = Load(base, key, token, bench_api.load_tests(), args.seed,
                    verify=args.cacert or True)
        # A few runs first, so that reads have something to read.
        for i in range(8):
            load.request('upload', random.Random(i))
        sampler = MemorySampler(pids)
        sampler.start()
        elapsed = load.run(args.requests, args.clients)
        print('%s\n%d requests from %d clients in %.1f s (%.1f req/s)'
              % (where, args.requests, args.clients, elapsed, args.requests / elapsed))
        print('%-13s %6s %9s %9s %9s' % ('request', 'count', 'p50 ms', 'p95 ms', 'max ms'))
        for kind, _weight in MIX:
            times = load.latency.get(kind) or [0]
            print('%-13s %6d %9.1f %9.1f %9.1f' % (kind, len(load.latency.get(kind, ())),
                                                   statistics.median(times),
                                                   pct(times, 0.95), max(times)))
        if args.upload_burst:
            elapsed = load.burst(args.upload_burst, args.clients)
            print('%d uploads of %s-test runs from %d clients in %.1f s (%.1f uploads/s)'
                  % (args.upload_burst, format(len(load.tests), ','), args.clients, elapsed,
                     args.upload_burst / elapsed))
        sampler.stopped.set()
        sampler.join()
        if pids:
            print('peak server memory: %.1f MB (sum of RSS over %d processes: pid %s '
                  'and descendants); largest process high-water mark %.1f MB'
                  % (sampler.peak_kb / 1024.0, len(sampler.hwm),
                     ', '.join(map(str, pids)), max(sampler.hwm.values() or [0]) / 1024.0))
        lost = check_stored(url, load.runs, OPENID)
        print('uploads: %d stored; errors: %d; lost or incomplete runs: %d'
              % (len(load.runs), len(load.errors), len(lost)))
        for error in load.errors[:10]:
            print('  error: %s' % (error,))
        for problem in lost[:10]:
            print('  lost: %s' % (problem,))
        status = 1 if load.errors or lost else 0
    finally:
        if server:
            server.terminate()
            server.wait(10)
        drop()
    if status == 0:
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())

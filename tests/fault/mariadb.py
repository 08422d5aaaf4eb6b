"""A private, throw-away MariaDB server for fault tests.

Its own data directory (initialised with mariadb-install-db), loopback port
and socket, so tests can stop, kill and restart it without touching the
shared server on 3306. Runs as root (``--user=root``), as the CI machine does.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pymysql

MARIADBD = os.environ.get('REFSTACK_MARIADBD', '/usr/sbin/mariadbd')
INSTALL_DB = shutil.which('mariadb-install-db') or shutil.which('mysql_install_db')


def available():
    return os.access(MARIADBD, os.X_OK) and INSTALL_DB is not None


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class PrivateMariaDB:
    """``install()`` once, then ``start()``/``stop()``/``kill()`` at will."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='refstack-mariadb-')
        self.datadir = os.path.join(self.dir, 'data')
        self.socket = os.path.join(self.dir, 'mariadb.sock')
        self.port = free_port()
        self.process = None

    def url(self, database='refstack'):
        return 'mysql+pymysql://root@127.0.0.1:%d/%s?charset=utf8mb4' % (self.port, database)

    def install(self):
        subprocess.run([INSTALL_DB, '--no-defaults', '--datadir=' + self.datadir,
                        '--user=root', '--auth-root-authentication-method=normal',
                        '--skip-test-db'], check=True, capture_output=True, timeout=120)
        return self

    def start(self, timeout=60):
        args = [MARIADBD, '--no-defaults', '--datadir=' + self.datadir, '--user=root',
                '--port=%d' % self.port, '--socket=' + self.socket,
                '--bind-address=127.0.0.1', '--skip-name-resolve',
                '--pid-file=' + os.path.join(self.dir, 'mariadb.pid'),
                '--log-error=' + os.path.join(self.dir, 'error.log'),
                '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M',
                '--performance-schema=OFF', '--skip-log-bin', '--max-connections=200']
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('mariadbd exited: %s' % self.log())
            try:
                self.connect().close()
                return self
            except pymysql.err.OperationalError:
                time.sleep(0.2)
        raise RuntimeError('mariadbd did not start: %s' % self.log())

    def connect(self, database=None):
        return pymysql.connect(host='127.0.0.1', port=self.port, user='root',
                               database=database, connect_timeout=2, autocommit=True)

    def query(self, sql, database='refstack'):
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            conn.close()

    def create_database(self, name='refstack'):
        self.query('CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
                   % name, database=None)

    def stop(self, timeout=60):
        """Clean shutdown (SIGTERM), as an operator's restart does."""
        self._signal(signal.SIGTERM, timeout)

    def kill(self):
        """A crash (SIGKILL)."""
        self._signal(signal.SIGKILL, 30)

    def _signal(self, signum, timeout):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signum)
            self.process.wait(timeout)
        self.process = None

    def log(self):
        try:
            with open(os.path.join(self.dir, 'error.log'), errors='replace') as f:
                return f.read()[-3000:]
        except OSError:
            return ''

    def destroy(self):
        if self.process is not None and self.process.poll() is None:
            self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

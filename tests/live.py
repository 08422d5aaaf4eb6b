"""A real RefStack server (refstack-dev-server: gunicorn, UI at /, API at /api)
on a free loopback port with a throw-away SQLite database, for browser and
client tests. The test process shares the database file, so tests can create
users and sessions directly."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from refstack.auth import sessions
from refstack.conf import CONF
from refstack.db import api as db_api

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class LiveServer:
    """Start with ``start()``, stop with ``stop()``; ``url`` is the base URL."""

    def __init__(self, extra_conf='', ui_dir=None, db_url=None):
        self.dir = tempfile.mkdtemp(prefix='refstack-live-')
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.db_url = db_url or 'sqlite:///%s/refstack.sqlite' % self.dir
        self.conf = os.path.join(self.dir, 'refstack.conf')
        with open(self.conf, 'w') as f:
            f.write('[DEFAULT]\nlog_file = %s/server.log\n[database]\nconnection = %s\n%s'
                    % (self.dir, self.db_url, extra_conf))
        self.ui_dir = ui_dir or os.path.join(ROOT, 'refstack-ui', 'dist')
        self.process = None

    def start(self, timeout=60):
        cmd = [sys.executable, '-c', 'from refstack.cmd import devserver; devserver.main()',
               '--port', str(self.port), '--state-path', self.dir, '--threads', '4',
               '--config-file', self.conf, '--ui-dir', self.ui_dir]
        self.log = open(os.path.join(self.dir, 'stdout.log'), 'wb')
        self.process = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                        cwd=ROOT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('server exited: %s' % self.output())
            try:
                urllib.request.urlopen(self.url + '/api/v1/results', timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError('server did not start: %s' % self.output())
        self._use_database()
        return self

    def _use_database(self):
        CONF([], project='refstack', default_config_files=[self.conf])
        db_api.reset()

    def output(self):
        with open(os.path.join(self.dir, 'stdout.log'), 'rb') as f:
            return f.read().decode('utf-8', 'replace')[-4000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        db_api.reset()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ helpers

    def create_user(self, openid, admin=False, email=None, fullname=None):
        self._use_database()
        db_api.save_user(openid, email or 'user@example.org', fullname or openid)
        if admin:
            db_api.add_user_to_group(db_api.get_foundation().group_id, openid)
        return openid

    def session_cookies(self, openid, admin=False):
        """Cookies of a signed-in browser: [{'name', 'value', 'url'}] (Playwright form)."""
        self.create_user(openid, admin=admin)
        token, session = sessions.create(openid)
        return [{'name': sessions.COOKIE_NAME, 'value': token, 'url': self.url},
                {'name': sessions.XSRF_COOKIE, 'value': session.xsrf_token, 'url': self.url}]

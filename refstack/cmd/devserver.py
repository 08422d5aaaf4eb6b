"""refstack-dev-server: the whole service on one port, laid out as in production.

The UI bundle (refstack-ui/dist) is served at ``/`` and the API app at
``/api``, on an embedded SQLite database under ``var/`` that is created and
migrated on start. ``etc/refstack.conf`` is read when it exists; its options
win over the development defaults set here.
"""

import argparse
import json
import os
import sys

from gunicorn.app import base as gunicorn_base
from oslo_log import log
from webob import static

from refstack.api import app as api_app
from refstack.conf import CONF
from refstack.db import migration

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
LOG = log.getLogger(__name__)


class Mount:
    """Dispatch ``prefix/...`` to one WSGI app and everything else to another."""

    def __init__(self, prefix, app, fallback):
        self.prefix = prefix
        self.app = app
        self.fallback = fallback

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path == self.prefix or path.startswith(self.prefix + '/'):
            environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + self.prefix
            environ['PATH_INFO'] = path[len(self.prefix):]
            return self.app(environ, start_response)
        return self.fallback(environ, start_response)


class UIApp:
    """The static UI bundle; config.json points the UI at this server's API."""

    def __init__(self, directory, api_url):
        self.files = static.DirectoryApp(directory, index_page='index.html')
        self.config = json.dumps({'refstackApiUrl': api_url}).encode()

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO') == '/config.json':
            start_response('200 OK', [('Content-Type', 'application/json'),
                                      ('Cache-Control', 'no-cache'),
                                      ('Content-Length', str(len(self.config)))])
            return [self.config]
        return self.files(environ, start_response)


def build_app(ui_dir):
    api = api_app.setup_app()
    if not os.path.isdir(ui_dir):
        LOG.warning('No UI bundle at %s: serving the API only (build it with '
                    '"npm run build" in refstack-ui).', ui_dir)
        return Mount('/api', api, api)
    return Mount('/api', api, UIApp(ui_dir, '/api/v1'))


def configure(host, port, state_path, config_files=()):
    """Load etc/refstack.conf (if any) and ``config_files`` over development defaults."""
    os.makedirs(state_path, exist_ok=True)
    base = 'http://%s:%d' % (host, port)
    CONF.set_default('state_path', state_path)
    CONF.set_default('ui_url', base)
    CONF.set_default('api_url', base + '/api', group='api')
    CONF.set_default('enable_anonymous_upload', True, group='api')
    conf_file = os.path.join(ROOT, 'etc', 'refstack.conf')
    files = [conf_file] if os.path.exists(conf_file) else []
    files += list(config_files)
    CONF([], project='refstack', default_config_files=files)
    log.setup(CONF, 'refstack')
    return ', '.join(files) or None


class DevServer(gunicorn_base.BaseApplication):

    def __init__(self, app, options):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8000)
    parser.add_argument('--state-path', default=os.path.join(ROOT, 'var'),
                        help='Directory of the SQLite database (default: var/).')
    parser.add_argument('--ui-dir', default=os.path.join(ROOT, 'refstack-ui', 'dist'))
    parser.add_argument('--threads', type=int, default=8)
    parser.add_argument('--config-file', action='append', default=[],
                        help='Extra configuration file read after etc/refstack.conf.')
    args = parser.parse_args(argv)
    conf_file = configure(args.host, args.port, args.state_path, args.config_file)
    print('Configuration: %s' % (conf_file or 'built-in development defaults'))
    print('Database: %s' % CONF.database.connection)
    migration.upgrade()
    app = build_app(args.ui_dir)
    print('RefStack is running at http://%s:%d/  (API: http://%s:%d/api/v1)  '
          'Press Ctrl-C to stop.' % (args.host, args.port, args.host, args.port))
    sys.stdout.flush()
    DevServer(app, {'bind': '%s:%d' % (args.host, args.port), 'workers': 1,
                    'worker_class': 'gthread', 'threads': args.threads,
                    'accesslog': '-', 'loglevel': 'warning',
                    # Paths without their query: sign-in answers carry credentials.
                    'access_log_format': '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'}).run()

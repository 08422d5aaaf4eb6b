"""refstack-api: serve the API with gunicorn.

Gunicorn's own options pass through, e.g.
``refstack-api --bind 127.0.0.1:8080 --workers 2
--env REFSTACK_OSLO_CONFIG=/etc/refstack/refstack.conf``.
The default bind address is 0.0.0.0:8000.
"""

from gunicorn.app import base as gunicorn_base


class APIServer(gunicorn_base.Application):

    def init(self, parser, opts, args):
        if args:
            parser.error('unexpected arguments: %s' % ' '.join(args))
        return {'bind': opts.bind or ['0.0.0.0:8000']}

    def load(self):
        from refstack.api import wsgi
        return wsgi.initialize_application()


def main():
    APIServer('%(prog)s [OPTIONS]').run()

"""/v1/health: readiness of this API node, for load balancers and monitoring.

``GET /v1/health`` makes one short read (the alembic version table):

* 200 ``{"status": "ok", "database": "ok", "schema": {"current": "0002",
  "head": "0002"}}`` when the database answers and its schema is at the
  revision this code was built for;
* 503 in the application error envelope otherwise, with the same keys
  (``status`` is ``"error"``, ``database`` is ``"unreachable"`` when it does
  not answer) and a ``Retry-After`` header.

It needs no identity, is not rate limited and is never cached.
"""

import pecan
from pecan import rest

from refstack.common import exception
from refstack.db import migration

RETRY_AFTER = 5


class HealthController(rest.RestController):
    """/v1/health"""

    @pecan.expose('json')
    def get_all(self):
        status = migration.schema_status()
        body = {'status': 'ok' if status['ok'] else 'error',
                'database': status['database'],
                'schema': {'current': status['current'], 'head': status['head']}}
        pecan.response.headers['Cache-Control'] = 'no-store'
        if status['ok']:
            return body
        if status['database'] != 'ok':
            message = 'The database is unreachable.'
        elif status['current'] is None:
            message = ('The database has no schema: run "refstack-manage upgrade".')
        else:
            message = ('The database schema is at revision %s, this code needs %s: run '
                       '"refstack-manage upgrade".' % (status['current'], status['head']))
        error = exception.ServiceUnavailable(message, extra=dict(body, retry_after=RETRY_AFTER))
        error.headers = {'Retry-After': str(RETRY_AFTER), 'Cache-Control': 'no-store'}
        raise error

"""/v1/audit: the log of state changes, for Foundation admins."""

import pecan
from pecan import rest

from refstack.api import hooks
from refstack.api import utils
from refstack.common import exception
from refstack.common import policy
from refstack.db import api as db_api

DEFAULT_LIMIT = 50


def event_dict(event):
    return {'id': event.id, 'created_at': str(event.created_at), 'actor': event.actor,
            'action': event.action, 'object_type': event.object_type,
            'object_id': event.object_id,
            'before': utils.json_or_none(event.before),
            'after': utils.json_or_none(event.after)}


class AuditController(rest.RestController):
    """GET /v1/audit?object_type=vendor&object_id=<id>&actor=<openid>&limit=&marker="""

    @pecan.expose('json')
    def get_all(self, **kwargs):
        context = hooks.current_context()
        policy.authorize('refstack:audit:list', {}, context)
        params = pecan.request.GET
        limit = utils.parse_limit(params.get('limit'), DEFAULT_LIMIT)
        marker = None
        if params.get('marker'):
            try:
                marker = int(params['marker'])
            except ValueError:
                raise exception.ParameterError('Invalid marker: not an integer')
        events = db_api.list_audit_events(
            {key: params.get(key) for key in ('object_type', 'object_id', 'actor')},
            limit, marker)
        return {'events': [event_dict(e) for e in events],
                'pagination': {'limit': limit,
                               'next_marker': events[-1].id if len(events) == limit
                               else None}}

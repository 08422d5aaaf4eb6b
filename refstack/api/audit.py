"""Recording state changes in the audit log (read at GET /v1/audit)."""

import json

from oslo_db import exception as db_exc
from oslo_log import log

from refstack.db import api as db_api

LOG = log.getLogger(__name__)


def _dump(values):
    return json.dumps(values, sort_keys=True, default=str) if values is not None else None


def record(context, action, object_type, object_id, before=None, after=None):
    """Log that ``context``'s user did ``action`` to an object.

    Called after the change is stored; a failure to write the event is
    logged, never turned into an error for a change that already happened.
    """
    try:
        db_api.record_audit_event(context.user_openid, action, object_type, object_id,
                                  _dump(before), _dump(after))
    except db_exc.DBError:
        LOG.exception('Could not record audit event %s %s %s', action, object_type,
                      object_id)


def changes(obj, values):
    """(before, after) dicts of the fields ``values`` sets on ``obj``."""
    return ({key: getattr(obj, key, None) for key in values}, dict(values))

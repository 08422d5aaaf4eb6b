"""Per-request context: who is calling and how."""

from oslo_context import context

AUTH_SESSION = 'session'
AUTH_TOKEN = 'token'


class RequestContext(context.RequestContext):
    """Identity of the caller.

    :param user_openid: the signed-in user's openid, or None.
    :param auth_method: AUTH_SESSION, AUTH_TOKEN or None.
    :param auth_error: why a presented credential was refused (shown by
        endpoints that need a signed-in caller).
    :param access: (is_foundation, org_ids) when already known.
    :param access_loader: callable(openid) -> (is_foundation, org_ids); called
        at most once, when a rule first needs it and ``access`` was not given.
    """

    def __init__(self, user_openid=None, auth_method=None, auth_error=None,
                 access=None, access_loader=None, session_id=None, **kwargs):
        super().__init__(**kwargs)
        self.user_openid = user_openid
        self.auth_method = auth_method
        self.auth_error = auth_error
        self.session_id = session_id
        self._access_loader = access_loader
        self._access = access

    @property
    def is_authenticated(self):
        return self.user_openid is not None

    def _load_access(self):
        if self._access is None:
            if self.is_authenticated and self._access_loader is not None:
                self._access = self._access_loader(self.user_openid)
            else:
                self._access = (False, frozenset())
        return self._access

    @property
    def is_foundation(self):
        return self._load_access()[0]

    @property
    def org_ids(self):
        """Ids of the organizations (vendors) the caller belongs to."""
        return self._load_access()[1]

    def to_policy_values(self):
        values = {'roles': ['foundation'] if self.is_foundation else []}
        if self.is_authenticated:
            values['user_openid'] = self.user_openid
        return values

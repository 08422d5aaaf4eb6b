"""Domain exceptions.

Every error the service reports is one of these. Each carries the HTTP status
``code`` and the envelope it is rendered in; the API edge
(:mod:`refstack.api.errors`) is the only place that turns them into responses.

Two envelopes exist on the wire (api-contract 1.6):

* ``ENVELOPE_APP`` (shape B): ``{"title": <message>, "code": <int>}``, used for
  validation errors, missing rows and duplicates.
* ``ENVELOPE_HTTP`` (shape A): ``{"code": <int>, "title": <reason phrase>,
  "detail": <message>}``, used for access errors and aborts.
"""

ENVELOPE_APP = 'app'
ENVELOPE_HTTP = 'http'


class RefstackException(Exception):
    """Base of all domain errors.

    :param message: text shown to the client; defaults to ``msg_fmt``
        formatted with ``kwargs``.
    """

    code = 500
    envelope = ENVELOPE_APP
    msg_fmt = 'Internal Server Error'
    headers = None

    def __init__(self, message=None, extra=None, **kwargs):
        if message is None:
            message = self.msg_fmt % kwargs if kwargs else self.msg_fmt
        self.message = message
        # Extra keys merged into the JSON error body.
        self.extra = extra or {}
        super().__init__(message)


# Shape B (application) errors -------------------------------------------

class ValidationError(RefstackException):
    code = 400
    msg_fmt = 'Request doesnt correspond to schema'


class MalformedRequest(ValidationError):
    msg_fmt = 'Malformed request'


class ParameterError(ValidationError):
    """A query parameter has a bad value."""


class NotFound(RefstackException):
    code = 404
    msg_fmt = 'Not found'


class TestResultNotFound(NotFound):
    msg_fmt = 'Test result %(test_id)s not found'


class ProductNotFound(NotFound):
    msg_fmt = 'Product with id "%(product_id)s" not found'


class ProductVersionNotFound(NotFound):
    msg_fmt = 'Version with id "%(version_id)s" not found'


class OrganizationNotFound(NotFound):
    msg_fmt = 'Organization with id %(org_id)s not found'


class UserNotFound(NotFound):
    msg_fmt = 'User %(openid)s not found'


class Conflict(RefstackException):
    code = 409
    msg_fmt = 'Conflict'


class PubkeyAlreadyExists(Conflict):
    msg_fmt = 'Public key already exists.'


class DuplicateTestResult(Conflict):
    """The same run was uploaded before; ``test_id`` names the stored one."""

    msg_fmt = 'This test run was already uploaded as %(test_id)s.'

    def __init__(self, test_id, extra=None):
        super().__init__(test_id=test_id, extra=extra)
        self.test_id = test_id


class PayloadTooLarge(RefstackException):
    code = 413
    msg_fmt = 'Request body is too large.'


class UnsupportedMediaType(RefstackException):
    code = 415
    msg_fmt = 'Unsupported content type.'


class ServiceUnavailable(RefstackException):
    code = 503
    msg_fmt = 'The database is unavailable, please retry later.'
    headers = {'Retry-After': '5'}


# Shape A (HTTP) errors ---------------------------------------------------

class HTTPError(RefstackException):
    envelope = ENVELOPE_HTTP
    msg_fmt = ''


class BadRequest(HTTPError):
    code = 400


class Unauthorized(HTTPError):
    code = 401


class NotAuthenticated(Unauthorized):
    """The "must be logged in" guard; its detail is ``null`` on the wire."""

    def __init__(self, message=None, **kwargs):
        super().__init__(message, **kwargs)
        self.message = message


class Forbidden(HTTPError):
    code = 403


class HTTPNotFound(HTTPError):
    code = 404


class MethodNotAllowed(HTTPError):
    code = 405


class TooManyRequests(HTTPError):
    code = 429
    msg_fmt = 'Too many requests, please retry later.'


class GuidelineNotFound(NotFound):
    msg_fmt = 'Guideline %(name)s not found'


# Vendors and products ----------------------------------------------------

class InvalidOrganization(ValidationError):
    """A body names an organization that does not exist (400, not 404)."""

    msg_fmt = 'Organization with id %(org_id)s not found'


class VendorUserNotFound(UserNotFound):
    msg_fmt = ('User %(openid)s not found: a user must sign in to RefStack once '
               'before joining a vendor.')


class InvalidOpenidEncoding(ValidationError):
    msg_fmt = 'Invalid user id: expected the base64 encoding of an openid.'


class ProductVersionAlreadyExists(Conflict):
    msg_fmt = 'Version "%(version)s" already exists for this product.'


class InvalidOrganizationState(BadRequest):
    msg_fmt = 'Invalid organization state for this action.'


class OrganizationInUse(BadRequest):
    msg_fmt = ('Unable to delete. There are still tests associated to products for '
               'this vendor.')


class ProductInUse(BadRequest):
    msg_fmt = ('Unable to delete. There are still tests associated to versions of '
               'this product.')


class ProductVersionInUse(BadRequest):
    msg_fmt = 'Unable to delete. There are still tests associated to this product version.'


class ImplicitVersionNotDeletable(BadRequest):
    msg_fmt = ('Can not delete the empty version as it is used for basic product/test '
               'association. This version was implicitly created with the product, and '
               'so it cannot be deleted explicitly.')


class LastVendorMember(Forbidden):
    msg_fmt = ('The last member of a vendor can not be removed; ask the Foundation to '
               'do it.')

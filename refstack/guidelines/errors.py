"""Guideline errors; the API edge renders them like every domain exception."""

from refstack.common import exception

GuidelineNotFound = exception.GuidelineNotFound


class InvalidTarget(exception.ParameterError):
    # Same text as the original's 200 text/plain body (api-contract 2.2.3).
    msg_fmt = 'Invalid target: %(target)s'


class UnsupportedSchema(exception.ValidationError):
    # The UI's wording (ui.md 2.5.1 step 2).
    msg_fmt = 'Guideline %(name)s: schema version %(schema)s not supported'


class InvalidGuideline(exception.ValidationError):
    """A document is not a usable guideline (sync and loading only)."""

    msg_fmt = 'Invalid guideline: %(reason)s'

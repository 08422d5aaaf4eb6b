"""/v1/guidelines: interop guidelines served from local data (G1-G3).

Wire behaviour (api-contract 2.2) with the fixes of D21:

* ``GET /v1/guidelines`` (G1): ``{"powered": [...], "<add-on>": [...]}``,
  every group sorted by file name.
* ``GET /v1/guidelines/{name}`` and ``{name}.json`` (G2): the file's JSON.
  An unknown or malformed name is 404 ``Guideline <name> not found`` (the
  original answered 500 after asking GitHub).
* ``GET /v1/guidelines/{name}/tests`` (G3): ``text/plain; charset=UTF-8``, the
  original's exact list (an empty selection is 204 with an empty body, as
  pecan made it for the original too). Repeated query parameters: the last
  one counts. Changed: an unknown guideline is 404 and an unknown
  target 400 ``Invalid target: <t>``, JSON errors like the rest of the API
  (the original said both with status 200 text bodies). ``[guidelines]
  legacy_test_list_errors = true`` restores the 200 text answers.

Guidelines are public data: no policy check, no identity needed.
"""

import pecan
from pecan import rest

from refstack.api import render
from refstack.common import exception
from refstack import guidelines
from refstack.guidelines import catalogue
from refstack.guidelines import errors
from refstack.guidelines import model
from refstack.guidelines import testlist


class GuidelinesController(rest.RestController):
    """G1-G3."""

    _custom_actions = {'tests': ['GET']}

    @pecan.expose('json')
    def get_all(self, **kwargs):
        """G1: every listed guideline file, grouped."""
        return guidelines.listing()

    @pecan.expose('json')
    def get_one(self, name, *remainder, **kwargs):
        """G2: the guideline document, unchanged."""
        if remainder:
            raise exception.GuidelineNotFound(
                name=model.echo('/'.join((name,) + remainder)))
        return render.text(guidelines.get(name))

    @pecan.expose(content_type='text/plain')
    def get_tests(self, *args, **kwargs):
        """G3: ``?target=platform&type=required,advisory&alias=true&flag=true``."""
        name = args[0] if len(args) == 1 else None
        shown = '/'.join(args + ('tests',)) if name is None else name
        target = testlist.last(kwargs.get('target'))
        if target is None or target == '':
            target = guidelines.DEFAULT_TARGET
        types = testlist.parse_types(kwargs.get('type'))
        alias = testlist.parse_bool(kwargs.get('alias'))
        flag = testlist.parse_bool(kwargs.get('flag'))
        try:
            if name is None:
                raise exception.GuidelineNotFound(name=model.echo(shown))
            return guidelines.test_list(name, target, types, alias, flag)
        except (exception.GuidelineNotFound, errors.InvalidTarget) as exc:
            if not catalogue.settings()['legacy_test_list_errors']:
                raise
            if isinstance(exc, errors.InvalidTarget):
                return 'Invalid target: %s' % model.echo(target)
            return 'Error getting JSON content for version: %s' % model.echo(shown)

"""/v1: one attribute per resource."""

from refstack.api.controllers.v1 import results


class V1Controller:
    results = results.ResultsController()

"""/v1/openapi.json: the OpenAPI 3.1 description of this API."""

import pecan
from pecan import rest

from refstack.api import openapi


class OpenAPIController(rest.RestController):
    """/v1/openapi.json (also /v1/openapi)"""

    @pecan.expose('json')
    def get_all(self):
        pecan.response.headers['Cache-Control'] = 'public, max-age=3600'
        return openapi.for_mount(pecan.request.script_name)

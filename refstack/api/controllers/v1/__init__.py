"""/v1: one attribute per resource."""

from refstack.api.controllers.v1 import audit
from refstack.api.controllers.v1 import auth
from refstack.api.controllers.v1 import guidelines
from refstack.api.controllers.v1 import health
from refstack.api.controllers.v1 import openapi
from refstack.api.controllers.v1 import products
from refstack.api.controllers.v1 import profile
from refstack.api.controllers.v1 import results
from refstack.api.controllers.v1 import vendors


class V1Controller:
    results = results.ResultsController()
    audit = audit.AuditController()
    guidelines = guidelines.GuidelinesController()
    vendors = vendors.VendorsController()
    products = products.ProductsController()
    auth = auth.AuthController()
    profile = profile.ProfileController()
    health = health.HealthController()
    openapi = openapi.OpenAPIController()

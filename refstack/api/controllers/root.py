"""Application root: only /v1 exists below it."""

from refstack.api.controllers import v1


class RootController:
    v1 = v1.V1Controller()

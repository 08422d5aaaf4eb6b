# mod_wsgi entry point: WSGIScriptAlias /api /path/to/refstack/api/app.wsgi
from refstack.api import wsgi

application = wsgi.initialize_application()

"""The OpenAPI 3.1 description of the /v1 API (``refstack/api/openapi.yaml``).

The YAML file is the maintained source; it is parsed once per process and
served as JSON at ``GET /v1/openapi.json`` (``/api/v1/openapi.json`` in
production), with ``servers`` pointing at where this app is mounted.
"""

import copy
import os
import threading

import yaml

PATH = os.path.join(os.path.dirname(__file__), 'openapi.yaml')

_lock = threading.Lock()
_document = {}


def document():
    """The parsed document (shared: do not change it)."""
    with _lock:
        if not _document:
            with open(PATH, encoding='utf-8') as f:
                _document.update(yaml.safe_load(f))
        return _document


def for_mount(script_name):
    """The document with ``servers`` set to the app's mount point (e.g. /api)."""
    doc = copy.copy(document())
    doc['servers'] = [{'url': script_name or '/',
                       'description': 'This RefStack API (paths start with /v1).'}]
    return doc

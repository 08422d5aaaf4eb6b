"""Helpers over the OpenAPI document: the app's routes found by walking the
Pecan controllers, the documented operations, and response validation."""

import re

import jsonschema
from pecan import rest
from pecan import util as pecan_util

from refstack.api.controllers import root
from refstack.api import openapi

METHODS = ('get', 'put', 'post', 'delete', 'patch')
REST_HANDLERS = {'get_all': 'GET', 'get_one': 'GET', 'post': 'POST', 'put': 'PUT',
                 'delete': 'DELETE'}


def normalize(path):
    """/v1/results/{test_id}/meta -> /v1/results/{}/meta; a final .json is dropped."""
    path = re.sub(r'\{[^}]*\}', '{}', path)
    return path[:-len('.json')] if path.endswith('.json') else path


# ------------------------------------------------------------- app routes

def _exposed(func):
    return bool(getattr(func, 'exposed', False))


def _argspec(func):
    spec = pecan_util.getargspec(func)
    return [a for a in spec.args if a != 'self'], spec.varargs


def _rest_routes(controller, prefix, inherited):
    """(METHOD, path) pairs of a RestController mounted at ``prefix``.

    ``inherited`` is the number of leading handler arguments that are ids
    of parent resources (/v1/results/{id}/meta -> 1).
    """
    routes = set()
    for name, method in REST_HANDLERS.items():
        func = getattr(controller, name, None)
        if func is None or not _exposed(func):
            continue
        named, varargs = _argspec(func)
        own = len(named) - inherited
        if name == 'get_all' or (name == 'post' and own <= 0 and not varargs):
            routes.add((method, prefix))
        elif own > 0 or (varargs and name != 'get_one'):
            # One id segment (several for a multi-segment id such as base64).
            routes.add((method, prefix + '/{}' * max(own, 1)))
        # get_one(self, *args) alone is a catch-all answering 404: no route.
    for action, verbs in getattr(controller, '_custom_actions', {}).items():
        for verb in verbs:
            func = getattr(controller, '%s_%s' % (verb.lower(), action), None)
            if func is None:
                func = getattr(controller, action)
            named, varargs = _argspec(func)
            takes_id = len(named) > inherited or varargs
            routes.add((verb, prefix + ('/{}' if takes_id else '') + '/' + action))
    # Sub-controllers sit after as many segments as get_one has fixed arguments.
    get_one = getattr(controller, 'get_one', None)
    fixed = 0
    if get_one is not None:
        named, _varargs = _argspec(get_one)
        fixed = max(len(named) - inherited, 0)
    for name in dir(type(controller)):
        child = getattr(controller, name, None)
        if name.startswith('_') or not isinstance(child, rest.RestController):
            continue
        routes |= _rest_routes(child, prefix + '/{}' * fixed + '/' + name, inherited + fixed)
    return routes


def app_routes():
    """Every (METHOD, normalized path) the Pecan controller tree routes."""
    routes = set()
    for name in dir(root.RootController):
        if name.startswith('_'):
            continue
        version = getattr(root.RootController, name)
        for resource in dir(type(version)):
            controller = getattr(version, resource)
            if resource.startswith('_') or not isinstance(controller, rest.RestController):
                continue
            routes |= _rest_routes(controller, '/%s/%s' % (name, resource), 0)
    return {(method, normalize(path)) for method, path in routes}


# ---------------------------------------------------------- the document

def document():
    return openapi.document()


def operations(doc=None):
    """[(METHOD, path, operation, parameters)] of the document."""
    doc = doc or document()
    out = []
    for path, item in doc['paths'].items():
        shared = item.get('parameters', [])
        for method in METHODS:
            if method in item:
                op = item[method]
                params = [resolve(doc, p) for p in shared + op.get('parameters', [])]
                out.append((method.upper(), path, op, params))
    return out


def documented_routes(doc=None):
    return {(method, normalize(path)) for method, path, _op, _params in operations(doc)}


def resolve(doc, node):
    """Follow a local $ref (#/components/...)."""
    while isinstance(node, dict) and '$ref' in node:
        target = doc
        for part in node['$ref'].lstrip('#/').split('/'):
            target = target[part.replace('~1', '/').replace('~0', '~')]
        node = target
    return node


def response_schema(doc, method, path, status, content_type):
    """The documented schema of a response, or raise AssertionError if the
    status or content type is not documented. None: no body documented."""
    op = doc['paths'][path][method.lower()]
    responses = op['responses']
    response = responses.get(str(status)) or responses.get('default')
    if response is None:
        raise AssertionError('%s %s: status %s is not documented' % (method, path, status))
    response = resolve(doc, response)
    content = response.get('content')
    if not content:
        return None
    base = (content_type or '').split(';')[0].strip()
    if base not in content:
        raise AssertionError('%s %s %s: content type %r is not documented (%s)'
                             % (method, path, status, base, ', '.join(content)))
    return content[base].get('schema')


def validate_response(doc, method, path, resp):
    """Check a webtest response against the document (status, type, body)."""
    schema = response_schema(doc, method, path, resp.status_int, resp.content_type)
    if schema is None or not resp.content_type.endswith('json'):
        return
    validator = jsonschema.Draft202012Validator(
        {'allOf': [schema], 'components': doc['components']})
    errors = sorted(validator.iter_errors(resp.json), key=lambda e: list(e.path))
    if errors:
        raise AssertionError('%s %s %s: %s\nbody: %s' % (
            method, path, resp.status_int, errors[0].message, resp.body[:500]))

"""JSON output with ``<``, ``>`` and ``&`` escaped (``\\u003c``...).

Stored text (test names, vendor descriptions, metadata) is returned verbatim
as JSON data; escaping these characters keeps it from ever reading as markup,
whatever a client, proxy or browser makes of a body. JSON parsers decode the
escapes to the original characters, so the data is unchanged.
"""

import json

from pecan import templating

_ESCAPES = {ord('<'): '\\u003c', ord('>'): '\\u003e', ord('&'): '\\u0026'}


def escape(text):
    """Escape <, > and & in JSON text (they only occur inside strings)."""
    if '<' in text or '>' in text or '&' in text:  # rare: skip the copy
        return text.translate(_ESCAPES)
    return text


def dumps(obj):
    return text(json.dumps(obj))


def text(json_text):
    """JSON text made elsewhere (e.g. kept between requests), escaped."""
    return Rendered(escape(json_text))


class Rendered(str):
    """JSON text made by :func:`dumps`; the renderer passes it through.

    A handler exposed as ``json`` may return one (e.g. a cached body)
    instead of the data to encode.
    """


class JsonRenderer(templating.JsonRenderer):
    """Pecan's ``json`` renderer, escaped."""

    def render(self, template_path, namespace):
        if isinstance(namespace, Rendered):
            return str(namespace)
        return escape(super().render(template_path, namespace))

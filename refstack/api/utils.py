"""Helpers shared by controllers: query parameters, paging and URLs."""

import datetime
import json
import math
import urllib.parse

from refstack.common import exception
from refstack.conf import CONF


def parse_date(value, name):
    """Parse a date filter with [api]/input_date_format.

    :raises: ParameterError 'Invalid date format: ...'
    """
    try:
        return datetime.datetime.strptime(value, CONF.api.input_date_format)
    except (ValueError, TypeError) as e:
        raise exception.ParameterError('Invalid date format: %s' % e)


def parse_date_range(params):
    start = parse_date(params['start_date'], 'start_date') if params.get('start_date') else None
    end = parse_date(params['end_date'], 'end_date') if params.get('end_date') else None
    if start and end and start > end:
        raise exception.ParameterError('Invalid dates: start_date more than end_date')
    return start, end


def parse_page(value):
    """The requested page number (1 when absent).

    :raises: ParameterError with the original's titles.
    """
    if value is None or value == '':
        return 1
    try:
        page = int(value)
    except (ValueError, TypeError):
        raise exception.ParameterError(
            'Invalid page number: The page number can not be converted to an integer')
    if page <= 0:
        raise exception.ParameterError(
            'Invalid page number: The page number less or equal zero.')
    if page > CONF.api.max_page_number:
        raise exception.ParameterError(
            'Invalid page number: The page number is greater than the total number '
            'of pages.')
    return page


def page_window(page, total, per_page):
    """Return (total_pages, offset) for ``page`` of ``total`` items.

    :raises: ParameterError when the page is beyond the last one (page 1 is
        always accepted).
    """
    total_pages = int(math.ceil(total / float(per_page)))
    if page > 1 and page > total_pages:
        raise exception.ParameterError(
            'Invalid page number: The page number is greater than the total number '
            'of pages.')
    return total_pages, (page - 1) * per_page


def parse_limit(value, default, maximum=1000):
    if value is None or value == '':
        return default
    try:
        limit = int(value)
    except (TypeError, ValueError):
        raise exception.ParameterError('Invalid limit: not an integer')
    if limit <= 0:
        raise exception.ParameterError('Invalid limit: must be positive')
    return min(limit, maximum)


def result_url(test_id):
    """The UI URL of a run (urljoin of ui_url and test_results_url)."""
    return urllib.parse.urljoin(CONF.ui_url, CONF.api.test_results_url % test_id)


def str_to_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ('true', 'yes', '1')


def merged_params(request):
    """Query/form parameters, overlaid by the keys of a JSON object body.

    This is how keyword handlers of the original read their input
    (api-contract 1.2): a JSON body counts when Content-Type is
    application/json.
    """
    params = dict(request.params)
    if request.content_type == 'application/json' and request.body:
        body = request_json(request)
        if isinstance(body, dict):
            params.update(body)
    return params


def request_json(request):
    """The request body as JSON, parsed at most once per request.

    :raises: MalformedRequest
    """
    try:
        return request.json
    except ValueError:
        raise exception.MalformedRequest()


def json_or_none(text):
    """Decode stored JSON text; None stays None."""
    return json.loads(text) if text else None

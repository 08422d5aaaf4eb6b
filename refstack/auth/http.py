"""HTTP calls from the API to identity providers.

Every call has a timeout ([auth]/idp_timeout), verifies TLS (unless
[api]/app_dev_mode), follows at most a few redirects and reads at most
MAX_BODY bytes, so a slow or hostile provider cannot hang or exhaust a worker.
"""

import requests
import urllib3

from refstack.conf import CONF

MAX_BODY = 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = 'RefStack'


class FetchError(Exception):
    """The provider could not be reached or answered unusably.

    :param unavailable: True for timeouts and connection failures.
    """

    def __init__(self, message, unavailable=False):
        super().__init__(message)
        self.unavailable = unavailable


def new_session():
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    session.headers['User-Agent'] = USER_AGENT
    return session


def request_options():
    """Keyword arguments every requests call to a provider takes."""
    return {'timeout': CONF.auth.idp_timeout, 'verify': not CONF.api.app_dev_mode}


def fetch(method, url, **kwargs):
    """Make one request; returns (status, final URL, headers, body bytes).

    :raises: FetchError
    """
    if not isinstance(url, str) or not url.lower().startswith(('https://', 'http://')):
        raise FetchError('not an http(s) URL: %r' % (url,))
    options = request_options()
    options.update(kwargs)
    try:
        with new_session() as session:
            with session.request(method, url, stream=True, **options) as response:
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
                if len(body) > MAX_BODY:
                    raise FetchError('response from %s is too large' % url)
                return response.status_code, response.url, dict(response.headers), body
    except (requests.Timeout, requests.ConnectionError,
            urllib3.exceptions.TimeoutError) as e:
        raise FetchError('%s: %s' % (url, e), unavailable=True)
    except (requests.RequestException, urllib3.exceptions.HTTPError, ValueError) as e:
        raise FetchError('%s: %s' % (url, e))

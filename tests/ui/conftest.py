"""Fixtures for browser tests: the real server and Debian's Chromium via Playwright.

* ``live_server``: a running refstack-dev-server (tests.live.LiveServer) with
  the built UI bundle; its ``url`` is the base URL (UI at /, API at /api).
* ``browser``: Playwright's Chromium from /usr/bin/chromium (never a
  downloaded browser).
* ``page``: a fresh anonymous page; ``signed_in_page(openid, admin=False)``
  returns a page whose context carries a signed-in session.
"""

import os

from playwright.sync_api import expect
import pytest

from tests import live

expect.set_options(timeout=30000)

CHROMIUM = os.environ.get('CHROME_BIN', '/usr/bin/chromium')
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update',
                 '--disable-sync']


@pytest.fixture(scope='session')
def live_server():
    if not os.path.exists(os.path.join(live.ROOT, 'refstack-ui', 'dist', 'index.html')):
        pytest.fail('The UI bundle is missing: run "npm run build" in refstack-ui '
                    '(tools/install.sh does).')
    server = live.LiveServer(extra_conf='[api]\nenable_anonymous_upload = true\n').start()
    yield server
    server.stop()


@pytest.fixture(scope='session')
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope='session')
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.fail('Chromium is missing at %s: apt-get install chromium '
                    '(tools/install.sh --test does).' % CHROMIUM)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# Generous: CI machines have two cores shared with the server under test.
TIMEOUT_MS = 30000


def _new_context(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser):
    context = _new_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def signed_in_page(browser, live_server):
    contexts = []

    def make(openid, admin=False):
        context = _new_context(browser)
        context.add_cookies(live_server.session_cookies(openid, admin=admin))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

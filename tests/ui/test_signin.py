"""Signing in through a real local OpenID 2.0 provider, in the browser."""

import os
import re

from playwright.sync_api import expect
import pytest

from tests import idp
from tests import live

from .helpers import screenshot


@pytest.fixture
def openid_site():
    provider = idp.OpenID2Provider()
    server = live.LiveServer(
        extra_conf='[osid]\nopenstack_openid_endpoint = %s\n' % provider.endpoint)
    server.start()
    yield server, provider
    server.stop()
    provider.stop()


def test_sign_in_and_out(openid_site, browser):
    server, provider = openid_site
    if not os.path.exists(os.path.join(server.ui_dir, 'index.html')):
        pytest.fail('The UI bundle is missing: run "npm run build" in refstack-ui.')
    context = browser.new_context(viewport={'width': 1280, 'height': 900})
    page = context.new_page()
    page.goto(server.url + '/#/')
    page.get_by_role('link', name='Sign In / Sign Up').click()
    # The provider approves at once and sends the browser back to the UI.
    expect(page.get_by_role('link', name='Sign Out')).to_be_visible()
    page.get_by_role('link', name='Profile').click()
    expect(page.get_by_text('alice@example.org')).to_be_visible()
    screenshot(page, 'signed-in-profile')
    assert any(path == '/openid2' for _method, path in provider.calls)
    page.get_by_role('link', name='Sign Out').click()
    expect(page.get_by_role('link', name='Sign In / Sign Up')).to_be_visible()
    context.close()


def test_cancelled_sign_in_shows_failure_page(openid_site, browser):
    server, provider = openid_site
    provider.user = None
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + '/#/')
    page.get_by_role('link', name='Sign In / Sign Up').click()
    expect(page).to_have_url(re.compile('auth_failure'))
    expect(page.get_by_role('link', name='Sign In / Sign Up')).to_be_visible()
    context.close()

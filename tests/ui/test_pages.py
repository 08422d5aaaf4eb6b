"""Browser tests: every public page renders and behaves (RefStack UI)."""
import re
import urllib.parse

from playwright.sync_api import expect

from .helpers import Api, SigningKey, screenshot, watch

OWNER = 'https://openstackid.org/ui-owner'


def seed_runs(live_server, signed_in_page, count=22):
    """Shared runs for the result pages: one compliant and one failing run
    against 2020.06 platform, plus enough others for two pages."""
    owner = signed_in_page(OWNER)
    owner.goto(live_server.url + '/')
    api = Api(live_server.url, owner.context)
    key = SigningKey('owner-key')
    api.register_key(key)
    names = api.required_tests('2020.06.json', 'platform')
    assert len(names) > 200
    good = api.upload(key, names, cpid='cloud-good')
    bad = api.upload(key, names[:-5], cpid='cloud-bad')
    for run_id in (good, bad):
        api.set_meta(run_id, 'shared', 'true')
    api.set_meta(good, 'guideline', '2020.06.json')
    api.set_meta(good, 'target', 'platform')
    others = []
    for index in range(count - 2):
        run_id = api.upload(key, names[:10], cpid='cloud-%d' % index)
        api.set_meta(run_id, 'shared', 'true')
        others.append(run_id)
    owner.context.close()
    return {'good': good, 'bad': bad, 'others': others}


def test_home_page_renders(page, live_server):
    page_errors = watch(page)
    page.goto(live_server.url + '/')
    expect(page.get_by_role('heading', level=1)).to_have_text('OpenStack Interoperability')
    expect(page.get_by_text('OpenStack Powered Object Storage')).to_be_visible()
    expect(page.get_by_role('link', name='Sign In / Sign Up')).to_be_visible()
    screenshot(page, 'home')
    assert not page_errors


def test_about_sections_and_deep_links(page, live_server):
    page_errors = watch(page)
    page.goto(live_server.url + '/#/about')
    expect(page.get_by_role('heading', level=1)).to_have_text('About RefStack')
    expect(page.locator('.rs-doc')).to_contain_text('How a run is scored')
    page.get_by_role('link', name='Uploading Your Results').click()
    expect(page).to_have_url(re.compile(r'#/about/uploading-your-results$'))
    expect(page.locator('.rs-doc')).to_contain_text('refstack-client sign')
    page.reload()
    expect(page.get_by_role('heading', level=1)).to_have_text('Uploading Your Results')
    page.goto(live_server.url + '/#/about#vendors-and-products')
    expect(page.get_by_role('heading', level=1)).to_have_text('Vendors and Products')
    screenshot(page, 'about')
    assert not page_errors


def test_guidelines_filters_and_test_list(page, live_server):
    page_errors = watch(page)
    page.goto(live_server.url + '/#/guidelines')
    version = page.get_by_label('Version')
    expect(version).to_have_value(re.compile(r'2020\.06'))
    expect(page.get_by_text('Guideline status')).to_be_visible()
    caps = page.locator('.rs-capabilities > li')
    expect(caps).to_have_count(78)
    # An older (schema 1.6) guideline with advisory and deprecated capabilities.
    version.select_option(label='2017.09')
    expect(page).to_have_url(re.compile(r'version=2017\.09'))
    expect(caps).to_have_count(68)
    page.get_by_label('Advisory').check()
    expect(caps).to_have_count(84)
    page.get_by_label('Required').uncheck()
    page.get_by_label('Deprecated').check()
    expect(caps).to_have_count(18)
    page.get_by_label('Required').check()
    page.get_by_label('Advisory').uncheck()
    page.get_by_label('Deprecated').uncheck()
    expect(caps).to_have_count(68)
    # Expand the tests of the first capability with the keyboard.
    tests_toggle = caps.first.get_by_role('button', name=re.compile(r'^\s*Tests \('))
    tests_toggle.focus()
    page.keyboard.press('Enter')
    expect(tests_toggle).to_have_attribute('aria-expanded', 'true')
    expect(caps.first.locator('.rs-tests li').first).to_be_visible()
    screenshot(page, 'guidelines')
    # Test-list modal.
    page.get_by_role('button', name='Test list').click()
    dialog = page.get_by_role('dialog')
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role('heading')).to_have_text(re.compile(r'Test list \((\d+)\)'))
    count = int(re.search(r'\((\d+)\)', dialog.get_by_role('heading').inner_text()).group(1))
    assert count > 200
    expect(
        dialog.get_by_role(
            'link',
            name='Download')).to_have_attribute(
        'download',
        '2017.09-test-list.txt')
    expect(dialog).to_contain_text('wget "http')
    dialog.get_by_label('Aliases').uncheck()
    expect(dialog.get_by_role('heading')).not_to_have_text('Test list (%d)' % count)
    screenshot(page, 'guidelines-test-list')
    page.keyboard.press('Escape')
    expect(dialog).to_have_count(0)
    # Switching to an add-on keeps a sensible version and shows its capabilities.
    page.get_by_label('Target programme').select_option(label='OpenStack Powered with DNS')
    expect(page.get_by_label('Version')).to_have_value(re.compile(r'dns\.2020\.06'))
    expect(page.locator('.rs-capabilities > li').first).to_contain_text('dns-')
    expect(page).to_have_url(re.compile(r'target=dns'))
    assert not page_errors


def test_results_report_and_community_list(page, live_server, signed_in_page):
    page_errors = watch(page)
    seeded = seed_runs(live_server, signed_in_page)
    # Other tests may share the server: compare with what the API lists.
    second_page = len(Api(live_server.url).get('/results?page=2').json()['results'])
    assert second_page >= 2
    page.goto(live_server.url + '/#/community_results')
    expect(page.get_by_role('heading', level=1)).to_have_text('Community test results')
    rows = page.locator('.rs-results-table tbody tr')
    expect(rows).to_have_count(20)
    page.get_by_role('button', name='Next page').click()
    expect(rows).to_have_count(second_page)
    expect(page).to_have_url(re.compile(r'page=2'))
    page.reload()
    expect(rows).to_have_count(second_page)
    page.get_by_label('Cloud ID (cpid)').fill('cloud-good')
    page.get_by_role('button', name='Filter').click()
    expect(rows).to_have_count(1)
    page.get_by_label('Uploaded from').fill('2000-01-02')
    page.get_by_label('Uploaded until').fill('2000-01-01')
    page.get_by_role('button', name='Filter').click()
    expect(page.get_by_role('alert')).to_contain_text('start date must not be after')
    page.get_by_role('button', name='Clear').click()
    expect(rows).to_have_count(20)
    screenshot(page, 'community-results')

    # Compliant run: its own guideline/target are preselected, badge YES.
    page.goto(live_server.url + '/#/results/%s' % seeded['good'])
    expect(page.locator('.rs-score-line')).to_contain_text('OpenStack Powered Platform program')
    expect(page.get_by_text('Scored by the RefStack server')).to_be_visible()
    expect(page.locator('.rs-compliance-badge')).to_have_text(re.compile('YES'))
    expect(page.get_by_label('Guideline version')).to_have_value(re.compile(r'2020\.06'))
    required_group = page.locator('.accordion-item').first
    expect(required_group.get_by_role('button').first).to_have_attribute('aria-expanded', 'true')
    caps = page.locator('.rs-report-cap')
    total = caps.count()
    assert total > 50
    # Only flagged tests failed: "Not passed" shows just the capabilities holding them.
    page.get_by_text('Not passed', exact=True).click()
    expect(caps).not_to_have_count(total)
    not_passed = caps.count()
    assert 0 < not_passed < total
    for index in range(not_passed):
        expect(caps.nth(index).locator('.badge')).to_have_class(re.compile('text-bg-secondary'))
    page.get_by_text('Flagged', exact=True).click()
    expect(caps).not_to_have_count(0)
    assert caps.count() >= not_passed
    page.get_by_text('All', exact=True).click()
    expect(caps).to_have_count(total)
    caps.first.get_by_role('button').first.click()
    expect(caps.first.locator('.rs-tests li').first).to_be_visible()
    screenshot(page, 'report')

    # Failing run, compared with compute via the URL; deep link survives reload.
    page.goto(live_server.url + '/#/results/%s?guideline=2020.06&target=compute' % seeded['bad'])
    expect(page.locator('.rs-compliance-badge')).to_have_text(re.compile('NO'))
    expect(page.locator('.rs-program-name')).to_have_text('OpenStack Powered Compute')
    page.get_by_text('Not passed', exact=True).click()
    expect(page.locator('.rs-report-cap')).not_to_have_count(0)
    page.reload()
    expect(page.get_by_label('Target programme')).to_have_value(re.compile('compute'))
    expect(page.locator('.rs-compliance-badge')).to_have_text(re.compile('NO'))
    assert not page_errors


def test_auth_failure_message_is_text(page, live_server):
    page_errors = watch(page)
    payload = '<img src=x onerror="window.__pwned=1">Bad <b>IdP</b>'
    page.goto(live_server.url + '/#/auth_failure?message=' + urllib.parse.quote(payload))
    alert = page.get_by_role('alert')
    expect(alert).to_contain_text('Authentication failure:')
    expect(alert).to_contain_text(payload)
    assert page.locator('.rs-auth-message img, .rs-auth-message b').count() == 0
    assert page.evaluate('window.__pwned') is None
    screenshot(page, 'auth-failure')
    assert not page_errors


def test_members_only_page_asks_anonymous_users_to_sign_in(page, live_server):
    page.goto(live_server.url + '/#/user_results')
    expect(page.get_by_role('heading', level=1)).to_have_text('Please sign in')
    expect(page).to_have_url(re.compile(r'signin_required\?returnTo=%2Fuser_results'))


def test_keyboard_navigation_of_main_menu(page, live_server):
    page_errors = watch(page)
    page.goto(live_server.url + '/')
    expect(page.get_by_role('heading', level=1)).to_be_visible()
    page.keyboard.press('Tab')
    expect(page.get_by_text('Skip to main content')).to_be_focused()
    names = []
    for _ in range(8):
        page.keyboard.press('Tab')
        names.append(page.evaluate('document.activeElement.textContent.trim()'))
    assert names[:6] == ['RefStack', 'Home', 'About',
                         'OpenStack Powered™ Guidelines', 'Community Results', 'Catalog'], names
    # Open the Catalog menu with the keyboard and follow "Products".
    catalog = page.get_by_role('button', name='Catalog')
    catalog.focus()
    page.keyboard.press('ArrowDown')
    expect(catalog).to_have_attribute('aria-expanded', 'true')
    expect(page.get_by_role('link', name='Vendors', exact=True)).to_be_focused()
    page.keyboard.press('ArrowDown')
    page.keyboard.press('Enter')
    expect(page.get_by_role('heading', level=1)).to_have_text('Products')
    # After navigation focus moves to the new page's heading.
    expect(page.get_by_role('heading', level=1)).to_be_focused()
    # Enter on a nav link navigates, focus moves to the page heading.
    page.get_by_role('link', name='Community Results').focus()
    page.keyboard.press('Enter')
    expect(page.get_by_role('heading', level=1)).to_have_text('Community test results')
    expect(page.get_by_role('heading', level=1)).to_be_focused()
    assert not page_errors


def test_narrow_screen_menu(page, live_server):
    page.set_viewport_size({'width': 390, 'height': 800})
    page.goto(live_server.url + '/#/guidelines')
    toggler = page.get_by_role('button', name='Toggle navigation')
    expect(toggler).to_be_visible()
    expect(page.get_by_role('link', name='About', exact=True)).to_be_hidden()
    toggler.click()
    expect(page.get_by_role('link', name='About', exact=True)).to_be_visible()
    screenshot(page, 'narrow-menu')
    page.get_by_role('link', name='About', exact=True).click()
    expect(page.get_by_role('heading', level=1)).to_have_text('About RefStack')


def test_api_reference_page(live_server, page):
    """The OpenAPI document rendered by the bundled Swagger UI (no CDN)."""
    page.goto(live_server.url + '/#/')
    page.get_by_role('link', name='API reference').click()
    expect(page.get_by_text('/v1/results').first).to_be_visible()
    screenshot(page, 'api-reference')

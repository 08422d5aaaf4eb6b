"""Browser tests: signed-in flows (profile keys, vendors, products, runs)."""
import re

from playwright.sync_api import expect

from .helpers import Api, SigningKey, screenshot, watch

ALICE = 'https://openstackid.org/alice.ui'
ADMIN = 'https://openstackid.org/foundation.admin'


def confirm(page, text='', reason=None):
    dialog = page.get_by_role('dialog').filter(has=page.locator('rs-confirm-modal'))
    expect(dialog).to_be_visible()
    if text:
        expect(dialog).to_contain_text(text)
    if reason is not None:
        dialog.get_by_role('textbox').fill(reason)
    dialog.locator('button[type=submit]').click()
    expect(dialog).to_have_count(0)


def test_deep_links_survive_reload_when_signed_in(live_server, signed_in_page):
    page = signed_in_page('https://openstackid.org/deep.link')
    page_errors = watch(page)
    pages = (('/#/user_results?page=1', 'My test results'), ('/#/profile', 'Your profile'),
             ('/#/user_vendors', 'My vendors'), ('/#/user_products', 'My products'))
    for path, heading in pages:
        page.goto(live_server.url + path)
        expect(page.get_by_role('heading', level=1)).to_have_text(heading)
        page.reload()
        expect(page.get_by_role('heading', level=1)).to_have_text(heading)
        expect(page).not_to_have_url(re.compile('signin_required'))
    expect(page.get_by_role('link', name='My Results')).to_be_visible()
    assert not page_errors


def test_profile_keys_add_and_delete(live_server, signed_in_page):
    page = signed_in_page('https://openstackid.org/key.owner')
    page_errors = watch(page)
    page.goto(live_server.url + '/#/profile')
    expect(page.locator('td.rs-mono')).to_have_text('https://openstackid.org/key.owner')
    expect(page.get_by_text('You have no public keys yet')).to_be_visible()
    expect(page.locator('#profile-jwt')).to_contain_text('API access with a token')
    key = SigningKey('laptop')
    page.get_by_role('button', name='Import public key').click()
    dialog = page.get_by_role('dialog')
    dialog.get_by_label('Public key').fill(key.public_line)
    dialog.get_by_label('Signature').fill('00' + key.self_signature[2:])
    dialog.get_by_role('button', name='Import public key').click()
    expect(dialog.get_by_role('alert')).to_be_visible()
    dialog.get_by_label('Signature').fill(key.self_signature)
    dialog.get_by_role('button', name='Import public key').click()
    expect(dialog).to_have_count(0)
    rows = page.locator('.rs-keys-table tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('laptop')
    screenshot(page, 'profile')
    rows.first.get_by_role('button').click()
    expect(page.get_by_role('dialog')).to_contain_text(key.public_line.split()[1])
    page.get_by_role('dialog').get_by_role('button', name='Delete key').click()
    confirm(page, 'Delete this key?')
    expect(page.locator('.rs-keys-table')).to_have_count(0)
    assert not page_errors


def test_vendor_registration_product_and_verified_run(live_server, signed_in_page):
    alice = signed_in_page(ALICE)
    admin = signed_in_page(ADMIN, admin=True)
    page_errors = watch(alice)
    admin_errors = watch(admin)

    # Alice creates a vendor and asks the Foundation to register it.
    alice.goto(live_server.url + '/#/user_vendors')
    alice.get_by_label('Name').fill('Acme <Clouds>')
    alice.get_by_label('Description').fill('We build <b>clouds</b>')
    alice.get_by_role('button', name='Add vendor').click()
    expect(alice.get_by_role('status').filter(has_text='created')).to_contain_text('Acme <Clouds>')
    alice.get_by_role('link', name='Acme <Clouds>').click()
    expect(alice.get_by_role('heading', level=1)).to_have_text('Acme <Clouds>')
    expect(alice.get_by_text('We build <b>clouds</b>')).to_be_visible()
    vendor_url = alice.url
    alice.get_by_role('button', name='Register with the Foundation').click()
    confirm(alice, 'official vendor')
    expect(alice.locator('.rs-vendor-type')).to_have_text(re.compile('Pending Approval'))

    # The Foundation declines (reason shown as text), Alice re-registers, the Foundation approves.
    admin.goto(live_server.url + '/#/' + vendor_url.split('#/', 1)[1])
    admin.get_by_role('button', name='Decline registration').click()
    confirm(admin, 'Decline', reason='Please use your <i>legal</i> name')
    expect(admin.locator('.rs-vendor-type')).to_have_text(re.compile('Private'))
    alice.reload()
    expect(alice.locator('.rs-decline-reason')).to_have_text('Please use your <i>legal</i> name')
    alice.get_by_role('button', name='Register with the Foundation').click()
    confirm(alice)
    expect(alice.locator('.rs-vendor-type')).to_have_text(re.compile('Pending Approval'))
    admin.goto(live_server.url + '/#/user_vendors')
    admin.get_by_role('link', name='Acme <Clouds>').click()
    admin.get_by_role('button', name='Approve registration').click()
    confirm(admin, 'official vendor')
    expect(admin.locator('.rs-vendor-type')).to_have_text(re.compile('Official'))
    screenshot(admin, 'vendor')

    # Alice creates a cloud product under the vendor, adds a version and makes it public.
    alice.goto(live_server.url + '/#/user_products')
    alice.get_by_label('Name').fill('Acme Public Cloud')
    alice.get_by_label('Product type').select_option(label='Public Cloud')
    alice.get_by_label('Vendor').select_option(label='Acme <Clouds>')
    alice.get_by_role('button', name='Add product').click()
    expect(alice.get_by_role('heading', level=1)).to_have_text('Acme Public Cloud')
    expect(alice).to_have_url(re.compile(r'#/cloud/'))
    alice.get_by_role('button', name='Add a version').click()
    alice.get_by_label('New version').fill('2024.1')
    alice.get_by_role('button', name='Add', exact=True).click()
    version_button = alice.get_by_role('button', name=re.compile('Version 2024.1'))
    expect(version_button).to_be_visible()
    version_button.click()
    alice.get_by_role('dialog').get_by_label('Cloud ID (cpid)').fill('acme-cpid-1')
    alice.get_by_role('dialog').get_by_role('button', name='Save').click()
    expect(alice.get_by_role('dialog')).to_have_count(0)
    alice.get_by_role('button', name='Make product public').click()
    confirm(alice, 'Everyone will see')
    expect(alice.get_by_role('button', name='Make product private')).to_be_visible()
    product_url = alice.url

    # Alice uploads a signed run and associates it from My Results.
    api = Api(live_server.url, alice.context)
    key = SigningKey('alice')
    api.register_key(key)
    names = api.required_tests('2020.06.json', 'compute')
    run_id = api.upload(key, names, cpid='not-registered')
    alice.goto(live_server.url + '/#/user_results')
    row_toggle = alice.get_by_role('button', name=re.compile('Show details of run %s' % run_id))
    row_toggle.click()
    alice.get_by_role('button', name='Edit sharing and associations').click()
    dialog = alice.get_by_role('dialog')
    dialog.get_by_label('Publicly shared').select_option(label='Yes')
    dialog.get_by_label('Target programme').select_option(label='OpenStack Powered Compute')
    dialog.get_by_label('Guideline').select_option(label='2020.06')
    dialog.get_by_label('Product', exact=True).select_option(label='Acme Public Cloud')
    dialog.get_by_label('Product version').select_option(label='2024.1')
    expect(dialog).to_contain_text('hands its ownership')
    dialog.get_by_role('button', name='Save changes').click()
    expect(dialog).to_have_count(0)
    table = alice.locator('.rs-results-table')
    expect(table).to_contain_text('Acme Public Cloud (2024.1)')
    expect(table).to_contain_text('OpenStack Powered Compute')
    screenshot(alice, 'my-results')

    # The Foundation verifies the run from its report.
    admin.goto(live_server.url + '/#/results/%s' % run_id)
    expect(admin.locator('.rs-program-name')).to_have_text('OpenStack Powered Compute')
    expect(admin.locator('.rs-compliance-badge')).to_have_text(re.compile('YES'))
    admin.get_by_label('Verified by the Foundation').check()
    expect(admin.get_by_text('This run is verified')).to_be_visible()
    screenshot(admin, 'report-verified')

    # The product page lists the run and charts its history.
    alice.goto(live_server.url + '/#/' + product_url.split('#/', 1)[1])
    runs = alice.locator('.rs-product-runs tbody tr')
    expect(runs.first).to_contain_text(run_id)
    alice.get_by_label('Programme').select_option(label='OpenStack Powered Compute')
    alice.get_by_role('button', name='Show history').click()
    expect(alice.locator('svg.rs-chart circle')).to_have_count(1)
    screenshot(alice, 'product', full_page=True)

    # Public catalogue shows the official vendor and the public product.
    alice.goto(live_server.url + '/#/public_products')
    expect(alice.locator('.rs-products-table')).to_contain_text('Acme Public Cloud')
    alice.goto(live_server.url + '/#/public_vendors')
    expect(alice.locator('.rs-vendors-table')).to_contain_text('Acme <Clouds>')
    assert not page_errors and not admin_errors

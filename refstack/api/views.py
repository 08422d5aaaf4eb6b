"""Serialization of storage objects into the wire dictionaries."""

from refstack.api import utils

PUBLIC_META_KEYS = ('shared', 'guideline', 'target')


def format_datetime(value):
    """Naive UTC as ``YYYY-MM-DD HH:MM:SS`` (the original's str(datetime))."""
    return str(value) if value is not None else None


def meta_dict(test, full):
    """The run's meta; non-owners see only shared, guideline and target."""
    return {m.meta_key: m.value for m in test.meta
            if full or m.meta_key in PUBLIC_META_KEYS}


def product_version(version, visible=True):
    """``{id, version, cpid, product_info}`` or None."""
    if version is None:
        return None
    product = version.product_info
    if not visible and not product.public:
        return None
    return {'id': version.id, 'version': version.version, 'cpid': version.cpid,
            'product_info': {'id': product.id, 'name': product.name,
                             'organization_id': product.organization_id,
                             'public': product.public}}


def result(test, full):
    """The fields every view of a run shares (list item, PUT response)."""
    return {'id': test.id,
            'created_at': format_datetime(test.created_at),
            'duration_seconds': test.duration_seconds,
            'verification_status': test.verification_status,
            'meta': meta_dict(test, full),
            'product_version': product_version(test.product_version, full)}


def result_list_item(test, full):
    item = result(test, full)
    item['url'] = utils.result_url(test.id)
    return item


def result_detail(test, full, role, passed_names):
    item = result(test, full)
    if full:
        item['cpid'] = test.cpid
    item['results'] = passed_names
    item['user_role'] = role
    return item


# ------------------------------------------------------ vendors and products

def vendor(org, can_manage, full=False):
    """The short vendor view; ``full`` adds the admin detail fields."""
    item = {'id': org.id, 'type': org.type, 'name': org.name,
            'description': org.description, 'can_manage': can_manage}
    if full:
        item.update({'group_id': org.group_id, 'created_by_user': org.created_by_user,
                     'properties': org.properties,
                     'created_at': format_datetime(org.created_at),
                     'updated_at': format_datetime(org.updated_at)})
    return item


def vendor_user(user):
    return {'openid': user.openid, 'email': user.email, 'fullname': user.fullname}


def product(prod, can_manage, full=False):
    """The product list view; ``full`` adds the admin detail fields."""
    item = {'id': prod.id, 'name': prod.name, 'description': prod.description,
            'organization_id': prod.organization_id, 'public': bool(prod.public),
            'type': prod.type, 'product_type': prod.product_type,
            'can_manage': can_manage}
    if full:
        item.update({'created_by_user': prod.created_by_user,
                     'properties': prod.properties,
                     'created_at': format_datetime(prod.created_at),
                     'updated_at': format_datetime(prod.updated_at)})
    return item


def product_summary(prod):
    """What PUT /v1/products/{id} answers (api-contract 2.6.4, D28)."""
    return {'id': prod.id, 'name': prod.name, 'organization_id': prod.organization_id,
            'public': bool(prod.public), 'can_manage': True}


def version(ver):
    return {'id': ver.id, 'product_id': ver.product_id, 'version': ver.version,
            'cpid': ver.cpid}

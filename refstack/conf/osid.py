"""[osid] options: the OpenID 2.0 identity provider (openstackid)."""

from oslo_config import cfg

group = cfg.OptGroup('osid', title='OpenStackID (OpenID 2.0) options')

_SELECT = 'http://specs.openid.net/auth/2.0/identifier_select'

opts = [
    cfg.StrOpt('openstack_openid_endpoint',
               default='https://openstackid.org/accounts/openid2',
               help='OpenID 2.0 endpoint of the identity provider, used for '
                    'the sign-in redirect and check_authentication.'),
    cfg.StrOpt('openid_logout_endpoint',
               default='https://openstackid.org/accounts/user/logout',
               help='Identity provider logout URL handed to the UI on sign-out.'),
    cfg.StrOpt('openid_mode', default='checkid_setup',
               help='Value of openid.mode on sign-in.'),
    cfg.StrOpt('openid_ns', default='http://specs.openid.net/auth/2.0',
               help='Value of openid.ns on sign-in.'),
    cfg.StrOpt('openid_return_to', default='v1/auth/signin_return',
               help='Path of the sign-in return endpoint. A relative path '
                    '(the default) is appended to [api]/api_url, keeping its '
                    'mount point such as /api; an absolute path replaces '
                    'api_url\'s path, as the original did.'),
    cfg.StrOpt('openid_claimed_id', default=_SELECT,
               help='Value of openid.claimed_id on sign-in.'),
    cfg.StrOpt('openid_identity', default=_SELECT,
               help='Value of openid.identity on sign-in.'),
    cfg.StrOpt('openid_ns_sreg', default='http://openid.net/extensions/sreg/1.1',
               help='Namespace of the simple registration extension.'),
    cfg.StrOpt('openid_sreg_required', default='email,fullname',
               help='SREG fields requested from the identity provider.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

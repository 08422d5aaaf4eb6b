"""[auth] options: which identity provider signs users in, and sessions.

The OpenID 2.0 provider (the default) is configured by the original's
``[osid]`` options, so an old configuration keeps working; OpenID Connect is
configured in ``[oidc]``.
"""

from oslo_config import cfg

group = cfg.OptGroup('auth', title='Sign-in and session options')

opts = [
    cfg.StrOpt('provider',
               default='openid2',
               choices=[('openid2', 'OpenID 2.0 ([osid] options), e.g. openstackid.org'),
                        ('oidc', 'OpenID Connect ([oidc] options)')],
               help='Identity provider protocol used by /v1/auth/signin.'),
    cfg.IntOpt('session_lifetime',
               default=7 * 24 * 3600, min=60,
               help='Lifetime in seconds of a browser session (the refstack '
                    'cookie) after sign-in. Sessions are not extended by use.'),
    cfg.IntOpt('signin_timeout',
               default=1800, min=30,
               help='Seconds a user has to complete sign-in at the identity '
                    'provider before the attempt expires.'),
    cfg.FloatOpt('idp_timeout',
                 default=10.0, min=0.1,
                 help='Timeout in seconds of each call from the API to the '
                      'identity provider (discovery, verification, token '
                      'exchange).'),
    cfg.StrOpt('cookie_secure',
               default='auto',
               choices=[('auto', 'Secure when the request came over https, '
                                 'directly or per X-Forwarded-Proto'),
                        ('always', 'always Secure'),
                        ('never', 'never Secure (plain http development only)')],
               help='When session cookies carry the Secure flag.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

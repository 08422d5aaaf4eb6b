"""[ratelimit] options: request rate limits on sign-in, key registration and uploads."""

from oslo_config import cfg

group = cfg.OptGroup('ratelimit', title='Request rate limits',
                     help='Fixed-window limits counted in the database, so every API '
                          'node sharing it enforces the same budget. A request over a '
                          'limit gets 429 with a Retry-After header. A limit of 0 '
                          'switches that one limit off.')

opts = [
    cfg.BoolOpt('enabled',
                default=True,
                help='Enforce the limits below.'),
    cfg.ListOpt('trusted_proxies',
                default=[],
                help='Addresses or networks (CIDR) of reverse proxies in front of '
                     'the API. When a request comes from one of them, the client '
                     'address is the right-most X-Forwarded-For entry that is not '
                     'a trusted proxy; otherwise X-Forwarded-For is ignored. Leave '
                     'empty when Apache/mod_wsgi receives the clients directly.'),
    cfg.IntOpt('ipv6_prefix',
               default=64, min=32, max=128,
               help='IPv6 clients are counted per network of this prefix length, '
                    'since one host usually owns a whole /64.'),
    cfg.IntOpt('signin_period',
               default=60, min=1,
               help='Window, in seconds, of the sign-in limit.'),
    cfg.IntOpt('signin_per_address',
               default=30, min=0,
               help='Sign-in requests (GET /v1/auth/signin and signin_return) per '
                    'client address and window.'),
    cfg.IntOpt('pubkey_period',
               default=3600, min=1,
               help='Window, in seconds, of the key registration limits.'),
    cfg.IntOpt('pubkey_per_address',
               default=60, min=0,
               help='Key registrations (POST /v1/profile/pubkeys) per client '
                    'address and window.'),
    cfg.IntOpt('pubkey_per_user',
               default=20, min=0,
               help='Key registrations per signed-in user and window.'),
    cfg.IntOpt('upload_period',
               default=3600, min=1,
               help='Window, in seconds, of the upload limits.'),
    cfg.IntOpt('upload_per_address',
               default=600, min=0,
               help='Uploads (POST /v1/results) per client address and window.'),
    cfg.IntOpt('upload_per_key',
               default=300, min=0,
               help='Uploads per signing key (X-Public-Key) and window.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

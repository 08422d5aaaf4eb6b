"""[oidc] options: the OpenID Connect provider, used when [auth]/provider = oidc.

The API is a confidential (or, without a secret, public) client using the
authorization code flow with PKCE (S256). Register the redirect URI below with
the provider.
"""

from oslo_config import cfg

group = cfg.OptGroup('oidc', title='OpenID Connect options')

opts = [
    cfg.StrOpt('issuer',
               help='Issuer identifier of the provider, e.g. '
                    'https://openstackid.org. Its metadata is read from '
                    '<issuer>/.well-known/openid-configuration and must name '
                    'the same issuer.'),
    cfg.StrOpt('client_id',
               help='Client identifier registered with the provider.'),
    cfg.StrOpt('client_secret',
               secret=True,
               help='Client secret. Leave unset for a public client (PKCE '
                    'only).'),
    cfg.StrOpt('token_endpoint_auth_method',
               default='client_secret_basic',
               choices=['client_secret_basic', 'client_secret_post', 'none'],
               help='How the client authenticates at the token endpoint; '
                    'ignored (none) when client_secret is unset.'),
    cfg.StrOpt('redirect_uri',
               help='Redirect URI registered with the provider. An absolute '
                    'URL, or a path joined onto [api]/api_url like '
                    '[osid]/openid_return_to. Unset: the same return URL as '
                    'OpenID 2.0.'),
    cfg.ListOpt('scopes',
                default=['openid', 'email', 'profile'],
                help='Scopes requested; openid is always included.'),
    cfg.StrOpt('identity_claim',
               help='Claim whose value becomes the user\'s openid (the key '
                    'that owns results, keys and vendor memberships). Use it '
                    'only for a stable claim the provider never reassigns, '
                    'e.g. one carrying the user\'s former OpenID 2.0 URL. '
                    'Unset: "<issuer>#<sub>".'),
    cfg.ListOpt('id_token_algorithms',
                default=['RS256'],
                help='Signature algorithms accepted for ID tokens (asymmetric '
                     'only: RS*, PS*, ES*, EdDSA).'),
    cfg.StrOpt('logout_url',
               help='Logout URL handed to the UI on sign-out. Unset: the '
                    'provider\'s end_session_endpoint when its metadata is '
                    'available, else [osid]/openid_logout_endpoint.'),
    cfg.IntOpt('metadata_cache_time',
               default=3600, min=0,
               help='Seconds the provider metadata and signing keys are '
                    'cached by each API process. Keys are re-read at once '
                    'when a token names an unknown key id.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

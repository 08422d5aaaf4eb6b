"""[api] options."""

from oslo_config import cfg

group = cfg.OptGroup('api', title='API server options')

opts = [
    cfg.StrOpt('api_url',
               default='https://refstack.openstack.org/api',
               help='Public base URL of the API. It is the OpenID realm and the '
                    'base the sign-in return URL is joined onto.'),
    cfg.StrOpt('static_root',
               default='refstack-ui/dist',
               help='Directory of the built UI bundle served at / by the '
                    'development server. %(project_root)s is expanded.'),
    cfg.StrOpt('template_path',
               default='refstack-ui/dist',
               help='Directory holding the UI index.html (development server '
                    'only). %(project_root)s is expanded.'),
    cfg.ListOpt('allowed_cors_origins',
                default=[],
                help='Origins that get CORS headers, e.g. '
                     'https://refstack.example.org. Empty disables CORS.'),
    cfg.BoolOpt('app_dev_mode',
                default=False,
                help='Development mode: adds exception text to error bodies '
                     'and skips TLS verification towards the identity '
                     'provider. Never enable it in production.'),
    cfg.StrOpt('test_results_url',
               default='/#/results/%s',
               help='Template of a result URL, joined onto ui_url; %s is the '
                    'test run id.'),
    cfg.StrOpt('github_api_capabilities_url',
               default='https://api.github.com/repos/openstack/interop/contents',
               help='GitHub contents listing of guideline files, used only by '
                    'refstack-manage guidelines-sync.'),
    cfg.StrOpt('additional_capability_urls',
               default='https://api.github.com/repos/openstack/interop/contents/add-ons',
               help='Comma separated extra guideline listings (add-ons), used '
                    'only by refstack-manage guidelines-sync.'),
    cfg.StrOpt('github_raw_base_url',
               default='https://raw.githubusercontent.com/openstack/interop/master/',
               help='Base URL guideline files are downloaded from by '
                    'refstack-manage guidelines-sync.'),
    cfg.BoolOpt('enable_anonymous_upload',
                default=False,
                help='Accept unsigned uploads. When false (the default, as on '
                     'refstack.openstack.org) an upload must be signed with a '
                     'key registered in a user profile.'),
    cfg.IntOpt('results_per_page',
               default=20, min=1, max=1000,
               help='Number of test runs on one page of GET /v1/results.'),
    cfg.StrOpt('input_date_format',
               default='%Y-%m-%d %H:%M:%S',
               help='strptime format of the start_date and end_date filters.'),
    cfg.IntOpt('max_request_body_size',
               default=64 * 1024 * 1024, min=1024,
               help='Largest request body in bytes; larger bodies get 413.'),
    cfg.IntOpt('max_results_per_run',
               default=20000, min=1,
               help='Largest number of test results one uploaded run may '
                    'hold; more gives 400.'),
    cfg.IntOpt('max_page_number',
               default=1000000, min=1,
               help='Highest page number accepted by list endpoints.'),
    cfg.IntOpt('report_cache_mb',
               default=4, min=0,
               help='Memory, in MiB per API process, for rendered guideline '
                    'reports (GET /v1/results/{id}/report). A stored run\'s '
                    'outcomes never change, so its report for one guideline '
                    'file and target is computed once and served from here '
                    'until the guideline file changes; the caller\'s right to '
                    'see the run is still checked on every request. A full '
                    'report takes about 20 KiB compressed; 0 switches the '
                    'cache off.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

"""[guidelines] options: where interop guideline files come from.

The remote sources themselves are the original's ``[api]``
``github_api_capabilities_url``, ``additional_capability_urls`` and
``github_raw_base_url``; they are only read by ``refstack-manage
guidelines-sync``.
"""

from oslo_config import cfg

group = cfg.OptGroup('guidelines', title='Interop guideline options')

opts = [
    cfg.BoolOpt('include_bundled',
                default=True,
                help='Serve the guideline files shipped with RefStack. Files '
                     'in sync_dir and local_dir override them by name.'),
    cfg.StrOpt('sync_dir',
               help='Directory refstack-manage guidelines-sync writes fetched '
                    'guideline files to (created if missing; same layout as '
                    'the interop repository: top level, add-ons/, '
                    'verticals/). Every API node must see the same directory '
                    '(shared storage), or run the sync on every node. Unset: '
                    'syncing is disabled.'),
    cfg.StrOpt('local_dir',
               help='Operator-managed directory of guideline files (same '
                    'layout as sync_dir). Its files win over synced and '
                    'bundled ones.'),
    cfg.IntOpt('reload_interval',
               default=60, min=0,
               help='Seconds between checks of sync_dir and local_dir for '
                    'changed files; changed data is re-parsed on the next '
                    'request. 0 parses once per process.'),
    cfg.FloatOpt('fetch_timeout',
                 default=10.0, min=0.1,
                 help='Seconds one download by guidelines-sync may take '
                      '(connect, each read and the whole body).'),
    cfg.IntOpt('max_file_size',
               default=8 * 1024 * 1024, min=1024,
               help='Largest guideline file or listing in bytes, downloaded '
                    'or read from disk.'),
    cfg.BoolOpt('legacy_test_list_errors',
                default=False,
                help='Answer errors of GET /v1/guidelines/{name}/tests as the '
                     'original did: status 200 with the text "Invalid target: '
                     '<t>" or "Error getting JSON content for version: '
                     '<name>". By default they are 400/404 JSON errors.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group, opts)]

"""[guidelines] options module follows the conf package shape."""

from oslo_config import cfg
import testtools

from refstack.conf import guidelines as guidelines_conf
from refstack.guidelines import catalogue


class TestOptions(testtools.TestCase):

    def test_list_opts(self):
        [(group, opts)] = guidelines_conf.list_opts()
        self.assertEqual('guidelines', group.name)
        self.assertEqual(set(catalogue.DEFAULTS), {o.name for o in opts})

    def test_defaults_match_the_fallbacks(self):
        conf = cfg.ConfigOpts()
        guidelines_conf.register_opts(conf)
        guidelines_conf.register_opts(conf)   # idempotent
        conf([], project='refstack-test', default_config_files=[])
        self.assertEqual(catalogue.DEFAULTS, catalogue.settings(conf))

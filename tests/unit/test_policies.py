"""The policy rules in code and the generated etc/policy.yaml.sample."""

import os

import fixtures
from oslo_config import cfg
from oslo_policy import _parser
from oslo_policy import generator
import testtools

from refstack import policies

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TestRules(testtools.TestCase):

    def test_names_and_check_strings(self):
        names = [rule.name for rule in policies.list_rules()]
        self.assertEqual(len(names), len(set(names)))
        for rule in policies.list_rules():
            self.assertTrue(rule.name in ('foundation', 'authenticated')
                            or rule.name.startswith('refstack:'), rule.name)
            self.assertNotEqual('!', str(_parser.parse_rule(rule.check_str)), rule.name)
            self.assertTrue(rule.description, rule.name)

    def test_referenced_rules_exist(self):
        names = {rule.name for rule in policies.list_rules()}
        for rule in policies.list_rules():
            for word in rule.check_str.replace('(', ' ').replace(')', ' ').split():
                if word.startswith('rule:'):
                    self.assertIn(word[5:], names, rule.name)

    def test_sample_is_fresh(self):
        """Regenerate with: oslopolicy-sample-generator --config-file
        etc/refstack-policy-generator.conf"""
        out = os.path.join(self.useFixture(fixtures.TempDir()).path, 'policy.yaml')
        generator.generate_sample(args=['--namespace', 'refstack', '--output-file', out],
                                  conf=cfg.ConfigOpts())
        with open(out) as f, open(os.path.join(ROOT, 'etc', 'policy.yaml.sample')) as g:
            self.assertEqual(f.read(), g.read())


class TestEnforcerSpeedups(testtools.TestCase):
    """refstack.common.policy keeps oslo.policy's answers, only faster."""

    def test_cached_argspec_matches_inspect(self):
        import inspect

        from oslo_policy import _checks

        from refstack.common import policy  # noqa: F401 - installs the cache
        for check in (_checks.TrueCheck(), _checks.RoleCheck('role', 'x'),
                      _checks.GenericCheck('a', 'b')):
            self.assertEqual(inspect.getfullargspec(check.__call__),
                             _checks.inspect.getfullargspec(check.__call__))

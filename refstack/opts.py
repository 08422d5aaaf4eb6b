"""Entry point for oslo-config-generator (see etc/refstack-config-generator.conf)."""

from refstack import conf


def list_opts():
    """Return (group, options) pairs of every option RefStack registers."""
    pairs = []
    for module in conf.MODULES:
        pairs.extend(module.list_opts())
    return pairs

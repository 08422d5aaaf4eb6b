"""A small SVG status badge for a scored run (``GET .../badge.svg``)."""

from xml.sax import saxutils

from refstack.guidelines import catalogue
from refstack.guidelines import model

PASSING = '#4c1'
FAILING = '#e05d44'


def programme_name(guideline, target):
    """Human name of a programme: ``OpenStack Powered Platform``, ``… DNS``."""
    if target in model.PLATFORM_TARGETS:
        return model.PLATFORM_TARGETS[target]
    component = model.COMPONENT_PREFIX + target
    for name, refs in list(guideline.addons.items()) + list(guideline.platforms.items()):
        if any(ref == component for ref, _source in refs):
            return name if name.startswith('OpenStack') else 'OpenStack Powered ' + name
    return 'OpenStack Powered ' + target.replace('_', ' ').title()


def _width(text):
    # Verdana 11px averages about 6.5 px a character; close enough for a badge.
    return int(len(text) * 6.5) + 10


def render(report, guideline):
    """SVG text for a :func:`refstack.guidelines.scoring.score` report.

    :param guideline: the Guideline the report was computed for.
    """
    match = catalogue.FILE_RE.match(report.get('guideline') or '')
    version = match.group('version') if match else (guideline.id or '')
    label = '%s %s' % (programme_name(guideline, report['target']), version)
    message = 'passing' if report['compliant'] else 'failing'
    colour = PASSING if report['compliant'] else FAILING
    lw, mw = _width(label), _width(message)
    esc = saxutils.escape
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" '
        'aria-label="{label}: {message}"><title>{label}: {message}</title>'
        '<rect width="{lw}" height="20" fill="#555"/>'
        '<rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        '<text x="{lx}" y="14">{label}</text><text x="{mx}" y="14">{message}</text>'
        '</g></svg>').format(w=lw + mw, lw=lw, mw=mw, colour=colour,
                             lx=lw // 2, mx=lw + mw // 2,
                             label=esc(label), message=esc(message))

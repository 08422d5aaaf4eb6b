#!/usr/bin/env python3
"""Guideline engine timings (numbers only, no pass/fail).

Measures, with the bundled guideline files:
  * loading and parsing the whole catalogue (once per API process);
  * a scoring report for a full 1,575-test Tempest 47.0.0 run against
    2020.06 / platform (the issue-4 budget is well under 10 ms);
  * the 2020.06 required test list (G3) and the G1 listing.

Usage: python tools/bench/bench_guidelines.py [--repeat N]
"""

import argparse
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..'))

from oslo_config import cfg  # noqa: E402

import refstack.guidelines as guidelines  # noqa: E402
from refstack.guidelines import catalogue  # noqa: E402

SHARED = os.environ.get('REFSTACK_SHARED_DIR',
                        os.path.join(HERE, '..', '..', 'tests', 'data', 'shared'))
TEMPEST_LIST = os.path.join(SHARED, 'data', 'tempest-47.0.0-tests.txt')
ID_RE = re.compile(r'id-([0-9a-fA-F-]{36})')


def passed_tests():
    if os.path.exists(TEMPEST_LIST):
        with open(TEMPEST_LIST) as f:
            ids = [line.strip() for line in f if line.strip()]
    else:
        ids = ['tempest.api.x.Test.test_%05d[id-%08x-0000-4000-8000-%012x]' % (i, i, i)
               for i in range(1575)]
    out = []
    for test_id in ids:
        match = ID_RE.search(test_id)
        out.append((test_id.split('[', 1)[0], match.group(1) if match else None))
    return out


def timed(func, repeat):
    timings = []
    for _i in range(repeat):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), min(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=200)
    args = parser.parse_args()
    conf = cfg.ConfigOpts()
    passed = passed_tests()

    def load():
        catalogue.reset()
        guidelines.get_catalogue(conf)

    rows = [('load + parse %d bundled files' % len(guidelines.get_catalogue(conf)),
             timed(load, max(3, args.repeat // 20)))]
    guidelines.get_catalogue(conf)
    rows.append(('report, %d passed tests vs 2020.06 platform' % len(passed),
                 timed(lambda: guidelines.report_for_run(
                     passed, {'guideline': '2020.06.json', 'target': 'platform'},
                     conf=conf), args.repeat)))
    rows.append(('G3 2020.06 required list', timed(lambda: guidelines.test_list(
        '2020.06', types=('required',), conf=conf), args.repeat)))
    rows.append(('G1 listing', timed(lambda: guidelines.listing(conf), args.repeat)))
    for label, (median, best) in rows:
        print('%-50s median %8.3f ms   min %8.3f ms' % (label, median, best))


if __name__ == '__main__':
    main()

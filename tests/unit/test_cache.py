"""refstack.common.cache.SizedLRU."""

import testtools

from refstack.common import cache


class TestSizedLRU(testtools.TestCase):

    def test_least_recently_used_go_first_when_over_budget(self):
        lru = cache.SizedLRU(10)
        lru.put('a', 'aaaa')
        lru.put('b', 'bbbb')
        self.assertEqual('aaaa', lru.get('a'))   # b is now the oldest
        lru.put('c', 'cccc')
        self.assertIsNone(lru.get('b'))
        self.assertEqual(['aaaa', 'cccc'], [lru.get('a'), lru.get('c')])
        self.assertEqual(8, lru.size)

    def test_replacing_a_value_keeps_the_size_right(self):
        lru = cache.SizedLRU(10)
        lru.put('a', 'aaaa')
        lru.put('a', 'aa')
        self.assertEqual((1, 2), (len(lru), lru.size))

    def test_values_larger_than_the_budget_are_not_kept(self):
        lru = cache.SizedLRU(3)
        lru.put('a', 'abcd')
        self.assertIsNone(lru.get('a'))
        lru = cache.SizedLRU(0)
        lru.put('a', 'x')
        self.assertEqual(0, len(lru))

    def test_sizes_by_a_given_measure_pop_and_clear(self):
        lru = cache.SizedLRU(5, size=lambda value: value[1])
        lru.put('a', ('x', 3))
        lru.put('b', ('y', 2))
        lru.put('c', ('z', 1))   # 6 > 5: a goes
        self.assertEqual((None, 3), (lru.get('a'), lru.size))
        lru.pop('b')
        lru.pop('missing')
        self.assertEqual((1, 1), (len(lru), lru.size))
        lru.clear()
        self.assertEqual((0, 0), (len(lru), lru.size))

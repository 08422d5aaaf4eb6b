"""A small thread-safe LRU of str or bytes values, bounded by their total size."""

import collections
import threading


class SizedLRU(object):
    """Least-recently-used ``key -> str/bytes`` map of at most ``max_chars``
    characters (or bytes) in all.

    A value larger than the whole budget is not kept; a budget of 0 keeps
    nothing. Every method is safe to call from several threads.
    """

    def __init__(self, max_chars):
        self.max_chars = max_chars
        self._items = collections.OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value):
        if len(value) > self.max_chars:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._items[key] = value
            self._size += len(value)
            while self._size > self.max_chars:
                _key, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self):
        return len(self._items)

    @property
    def size(self):
        """Total length of the values held."""
        return self._size

"""A small thread-safe LRU, bounded by the total size of its values."""

import collections
import threading


class SizedLRU(object):
    """Least-recently-used map whose values' sizes add up to ``max_size``
    at most.

    A value's size is ``size(value)``, by default its length (characters of
    a str, bytes). A value larger than the whole budget is not kept; a
    budget of 0 keeps nothing. Every method is safe to call from several
    threads.
    """

    def __init__(self, max_size, size=len):
        self.max_size = max_size
        self._measure = size
        self._items = collections.OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry[0]

    def put(self, key, value):
        size = self._measure(value)
        if size > self.max_size:
            return
        with self._lock:
            self._pop(key)
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_size:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def pop(self, key):
        """Forget ``key`` (no error when absent)."""
        with self._lock:
            self._pop(key)

    def _pop(self, key):
        entry = self._items.pop(key, None)
        if entry is not None:
            self._size -= entry[1]

    def clear(self):
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self):
        return len(self._items)

    @property
    def size(self):
        """Total length of the values held."""
        return self._size

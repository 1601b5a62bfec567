"""The one cache of read results: bounded, one computation per key, shared by every session.

Plain Python (no Streamlit), so the same cache serves the pages, the server's warm-up, the builders
working ahead of a page and the benchmark, and can be tested on its own.

- A key names everything the value depends on (``dash.catalogue.layer`` makes it from the read's
  name, its arguments, the ``Filters`` value, the store and the store's version), so nothing is ever
  invalidated by hand: a write makes a new version, hence new keys, and old values age out.
- Values are kept per group (a read's name, or "charts"), each group a least-recently-used list of at
  most its ``keep`` values: a per-snapshot table needs a few, a per-filter figure hundreds.
- One lock per key: when two sessions (or a session and a builder) ask for the same missing value,
  one computes it and the other waits for it, instead of both running the query.
- An error is not kept: it reaches the caller that computed it, and the next caller tries again.
- Values are shared, never copied: whoever reads one must not change it (pandas frames, charts and
  their figures included). Copying a map's outlines on every rerun would cost more than drawing them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class _KeyLock:
    """A lock for one key, and how many callers hold or await it (so it is dropped after the last)."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0


class ReadCache:
    """Values by key, in groups each holding at most its ``keep`` most recently used values."""

    def __init__(self) -> None:
        self._groups: dict[str, OrderedDict[Hashable, object]] = {}
        self._key_locks: dict[tuple[str, Hashable], _KeyLock] = {}
        self._lock = threading.Lock()  # guards both dicts; never held while a value is computed

    def get(self, group: str, key: Hashable, keep: int, compute: Callable[[], T]) -> T:
        """The value for ``key``, computed by ``compute`` if it is not kept (once, whoever else asks
        meanwhile); kept in ``group`` among its ``keep`` most recently used."""
        found, value = self._lookup(group, key)
        if found:
            return value  # type: ignore[return-value]
        key_lock = self._hold(group, key)
        try:
            with key_lock.lock:
                found, value = self._lookup(group, key)  # made while this caller waited
                if found:
                    return value  # type: ignore[return-value]
                value = compute()  # an exception leaves nothing kept
                self._keep(group, key, keep, value)
                return value
        finally:
            self._release(group, key, key_lock)

    def _lookup(self, group: str, key: Hashable) -> tuple[bool, object]:
        with self._lock:
            values = self._groups.get(group)
            if values is None or key not in values:
                return False, None
            values.move_to_end(key)
            return True, values[key]

    def _keep(self, group: str, key: Hashable, keep: int, value: object) -> None:
        with self._lock:
            values = self._groups.setdefault(group, OrderedDict())
            values[key] = value
            while len(values) > max(keep, 1):
                values.popitem(last=False)  # the least recently used

    def _hold(self, group: str, key: Hashable) -> _KeyLock:
        with self._lock:
            key_lock = self._key_locks.setdefault((group, key), _KeyLock())
            key_lock.users += 1
            return key_lock

    def _release(self, group: str, key: Hashable, key_lock: _KeyLock) -> None:
        with self._lock:
            key_lock.users -= 1
            if key_lock.users == 0:
                del self._key_locks[(group, key)]

    def __len__(self) -> int:
        with self._lock:
            return sum(len(values) for values in self._groups.values())

    def clear(self) -> None:
        """Forget every value (the benchmark's cold start). A computation under way keeps its value
        when it ends, as any new one would."""
        with self._lock:
            self._groups.clear()

"""What many pages read and few writes change, cached per province: the counts of the home
pages, the province dashboard's rows, the statistics. A write in a province (or in one of its
communes) bumps the province's version through `changed(...)`, called by the services that
write; keys carry the version, so every value cached before the write is never read again
(it expires on its own). Redis in production (CACHE_URL), per-process memory by default.
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import Promise

T = TypeVar("T")
logger = logging.getLogger(__name__)
# A cache that is down (Redis restarting) must not take the pages with it: reads build the
# value afresh, bumps are skipped (a restarted Redis holds nothing stale).
CACHE_DOWN = (ConnectionError, OSError, TimeoutError)
try:  # the Redis client's own errors, when it is installed
    from redis.exceptions import RedisError

    CACHE_DOWN = (*CACHE_DOWN, RedisError)
except ImportError:  # pragma: no cover - locmem only
    pass
# A safety net: every service that writes what these reads show bumps the version; a change
# made behind the services' back (the admin, a shell) shows within this time.
TIMEOUT = 5 * 60


def _version_key(province_id: int | None) -> str:
    return f"area-version:{province_id or 0}"


def version(province_id: int | None) -> int:
    return cache.get_or_set(_version_key(province_id), 1, None)


def province_of(admin_unit: Any) -> int | None:
    """The province an administrative unit belongs to (itself for a province)."""
    if admin_unit is None:
        return None
    return admin_unit.province_id or admin_unit.pk


def changed(*admin_units: Any) -> None:
    """Data of these administrative units changed: their provinces' cached reads are stale.
    Bumped now (this request reads its own writes) and again at the commit (a request that
    read the old rows meanwhile may have cached them under the new version)."""
    provinces = {province_of(unit) for unit in admin_units if unit is not None}

    def bump() -> None:
        for province_id in provinces:
            key = _version_key(province_id)
            try:
                cache.incr(key)
            except ValueError:  # not cached yet (or evicted): any new number is a new version
                cache.set(key, version(province_id) + 1, None)

    def safe_bump() -> None:
        try:
            bump()
        except CACHE_DOWN:
            logger.warning("Cache unavailable: version of provinces %s not bumped", provinces)

    safe_bump()
    transaction.on_commit(safe_bump)


def cached(province_id: int | None, name: str, parts: tuple, build: Callable[[], T]) -> T:
    """`build()`, or its value cached for (province, its version, name, parts)."""
    try:
        key = f"{name}:{province_id or 0}:{version(province_id)}:" + ":".join(str(p) for p in parts)
        value = cache.get(key)
    except CACHE_DOWN:
        logger.warning("Cache unavailable: %s built without it", name)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, TIMEOUT)
        except CACHE_DOWN:
            logger.warning("Cache unavailable: %s not stored", name)
    return value


def plain(value: Any) -> Any:
    """`value` with its lazy translations (labels of choices) turned into text, for a value
    cached under a key that holds the language: a lazy string is slow to read back (each one
    rebuilds its proxy class), a str is not."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(item) for item in value)
    return value


def page_number(value: Any) -> int:
    """A page asked for in the URL (?page=…), as a number for a cache key: not a number is
    the first page, past the end is kept as asked (the paginator shows the last page)."""
    try:
        return min(max(int(value), 1), 10_000)
    except (TypeError, ValueError, OverflowError):
        return 1

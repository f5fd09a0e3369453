"""Async twins: an engine method's ``a``-prefixed version, derived from the sync one.

:func:`_async_twin` runs the sync method in a worker thread, so every async
method of :class:`~langmem_local.memory.LocalMemory` has exactly the sync
method's arguments, validation and result.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _async_twin(method: Callable[..., T]) -> Callable[..., Any]:
    """Derive ``aname`` from ``name``: run the sync logic in a worker thread."""

    @functools.wraps(method)
    async def twin(self: Any, *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(method, self, *args, **kwargs)

    twin.__name__ = f"a{method.__name__}"
    twin.__doc__ = f"Async twin of :meth:`{method.__name__}` (same arguments and result)."
    return twin

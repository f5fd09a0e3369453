"""The public ``BaseStore`` methods of :class:`~langmem_local.store.Mem0Store`, labels checked.

:class:`_LabelCheckedStore` overrides LangGraph's sync and async
``get``/``put``/``delete``/``search``/``list_namespaces`` only to check every
namespace label once, up front (:func:`~langmem_local.store_namespaces._safe`),
so an ambiguous label is refused with its fix before any read or write; the
operations themselves run in ``Mem0Store.batch``.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.store.base import (
    NOT_PROVIDED,
    BaseStore,
    Item,
    NamespacePath,
    NotProvided,
    SearchItem,
)

from langmem_local.store_namespaces import _safe


class _LabelCheckedStore(BaseStore):
    """``BaseStore`` whose public methods refuse ambiguous namespace labels up front."""

    __slots__ = ()

    # -- public API: labels checked once, up front (see _safe) -----------------
    def get(
        self, namespace: tuple[str, ...], key: str, *, refresh_ttl: bool | None = None
    ) -> Item | None:
        """Get one item; see :meth:`BaseStore.get`."""
        return super().get(_safe(namespace), key, refresh_ttl=refresh_ttl)

    async def aget(
        self, namespace: tuple[str, ...], key: str, *, refresh_ttl: bool | None = None
    ) -> Item | None:
        """Async :meth:`get`."""
        return await super().aget(_safe(namespace), key, refresh_ttl=refresh_ttl)

    def put(
        self,
        namespace: tuple[str, ...],
        key: str,
        value: dict[str, Any],
        index: Literal[False] | list[str] | None = None,
        *,
        ttl: float | None | NotProvided = NOT_PROVIDED,
    ) -> None:
        """Store or replace an item; see :meth:`BaseStore.put`."""
        super().put(_safe(namespace), key, value, index, ttl=ttl)

    async def aput(
        self,
        namespace: tuple[str, ...],
        key: str,
        value: dict[str, Any],
        index: Literal[False] | list[str] | None = None,
        *,
        ttl: float | None | NotProvided = NOT_PROVIDED,
    ) -> None:
        """Async :meth:`put`."""
        await super().aput(_safe(namespace), key, value, index, ttl=ttl)

    def delete(self, namespace: tuple[str, ...], key: str) -> None:
        """Delete an item; see :meth:`BaseStore.delete`."""
        super().delete(_safe(namespace), key)

    async def adelete(self, namespace: tuple[str, ...], key: str) -> None:
        """Async :meth:`delete`."""
        await super().adelete(_safe(namespace), key)

    def search(
        self,
        namespace_prefix: tuple[str, ...],
        /,
        *,
        query: str | None = None,
        filter: dict[str, Any] | None = None,
        limit: int = 10,
        offset: int = 0,
        refresh_ttl: bool | None = None,
    ) -> list[SearchItem]:
        """Search items under a namespace prefix; see :meth:`BaseStore.search`."""
        return super().search(
            _safe(namespace_prefix),
            query=query,
            filter=filter,
            limit=limit,
            offset=offset,
            refresh_ttl=refresh_ttl,
        )

    async def asearch(
        self,
        namespace_prefix: tuple[str, ...],
        /,
        *,
        query: str | None = None,
        filter: dict[str, Any] | None = None,
        limit: int = 10,
        offset: int = 0,
        refresh_ttl: bool | None = None,
    ) -> list[SearchItem]:
        """Async :meth:`search`."""
        return await super().asearch(
            _safe(namespace_prefix),
            query=query,
            filter=filter,
            limit=limit,
            offset=offset,
            refresh_ttl=refresh_ttl,
        )

    def list_namespaces(
        self,
        *,
        prefix: NamespacePath | None = None,
        suffix: NamespacePath | None = None,
        max_depth: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[tuple[str, ...]]:
        """List namespaces (labels in encoded form); see :meth:`BaseStore.list_namespaces`."""
        return super().list_namespaces(
            prefix=_safe(prefix) or None,
            suffix=_safe(suffix) or None,
            max_depth=max_depth,
            limit=limit,
            offset=offset,
        )

    async def alist_namespaces(
        self,
        *,
        prefix: NamespacePath | None = None,
        suffix: NamespacePath | None = None,
        max_depth: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[tuple[str, ...]]:
        """Async :meth:`list_namespaces`."""
        return await super().alist_namespaces(
            prefix=_safe(prefix) or None,
            suffix=_safe(suffix) or None,
            max_depth=max_depth,
            limit=limit,
            offset=offset,
        )

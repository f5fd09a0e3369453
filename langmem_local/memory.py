"""``LocalMemory``: the engine's public API, a facade over three paths.

- :mod:`langmem_local.ingest`: the add path (turn queue, rules, one LLM call,
  deterministic checks), top-down in :meth:`Ingest.add`;
- :mod:`langmem_local.retrieval`: the search path (hybrid retrieval, ranking);
- :mod:`langmem_local.writer`: the unit-of-work writer, every change one
  transaction on the source of truth (``memory.db``);
- :mod:`langmem_local.vector_index`: the derived vector index (Mem0's Chroma or
  Qdrant provider), written through an outbox and reconciled on open.

This module wires them to the stores of one data directory, validates
arguments once, and derives every async twin from its sync method. The read
and write API live in :mod:`langmem_local.memory_read` and
:mod:`langmem_local.memory_write`, the embedder manifest and the lazily opened
vector index in :mod:`langmem_local.memory_vectors` (mixins of ``LocalMemory``).
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

import langmem_local._privacy  # noqa: F401  (must run before mem0/chromadb import)
from langmem_local import validation
from langmem_local.access import AccessLog
from langmem_local.async_twin import _async_twin
from langmem_local.config import LocalMemoryConfig
from langmem_local.errors import (
    ConfigError,
    LangmemError,
    MemoryNotFoundError,
)
from langmem_local.extraction import Extractor
from langmem_local.ingest import Ingest
from langmem_local.ingest_text import grounding, normalize_messages
from langmem_local.memory_read import _ReadAPI
from langmem_local.memory_vectors import _VectorsMixin, embedder_identity
from langmem_local.memory_write import _WriteAPI
from langmem_local.retrieval import Retrieval
from langmem_local.stores.profiles import open_stores
from langmem_local.stores.sqlite import MetadataStore
from langmem_local.writer import MemoryWriter

__all__ = ["LocalMemory", "embedder_identity", "grounding", "normalize_messages"]


class LocalMemory(_VectorsMixin, _ReadAPI, _WriteAPI):
    """Local long-term memory with a Mem0-style API.

    Args:
        chat_model: Any LangChain chat model used for extraction. Defaults to the
            backend's.
        embeddings: Any LangChain embeddings. Defaults to the backend's.
        backend: ``"embedded"`` (llama.cpp + MiniLM in process, offline),
            ``"ollama"`` or ``"auto"`` (Ollama when it answers). Ignored when
            both models are given.
        data_dir: Directory for every store; defaults to ``LANGMEM_DATA_DIR`` or
            the per-user data directory.
        database_url: Server profile: keep every store in this PostgreSQL
            database (pgvector); defaults to ``LANGMEM_DATABASE_URL``.
        config: Full configuration; ``backend``/``data_dir`` override it.

    Example:
        .. code-block:: python

            from langmem_local import LocalMemory

            memory = LocalMemory(backend="embedded", data_dir="./memories")
            memory.add("I moved from Denver to Boston", user_id="sarah")
            hits = memory.search("Where does Sarah live?", user_id="sarah")
            hits["results"][0]["memory"]           # "Lives in Boston"
            hits["results"][0]["score_breakdown"]  # relevance / recency / importance
    """

    def __init__(
        self,
        chat_model: Any = None,
        embeddings: Any = None,
        *,
        backend: str | None = None,
        data_dir: str | Path | None = None,
        config: LocalMemoryConfig | None = None,
        database_url: str | None = None,
    ) -> None:
        cfg = config or LocalMemoryConfig()
        updates: dict[str, Any] = {}
        if data_dir is not None:
            updates["data_dir"] = Path(data_dir).expanduser()
        if database_url is not None:
            updates["database_url"] = database_url
        if chat_model is not None or embeddings is not None:
            updates["backend"] = "custom"
        elif backend is not None and backend != "auto":
            updates["backend"] = backend
        self.config = cfg.model_copy(update=updates)
        self.backend_note = ""
        if chat_model is None and embeddings is None:
            from langmem_local.backends import load_models

            loaded = load_models(self.config, backend or self.config.backend)
            chat_model, embeddings = loaded.chat_model, loaded.embeddings
            self.config = self.config.model_copy(update={"backend": loaded.backend})
            self.backend_note = loaded.note
        if embeddings is None:
            msg = "LocalMemory needs embeddings: pass embeddings=... or use backend='embedded'"
            raise ConfigError(msg)
        self.chat_model = chat_model if chat_model is not None else _NoChatModel()
        self.embeddings = embeddings
        self.data_dir = self.config.data_dir
        # The profile (embedded data dir, or PostgreSQL) is chosen in one place.
        # The encryption key (embedded profile) is read at open, never kept in
        # the config (which may be printed or saved).
        self._stores = open_stores(self.config)
        self._db, self._keyword, self._graph = (
            self._stores.db,
            self._stores.keyword,
            self._stores.graph,
        )
        mode = self.config.extraction_mode
        if mode == "auto":
            # Tiny models say so (LlamaCppChatModel with the bundled SmolLM2),
            # also when passed in directly rather than through backend="embedded".
            hint = getattr(self.chat_model, "extraction_mode_hint", None)
            embedded = self.config.backend == "embedded"
            mode = hint if hint in ("facts", "decide") else ("facts" if embedded else "decide")
        self._extractor = Extractor(self.chat_model, mode)
        self._min_grounding = self.config.min_grounding
        if self._min_grounding is None:
            self._min_grounding = 0.5 if mode == "facts" else 0.25
        self._vectors_obj: Any = None
        self._open_lock = threading.Lock()
        # One writer at a time per engine: reconciliation reads then writes.
        self._write_lock = threading.RLock()
        # The three paths, composed over the same stores (see their modules).
        self._writer = MemoryWriter(self._db, self._keyword, self._graph, index=self._index)
        # Retrieval statistics are recorded during search and written in batches.
        self._access = AccessLog(self._db, step=self.config.ranking.retrieval_importance_step)
        self._retrieval = Retrieval(
            self.config,
            self._db,
            self._keyword,
            self._graph,
            embeddings,
            index=self._index,
            access=lambda: self._access,
        )
        self._ingest = Ingest(
            self.config,
            self._db,
            self._graph,
            writer=self._writer,
            retrieval=self._retrieval,
            extractor=self._extractor,
            embed=self._embed,
            index=self._index,
            min_grounding=self._min_grounding,
            write_lock=self._write_lock,
        )

    @classmethod
    def from_config(cls, config: dict[str, Any] | LocalMemoryConfig, **kwargs: Any) -> LocalMemory:
        """Open a memory from a Mem0-style config dict (or a :class:`LocalMemoryConfig`)."""
        if isinstance(config, LocalMemoryConfig):
            return cls(config=config, **kwargs)
        cfg = LocalMemoryConfig.from_mem0_dict(config)
        # A dict without llm/embedder sections names no provider: the embedded
        # default applies, as in LocalMemory(); an explicit backend= wins.
        if not (config.get("llm") or config.get("embedder")):
            cfg = cfg.model_copy(update={"backend": "embedded"})
        kwargs.setdefault("backend", cfg.backend)
        return cls(config=cfg, **kwargs)

    # ---------------------------------------------------------------------- add
    def add(
        self,
        messages: Any,
        *,
        user_id: str,
        metadata: dict[str, Any] | None = None,
        infer: bool = True,
        timestamp: datetime | date | str | None = None,
        run_id: str | None = None,
        ttl: timedelta | float | None = None,
        defer: bool = False,
    ) -> dict[str, Any]:
        """Remember a conversation turn.

        Args:
            messages: A string, a message dict, a list of them, or LangChain messages.
                A dict may carry ``name`` (the speaker) and, with ``infer=False``,
                its own ``metadata`` (merged over ``metadata``): a whole session
                can then be stored in one call, which is ~10x faster than one
                call per message.
            user_id: Whose memory this is.
            metadata: Stored with every memory this turn creates and returned
                unchanged by ``search``/``get_all``.
            infer: ``True`` extracts facts with the LLM and reconciles them with
                what is stored; ``False`` stores each message verbatim (no LLM).
            timestamp: When the messages were sent (default now): relative dates
                are resolved against it and it becomes the facts' valid-from.
            ttl: Time to live (a ``timedelta`` or seconds) of the memories this
                turn creates: they stop appearing in search after it and
                ``prune`` removes them.
            run_id: Conversation session. Verbatim memories of one session are
                indexed with their preceding turns as keyword context, and
                search can pull in a hit's neighbouring turn.
            defer: Only persist the turn in the durable queue and return at
                once (no model call); :meth:`retry_pending` extracts it later.
                A chat saves what the user typed this way before it replies,
                so an interrupted reply loses nothing.

        Returns:
            ``{"results": [{"id", "memory", "event", ...}], "queued": [turn ids]}``;
            ``queued`` is non-empty (with ``error``) when extraction failed and
            the turn waits for :meth:`retry_pending`. With ``defer=True``:
            ``{"results": [], "queued": [turn id]}``.
        """
        return self._ingest.add(
            messages,
            user_id=user_id,
            metadata=metadata,
            infer=infer,
            timestamp=timestamp,
            run_id=run_id,
            ttl=ttl,
            defer=defer,
        )

    def retry_pending(self, user_id: str | None = None) -> dict[str, Any]:
        """Process turns whose extraction failed earlier (oldest first)."""
        return self._ingest.retry_pending(user_id)

    def pending(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns waiting for extraction (after a model failure)."""
        return self._db.pending_turns(validation.optional_user_id(user_id))

    def drop_pending(self, turn_id: str) -> dict[str, Any]:
        """Give up on a queued turn that cannot succeed: erase it (the audit log says so)."""
        validation.memory_id(turn_id, "turn_id")
        turn = self._db.get_turn(turn_id)
        if turn is None or turn["status"] != "pending":
            msg = f"no pending turn has the id {turn_id!r}; list them with pending()"
            raise MemoryNotFoundError(msg)
        with self._db.transaction():
            self._db.erase_turns([turn_id])
            self._db.audit(
                "DROP_TURN", actor="api", user_id=turn["user_id"], detail={"turn_id": turn_id}
            )
        return {"id": turn_id, "event": "DROP", "message": "Pending turn dropped."}

    # ------------------------------------------------------------------- search
    def search(
        self,
        query: str,
        *,
        user_id: str,
        limit: int = 5,
        filters: dict[str, Any] | None = None,
        as_of: datetime | date | str | None = None,
        threshold: float | None = None,
    ) -> dict[str, Any]:
        """Find a user's memories relevant to ``query``.

        Args:
            query: Natural-language query.
            user_id: Whose memories to search (exact match; no patterns).
            limit: Maximum number of hits.
            filters: Metadata conditions, e.g. ``{"topic": "travel"}`` or
                ``{"year": {"gte": 2024}}``.
            as_of: Search what was true at that time (superseded facts included).
            threshold: Drop hits whose final score is below this.

        Returns:
            ``{"results": [...], "relations": [...]}``; each hit has ``id``,
            ``memory``, ``score``, ``score_breakdown``, ``metadata``,
            ``created_at``, ``updated_at`` and ``user_id``.
        """
        return self._retrieval.search(
            query, user_id=user_id, limit=limit, filters=filters, as_of=as_of, threshold=threshold
        )

    # ------------------------------------------------------------- lifecycle
    # (the read and write API are in memory_read.py and memory_write.py)
    def close(self) -> None:
        """Release file handles and connections (the data stays on disk)."""
        self._access.close()  # pending retrieval bumps are written first
        if self._vectors_obj is not None:
            self._vectors_obj.close()
        if hasattr(self._graph, "close"):
            self._graph.close()
        if isinstance(self._db, MetadataStore):
            self._db.close()  # its connection, and the one of retrieval statistics
        else:
            self._db.conn.close()

    def __enter__(self) -> LocalMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------- async twins
    aadd = _async_twin(add)
    asearch = _async_twin(search)
    aget = _async_twin(_ReadAPI.get)
    aget_all = _async_twin(_ReadAPI.get_all)
    aupdate = _async_twin(_WriteAPI.update)
    adelete = _async_twin(_WriteAPI.delete)
    adelete_all = _async_twin(_WriteAPI.delete_all)
    ahistory = _async_twin(_ReadAPI.history)
    aversions = _async_twin(_ReadAPI.versions)
    aretry_pending = _async_twin(retry_pending)
    adrop_pending = _async_twin(drop_pending)
    areset = _async_twin(_WriteAPI.reset)


class _NoChatModel(BaseChatModel):
    """Stands in when only embeddings were given: fine for ``infer=False``."""

    @property
    def _llm_type(self) -> str:
        return "langmem-local-no-chat-model"

    def _generate(self, *args: Any, **kwargs: Any) -> Any:
        msg = (
            "this LocalMemory has no chat model, so add(infer=True) cannot extract facts; "
            "pass chat_model=... or use add(..., infer=False)"
        )
        raise LangmemError(msg)

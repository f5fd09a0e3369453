"""``LocalMemory``: the engine, with a Mem0-style API.

The path from messages to stored memory, top-down (:meth:`LocalMemory.add`):

1. normalise the messages and **persist the raw turn** (SQLite) before anything
   can fail;
2. rules that need no LLM: an explicit "forget that ..." is matched against the
   stored memories and deleted directly;
3. gather the stored memories most similar to the turn (hybrid vector +
   keyword search) and number them 0..n-1;
4. **one LLM call** extracts facts and decides ADD / UPDATE / DELETE / NONE for
   each (:mod:`langmem_local.extraction`; one repair retry on invalid output);
5. deterministic checks on the decisions: ids map back through the numbering
   (a model cannot invent one), exact and near-exact duplicates become NONE;
6. apply each decision through Mem0 (vectors + history) and the SQLite side
   (metadata, versions, keyword index, graph, audit log);
7. mark the turn done. If step 4 fails, the turn stays queued and ``add``
   reports it; :meth:`LocalMemory.retry_pending` processes it later.
"""

from __future__ import annotations

import asyncio
import functools
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel

import langmem_local._privacy  # noqa: F401  (must run before mem0/chromadb import)
from langmem_local import hybrid, ranking
from langmem_local.access import AccessLog
from langmem_local.config import LocalMemoryConfig
from langmem_local.dense import dense_candidates
from langmem_local.errors import (
    ConfigError,
    EmbedderMismatchError,
    LangmemError,
    MemoryNotFoundError,
)
from langmem_local.extraction import Decision, Extractor
from langmem_local.keyword import KeywordIndex
from langmem_local.stores.sqlite import MetadataStore, connect, from_iso, iso, utcnow

T = TypeVar("T")

#: Importance added when a stored fact is stated again (re-confirmed).
RECONFIRM_STEP = 0.1
#: Importance added each time a memory is returned by search.
RETRIEVAL_STEP = 0.02
#: A "forget ..." request deletes the stored memory at least this similar.
FORGET_MIN_RELEVANCE = 0.55

_FORGET = re.compile(
    r"^\s*(?:please\s+)?(?:forget|delete|remove|erase)\s+(?:that\s+|about\s+|the fact that\s+)?"
    r"(?P<what>.+?)[.!]?\s*$",
    re.IGNORECASE,
)
_ROLES = {"human": "user", "user": "user", "ai": "assistant", "assistant": "assistant"}


def _async_twin(method: Callable[..., T]) -> Callable[..., Any]:
    """Derive ``aname`` from ``name``: run the sync logic in a worker thread."""

    @functools.wraps(method)
    async def twin(self: Any, *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(method, self, *args, **kwargs)

    twin.__name__ = f"a{method.__name__}"
    twin.__doc__ = f"Async twin of :meth:`{method.__name__}` (same arguments and result)."
    return twin


def _check_user_id(user_id: Any) -> str:
    if not isinstance(user_id, str) or not user_id.strip():
        msg = f"user_id must be a non-empty string, got {user_id!r}; pass user_id='alice'"
        raise ValueError(msg)
    return user_id.strip()


def normalize_messages(messages: Any) -> list[dict[str, Any]]:
    """Accept a string, a dict, a list of dicts or LangChain messages.

    Returns ``[{"role": "user"|"assistant"|"system", "content": str, "name"?: str}]``.
    """
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    elif isinstance(messages, dict) or hasattr(messages, "content"):
        messages = [messages]
    if not isinstance(messages, (list, tuple)):
        msg = (
            f"messages must be a str, a dict, or a list of dicts/LangChain messages, "
            f"got {type(messages).__name__}"
        )
        raise TypeError(msg)
    out: list[dict[str, Any]] = []
    for m in messages:
        if hasattr(m, "content") and hasattr(m, "type"):  # LangChain BaseMessage
            role, content, name = m.type, m.content, getattr(m, "name", None)
        elif isinstance(m, dict):
            role, content, name = m.get("role"), m.get("content"), m.get("name")
        else:
            msg = f"each message must be a dict or a LangChain message, got {type(m).__name__}"
            raise TypeError(msg)
        if isinstance(content, list):  # content blocks
            content = " ".join(
                b.get("text", "") if isinstance(b, dict) else str(b) for b in content
            )
        if role in ("system", "tool"):
            continue
        if role not in _ROLES:
            msg = f"unknown message role {role!r}; use 'user' or 'assistant'"
            raise ValueError(msg)
        if not isinstance(content, str) or not content.strip():
            continue
        item: dict[str, Any] = {"role": _ROLES[role], "content": content.strip()}
        if name:
            item["name"] = str(name)
        extra = m.get("metadata") if isinstance(m, dict) else None
        if extra is not None:
            if not isinstance(extra, dict):
                msg = f"a message's metadata must be a dict, got {type(extra).__name__}"
                raise TypeError(msg)
            item["metadata"] = extra
        out.append(item)
    return out


def _normalise_text(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_STOP = frozenset(
    "the a an and or but of to in on at for with from by about as is am are was were be been "
    "has have had do does did i im i'm my me we our you your he she they them their his her it "
    "its this that these those user users also really very just so not no yes".split()
)


def grounding(fact: str, source: str) -> float:
    """Share of the fact's content words that the source messages contain.

    Words match on their first five letters, so "lives"/"living" or
    "photograph"/"photography" count while invented details do not. Small
    models add facts nobody stated; this rule drops them without an LLM call.
    """
    words = [w for w in _normalise_text(fact).split() if w not in _STOP and len(w) > 2]
    if not words:
        return 0.0
    seen = {w[:5] for w in _normalise_text(source).split()}
    return sum(w[:5] in seen for w in words) / len(words)


def _dedupe_sentences(text: str) -> str:
    """Drop sentences a model repeated inside one fact (a small-model failure)."""
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if sentence and _normalise_text(sentence) not in {_normalise_text(o) for o in out}:
            out.append(sentence)
    return " ".join(out)


def _as_datetime(value: datetime | date | str | None) -> datetime:
    if value is None:
        return utcnow()
    if isinstance(value, str):
        from langmem_local.timeparse import parse_datetime

        parsed = parse_datetime(value)
        if parsed is None:
            msg = f"cannot read timestamp {value!r}; pass a datetime or an ISO-8601 string"
            raise ValueError(msg)
        return parsed
    if isinstance(value, datetime):
        return from_iso(iso(value)) or utcnow()
    return datetime(value.year, value.month, value.day, tzinfo=utcnow().tzinfo)


def _merge_metadata(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New scalars win; list values are unioned (provenance such as turn ids)."""
    merged = dict(old)
    for key, value in new.items():
        if isinstance(value, list) and isinstance(old.get(key), list):
            merged[key] = old[key] + [v for v in value if v not in old[key]]
        else:
            merged[key] = value
    return merged


def _compare(op: str, value: Any, arg: Any) -> bool:
    if op in ("gt", "gte", "lt", "lte") and value is None:
        return False
    if op == "eq":
        return bool(value == arg)
    if op == "ne":
        return bool(value != arg)
    if op == "in":
        return value in arg
    if op == "nin":
        return value not in arg
    if op == "gt":
        return bool(value > arg)
    if op == "gte":
        return bool(value >= arg)
    if op == "lt":
        return bool(value < arg)
    if op == "lte":
        return bool(value <= arg)
    if op == "contains":
        return isinstance(value, (str, list)) and arg in value
    msg = f"unknown filter operator {op!r}; use eq, ne, in, nin, gt, gte, lt, lte, contains"
    raise ValueError(msg)


def _matches(metadata: dict[str, Any], filters: dict[str, Any] | None) -> bool:
    """Metadata filter: ``{"k": v}`` equality, or ``{"k": {"in"|"ne"|"gte"|...: v}}``.

    A list-valued field matches a scalar condition when it contains it.
    """
    for key, cond in (filters or {}).items():
        value = metadata.get(key)
        if isinstance(cond, dict):
            if not all(_compare(op.lstrip("$"), value, arg) for op, arg in cond.items()):
                return False
        elif isinstance(value, list) and not isinstance(cond, list):
            if cond not in value:
                return False
        elif value != cond:
            return False
    return True


def _expired(row: dict[str, Any], now: datetime) -> bool:
    """A memory past its TTL is hidden until ``prune`` removes it."""
    expires = from_iso(row.get("expires_at"))
    return expires is not None and expires <= now


def embedder_identity(embeddings: Any) -> str:
    """A stable name for an embeddings object, recorded in the data directory."""
    explicit = getattr(embeddings, "model_id", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    model = getattr(embeddings, "model", None) or getattr(embeddings, "model_name", None)
    return f"{type(embeddings).__name__}:{model}" if model else type(embeddings).__name__


class LocalMemory:
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
    ) -> None:
        cfg = config or LocalMemoryConfig()
        updates: dict[str, Any] = {}
        if data_dir is not None:
            updates["data_dir"] = Path(data_dir).expanduser()
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
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._db = MetadataStore(connect(self.data_dir / "memory.db"))
        self._keyword = KeywordIndex(self._db.conn)
        # Every store shares one connection, so they must share one lock: a
        # commit in one store must never commit another's half-done work.
        self._keyword._lock = self._db.lock
        self._graph = self._open_graph()
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
        # Retrieval bumps are recorded during search and written in batches.
        self._access = AccessLog(self._db, step=RETRIEVAL_STEP)
        self._open_lock = threading.Lock()
        # One writer at a time per engine: reconciliation reads then writes.
        self._write_lock = threading.RLock()

    def _open_graph(self) -> Any:
        if self.config.graph_store == "postgres":
            if not self.config.graph_dsn:
                msg = (
                    "graph_store='postgres' needs graph_dsn, e.g. "
                    "'postgresql://user@localhost:5432/memories'"
                )
                raise ConfigError(msg)
            from langmem_local.stores.graph_postgres import PostgresGraphStore

            return PostgresGraphStore(self.config.graph_dsn)
        from langmem_local.stores.graph import GraphStore

        return GraphStore(self._db.conn, lock=self._db.lock)

    @classmethod
    def from_config(cls, config: dict[str, Any] | LocalMemoryConfig, **kwargs: Any) -> LocalMemory:
        """Open a memory from a Mem0-style config dict (or a :class:`LocalMemoryConfig`)."""
        if isinstance(config, LocalMemoryConfig):
            return cls(config=config, **kwargs)
        cfg = LocalMemoryConfig.from_mem0_dict(config)
        return cls(config=cfg, backend=cfg.backend, **kwargs)

    # ------------------------------------------------------------------ stores
    @property
    def _vectors(self) -> Any:
        """The Mem0 vector store, opened on first use after the manifest check."""
        if self._vectors_obj is None:
            with self._open_lock:
                if self._vectors_obj is None:
                    dims = self._check_manifest()
                    from langmem_local.stores.vector import Mem0VectorStore

                    self._vectors_obj = Mem0VectorStore(
                        self.config,
                        embeddings=self.embeddings,
                        chat_model=self.chat_model,
                        history_db_path=self.data_dir / "memory.db",
                        dims=dims,
                    )
        return self._vectors_obj

    def _check_manifest(self) -> int:
        """Refuse to mix vectors from different embedders in one data directory."""
        ident = embedder_identity(self.embeddings)
        manifest = self._db.manifest()
        stored_dims = int(manifest["embedding_dims"]) if "embedding_dims" in manifest else None
        if manifest.get("embedder") and manifest["embedder"] != ident:
            msg = (
                f"{self.data_dir} was built with embedder {manifest['embedder']!r} "
                f"({stored_dims} dims) but this LocalMemory uses {ident!r}. Vectors from "
                "different models cannot be mixed. Open it with the original embedder, use "
                "another data directory, or migrate: `langmem-local memories export` with the "
                "old embedder, then `langmem-local --data-dir NEW memories import` "
                "(re-embeds every memory)."
            )
            raise EmbedderMismatchError(msg)
        dims = stored_dims or len(self.embeddings.embed_query("dimension probe"))
        if self.config.embedding_dims and self.config.embedding_dims != dims:
            msg = (
                f"config says embedding_model_dims={self.config.embedding_dims} but embedder "
                f"{ident!r} produces {dims}-dimensional vectors; fix embedding_model_dims"
            )
            raise EmbedderMismatchError(msg)
        if not manifest.get("embedder"):
            self._db.set_manifest(
                {
                    "embedder": ident,
                    "embedding_dims": str(dims),
                    "vector_store": self.config.vector_store,
                    "schema_version": "1",
                    "created_at": iso(utcnow()) or "",
                }
            )
        return dims

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, v)) for v in self.embeddings.embed_documents(list(texts))]

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

        Returns:
            ``{"results": [{"id", "memory", "event", ...}], "queued": [turn ids]}``;
            ``queued`` is non-empty (with ``error``) when extraction failed and
            the turn waits for :meth:`retry_pending`.
        """
        user_id = _check_user_id(user_id)
        if metadata is not None and not isinstance(metadata, dict):
            msg = f"metadata must be a dict, got {type(metadata).__name__}"
            raise TypeError(msg)
        msgs = normalize_messages(messages)
        when = _as_datetime(timestamp)
        if ttl is not None and not isinstance(ttl, timedelta):
            if not isinstance(ttl, (int, float)) or ttl <= 0:
                msg = f"ttl must be a positive number of seconds or a timedelta, got {ttl!r}"
                raise ValueError(msg)
            ttl = timedelta(seconds=float(ttl))
        expires_at = iso(utcnow() + ttl) if ttl is not None else None
        if not msgs:
            return {"results": [], "queued": []}
        if not infer:
            return {
                "results": self._store_verbatim(
                    msgs, user_id, metadata or {}, when, run_id, expires_at
                )
            }
        turn_id = self._db.enqueue_turn(
            user_id,
            msgs,
            {
                "metadata": metadata or {},
                "timestamp": iso(when),
                "run_id": run_id,
                "expires_at": expires_at,
            },
        )
        return self._process_turn(turn_id)

    def _process_turn(self, turn_id: str) -> dict[str, Any]:
        started = time.perf_counter()
        turn = self._db.get_turn(turn_id)
        if turn is None:  # pragma: no cover - erased meanwhile
            return {"results": [], "queued": []}
        user_id, msgs = turn["user_id"], turn["messages"]
        metadata = turn["metadata"].get("metadata", {})
        run_id = turn["metadata"].get("run_id")
        expires_at = turn["metadata"].get("expires_at")
        when = from_iso(turn["metadata"].get("timestamp")) or utcnow()
        with self._write_lock:
            # 2. rules first: an explicit "forget X" needs no model.
            forgotten = self._apply_forget_rule(msgs, user_id, when)
            rest = [m for m in msgs if not (m["role"] == "user" and _FORGET.match(m["content"]))]
            if forgotten is not None and not any(m["role"] == "user" for m in rest):
                self._db.mark_turn(turn_id, done=True)
                return {"results": forgotten, "queued": [], "llm_calls": 0}
            # 3. what is stored already, numbered for the model.
            related = self._related(user_id, rest)
            # 4. one LLM call (+ one repair retry).
            from langmem_local.timeparse import resolve_relative_dates

            prompt_msgs = [
                {**m, "content": resolve_relative_dates(m["content"], when)} for m in rest
            ]
            llm_started = time.perf_counter()
            try:
                extraction = self._extractor.extract(
                    [r["text"] for r in related], prompt_msgs, when=when.strftime("%Y-%m-%d")
                )
            except Exception as exc:  # noqa: BLE001 - any model failure keeps the turn queued
                error = str(exc) or type(exc).__name__
                self._db.mark_turn(turn_id, done=False, error=error)
                self._db.audit("EXTRACT_FAILED", actor="engine", user_id=user_id,
                               detail={"turn_id": turn_id, "error": error[:500]})
                return {"results": forgotten or [], "queued": [turn_id], "error": error}
            llm_s = time.perf_counter() - llm_started
            # 5 + 6. check and apply each decision.
            results = list(forgotten or [])
            for decision in self._check_decisions(extraction.decisions, related, rest):
                applied = self._apply(
                    decision, related, user_id, metadata, when, turn_id, run_id, expires_at
                )
                if applied:
                    results.append(applied)
            # 7. done.
            self._db.mark_turn(turn_id, done=True)
        timings = {"llm_s": llm_s, "total_s": time.perf_counter() - started}
        return {
            "results": results,
            "queued": [],
            "llm_calls": extraction.llm_calls,
            "timings": timings,
        }

    def retry_pending(self, user_id: str | None = None) -> dict[str, Any]:
        """Process turns whose extraction failed earlier (oldest first)."""
        results: list[dict[str, Any]] = []
        queued: list[str] = []
        for turn in self._db.pending_turns(user_id):
            out = self._process_turn(turn["id"])
            results.extend(out["results"])
            queued.extend(out["queued"])
        return {"results": results, "queued": queued}

    def pending(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Turns waiting for extraction (after a model failure)."""
        return self._db.pending_turns(user_id)

    def _related(self, user_id: str, msgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stored memories most similar to the turn, for the model to reconcile with."""
        limit = self.config.related_limit
        text = "\n".join(m["content"] for m in msgs if m["role"] == "user") or "\n".join(
            m["content"] for m in msgs
        )
        if limit == 0 or not text:
            return []
        found, rows = self._retrieve(text, user_id, limit * 2)
        return [
            rows[c.memory_id] | {"relevance": c.relevance} for c in found if c.memory_id in rows
        ][:limit]

    def _apply_forget_rule(
        self, msgs: list[dict[str, Any]], user_id: str, when: datetime
    ) -> list[dict[str, Any]] | None:
        """Delete what an explicit "forget ..." request names, without the LLM."""
        out: list[dict[str, Any]] = []
        for m in msgs:
            match = _FORGET.match(m["content"]) if m["role"] == "user" else None
            if not match:
                continue
            # Only the best match is deleted, and only when it is close enough.
            found, rows = self._retrieve(match.group("what"), user_id, 3)
            best = found[0] if found else None
            row = rows.get(best.memory_id) if best else None
            if best is not None and row is not None and best.relevance >= FORGET_MIN_RELEVANCE:
                self._supersede(row, when, actor="engine", event="DELETE")
                out.append({"id": row["id"], "memory": row["text"], "event": "DELETE"})
        return out if out else None

    def _check_decisions(
        self,
        decisions: list[Decision],
        related: list[dict[str, Any]],
        msgs: list[dict[str, Any]],
    ) -> list[Decision]:
        """Deterministic fixes: invalid ids, ungrounded facts, duplicates, no-op updates."""
        checked: list[Decision] = []
        seen: set[str] = set()
        stored = {_normalise_text(r["text"]): i for i, r in enumerate(related)}
        said = "\n".join(m["content"] for m in msgs if m["role"] == "user") or "\n".join(
            m["content"] for m in msgs
        )
        for d in decisions:
            d = d.model_copy(update={"text": _dedupe_sentences(d.text)})
            valid = 0 <= d.id < len(related)
            if d.event in ("ADD", "UPDATE") and grounding(d.text, said) < self._min_grounding:
                continue
            key = _normalise_text(d.text)
            if key in seen:
                continue
            seen.add(key)
            if d.event in ("UPDATE", "DELETE", "NONE") and not valid:
                # A target the prompt never showed: an UPDATE still carries a
                # fact worth keeping, the others carry nothing to act on.
                if d.event != "UPDATE":
                    continue
                d = d.model_copy(update={"event": "ADD", "id": -1})
            if d.event in ("ADD", "UPDATE") and key in stored:
                d = d.model_copy(update={"event": "NONE", "id": stored[key]})
            checked.append(d)
        return checked

    def _apply(
        self,
        d: Decision,
        related: list[dict[str, Any]],
        user_id: str,
        metadata: dict[str, Any],
        when: datetime,
        turn_id: str,
        run_id: str | None,
        expires_at: str | None,
    ) -> dict[str, Any] | None:
        target = related[d.id] if 0 <= d.id < len(related) else None
        if d.event == "NONE" and target is not None:
            self._reconfirm(target)
            return {"id": target["id"], "memory": target["text"], "event": "NONE"}
        if d.event == "DELETE" and target is not None:
            self._supersede(target, when, actor="engine", event="DELETE")
            return {"id": target["id"], "memory": target["text"], "event": "DELETE"}
        if d.event not in ("ADD", "UPDATE"):
            return None
        vector = self._embed([d.text])[0]
        if d.event == "ADD":
            # Near-exact duplicate of something stored: re-confirmation, not a new fact.
            nearest = self._vectors.search(vector, user_id=user_id, limit=1)
            if nearest and nearest[0][1] >= self.config.duplicate_threshold:
                row = self._db.get_memory(nearest[0][0])
                if row:
                    self._reconfirm(row)
                    return {"id": row["id"], "memory": row["text"], "event": "NONE"}
            memory_id = self._create(
                d.text,
                vector,
                user_id=user_id,
                metadata=metadata,
                importance=ranking.importance_from_level(d.importance),
                valid_from=when,
                category=d.category,
                source_turns=[turn_id],
                actor="engine",
                run_id=run_id,
                expires_at=expires_at,
            )
            self._graph.add_relations(
                user_id, memory_id, d.relations, valid_from=when, skip_invalid=True
            )
            return {"id": memory_id, "memory": d.text, "event": "ADD"}
        assert target is not None
        self._revise(
            target,
            d.text,
            vector,
            when=when,
            metadata=_merge_metadata(target["metadata"], metadata),
            importance=max(target["importance"], ranking.importance_from_level(d.importance)),
            source_turns=[*target["source_turns"], turn_id],
            actor="engine",
        )
        self._graph.invalidate_memory(target["id"], valid_to=when)
        self._graph.add_relations(
            user_id, target["id"], d.relations, valid_from=when, skip_invalid=True
        )
        return {
            "id": target["id"],
            "memory": d.text,
            "event": "UPDATE",
            "previous_memory": target["text"],
        }

    def _store_verbatim(
        self,
        msgs: list[dict[str, Any]],
        user_id: str,
        metadata: dict[str, Any],
        when: datetime,
        run_id: str | None,
        expires_at: str | None = None,
    ) -> list[dict[str, Any]]:
        """``infer=False``: one memory per message, no LLM.

        Indexed as measured best on LoCoMo (:mod:`langmem_local.hybrid`): the
        embedded and keyword text is "Speaker: text"; the session's previous
        turns go into the keyword index's down-weighted context column. The
        stored memory is exactly what was said.
        """
        docs = [hybrid.index_text(m["content"], speaker=m.get("name")) for m in msgs]
        vectors = self._embed(docs)
        with self._write_lock:
            previous = self._db.recent_messages(user_id, run_id, hybrid.CONTEXT_TURNS)
            items = []
            for m, vector, doc in zip(msgs, vectors, docs, strict=True):
                meta = {**metadata, **m.get("metadata", {})}
                items.append(
                    _NewMemory(
                        text=m["content"],
                        vector=vector,
                        user_id=user_id,
                        metadata=meta,
                        importance=ranking.importance_from_level(3),
                        valid_from=when,
                        category="message",
                        source_turns=[],
                        actor="api",
                        role=m["role"],
                        speaker=hybrid.message_speaker(m, meta),
                        run_id=run_id,
                        index_text=doc,
                        context=hybrid.context_text(previous),
                        expires_at=expires_at,
                    )
                )
                previous.append(m["content"])
            ids = self._create_many(items)
        return [
            {"id": memory_id, "memory": m["content"], "event": "ADD", "role": m["role"]}
            for memory_id, m in zip(ids, msgs, strict=True)
        ]

    # ------------------------------------------------------------ write helpers
    def _create(self, text: str, vector: list[float], **fields: Any) -> str:
        """Create one memory (see :meth:`_create_many`)."""
        return self._create_many([_NewMemory(text=text, vector=vector, **fields)])[0]

    def _create_many(self, items: list[_NewMemory]) -> list[str]:
        """ADD memories of one user: Mem0 (vectors + history), then SQLite in one go.

        Batched end to end: one vector-store call, one Mem0 history
        transaction, one SQLite transaction for rows, versions and audit, one
        for the keyword index.
        """
        if not items:
            return []
        user_id = items[0].user_id
        payloads = []
        for it in items:
            payload: dict[str, Any] = {"role": it.role}
            if it.speaker:
                payload["actor_id"] = it.speaker
            if it.run_id:
                payload["run_id"] = it.run_id
            payloads.append(payload)
        ids = self._vectors.insert_many(
            [it.text for it in items],
            [it.vector for it in items],
            user_id=user_id,
            payloads=payloads,
        )
        now = iso(utcnow())
        self._db.insert_memories(
            [
                {
                    "id": memory_id,
                    "user_id": it.user_id,
                    "text": it.text,
                    "metadata": it.metadata,
                    "importance": it.importance,
                    "created_at": now,
                    "updated_at": now,
                    "valid_from": iso(it.valid_from),
                    "source_turns": it.source_turns,
                    "category": it.category,
                    "speaker": it.speaker,
                    "run_id": it.run_id,
                    "expires_at": it.expires_at,
                }
                for memory_id, it in zip(ids, items, strict=True)
            ],
            [
                {
                    "memory_id": memory_id,
                    "user_id": it.user_id,
                    "text": it.text,
                    "embedding": it.vector,
                    "metadata": it.metadata,
                    "valid_from": it.valid_from,
                    "actor": it.actor,
                }
                for memory_id, it in zip(ids, items, strict=True)
            ],
        )
        self._keyword.upsert_many(
            [
                (memory_id, it.user_id, it.index_text or it.text, it.context)
                for memory_id, it in zip(ids, items, strict=True)
            ]
        )
        return ids

    def _revise(
        self,
        row: dict[str, Any],
        text: str,
        vector: list[float],
        *,
        when: datetime,
        actor: str,
        **fields: Any,
    ) -> None:
        """UPDATE: new text in place, the old version closed (not erased)."""
        self._vectors.update(row["id"], text, vector)
        self._db.close_version(row["id"], when)
        self._db.add_version(
            memory_id=row["id"],
            user_id=row["user_id"],
            text=text,
            embedding=vector,
            metadata=fields.get("metadata", row["metadata"]),
            valid_from=when,
            event="UPDATE",
        )
        self._db.update_memory(
            row["id"], text=text, updated_at=iso(utcnow()), valid_from=iso(when), **fields
        )
        self._keyword.upsert(row["id"], row["user_id"], text)
        self._db.audit("UPDATE", actor=actor, user_id=row["user_id"], memory_id=row["id"])

    def _supersede(
        self,
        row: dict[str, Any],
        when: datetime,
        *,
        actor: str,
        event: str,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """DELETE decided from conversation: no longer true, but kept for ``as_of``."""
        self._vectors.delete(row["id"])
        self._db.close_version(row["id"], when)
        self._db.delete_memory_row(row["id"])
        self._keyword.delete(row["id"])
        self._graph.invalidate_memory(row["id"], valid_to=when)
        self._db.audit(
            event, actor=actor, user_id=row["user_id"], memory_id=row["id"], detail=detail
        )

    def _reconfirm(self, row: dict[str, Any]) -> None:
        self._db.update_memory(row["id"], importance=min(1.0, row["importance"] + RECONFIRM_STEP))

    # ------------------------------------------------------------------- search
    def _retrieve(
        self, query: str, user_id: str, limit: int
    ) -> tuple[list[_Candidate], dict[str, dict[str, Any]]]:
        """The measured LoCoMo pipeline (:mod:`langmem_local.hybrid`), then absolute scale.

        Dense and keyword candidates are fused, turns by the one speaker a
        query names are boosted, and a strong hit lends its predecessor part of
        its score. ``hybrid`` scales relevance so the best candidate gets 1.0;
        multiplying by the best cosine keeps "best of poor matches" from
        looking like a perfect match next to recency and importance.
        """
        vector = [float(x) for x in self.embeddings.embed_query(query)]
        pool = max(limit, hybrid.CANDIDATES)
        dense = dense_candidates(self._db, self._vectors, vector, user_id=user_id, limit=pool)
        speakers = self._db.speakers(user_id)
        keyword = self._keyword.search(user_id, hybrid.keyword_query(query, speakers), pool)
        ids = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in keyword]))
        # Only the speaker of every candidate is needed to fuse; full rows only of the kept.
        speaker_of = self._db.speakers_of(ids) if speakers else {}
        # Neighbour expansion is off by default (hybrid.NEIGHBOUR_BETA): no look-up then.
        prev_of, next_of = self._db.neighbours(ids) if hybrid.NEIGHBOUR_BETA > 0 else ({}, {})
        hits = hybrid.retrieve(
            query,
            dense,
            keyword,
            speaker_of=speaker_of,
            speakers=speakers,
            prev_of=prev_of,
            next_of=next_of,
            k=pool,
            # No keyword evidence at all: relevance is the dense signal alone.
            alpha=self.config.ranking.keyword_weight if keyword else 0.0,
        )
        cosine, bm25 = dict(dense), dict(keyword)
        scale = max(0.0, min(1.0, max(cosine.values(), default=0.0)))
        if keyword:
            scale = max(scale, 0.5)  # a keyword match is real evidence on its own
        candidates = [
            _Candidate(i, rel * scale, cosine.get(i), bm25.get(i)) for i, rel in hits[:limit]
        ]
        return candidates, self._db.get_memories([c.memory_id for c in candidates])

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
            user_id: Whose memories to search.
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
        user_id = _check_user_id(user_id)
        if not isinstance(query, str) or not query.strip():
            msg = "query must be a non-empty string"
            raise ValueError(msg)
        if not isinstance(limit, int) or limit < 1:
            msg = f"limit must be a positive integer, got {limit!r}"
            raise ValueError(msg)
        now = utcnow()
        if as_of is not None:
            return self._search_as_of(query, user_id, limit, filters, _as_datetime(as_of))
        pool = max(limit * 4, 40) if not filters else max(limit * 20, 200)
        found, rows = self._retrieve(query, user_id, pool)
        candidates = {c.memory_id: c for c in found}
        relevance = {i: c.relevance for i, c in candidates.items()}
        # Relations feed ranking: memories linked to entities named in the
        # query get a relevance bonus that fades with graph distance.
        for memory_id, hops in self._graph.memory_ids_for(user_id, query).items():
            bonus = 0.15 / (1 + hops)
            relevance[memory_id] = min(1.0, relevance.get(memory_id, 0.0) + bonus)
        # Rows of candidates came with retrieval; fetch only what the graph added
        # (neighbour expansion can add ids that were not among the candidates).
        missing = [i for i in relevance if i not in rows]
        rows = {**rows, **self._db.get_memories(missing)}
        weights = self.config.ranking
        hits = []
        for memory_id, rel in relevance.items():
            row = rows.get(memory_id)
            if row is None or not _matches(row["metadata"], filters):
                continue
            if _expired(row, now):
                continue
            breakdown = ranking.combine(
                rel,
                updated_at=from_iso(row["updated_at"]) or now,
                importance=row["importance"],
                now=now,
                weights=weights,
            )
            if threshold is not None and breakdown.score < threshold:
                continue
            hits.append((breakdown, row))
        hits.sort(key=lambda h: h[0].score, reverse=True)
        hits = hits[:limit]
        self._access.record([row["id"] for _, row in hits])  # written later, off the request
        results = []
        for breakdown, row in hits:
            hit = self._format(row, breakdown)
            c = candidates.get(row["id"])
            hit["score_breakdown"]["cosine"] = None if c is None else c.cosine
            hit["score_breakdown"]["bm25"] = None if c is None else c.bm25
            results.append(hit)
        # Relations of entities named in the query or in the hits: what the
        # graph knows around the answer, not just around the question's words.
        context = " ".join([query, *(r["memory"] for r in results)])
        return {"results": results, "relations": self._graph.search(user_id, context, limit=20)}

    def _search_as_of(
        self,
        query: str,
        user_id: str,
        limit: int,
        filters: dict[str, Any] | None,
        as_of: datetime,
    ) -> dict[str, Any]:
        """Rank the versions that were true at ``as_of`` (brute-force cosine)."""
        import numpy as np

        versions = [
            v
            for v in self._db.versions_as_of(user_id, as_of)
            if v["embedding"] is not None and _matches(v["metadata"], filters)
        ]
        if not versions:
            return {"results": [], "relations": self._graph.search(user_id, query, as_of=as_of)}
        q = np.asarray(self.embeddings.embed_query(query), np.float32)
        q /= np.linalg.norm(q) or 1.0
        mat = np.stack([v["embedding"] for v in versions])
        mat /= np.linalg.norm(mat, axis=1, keepdims=True).clip(min=1e-12)
        sims = mat @ q
        # Few versions per user: a brute-force scan beats keeping a second
        # vector index of superseded texts. Keyword evidence is word overlap.
        kw_weight = self.config.ranking.keyword_weight
        terms = set(_normalise_text(query).split())
        results = []
        for v, sim in zip(versions, sims, strict=True):
            words = set(_normalise_text(v["text"]).split())
            overlap = len(terms & words) / max(1, len(terms))
            rel = (1 - kw_weight) * max(0.0, float(sim)) + kw_weight * overlap
            results.append(
                {
                    "id": v["memory_id"],
                    "memory": v["text"],
                    "score": round(rel, 6),
                    "score_breakdown": {"relevance": round(rel, 6), "score": round(rel, 6)},
                    "metadata": v["metadata"],
                    "user_id": user_id,
                    "valid_from": v["valid_from"],
                    "valid_to": v["valid_to"],
                    "created_at": v["recorded_at"],
                    "updated_at": v["recorded_at"],
                }
            )
        results.sort(key=lambda r: r["score"], reverse=True)
        return {
            "results": results[:limit],
            "relations": self._graph.search(user_id, query, as_of=as_of),
        }

    # --------------------------------------------------------------- read API
    def _format(self, row: dict[str, Any], breakdown: ranking.ScoreBreakdown | None = None) -> dict:
        out: dict[str, Any] = {
            "id": row["id"],
            "memory": row["text"],
            "metadata": row["metadata"],
            "user_id": row["user_id"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "importance": round(row["importance"], 4),
            "category": row.get("category"),
            "valid_from": row.get("valid_from"),
            "expires_at": row.get("expires_at"),
        }
        if breakdown is not None:
            out["score"] = round(breakdown.score, 6)
            out["score_breakdown"] = breakdown.as_dict(self.config.ranking)
        return out

    def get(self, memory_id: str) -> dict[str, Any] | None:
        """One memory by id, or ``None``."""
        row = self._db.get_memory(memory_id)
        return self._format(row) if row else None

    def get_all(
        self,
        *,
        user_id: str,
        filters: dict[str, Any] | None = None,
        limit: int | None = None,
        include_expired: bool = False,
    ) -> dict[str, Any]:
        """Every live memory of a user (oldest first), optionally filtered.

        Memories past their TTL are left out unless ``include_expired`` (they
        stay stored until ``prune`` removes them, never silently).
        """
        user_id = _check_user_id(user_id)
        now = utcnow()
        rows = [
            r
            for r in self._db.user_memories(user_id)
            if _matches(r["metadata"], filters) and (include_expired or not _expired(r, now))
        ]
        if limit is not None:
            rows = rows[:limit]
        return {"results": [self._format(r) for r in rows]}

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """Mem0's change history of a memory (ADD, UPDATE, DELETE events), oldest first."""
        return self._vectors.history(memory_id)

    def versions(self, memory_id: str) -> list[dict[str, Any]]:
        """Every version of a memory with valid-from / valid-to / recorded-at."""
        return [
            {k: v for k, v in ver.items() if k != "embedding"}
            for ver in self._db.versions(memory_id)
        ]

    def users(self) -> list[str]:
        """User ids that have memories (or turns waiting for extraction)."""
        return self._db.users()

    def audit_log(self, *, user_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Who did what when (no memory text is ever kept here)."""
        return self._db.audit_log(user_id=user_id, limit=limit)

    @property
    def graph(self) -> Any:
        """The user-scoped temporal entity graph (:class:`GraphStore`)."""
        return self._graph

    # -------------------------------------------------------------- write API
    def update(self, memory_id: str, text: str) -> dict[str, Any]:
        """Replace a memory's text (history records UPDATE; the old version is kept)."""
        if not isinstance(text, str) or not text.strip():
            msg = "text must be a non-empty string"
            raise ValueError(msg)
        with self._write_lock:
            row = self._require(memory_id)
            vector = self._embed([text.strip()])[0]
            self._revise(row, text.strip(), vector, when=utcnow(), actor="api")
        return {"id": memory_id, "memory": text.strip(), "event": "UPDATE"}

    def delete(self, memory_id: str) -> dict[str, Any]:
        """Erase a memory from every store (vectors, keyword index, graph, versions).

        History keeps that the deletion happened, not what the memory said.
        """
        with self._write_lock:
            row = self._require(memory_id)
            self._erase(memory_id, row["user_id"])
            self._db.checkpoint()
        return {"id": memory_id, "event": "DELETE", "message": "Memory deleted."}

    def delete_all(self, *, user_id: str) -> dict[str, Any]:
        """Erase every memory, turn and graph edge of a user."""
        user_id = _check_user_id(user_id)
        with self._write_lock:
            ids = set(self._db.erase_user(user_id)) | set(self._vectors.ids(user_id))
            for memory_id in ids:
                self._erase(memory_id, user_id)
            self._keyword.delete_user(user_id)
            self._graph.delete_user(user_id)
            self._db.audit("ERASE_USER", actor="api", user_id=user_id, detail={"count": len(ids)})
            self._db.checkpoint()
        return {"deleted": len(ids), "message": f"Deleted {len(ids)} memories of {user_id!r}."}

    def _erase(self, memory_id: str, user_id: str, *, actor: str = "api") -> None:
        row = self._db.get_memory(memory_id)
        if row is not None:
            # The raw turns the memory was extracted from say the same thing.
            self._db.erase_turns(row["source_turns"])
        if self._vectors.exists(memory_id):
            self._vectors.delete(memory_id)
        self._vectors.scrub_history(memory_id)
        self._vectors.scrub_write_log(memory_id)
        self._db.erase_memory(memory_id)
        self._keyword.delete(memory_id)
        self._graph.delete_memory(memory_id)
        self._db.audit("ERASE", actor=actor, user_id=user_id, memory_id=memory_id)

    def reset(self) -> None:
        """Erase everything in this data directory (all users, all stores)."""
        with self._write_lock:
            self._vectors.reset()
            self._keyword.reset()
            self._graph.reset()
            self._db.reset()

    def _require(self, memory_id: str) -> dict[str, Any]:
        row = self._db.get_memory(memory_id)
        if row is None:
            msg = (
                f"no memory with id {memory_id!r}; list ids with get_all(user_id=...) "
                "or `langmem-local memories list --user U`"
            )
            raise MemoryNotFoundError(msg)
        return row

    def close(self) -> None:
        """Release file handles and connections (the data stays on disk)."""
        self._access.close()
        if self._vectors_obj is not None:
            self._vectors_obj.close()
        if hasattr(self._graph, "close"):
            self._graph.close()
        self._db.conn.close()

    def __enter__(self) -> LocalMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------- async twins
    aadd = _async_twin(add)
    asearch = _async_twin(search)
    aget = _async_twin(get)
    aget_all = _async_twin(get_all)
    aupdate = _async_twin(update)
    adelete = _async_twin(delete)
    adelete_all = _async_twin(delete_all)
    ahistory = _async_twin(history)
    aretry_pending = _async_twin(retry_pending)
    areset = _async_twin(reset)


@dataclass
class _NewMemory:
    """Everything one ADD writes."""

    text: str
    vector: list[float]
    user_id: str
    metadata: dict[str, Any]
    importance: float
    valid_from: datetime
    category: str | None
    source_turns: list[str]
    actor: str
    role: str = "user"
    speaker: str | None = None
    run_id: str | None = None
    index_text: str | None = None
    context: str = ""
    expires_at: str | None = None


@dataclass(frozen=True)
class _Candidate:
    memory_id: str
    relevance: float
    cosine: float | None
    bm25: float | None


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

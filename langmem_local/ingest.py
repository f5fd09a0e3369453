"""The add path, top-down (:meth:`Ingest.add`).

1. normalise the messages and **persist the raw turn** (the durable turn
   queue in ``memory.db``) before anything can fail;
2. rules that need no LLM: an explicit "forget that ..." is matched against the
   stored memories and superseded directly; "forget where I live" (a request
   that names an attribute, :func:`langmem_local.forget.named_attributes`)
   supersedes every memory that states it (:mod:`langmem_local.forget`);
3. gather the stored memories most similar to the turn (hybrid search) and
   number them 0..n-1;
4. **one LLM call** extracts facts and decides ADD / UPDATE / DELETE / NONE for
   each (:mod:`langmem_local.extraction`; one repair retry on invalid output);
5. deterministic checks on the decisions: ids map back through the numbering
   (a model cannot invent one), ungrounded facts are dropped, exact and
   near-exact duplicates become NONE;
6. apply the decisions and mark the turn done in ONE transaction
   (:class:`langmem_local.writer.MemoryWriter`); if step 4 fails the turn stays
   queued and ``add`` reports it; :meth:`Ingest.retry_pending` runs it later.

``infer=False`` skips 2-5 and stores each message verbatim. Steps 5 and 6 (the
checks and the writes of each decision) are in :mod:`langmem_local.ingest_decisions`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from langmem_local import forget, hybrid, ranking, validation
from langmem_local.config import LocalMemoryConfig
from langmem_local.extraction import Extractor
from langmem_local.ingest_decisions import _Decisions
from langmem_local.ingest_text import (
    normalize_messages,
)
from langmem_local.retrieval import Retrieval
from langmem_local.stores.protocols import (
    GraphStoreProtocol,
    MetadataStoreProtocol,
    VectorIndexProtocol,
)
from langmem_local.stores.sqlite import from_iso, iso, utcnow
from langmem_local.writer import MemoryWriter, _NewMemory


class Ingest(_Decisions):
    """Turns messages into stored memories for one data directory.

    Args:
        config: Engine configuration (related_limit, duplicate_threshold).
        db: The source of truth (turn queue).
        graph: The entity graph store.
        writer: Applies every change as one transaction.
        retrieval: Finds the stored memories related to a turn.
        extractor: The one-call LLM extraction.
        embed: Embeds texts (documents).
        index: Returns the derived vector index.
        min_grounding: Share of a fact's words the messages must contain.
        write_lock: Serialises reconciliation (read, then write) per engine.

    Example:
        .. code-block:: python

            ingest.add("I moved to Boston", user_id="sarah")["results"]
            # [{"id": ..., "memory": "Lives in Boston", "event": "UPDATE", ...}]
    """

    def __init__(
        self,
        config: LocalMemoryConfig,
        db: MetadataStoreProtocol,
        graph: GraphStoreProtocol,
        *,
        writer: MemoryWriter,
        retrieval: Retrieval,
        extractor: Extractor,
        embed: Callable[[Sequence[str]], list[list[float]]],
        index: Callable[[], VectorIndexProtocol],
        min_grounding: float,
        write_lock: threading.RLock,
    ) -> None:
        self.config = config
        self._db = db
        self._graph = graph
        self._writer = writer
        self._retrieval = retrieval
        self._extractor = extractor
        self._embed = embed
        self._index = index
        self._min_grounding = min_grounding
        self._write_lock = write_lock

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
        """Validate, queue and process one turn (see :meth:`LocalMemory.add`)."""
        # 1. every argument checked before anything is embedded or written.
        user_id = validation.user_id(user_id)
        validation.metadata(metadata)
        validation.flag(infer, "infer")
        validation.flag(defer, "defer")
        validation.run_id(run_id)
        ttl = validation.ttl(ttl)
        msgs = validation.turn(normalize_messages(messages))
        if infer and msgs:
            # A turn that can never fit the model is refused now, not queued forever.
            validation.fits_context(msgs, self._extractor.chat_model)
        when = validation.timestamp(timestamp) or utcnow()
        expires_at = iso(utcnow() + ttl) if ttl is not None else None
        if not msgs:
            return {"results": [], "queued": []}
        if defer and not infer:
            msg = "defer=True queues a turn for extraction; fix: drop defer, or pass infer=True"
            raise ValueError(msg)
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
        if defer:
            return {"results": [], "queued": [turn_id]}
        return self.process_turn(turn_id)

    def process_turn(self, turn_id: str) -> dict[str, Any]:
        """Steps 2-6 for one queued turn (also what :meth:`retry_pending` runs)."""
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
            rest = [
                m for m in msgs if not (m["role"] == "user" and forget.is_request(m["content"]))
            ]
            if forgotten is not None and not any(m["role"] == "user" for m in rest):
                self._db.mark_turn(turn_id, done=True)
                return {"results": forgotten, "queued": [], "llm_calls": 0}
            # 3. what is stored already, numbered for the model.
            related = self.related(user_id, rest)
            # 4. one LLM call (+ one repair retry).
            from langmem_local.timeparse import resolve_relative_dates

            prompt_msgs = [
                {**m, "content": resolve_relative_dates(m["content"], when)} for m in rest
            ]
            llm_started = time.perf_counter()
            facts_mode = self._extractor.mode == "facts"
            try:
                if facts_mode:
                    # Tiny model: rules write and reconcile the facts, the model
                    # only helps with what they cannot parse (facts_mode.py).
                    from langmem_local import facts_mode as rules

                    extraction, related = rules.extract(self, user_id, prompt_msgs, related, when)
                else:
                    extraction = self._extractor.extract(
                        [r["text"] for r in related], prompt_msgs, when=when.strftime("%Y-%m-%d")
                    )
            except Exception as exc:  # noqa: BLE001 - any model failure keeps the turn queued
                error = str(exc) or type(exc).__name__
                self._db.mark_turn(turn_id, done=False, error=error)
                self._db.audit(
                    "EXTRACT_FAILED",
                    actor="engine",
                    user_id=user_id,
                    detail={"turn_id": turn_id, "error": error[:500]},
                )
                return {"results": forgotten or [], "queued": [turn_id], "error": error}
            llm_s = time.perf_counter() - llm_started
            # 5 + 6. check and apply each decision, and mark the turn done, as
            # one transaction: a crash half-way leaves the turn pending, never
            # half its facts stored.
            results = list(forgotten or [])
            decisions = (
                extraction.decisions
                if facts_mode
                else self._check_decisions(extraction.decisions, related, rest)
            )
            with self._db.transaction():
                for decision in decisions:
                    applied = self._apply(
                        decision, related, user_id, metadata, when, turn_id, run_id, expires_at
                    )
                    if applied:
                        results.append(applied)
                # 7. done.
                self._db.mark_turn(turn_id, done=True)
            self._writer.committed()
        timings = {"llm_s": llm_s, "total_s": time.perf_counter() - started}
        return {
            "results": results,
            "queued": [],
            "llm_calls": extraction.llm_calls,
            "timings": timings,
        }

    def retry_pending(self, user_id: str | None = None) -> dict[str, Any]:
        """Process turns whose extraction failed earlier (oldest first).

        A turn that fails again stays queued and is listed in ``failed`` (with
        its error); the other turns are processed regardless.
        """
        user_id = validation.optional_user_id(user_id)
        results: list[dict[str, Any]] = []
        queued: list[str] = []
        failed: list[dict[str, Any]] = []
        for turn in self._db.pending_turns(user_id):
            try:
                out = self.process_turn(turn["id"])
            except Exception as exc:  # noqa: BLE001 - one bad turn must not block the others
                error = f"{type(exc).__name__}: {exc}"
                self._db.mark_turn(turn["id"], done=False, error=error)
                out = {"results": [], "queued": [turn["id"]], "error": error}
            results.extend(out["results"])
            queued.extend(out["queued"])
            if out["queued"]:
                failed.append(
                    {
                        "turn_id": turn["id"],
                        "user_id": turn["user_id"],
                        "error": out.get("error") or "extraction failed",
                    }
                )
        return {"results": results, "queued": queued, "failed": failed}

    def related(self, user_id: str, msgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stored memories most similar to the turn, for the model to reconcile with."""
        limit = self.config.related_limit
        text = "\n".join(m["content"] for m in msgs if m["role"] == "user") or "\n".join(
            m["content"] for m in msgs
        )
        if limit == 0 or not text:
            return []
        found, rows = self._retrieval.retrieve(text, user_id, limit * 2)
        return [
            rows[c.memory_id] | {"relevance": c.relevance} for c in found if c.memory_id in rows
        ][:limit]

    def _apply_forget_rule(
        self, msgs: list[dict[str, Any]], user_id: str, when: datetime
    ) -> list[dict[str, Any]] | None:
        """Delete what an explicit "forget ..." request names, without the LLM."""
        out: list[dict[str, Any]] = []
        for m in msgs:
            what = forget.target(m["content"]) if m["role"] == "user" else None
            if what is None:
                continue
            named = forget.named_memories(what, lambda: self._db.user_memories(user_id))
            if named is not None:
                # "Forget where I live", "delete the stuff about my ex": every memory
                # that states that attribute of the user, or speaks of that person.
                for row in named:
                    rest = forget.trimmed(what, row["text"])
                    if rest is not None:  # "forget what i make": the job stays, the pay goes
                        self._writer.revise(
                            row, rest, self._embed([rest])[0], when=when, actor="engine"
                        )
                        out.append({"id": row["id"], "memory": rest, "event": "UPDATE"})
                        continue
                    self._writer.supersede(row, when, actor="engine", event="DELETE")
                    out.append({"id": row["id"], "memory": row["text"], "event": "DELETE"})
                continue
            # Only the best match is deleted, and only when it is close enough.
            found, rows = self._retrieval.retrieve(what, user_id, 3)
            best = found[0] if found else None
            row = rows.get(best.memory_id) if best else None
            if row is not None and forget.clear_match([c.relevance for c in found]):
                self._writer.supersede(row, when, actor="engine", event="DELETE")
                out.append({"id": row["id"], "memory": row["text"], "event": "DELETE"})
        return out if out else None

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
            ids = self._writer.create_many(items)
        return [
            {"id": memory_id, "memory": m["content"], "event": "ADD", "role": m["role"]}
            for memory_id, m in zip(ids, msgs, strict=True)
        ]

"""Steps 5 and 6 of the add path: check the model's decisions, then apply each one.

Mixed into :class:`~langmem_local.ingest.Ingest`, whose
:meth:`~langmem_local.ingest.Ingest.process_turn` calls them inside the turn's
one transaction. :meth:`_Decisions._check_decisions` fixes what a model may get
wrong, deterministically (ids it was never shown, ungrounded facts, duplicates);
:meth:`_Decisions._apply` turns one ADD / UPDATE / DELETE / NONE into writes
through :class:`~langmem_local.writer.MemoryWriter` and the graph.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langmem_local import ranking
from langmem_local.extraction import Decision
from langmem_local.ingest_text import dedupe_sentences, grounding, merge_metadata, normalise_text


class _Decisions:
    """Decision checks and writes of :class:`Ingest` (relies on the stores it holds)."""

    def _check_decisions(
        self,
        decisions: list[Decision],
        related: list[dict[str, Any]],
        msgs: list[dict[str, Any]],
    ) -> list[Decision]:
        """Deterministic fixes: invalid ids, ungrounded facts, duplicates, no-op updates."""
        checked: list[Decision] = []
        seen: set[str] = set()
        stored = {normalise_text(r["text"]): i for i, r in enumerate(related)}
        said = "\n".join(m["content"] for m in msgs if m["role"] == "user") or "\n".join(
            m["content"] for m in msgs
        )
        for d in decisions:
            d = d.model_copy(update={"text": dedupe_sentences(d.text)})
            valid = 0 <= d.id < len(related)
            if d.event in ("ADD", "UPDATE") and grounding(d.text, said) < self._min_grounding:
                continue
            key = normalise_text(d.text)
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
            self._writer.reconfirm(target)
            return {"id": target["id"], "memory": target["text"], "event": "NONE"}
        if d.event == "DELETE" and target is not None:
            self._writer.supersede(target, when, actor="engine", event="DELETE")
            return {"id": target["id"], "memory": target["text"], "event": "DELETE"}
        if d.event not in ("ADD", "UPDATE"):
            return None
        # index_text (facts mode: the user's own name left out) is what search matches.
        vector = self._embed([d.index_text or d.text])[0]
        if d.event == "ADD":
            # Near-exact duplicate of something stored: re-confirmation, not a new fact.
            nearest = self._index().search(vector, user_id=user_id, limit=1)
            if nearest and nearest[0][1] >= self.config.duplicate_threshold:
                row = self._db.get_memory(nearest[0][0])
                if row:
                    self._writer.reconfirm(row)
                    return {"id": row["id"], "memory": row["text"], "event": "NONE"}
            memory_id = self._writer.create(
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
                index_text=d.index_text,
            )
            self._graph.add_relations(
                user_id, memory_id, d.relations, valid_from=when, skip_invalid=True
            )
            return {"id": memory_id, "memory": d.text, "event": "ADD"}
        assert target is not None
        self._writer.revise(
            target,
            d.text,
            vector,
            when=when,
            metadata=merge_metadata(target["metadata"], metadata),
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

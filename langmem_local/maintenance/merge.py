"""Merging the texts of related memories: the LLM merge prompt and the deterministic merge.

:func:`merge_texts` joins the unique clauses of a group's texts; the LLM path
(``MERGE_SYSTEM`` / ``MERGE_USER``, schema ``MERGE_SCHEMA``) asks the chat model
for one denser text. Used by :func:`~langmem_local.maintenance.consolidation.consolidate`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from langmem_local.extraction import structured_kwargs

if TYPE_CHECKING:
    from langmem_local.memory import LocalMemory

__all__ = ["MERGE_SCHEMA", "MERGE_SYSTEM", "MERGE_USER", "merge_texts"]

#: JSON schema of one merge call's output.
MERGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"text": {"type": "string", "maxLength": 400}},
    "required": ["text"],
}

MERGE_SYSTEM = """\
You merge related memories about one user into a single memory.
Write ONE short text that keeps every fact of the memories below: names, \
numbers, dates, places, preferences. Add nothing that is not stated. If two \
memories disagree, keep the later one (they are listed oldest first).
Answer with JSON only: {"text": "..."}"""

MERGE_USER = "MEMORIES (oldest first):\n{memories}\n\nJSON:"


def merge_texts(texts: Sequence[str]) -> str:
    """Deterministic merge: the unique clauses of ``texts`` joined with ``"; "``.

    Texts are split into clauses at sentence ends and semicolons; a clause
    equal to (case and punctuation aside) or contained in another is dropped,
    so nothing stated is lost and nothing is repeated.

    Args:
        texts: Memory texts, oldest first.

    Returns:
        One text.

    Example:
        .. code-block:: python

            merge_texts(["Likes tea.", "Likes tea every morning; drinks it daily", "likes tea"])
            # "Likes tea every morning; drinks it daily"
    """
    from langmem_local.ingest_text import normalise_text as _normalise_text

    clauses: list[str] = []
    keys: list[str] = []
    for text in texts:
        for part in re.split(r"(?<=[.!?])\s+|\s*;\s*", text):
            clause = part.strip().rstrip(" .;")
            key = _normalise_text(clause)
            if not key or any(f" {key} " in f" {k} " for k in keys):
                continue
            # A longer clause replaces the shorter ones it contains, in place.
            inside = [i for i, k in enumerate(keys) if f" {k} " in f" {key} "]
            if inside:
                clauses[inside[0]], keys[inside[0]] = clause, key
                for i in reversed(inside[1:]):
                    del clauses[i], keys[i]
            else:
                clauses.append(clause)
                keys.append(key)
    return "; ".join(clauses)


class _MergeOutput(BaseModel):
    text: str = Field(min_length=1, max_length=1000)

    @field_validator("text", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return v.strip() if isinstance(v, str) else v


def _parse_merge(raw: str) -> str:
    """The ``text`` of a merge answer; tolerates code fences and prose around the JSON."""
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        msg = "the answer contains no JSON object"
        raise ValueError(msg)
    try:
        return _MergeOutput.model_validate(json.loads(raw[start : end + 1])).text
    except (json.JSONDecodeError, ValidationError) as exc:
        msg = f"invalid merge answer: {exc}".splitlines()[0]
        raise ValueError(msg) from None


def _llm_merge(memory: LocalMemory, texts: Sequence[str]) -> str:
    numbered = "\n".join(f"{i}. {t}" for i, t in enumerate(texts))
    chat = [("system", MERGE_SYSTEM), ("human", MERGE_USER.format(memories=numbered))]
    reply = memory.chat_model.invoke(chat, **structured_kwargs(memory.chat_model, MERGE_SCHEMA))
    content = reply.content
    if isinstance(content, list):  # content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return _parse_merge(str(content))

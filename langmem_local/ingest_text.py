"""Pure text helpers of the ingest path: message normalisation, grounding, cleanup."""

from __future__ import annotations

import re
from typing import Any

_ROLES = {"human": "user", "user": "user", "ai": "assistant", "assistant": "assistant"}


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


def normalise_text(text: str) -> str:
    """Lower-case words and digits only, single-spaced (for comparisons)."""
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
    words = [w for w in normalise_text(fact).split() if w not in _STOP and len(w) > 2]
    if not words:
        return 0.0
    seen = {w[:5] for w in normalise_text(source).split()}
    return sum(w[:5] in seen for w in words) / len(words)


def dedupe_sentences(text: str) -> str:
    """Drop sentences a model repeated inside one fact (a small-model failure)."""
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if sentence and normalise_text(sentence) not in {normalise_text(o) for o in out}:
            out.append(sentence)
    return " ".join(out)


def merge_metadata(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New scalars win; list values are unioned (provenance such as turn ids)."""
    merged = dict(old)
    for key, value in new.items():
        if isinstance(value, list) and isinstance(old.get(key), list):
            merged[key] = old[key] + [v for v in value if v not in old[key]]
        else:
            merged[key] = value
    return merged

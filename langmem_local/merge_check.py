"""Validate a model-written merge of memories against its sources.

Consolidation asks the chat model to merge a group of related memories into
one text. The bundled SmolLM2-135M was measured to answer two identical
"Lives in Denver" memories with ``2022-01-01 00:00:00.000000.000000…`` (400
characters, "Denver" gone). A merge is therefore accepted only when nothing
stated is lost and nothing is invented or looped; otherwise
:func:`langmem_local.maintenance.consolidate` falls back to the deterministic
:func:`~langmem_local.maintenance.merge_texts`.

Example:
    .. code-block:: python

        from langmem_local.merge_check import merge_problem

        merge_problem("Lives in Denver", ["Lives in Denver", "Lives in Denver"])   # None
        merge_problem("2022-01-01 00:00:00.000000", ["Lives in Denver"])
        # "loses 'Lives in Denver' (missing: denve, liv)"
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langmem_local import lexicon
from langmem_local import slots as slot_rules

__all__ = ["MAX_GROWTH", "merge_problem"]

#: A merge may be at most this many characters longer than its sources together.
MAX_GROWTH = 40

_LOOP = re.compile(r"\b(\w+(?:\W+\w+){0,3})\b(?:\W+\1\b){2,}", re.IGNORECASE)


def _negated(text: str) -> bool:
    words = set(re.findall(r"[a-z']+", text.lower()))
    return bool(words & lexicon.NEGATIONS) or "no longer" in text.lower()


def merge_problem(merged: str, sources: Sequence[str]) -> str | None:
    """Why ``merged`` is not a faithful merge of ``sources`` (``None`` when it is).

    Checks, in order: not empty; bounded length (sources plus
    :data:`MAX_GROWTH` characters); no phrase repeated three times in a row;
    every source's content words (stemmed) and slot values survive; a denial
    in a source ("No longer drinks coffee") is still a denial.
    """
    text = merged.strip()
    if not text:
        return "empty"
    limit = sum(len(s) for s in sources) + MAX_GROWTH
    if len(text) > limit:
        return f"too long ({len(text)} > {limit} characters)"
    if _LOOP.search(text):
        return "repeats a phrase"
    have = slot_rules.content_stems(text) | {slot_rules.stem(w) for w in re.findall(r"\w+", text)}
    low = text.lower()
    for source in sources:
        missing = sorted(slot_rules.content_stems(source) - have)
        if missing:
            return f"loses {source!r} (missing: {', '.join(missing)})"
        for slot in slot_rules.parse(source):
            if slot.display and slot.display.lower() not in low:
                return f"loses {slot.attribute} {slot.display!r} of {source!r}"
        if _negated(source) and not _negated(text):
            return f"drops the denial in {source!r}"
    return None

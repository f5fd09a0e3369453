"""The ``facts`` extraction mode: rules write the memories, the tiny model only helps.

Used with the bundled SmolLM2-135M (``extraction_mode_hint == "facts"``), which
can list facts now and then but cannot reconcile and often invents, loops or
turns a question into a fact. One turn goes:

1. :func:`langmem_local.statements.analyse` splits the user's text into
   clauses, drops questions, requests and small talk, and writes each
   first-person statement as a memory ("Lives in Boston");
2. only statements the rules cannot write (*residual*) go to the model, and
   its facts are kept only when :func:`usable_model_fact` accepts them
   (grounded in that statement, well formed, no repetition loop, not a
   question); with no residual there is no model call at all;
3. :func:`langmem_local.reconcile.reconcile` decides ADD / UPDATE / DELETE /
   NONE against the user's stored memories, with relations for the graph.

Example:
    .. code-block:: python

        result, candidates = extract(memory, "sarah", messages, related, when)
        [d.event for d in result.decisions]   # ["UPDATE"] for "Actually I moved to Boston"
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from langmem_local import first_person, lexicon, people, reconcile, slots, statements
from langmem_local.extraction import ExtractionResult

if TYPE_CHECKING:
    from langmem_local.ingest import Ingest

__all__ = ["MAX_CANDIDATES", "MIN_MODEL_GROUNDING", "USE_MODEL", "extract", "usable_model_fact"]

#: Ask the model about statements the rules cannot write (``False``: rules only;
#: ``benchmarks/scenarios.py --rules-only`` measures the difference).
USE_MODEL = True

#: Most stored memories a turn is reconciled against (the newest); slots make
#: a conflict visible even when retrieval would not rank the old fact first.
MAX_CANDIDATES = 400
#: Share of a model fact's content words that its source statement must contain.
MIN_MODEL_GROUNDING = 0.75

_LOOP = re.compile(r"\b(\w+(?:\W+\w+){0,3})\b(?:\W+\1\b){2,}", re.IGNORECASE)
_BAD_END = re.compile(r"(?:\b(?:a|an|the|and|or|of|to|in|with|non|is|are|my|their)|[-,:(])$", re.I)


def usable_model_fact(text: str, source: str) -> bool:
    """Whether a fact the model wrote for ``source`` may be stored.

    Rejects what SmolLM2 is measured to produce: repetition loops ("I'm a
    vegetarian, I'm a vegetarian, ..."), text cut off mid-phrase ("... I'm a
    non-"), questions, single words, and details the user never stated.
    """
    from langmem_local.memory import grounding

    t = text.strip()
    words = re.findall(r"[A-Za-z0-9']+", t)
    if not 2 <= len(words) <= 16 or t.endswith("?") or _LOOP.search(t) or _BAD_END.search(t):
        return False
    if len({w.lower() for w in words}) < 0.6 * len(words):
        return False
    return grounding(t, source) >= MIN_MODEL_GROUNDING and _names_in_place(t, source)


def _names_in_place(text: str, source: str) -> bool:
    """Whether every name the model wrote stands where the user put it.

    Bag-of-words grounding passed "Just signed a lease in Denver" for "just
    signed a lease in Boulder, moving out of the Denver place": every word is
    in the source, the city is not where it was said. A capitalised word after
    the first must follow the same word in the source ("in Denver" must be said).
    """
    said = source.lower()
    pairs = re.findall(r"([A-Za-z']+) ([A-Z][\w'-]*)", text)
    return all(f"{before.lower()} {name.lower()}" in said for before, name in pairs)


def _model_facts(memory: Ingest, residual: list[str], when: datetime) -> tuple[list, int]:
    """Ask the model about the statements the rules could not write."""
    facts: list[statements.Fact] = []
    calls = 0
    for clause in residual:
        result = memory._extractor.extract(
            [], [{"role": "user", "content": clause}], when=when.strftime("%Y-%m-%d")
        )
        calls += result.llm_calls
        for d in result.decisions:
            if not usable_model_fact(d.text, clause):
                continue
            # The model may still answer in the first person: same style rules.
            third = first_person.third_person(d.text.rstrip("."))
            fact = statements.canonical(d.text) or statements.Fact(
                third[0].upper() + third[1:], source=clause
            )
            facts.append(fact)
    return facts, calls


def _candidates(
    memory: Ingest, user_id: str, related: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``related`` first (its indices stay valid), then the user's other extracted memories."""
    seen = {r["id"] for r in related}
    rest = [
        r
        for r in memory._db.user_memories(user_id)
        if r["id"] not in seen and r.get("category") != "message"
    ]
    return [*related, *rest[-MAX_CANDIDATES:]]


def _known_names(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Relatives and pets the user's memories name: ``{"Leo": "son", "Rex": "dog"}``."""
    names: dict[str, str] = {}
    for row in rows:
        for s in slots.parse(row["text"]):
            if s.attribute == "name" and s.subject != "user" and s.display[:1].isupper():
                names.setdefault(s.display, s.subject)
        # "Twins Ella and Max ...", "Kids Leo, Mia and Sam ...": each of them.
        for m in _SEVERAL.finditer(row["text"]):
            for name in re.findall(r"[A-Z][a-z]+", m.group(2)):
                names.setdefault(name, m.group(1).lower())
        # "Theo has a severe peanut allergy": named alone, no relation known ("").
        alone = people.subject(row["text"])
        if alone is not None and people.statement(row["text"]) is not None:
            names.setdefault(alone, "")
    return names


_SEVERAL = re.compile(
    rf"\b((?i:{lexicon.KIN}|{lexicon.PETS}))s ((?:[A-Z][a-z]+,? )+and [A-Z][a-z]+)\b"
)


def extract(
    memory: Ingest,
    user_id: str,
    messages: list[dict[str, Any]],
    related: list[dict[str, Any]],
    when: datetime,
    *,
    use_model: bool | None = None,
) -> tuple[ExtractionResult, list[dict[str, Any]]]:
    """Decisions for one turn and the stored rows their ids index.

    Raises whatever the model raised when it was needed and nothing else was
    found, so the turn stays queued exactly as in ``decide`` mode.
    """
    said = [m["content"] for m in messages if m["role"] == "user"]
    candidates = _candidates(memory, user_id, related)
    facts: list[statements.Fact] = []
    residual: list[str] = []
    names = _known_names(candidates)
    for text in said:
        analysis = statements.analyse(text, names)
        facts.extend(analysis.facts)
        residual.extend(analysis.residual)
    calls = 0
    if residual and (USE_MODEL if use_model is None else use_model):
        try:
            model_facts, calls = _model_facts(memory, residual, when)
            facts.extend(model_facts)
        except Exception:
            if not facts:
                raise
    vectors: dict[str, np.ndarray] = {}

    def cosine(a: str, b: str) -> float:
        missing = [t for t in (a, b) if t not in vectors]
        for t, v in zip(missing, memory._embed(missing), strict=True):
            arr = np.asarray(v, np.float32)
            vectors[t] = arr / max(float(np.linalg.norm(arr)), 1e-12)
        return float(vectors[a] @ vectors[b])

    decisions = reconcile.reconcile(facts, candidates, cosine=cosine)
    return ExtractionResult(decisions, llm_calls=calls), candidates

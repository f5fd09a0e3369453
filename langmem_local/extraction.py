"""One LLM call per turn: extract facts and decide ADD/UPDATE/DELETE/NONE.

The model sees the new messages and the few stored memories most similar to
them (numbered 0..n-1) and answers with JSON constrained by
:data:`~langmem_local.prompts.EXTRACTION_SCHEMA`. Output is validated with
pydantic; invalid output gets exactly one repair retry that shows the model its
error. After that the caller keeps the turn queued (see
:meth:`langmem_local.LocalMemory.retry_pending`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, ValidationError, field_validator

from langmem_local import prompts
from langmem_local.errors import ExtractionError
from langmem_local.stores.graph import Relation


class Decision(BaseModel):
    """One extracted fact and what to do with it."""

    event: Literal["ADD", "UPDATE", "DELETE", "NONE"]
    """What to do with the fact."""
    id: int = -1
    """Index of the stored memory in the prompt (``-1`` for ADD)."""
    text: str
    """The fact as one self-contained sentence."""
    category: str | None = None
    """fact, preference, entity, event or plan."""
    importance: int = Field(3, ge=1, le=5)
    """1 (trivia) to 5 (identity, health, strong preference)."""
    relations: list[Relation] = Field(default_factory=list)
    """Entity relations stated by the fact."""
    index_text: str | None = None
    """Keyword-index text when it must differ from ``text`` (``None``: ``text``).
    The user's own name is left out of "Name is Sarah": every query about the
    user names them, so the name is no evidence for that memory."""

    @field_validator("event", mode="before")
    @classmethod
    def _upper(cls, v: Any) -> Any:
        return v.strip().upper() if isinstance(v, str) else v

    @field_validator("importance", mode="before")
    @classmethod
    def _clamp(cls, v: Any) -> Any:
        # Small models overshoot the 1..5 scale; clamping keeps a usable answer.
        try:
            return min(5, max(1, int(v)))
        except (TypeError, ValueError):
            return 3

    @field_validator("text")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            msg = "text must not be empty"
            raise ValueError(msg)
        return v


class ExtractionOutput(BaseModel):
    """The whole answer of one extraction call."""

    memories: list[Decision] = Field(default_factory=list)
    """Decisions, in the order the model gave them."""


@dataclass
class ExtractionResult:
    """Validated decisions plus what it took to get them."""

    decisions: list[Decision]
    llm_calls: int
    raw: list[str] = field(default_factory=list)


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


def parse_output(raw: str) -> ExtractionOutput:
    """Parse and validate a model answer; raises ``ValueError`` naming what is wrong.

    Tolerates what small models do even under a schema: code fences, prose
    around the JSON object, a bare list instead of ``{"memories": [...]}``.
    """
    text = _FENCE.sub("", raw.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            msg = "the answer contains no JSON object"
            raise ValueError(msg) from None
        try:
            data = json.loads(text[start : end + 1])
        except json.JSONDecodeError as exc:
            msg = f"the answer is not valid JSON ({exc.msg} at char {exc.pos})"
            raise ValueError(msg) from None
    if isinstance(data, list):
        data = {"memories": data}
    if not isinstance(data, dict):
        msg = f"expected a JSON object, got {type(data).__name__}"
        raise ValueError(msg)
    if "memories" not in data and "facts" in data:
        # "facts" mode: plain strings are new facts; the engine reconciles them.
        data = {
            "memories": [
                {"event": "ADD", "id": -1, "text": f, "importance": 3} if isinstance(f, str) else f
                for f in (data["facts"] or [])
            ]
        }
    try:
        return ExtractionOutput.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = f"{where}: {first['msg']}"
        raise ValueError(msg) from None


def structured_kwargs(model: BaseChatModel, schema: dict[str, Any]) -> dict[str, Any]:
    """Invoke kwargs that make this model decode JSON constrained by ``schema``.

    Ollama takes the schema as ``format``; llama.cpp as an OpenAI-style
    ``response_format`` (compiled to a grammar). Other chat models get plain
    prompting plus validation and the repair retry.
    """
    try:
        from langchain_ollama import ChatOllama

        if isinstance(model, ChatOllama):
            return {"format": schema}
    except ImportError:  # pragma: no cover - langchain-ollama is a dependency
        pass
    if getattr(model, "supports_json_schema", False):
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "memories", "schema": schema, "strict": True},
            }
        }
    return {}


class Extractor:
    """Runs the extraction call with validation and one repair retry.

    Example:
        .. code-block:: python

            extractor = Extractor(chat_model)
            result = extractor.extract(["Lives in Denver"],
                                       [{"role": "user", "content": "I moved to Boston"}],
                                       when="2026-11-26")
            result.decisions[0].event  # "UPDATE"
    """

    def __init__(
        self, chat_model: BaseChatModel, mode: Literal["decide", "facts"] = "decide"
    ) -> None:
        self.chat_model = chat_model
        self.mode = mode
        self.schema = prompts.EXTRACTION_SCHEMA if mode == "decide" else prompts.FACTS_SCHEMA

    def _call(self, messages: list[tuple[str, str]]) -> str:
        kwargs = structured_kwargs(self.chat_model, self.schema)
        reply = self.chat_model.invoke(messages, **kwargs)
        content = reply.content
        if isinstance(content, list):  # content blocks
            content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
        return str(content)

    def extract(
        self, existing: list[str], messages: list[dict[str, Any]], *, when: str
    ) -> ExtractionResult:
        """Return validated decisions for one turn, or raise :class:`ExtractionError`."""
        if self.mode == "facts":
            chat = prompts.facts_messages(messages)
        else:
            chat = prompts.extraction_messages(existing, messages, when)
        raw = self._call(chat)
        try:
            return ExtractionResult(parse_output(raw).memories, llm_calls=1, raw=[raw])
        except ValueError as first_error:
            repair = [
                *chat,
                ("ai", raw[:2000]),
                ("human", prompts.REPAIR_USER.format(error=first_error)),
            ]
            raw2 = self._call(repair)
            try:
                return ExtractionResult(parse_output(raw2).memories, llm_calls=2, raw=[raw, raw2])
            except ValueError as second_error:
                msg = (
                    f"the model returned invalid extraction output twice ({second_error}); "
                    "the turn stays queued: retry with LocalMemory.retry_pending() or use a "
                    "stronger model (e.g. `ollama pull llama3.2:3b`)"
                )
                raise ExtractionError(msg) from second_error

"""Request and response bodies of the HTTP API (``langmem-local serve``).

They are the OpenAPI schema: every field is documented, requests reject
unknown fields (a typo is a 422 naming the field, not a silently ignored
argument), and responses allow the extra keys the engine may add.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Message = dict[str, Any]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    model_config = ConfigDict(extra="allow")


class AddRequest(_Request):
    """Body of ``POST /v1/memories``."""

    messages: str | list[Message] | Message = Field(
        description="A string, a message {'role', 'content', 'name'?} or a list of them."
    )
    user_id: str | None = Field(None, description="Whose memory (default: the server's --user).")
    metadata: dict[str, Any] | None = Field(None, description="Stored with every new memory.")
    infer: bool = Field(True, description="Extract facts with the LLM; false stores verbatim.")
    timestamp: str | None = Field(None, description="When it was said (ISO 8601; default now).")
    run_id: str | None = Field(None, description="Conversation session id.")
    ttl: float | None = Field(None, gt=0, description="Seconds until the memories expire.")


class SearchRequest(_Request):
    """Body of ``POST /v1/memories/search``."""

    query: str = Field(description="Natural-language query.")
    user_id: str | None = Field(None, description="Whose memories (default: the server's --user).")
    limit: int = Field(5, ge=1, le=1000, description="Maximum number of hits.")
    filters: dict[str, Any] | None = Field(
        None, description="Metadata conditions, e.g. {'topic': 'travel'}, {'year': {'gte': 2024}}."
    )
    as_of: str | None = Field(None, description="Search what was true then (ISO 8601).")
    threshold: float | None = Field(None, description="Drop hits scoring below this.")


class ListRequest(_Request):
    """Body of ``POST /v1/memories/list`` (``get_all``)."""

    user_id: str | None = Field(None, description="Whose memories (default: the server's --user).")
    filters: dict[str, Any] | None = Field(None, description="Metadata conditions.")
    limit: int | None = Field(None, ge=1, description="At most this many (default: all).")
    include_expired: bool = Field(False, description="Include memories past their TTL.")


class UpdateRequest(_Request):
    """Body of ``PUT /v1/memories/{memory_id}``."""

    text: str = Field(description="The memory's new text.")


class GraphSearchRequest(_Request):
    """Body of ``POST /v1/graph/search``."""

    query: str = Field(description="Names or topic to look up in the entity graph.")
    user_id: str | None = Field(None, description="Whose graph (default: the server's --user).")
    limit: int = Field(20, ge=1, le=1000, description="Maximum relations.")


class MemoryItem(_Response):
    """One stored memory."""

    id: str = Field(description="Memory id.")
    memory: str = Field(description="The memory text.")
    user_id: str | None = Field(None, description="Owner.")
    metadata: dict[str, Any] | None = Field(None, description="Metadata given at add time.")
    created_at: str | None = Field(None, description="When it was stored (ISO 8601).")
    updated_at: str | None = Field(None, description="When it last changed (ISO 8601).")


class SearchHit(MemoryItem):
    """A search result: a memory with its score."""

    score: float | None = Field(None, description="Final ranking score.")
    score_breakdown: dict[str, Any] | None = Field(
        None, description="relevance, recency, importance, weights, cosine, bm25, score."
    )


class SearchResponse(_Response):
    """Hits best first, and the graph relations around them."""

    results: list[SearchHit] = Field(description="Hits, best first.")
    relations: list[dict[str, Any]] = Field(default_factory=list, description="Graph relations.")


class ListResponse(_Response):
    """Memories, oldest first."""

    results: list[MemoryItem] = Field(description="The memories.")


class WriteResponse(_Response):
    """What an add / retry changed: one entry per memory created, updated or deleted."""

    results: list[dict[str, Any]] = Field(description="Events: id, memory, event (ADD/UPDATE/...).")
    queued: list[str] = Field(
        default_factory=list, description="Turns waiting for extraction (model failed)."
    )


class EventResponse(_Response):
    """The result of one update or delete."""

    id: str = Field(description="Memory id.")
    event: str = Field(description="UPDATE or DELETE.")


class DeleteAllResponse(_Response):
    """How many memories a delete_all erased."""

    deleted: int = Field(description="Number of memories erased.")
    message: str = Field(description="Human-readable summary.")


class GraphResponse(_Response):
    """Relations around the query's entities."""

    relations: list[dict[str, Any]] = Field(description="source, relationship, destination, ...")


class Health(_Response):
    """Liveness / readiness."""

    status: str = Field(description="'ok', 'ready', or 'starting' / 'closing'.")


class ErrorBody(BaseModel):
    """What went wrong and how to fix it (never a traceback)."""

    type: str = Field(description="Error class, e.g. MemoryNotFoundError, ValidationError.")
    message: str = Field(description="The problem and the fix, in one line.")
    detail: list[dict[str, Any]] | None = Field(None, description="Invalid fields, if any.")


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer has this shape."""

    error: ErrorBody = Field(description="The error.")

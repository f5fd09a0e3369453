"""The entity graph's data model, shared by both graph backends (pure, no database).

:class:`Relation` (one extracted fact), the normalisation of entity names and
relation labels, the validation of extraction output, entity matching in free
text and the assembly of rows into edges. :mod:`.graph_logic` composes these
into the store behaviour; :mod:`.graph` (SQLite) and :mod:`.graph_postgres`
only read and write rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from langmem_local.errors import ExtractionError
from langmem_local.timeparse import parse_datetime

__all__ = [
    "ENTITIES",
    "RELATIONS",
    "SELECT_EDGES",
    "Relation",
    "assemble_graph",
    "match_names",
    "normalize_entity",
    "normalize_relation",
    "parse_relations",
]

ENTITIES = "graph_entities"
RELATIONS = "graph_relations"
_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# SQLite's default SQLITE_MAX_VARIABLE_NUMBER was 999 before 3.32; stay under it.
_IN_CHUNK = 400
# Characters XML 1.0 forbids; an LLM can emit them and GraphML export must not break.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Edge rows for search() and graph(), in both backends: {rel}/{ent} are the table
# names, filled in by str.format here and by psycopg.sql in PostgresGraphStore.
SELECT_EDGES = """SELECT r.id, r.source AS s, r.target AS t, r.relation, r.memory_id,
        r.valid_from, r.valid_to, r.recorded_at,
        se.display_name AS source_name, te.display_name AS target_name
    FROM {rel} r
    JOIN {ent} se ON se.user_id = r.user_id AND se.name = r.source
    JOIN {ent} te ON te.user_id = r.user_id AND te.name = r.target"""

# Private aliases kept for modules written against the old names.
_ENTITIES, _RELATIONS, _SELECT_EDGES = ENTITIES, RELATIONS, SELECT_EDGES


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFKC", value)
    value = _XML_ILLEGAL.sub(" ", value)
    return " ".join(value.split())


def normalize_entity(name: str) -> str:
    """Key under which an entity is stored: NFKC, whitespace collapsed, casefolded.

    Example:
        >>> normalize_entity("  New   York ")
        'new york'

    """
    return _clean_text(name).casefold()


def normalize_relation(relation: str) -> str:
    """Relation label in lower snake_case: ``"Lives In"``, ``"livesIn"`` -> ``"lives_in"``.

    Example:
        >>> normalize_relation("worksAt")
        'works_at'

    """
    value = unicodedata.normalize("NFKC", relation)
    value = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value)  # camelCase -> camel_Case
    return re.sub(r"[\W_]+", "_", value).strip("_").lower()


class Relation(BaseModel):
    """One ``(source) -[relation]-> (target)`` fact from the extraction step.

    Accepts Mem0's graph keys too (``relationship``, ``destination``), and
    ignores extra keys so raw LLM output can be passed as is.

    Example:
        .. code-block:: python

            Relation(source="Sarah", relation="Lives In", target="Boston")
            # Relation(source='Sarah', relation='lives_in', target='Boston', ...)

    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    source: str = Field(validation_alias=AliasChoices("source", "subject"))
    """Entity the relation starts from, as written (display form)."""
    relation: str = Field(validation_alias=AliasChoices("relation", "relationship", "predicate"))
    """Relation label, normalised to lower snake_case."""
    target: str = Field(validation_alias=AliasChoices("target", "destination", "object"))
    """Entity the relation points to, as written (display form)."""
    source_type: str | None = None
    """Optional entity type of ``source`` (``person``, ``city``...)."""
    target_type: str | None = Field(
        default=None, validation_alias=AliasChoices("target_type", "destination_type")
    )
    """Optional entity type of ``target``."""

    @field_validator("source", "target", mode="before")
    @classmethod
    def _check_entity(cls, value: Any) -> str:
        if not isinstance(value, str) or not _clean_text(value):
            msg = f"entity name must be a non-empty string, got {value!r}"
            raise ValueError(msg)
        return _clean_text(value)

    @field_validator("relation", mode="before")
    @classmethod
    def _check_relation(cls, value: Any) -> str:
        if not isinstance(value, str) or not normalize_relation(value):
            msg = f"relation must be a non-empty label such as 'lives_in', got {value!r}"
            raise ValueError(msg)
        return normalize_relation(value)

    @field_validator("source_type", "target_type", mode="before")
    @classmethod
    def _check_type(cls, value: Any) -> str | None:
        if value is None or not isinstance(value, str):
            return None
        return normalize_relation(value) or None


def _iso(value: datetime | date | str | None) -> str | None:
    """Fixed-width ISO-8601 UTC so SQLite can compare timestamps as strings."""
    parsed = parse_datetime(value)
    return None if parsed is None else parsed.isoformat(timespec="microseconds")


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]


# The pure halves of the store methods, shared by both backends through GraphLogic.


def parse_relations(
    relations: Sequence[Relation | dict[str, Any]], *, skip_invalid: bool
) -> list[Relation]:
    """Validate extraction output for :meth:`GraphStore.add_relations`.

    Args:
        relations: :class:`Relation` objects or dicts accepted by it.
        skip_invalid: Drop malformed relations instead of raising.

    Returns:
        The valid relations, in order.

    Raises:
        ExtractionError: A relation is malformed and ``skip_invalid`` is off.

    """
    parsed: list[Relation] = []
    for index, item in enumerate(relations):
        try:
            parsed.append(item if isinstance(item, Relation) else Relation.model_validate(item))
        except ValidationError as err:
            if skip_invalid:
                continue
            problems = "; ".join(e["msg"] for e in err.errors())
            msg = (
                f"relation #{index} {item!r} is invalid ({problems}); fix the extraction "
                "output or call add_relations(..., skip_invalid=True)"
            )
            raise ExtractionError(msg) from err
    return parsed


def match_names(displays: Mapping[str, str], text: str) -> list[tuple[str, str]]:
    """Entity names mentioned in ``text``, for :meth:`GraphStore.match_entities`.

    Whole words only, any whitespace between words; overlapping names resolve
    to the longest ("New York City" hides "York").

    Args:
        displays: Stored key (:func:`normalize_entity`) -> display name of
            each candidate entity.
        text: Free text, any case or spacing.

    Returns:
        ``(key, display name)`` pairs, longest key first, without duplicates.

    """
    haystack = normalize_entity(text)
    # With no names the pattern would be "(?:)", which matches everywhere.
    if not displays or not haystack:
        return []
    keys = sorted(displays, key=lambda k: (-len(k), k))
    alternatives = [r"\s+".join(re.escape(word) for word in key.split()) for key in keys]
    # (?<!\w)/(?!\w) rather than \b: names may start or end in punctuation ("C++").
    # No re.IGNORECASE: names and text are both casefolded already, and IGNORECASE
    # would also equate "i" with dotless "ı", which casefolding keeps apart.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    found: dict[str, str] = {}
    for match in pattern.finditer(haystack):
        key = normalize_entity(match.group(0))
        if key in displays:
            found.setdefault(key, displays[key])
    return sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def assemble_graph(
    rows: Iterable[Mapping[str, Any]],
    entity_rows: Iterable[Mapping[str, Any]],
    *,
    include_expired: bool,
) -> dict[str, list[dict[str, Any]]]:
    """Build :meth:`GraphStore.graph`'s result from the rows its queries read.

    Args:
        rows: Edge rows (the columns of ``_SELECT_EDGES``), oldest recorded first.
        entity_rows: The user's entities: ``name``, ``display_name``, ``type``.
        include_expired: Whether ``rows`` include closed relations; they are
            then kept apart by ``valid_to``.

    Returns:
        ``{"nodes": [...], "edges": [...]}`` as documented on :meth:`GraphStore.graph`.

    """
    edges: dict[tuple[str | None, ...], dict[str, Any]] = {}
    for row in rows:
        # Current facts merge across memories; closed ones only with rows
        # closed at the same moment, so history keeps its separate intervals.
        key: tuple[str | None, ...] = (row["s"], row["relation"], row["t"])
        if include_expired:
            key = (*key, row["valid_to"])
        _merge(edges, key, row, hops=None)
    used = {e["source_id"] for e in edges.values()} | {e["destination_id"] for e in edges.values()}
    nodes = [
        {"id": row["name"], "name": row["display_name"], "type": row["type"]}
        for row in sorted(entity_rows, key=lambda r: r["name"])
        if row["name"] in used
    ]
    return {"nodes": nodes, "edges": list(edges.values())}


def _merge(
    edges: dict[Any, dict[str, Any]], key: Any, row: Mapping[str, Any], *, hops: int | None
) -> None:
    """Add ``row`` to ``edges`` under ``key``, or its memory to the edge already there."""
    edge = edges.get(key)
    if edge is not None:
        if row["memory_id"] not in edge["memory_ids"]:
            edge["memory_ids"].append(row["memory_id"])
        return
    edge = {
        "source": row["source_name"],
        "relationship": row["relation"],
        "destination": row["target_name"],
        "memory_id": row["memory_id"],
        "memory_ids": [row["memory_id"]],
        "valid_from": row["valid_from"],
        "valid_to": row["valid_to"],
        "recorded_at": row["recorded_at"],
    }
    if hops is None:
        edge.update(id=row["id"], source_id=row["s"], destination_id=row["t"])
    else:
        edge["hops"] = hops
    edges[key] = edge


def _xml_safe(value: str) -> str:
    return _XML_ILLEGAL.sub(" ", value)

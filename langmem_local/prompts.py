"""Every prompt and output schema of the memory engine, in one place.

Written for 1B-3B local models: short instructions, one worked example, and a
JSON schema that Ollama (``format=``) and llama.cpp (grammar) enforce while
decoding, so the model cannot produce malformed output in the first place.
Existing memories are shown with small integer ids; the engine maps them back
to real ids, so a model can never invent or corrupt an id.
"""

from __future__ import annotations

from typing import Any

EVENTS = ("ADD", "UPDATE", "DELETE", "NONE")
CATEGORIES = ("fact", "preference", "entity", "event", "plan")

#: JSON schema of one extraction call's output.
EXTRACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "memories": {
            "type": "array",
            # Bounds stop tiny models from repeating items until max_tokens
            # cuts the JSON off (seen with SmolLM2 under a grammar).
            "maxItems": 8,
            "items": {
                "type": "object",
                "properties": {
                    "event": {"type": "string", "enum": list(EVENTS)},
                    "id": {"type": "integer"},
                    "text": {"type": "string", "maxLength": 200},
                    "category": {"type": "string", "enum": list(CATEGORIES)},
                    "importance": {"type": "integer", "minimum": 1, "maximum": 5},
                    "relations": {
                        "type": "array",
                        "maxItems": 4,
                        "items": {
                            "type": "object",
                            "properties": {
                                "source": {"type": "string", "maxLength": 60},
                                "relation": {"type": "string", "maxLength": 40},
                                "target": {"type": "string", "maxLength": 60},
                            },
                            "required": ["source", "relation", "target"],
                        },
                    },
                },
                "required": ["event", "id", "text", "importance"],
            },
        }
    },
    "required": ["memories"],
}

EXTRACTION_SYSTEM = """\
You keep a long-term memory about the user. Read NEW MESSAGES and output JSON.
Write each new piece of information about the user (facts, preferences, plans, \
events, people, places, dates) as one short sentence that makes sense alone, \
e.g. "Lives in Boston", "Is allergic to peanuts", "Sister Anna is a nurse".
Compare each one with EXISTING MEMORIES and choose an event:
- ADD: new information. id = -1.
- UPDATE: changes or adds detail to existing memory <id>. text = the full new memory.
- DELETE: the user says memory <id> is no longer true, or asks to forget it.
- NONE: memory <id> already says this.
importance: 1 trivia ... 5 identity, health, strong preference.
relations: (source, relation, target) triples between named things, e.g. \
("user", "lives_in", "Boston").
Only use information the user states. Skip greetings and questions. \
If there is nothing to remember, output {"memories": []}."""

#: Worked examples, sent as earlier chat turns: small models follow a shown
#: exchange far better than instructions (measured with SmolLM2 and llama3.2).
EXTRACTION_EXAMPLES: list[tuple[str, str]] = [
    (
        "EXISTING MEMORIES:\n0. Lives in Denver\n1. Likes sushi\n"
        "NEW MESSAGES (sent 2026-03-02):\nuser: I moved to Boston last month. Please forget "
        "that I like sushi. I have a dog called Rex.\nOutput:",
        '{"memories": [{"event": "UPDATE", "id": 0, "text": "Lives in Boston", '
        '"category": "fact", "importance": 4, "relations": [{"source": "user", '
        '"relation": "lives_in", "target": "Boston"}]}, {"event": "DELETE", "id": 1, '
        '"text": "Likes sushi", "category": "preference", "importance": 2, "relations": []}, '
        '{"event": "ADD", "id": -1, "text": "Has a dog called Rex", "category": "fact", '
        '"importance": 3, "relations": [{"source": "user", "relation": "has_pet", '
        '"target": "Rex"}]}]}',
    ),
    (
        "EXISTING MEMORIES:\n0. Works as a nurse\n"
        "NEW MESSAGES (sent 2026-03-02):\nuser: Still nursing, yes. What's a good film?\n"
        "Output:",
        '{"memories": [{"event": "NONE", "id": 0, "text": "Works as a nurse", '
        '"category": "fact", "importance": 4, "relations": []}]}',
    ),
]

EXTRACTION_USER = """\
EXISTING MEMORIES:
{existing}
NEW MESSAGES (sent {when}):
{messages}
Output:"""

REPAIR_USER = """\
Your previous output was not valid: {error}
Answer again with only the JSON object, in the format of the examples."""


def format_existing(texts: list[str]) -> str:
    """Number stored memories 0..n-1 for the prompt ("(none)" when empty)."""
    if not texts:
        return "(none)"
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts))


def format_messages(messages: list[dict[str, Any]]) -> str:
    """Render a turn as ``role: content`` lines (speaker name when given)."""
    lines = []
    for m in messages:
        who = m.get("name") or m["role"]
        lines.append(f"{who}: {m['content']}")
    return "\n".join(lines)


def _shots(examples: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [turn for q, a in examples for turn in (("human", q), ("ai", a))]


def extraction_messages(
    existing: list[str], messages: list[dict[str, Any]], when: str
) -> list[tuple[str, str]]:
    """The chat messages of one ``decide`` extraction call."""
    return [
        ("system", EXTRACTION_SYSTEM),
        *_shots(EXTRACTION_EXAMPLES),
        (
            "human",
            EXTRACTION_USER.format(
                existing=format_existing(existing),
                messages=format_messages(messages),
                when=when,
            ),
        ),
    ]


# --- "facts" mode: for tiny models (the embedded SmolLM2-135M) ---------------
# Measured: a 135M model cannot reconcile (it copies the last example's event),
# but with worked examples it lists stated facts well. In this mode the model
# only lists facts; the engine reconciles them by rule (duplicates -> NONE,
# "forget ..." -> DELETE, the rest -> ADD).

#: JSON schema of a ``facts`` extraction answer.
FACTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "facts": {
            "type": "array",
            "maxItems": 4,
            "items": {"type": "string", "maxLength": 100},
        }
    },
    "required": ["facts"],
}

FACTS_SYSTEM = "List the facts the user states about themself, as JSON."

FACTS_EXAMPLES: list[tuple[str, str]] = [
    (
        "I'm Tom. I play tennis every Sunday.",
        '{"facts": ["Name is Tom", "Plays tennis every Sunday"]}',
    ),
    ("What's the weather like?", '{"facts": []}'),
    (
        "I work as a nurse and I have two cats.",
        '{"facts": ["Works as a nurse", "Has two cats"]}',
    ),
]


def facts_messages(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The chat messages of one ``facts`` extraction call (user text only)."""
    said = " ".join(m["content"] for m in messages if m["role"] == "user")
    return [("system", FACTS_SYSTEM), *_shots(FACTS_EXAMPLES), ("human", said)]


ANSWER_SYSTEM = """\
You are a helpful assistant with long-term memory of the user.
What you remember about the user (most relevant first):
{memories}
Use these memories when they help; do not invent memories."""

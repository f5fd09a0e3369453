"""Property test: hostile arguments to every public LocalMemory method.

Each method gets ``EXAMPLES`` (2,000) hypothesis examples mixing valid values
with anything Python can pass (huge ints, NaN, sets, bytes, datetimes, lists,
nested dicts, lone surrogates, whitespace-padded ids). Only the documented
exceptions may escape: ``ValueError``, ``TypeError``, ``KeyError`` and the
package's ``LangmemError`` subclasses. Memories stored before the fuzzing must
survive unchanged. ``users``, ``reset`` and ``close`` take no arguments (``users``
is checked below; ``reset`` erases everything by design); the async twins run
these same methods in a thread.

A real engine runs underneath (SQLite, Chroma, keyword index, graph) with the
deterministic ``HashEmbeddings`` and a chat model that always extracts
nothing, so examples cost milliseconds.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from langmem_local.errors import LangmemError
from langmem_local.memory import LocalMemory
from tests.fakes import HashEmbeddings

EXAMPLES = 2_000
# Documented: ValueError, TypeError, KeyError and LangmemError subclasses (see _call).
SEED_USER = "seed-user-7f3a9c1e"
SEED_TEXTS = ["Sarah lives in Boston", "Sarah is vegetarian", "Rex is Sarah's dog"]

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: CI failures reproduce locally
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class _NothingToExtract(BaseChatModel):
    """Always answers an empty, valid extraction (and says its context is 512 tokens)."""

    n_ctx: int = 512

    @property
    def _llm_type(self) -> str:
        return "nothing-to-extract"

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        text = '{"memories": [], "facts": []}'
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


# ------------------------------------------------------------------ strategies
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=10),
)
anything = st.recursive(
    st.one_of(
        scalars,
        st.datetimes(),
        st.dates(),
        st.timedeltas(),
        st.just(float("nan")),
        st.just("\ud800"),
        st.just(" padded "),
        st.just(""),
        st.just(2**63),
        st.just(10**20),
        st.just(1e308),
        st.just(timedelta.max),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.frozensets(st.integers(), max_size=2),
        st.sets(st.text(max_size=3), max_size=2),
        st.dictionaries(
            st.one_of(st.text(max_size=5), st.integers(), st.none()), inner, max_size=3
        ),
    ),
    max_leaves=6,
)
words = st.text(alphabet="abcdefghij ", min_size=1, max_size=30).filter(str.strip)
# Writes never target the seed user (that is what they are for); reads do.
write_ids = st.one_of(
    st.sampled_from(["u1", "alice"]), st.text(alphabet="abcxyz-_.@0123", min_size=1, max_size=12)
)
good_ids = st.one_of(write_ids, st.just(SEED_USER))
ids = st.one_of(  # never the seed user: writes draw from here too
    write_ids,
    st.text(max_size=12),
    st.sampled_from(["", " alice", "alice ", "bob\x00", "\ud800x", "x" * 300]),
)
texts = st.one_of(
    words,
    st.text(max_size=40),
    st.sampled_from(["I like tea", "forget that I like tea", "  ", "\ud800", "x" * 3000]),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)
metadatas = st.one_of(st.none(), st.dictionaries(st.text(max_size=6), json_values, max_size=3))
operators = st.sampled_from(
    ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "contains", "$in", "$gte", "like", ""]
)
filter_dicts = st.dictionaries(
    st.text(max_size=5),
    st.one_of(
        json_values, st.dictionaries(operators, st.one_of(json_values, anything), max_size=2)
    ),
    max_size=3,
)
good_filters = st.one_of(
    st.none(),
    st.just({"topic": "seed"}),
    st.just({"n": {"gte": 2}}),
    st.just({"topic": {"in": ["seed", "x"]}}),
)
when = st.one_of(
    st.datetimes(),
    st.dates(),
    st.sampled_from(
        [
            "2026-01-05",
            "2026-01-05T10:00:00Z",
            "yesterday",
            "31 February 2024",
            "0001-01-01",
            "9999-12-31T23:59:59-05:00",
            "not a date",
            "1:56 pm on 8 May, 2023",
        ]
    ),
)
limits = st.one_of(st.integers(min_value=-3, max_value=30), st.integers())
good_messages = st.one_of(
    words,
    st.lists(
        st.fixed_dictionaries(
            {"role": st.sampled_from(["user", "assistant"]), "content": words},
            optional={"name": good_ids},
        ),
        min_size=1,
        max_size=3,
    ),
)
messages = st.one_of(
    texts,
    st.lists(
        st.fixed_dictionaries(
            {
                "role": st.sampled_from(["user", "assistant", "system", "robot", None]),
                "content": st.one_of(texts, anything),
            },
            optional={"name": st.one_of(ids, anything), "metadata": st.one_of(metadatas, anything)},
        ),
        max_size=3,
    ),
)


def mix(
    valid: st.SearchStrategy[Any], bad: st.SearchStrategy[Any] | None = None
) -> st.SearchStrategy[Any]:
    """Mostly valid values (so calls reach the stores), else plausible-bad or anything."""
    wrong = anything if bad is None else st.one_of(bad, anything)
    return st.one_of(valid, valid, valid, valid, wrong)


# ------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    memory = LocalMemory(
        chat_model=_NothingToExtract(),
        embeddings=HashEmbeddings(),
        data_dir=tmp_path_factory.mktemp("fuzz") / "data",
    )
    for text in SEED_TEXTS:
        memory.add(text, user_id=SEED_USER, infer=False, metadata={"topic": "seed"})
    turn = [{"role": "user", "content": t} for t in ("a b", "c d", "e f")]
    scratch = [r["id"] for r in memory.add(turn, user_id="u1", infer=False)["results"]]
    yield memory, scratch, _snapshot(memory)
    memory.close()


def _snapshot(memory: LocalMemory) -> list[tuple[Any, ...]]:
    rows = [
        r
        for r in memory.get_all(user_id=SEED_USER)["results"]
        if r["metadata"] == {"topic": "seed"}
    ]
    return [
        (
            r["id"],
            r["memory"],
            r["metadata"],
            r["user_id"],
            r["created_at"],
            [(v["text"], v["valid_from"]) for v in memory.versions(r["id"])],
        )
        for r in rows
    ]


CALLS: dict[str, int] = {}


def _call(fn: Any, *args: Any, **kwargs: Any) -> None:
    CALLS["calls"] = CALLS.get("calls", 0) + 1
    try:
        fn(*args, **kwargs)
    except (KeyError, LangmemError):
        pass  # documented, and the call reached the stores (e.g. no such memory)
    except (ValueError, TypeError):
        return  # documented: a clear error about the argument
    except BaseException as exc:  # noqa: BLE001 - the property: nothing else escapes
        pytest.fail(
            f"{fn.__name__}(*{args!r}, **{kwargs!r}) raised undocumented "
            f"{type(exc).__name__}: {exc}"
        )
    CALLS["ok"] = CALLS.get("ok", 0) + 1


def _survived(engine: Any) -> None:
    memory, _, before = engine
    assert _snapshot(memory) == before
    assert [r[1] for r in before] == SEED_TEXTS
    # The examples must reach the stores, not only bounce off validation.
    calls, ok = CALLS.pop("calls", 0), CALLS.pop("ok", 0)
    assert calls >= EXAMPLES
    assert ok >= calls * 0.02, f"only {ok} of {calls} calls got past validation"


# ---------------------------------------------------------------------- tests
def test_add(engine):
    memory, _, _ = engine

    @FUZZ
    @given(
        messages=mix(good_messages, messages),
        user_id=mix(write_ids, ids),
        metadata=mix(st.none(), metadatas),
        infer=mix(st.booleans()),
        timestamp=mix(st.none(), when),
        run_id=mix(st.none(), ids),
        ttl=mix(st.none(), st.one_of(st.floats(), st.integers(), st.timedeltas())),
    )
    def run(**kwargs: Any) -> None:
        msgs = kwargs.pop("messages")
        _call(memory.add, msgs, **kwargs)

    run()
    _survived(engine)


def test_search(engine):
    memory, _, _ = engine

    @FUZZ
    @given(
        query=mix(words, texts),
        user_id=mix(good_ids, ids),
        limit=mix(st.integers(1, 30), limits),
        filters=mix(good_filters, filter_dicts),
        as_of=mix(st.one_of(st.none(), st.none(), st.just("2026-01-05")), when),
        threshold=mix(st.none(), st.floats()),
    )
    def run(**kwargs: Any) -> None:
        query = kwargs.pop("query")
        _call(memory.search, query, **kwargs)

    run()
    _survived(engine)


def test_get_all(engine):
    memory, _, _ = engine

    @FUZZ
    @given(
        user_id=mix(good_ids, ids),
        filters=mix(good_filters, filter_dicts),
        limit=mix(st.one_of(st.none(), st.integers(1, 30)), limits),
        include_expired=mix(st.booleans()),
    )
    def run(**kwargs: Any) -> None:
        _call(memory.get_all, **kwargs)

    run()
    _survived(engine)


@pytest.mark.parametrize("method", ["get", "history", "versions", "delete", "drop_pending"])
def test_methods_taking_a_memory_id(engine, method):
    memory, scratch, _ = engine

    @FUZZ
    @given(memory_id=mix(st.one_of(good_ids, st.sampled_from(scratch)), ids))
    def run(memory_id: Any) -> None:
        _call(getattr(memory, method), memory_id)

    run()
    _survived(engine)


def test_update(engine):
    memory, scratch, _ = engine

    @FUZZ
    @given(memory_id=mix(st.sampled_from(scratch), ids), text=mix(words, texts))
    def run(memory_id: Any, text: Any) -> None:
        _call(memory.update, memory_id, text)

    run()
    _survived(engine)


@pytest.mark.parametrize("method", ["delete_all", "retry_pending", "pending"])
def test_methods_taking_a_user_id(engine, method):
    memory, _, _ = engine
    optional = method != "delete_all"

    @FUZZ
    @given(user_id=mix(st.one_of(good_ids, st.none()) if optional else write_ids, ids))
    def run(user_id: Any) -> None:
        if method == "delete_all":
            _call(memory.delete_all, user_id=user_id)
        else:
            _call(getattr(memory, method), user_id)

    run()
    _survived(engine)


def test_audit_log(engine):
    memory, _, _ = engine

    @FUZZ
    @given(user_id=mix(st.one_of(st.none(), good_ids), ids), limit=mix(st.integers(1, 500), limits))
    def run(**kwargs: Any) -> None:
        _call(memory.audit_log, **kwargs)

    run()
    _survived(engine)


def test_users_lists_exactly_the_ids_that_were_stored(engine):
    memory, _, _ = engine
    users = memory.users()
    assert SEED_USER in users
    assert all(isinstance(u, str) and u == u.strip() and u for u in users)


def test_nan_is_not_accepted_as_metadata(engine):
    memory, _, _ = engine
    with pytest.raises(ValueError, match=r"metadata\['x'\] is nan"):
        memory.add("tea", user_id="u1", infer=False, metadata={"x": math.nan})

"""The memory engine with a scripted chat model and the real MiniLM embedder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from langmem_local.errors import (
    BackendUnavailableError,
    EmbedderMismatchError,
    MemoryNotFoundError,
)
from tests.conftest import decisions, store_dump

# Every test using make_memory runs on the embedded and the server profile.
pytestmark = pytest.mark.profiles


def texts(memory, user="sarah"):
    return sorted(m["memory"] for m in memory.get_all(user_id=user)["results"])


def test_add_extracts_and_stores_with_metadata(make_memory, scripted):
    scripted.script(
        decisions(
            ("ADD", -1, "Loves hiking in the mountains", 4),
            ("ADD", -1, "Has a camera for photography", 3),
        )
    )
    m = make_memory()
    out = m.add(
        "I love hiking and I do photography",
        user_id="sarah",
        metadata={"source": "chat", "tags": ["intro"]},
    )
    assert [r["event"] for r in out["results"]] == ["ADD", "ADD"]
    assert out["queued"] == [] and out["llm_calls"] == 1
    assert texts(m) == ["Has a camera for photography", "Loves hiking in the mountains"]
    hit = m.search("hiking", user_id="sarah", limit=1)["results"][0]
    assert hit["memory"] == "Loves hiking in the mountains"
    assert hit["metadata"] == {"source": "chat", "tags": ["intro"]}
    assert set(hit["score_breakdown"]) >= {"relevance", "recency", "importance", "score"}
    assert hit["created_at"] and hit["updated_at"]
    # the JSON schema went to the model? a generic model gets plain prompting
    assert "EXISTING MEMORIES:\n(none)" in scripted.calls[0][-1].content
    assert [h["event"] for h in m.history(hit["id"])] == ["ADD"]


def test_contradiction_updates_in_place_with_history(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Lives in Denver", 4)),
        decisions(
            (
                "UPDATE",
                0,
                "Lives in Boston",
                4,
                [{"source": "user", "relation": "lives_in", "target": "Boston"}],
            )
        ),
    )
    m = make_memory()
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    m.add("I live in Denver", user_id="sarah", timestamp=t0)
    out = m.add("I moved from Denver to Boston", user_id="sarah", timestamp=t0 + timedelta(days=60))
    assert out["results"][0]["event"] == "UPDATE"
    assert out["results"][0]["previous_memory"] == "Lives in Denver"
    # the model saw the stored fact under a small integer id
    assert "0. Lives in Denver" in scripted.calls[1][-1].content
    all_ = m.get_all(user_id="sarah")["results"]
    assert [r["memory"] for r in all_] == ["Lives in Boston"]
    assert [h["event"] for h in m.history(all_[0]["id"])] == ["ADD", "UPDATE"]
    # superseded, not erased: what was true before the move
    before = m.search("where does she live", user_id="sarah", as_of=t0 + timedelta(days=10))
    assert [r["memory"] for r in before["results"]] == ["Lives in Denver"]
    now = m.search("where does she live", user_id="sarah")
    assert now["results"][0]["memory"] == "Lives in Boston"
    assert [(r["source"], r["relationship"], r["destination"]) for r in now["relations"]] == [
        ("user", "lives_in", "Boston")
    ]


def test_llm_delete_and_forget_rule(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Likes sushi", 2), ("ADD", -1, "Works as a nurse", 4)),
        decisions(("DELETE", 0, "Works as a nurse", 4)),
    )
    m = make_memory()
    m.add("I like sushi and I work as a nurse", user_id="sarah")
    # explicit forget: deterministic, no LLM call (the script has one reply left)
    out = m.add("Please forget that I like sushi", user_id="sarah")
    assert out["llm_calls"] == 0 and out["results"][0]["event"] == "DELETE"
    assert texts(m) == ["Works as a nurse"]
    deleted_id = out["results"][0]["id"]
    assert [h["event"] for h in m.history(deleted_id)] == ["ADD", "DELETE"]
    m.add("I quit nursing", user_id="sarah")
    assert texts(m) == []


def test_repeat_is_none_and_reconfirms(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Drinks green tea every morning", 2)),
        decisions(("ADD", -1, "Drinks green tea every morning.", 2)),
        decisions(("NONE", 0, "Drinks green tea every morning", 2)),
    )
    m = make_memory()
    m.add("I drink green tea every morning", user_id="u")
    before = m.get_all(user_id="u")["results"][0]["importance"]
    out = m.add("Green tea every morning, as always", user_id="u")
    assert [r["event"] for r in out["results"]] == ["NONE"]
    out = m.add("Yep, green tea", user_id="u")
    assert [r["event"] for r in out["results"]] == ["NONE"]
    rows = m.get_all(user_id="u")["results"]
    assert len(rows) == 1 and rows[0]["importance"] > before


def test_hallucinated_ids_cannot_touch_other_memories(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Has a cat named Miso", 3)),
        decisions(("UPDATE", 7, "Plays the violin", 3), ("DELETE", 9, "x", 1)),
    )
    m = make_memory()
    m.add("My cat is Miso", user_id="u")
    out = m.add("I play the violin", user_id="u")
    assert [r["event"] for r in out["results"]] == ["ADD"]
    assert texts(m, "u") == ["Has a cat named Miso", "Plays the violin"]


def test_garbage_twice_keeps_turn_queued_then_retry(make_memory, scripted):
    scripted.script("I think the user likes cats!", "still not json")
    m = make_memory()
    out = m.add("I adopted a cat called Luna", user_id="u")
    assert out["results"] == [] and len(out["queued"]) == 1
    assert "invalid extraction output twice" in out["error"]
    assert len(scripted.calls) == 2  # one repair retry, no more
    assert "not valid" in scripted.calls[1][-1].content
    pending = m.pending("u")
    assert [p["messages"][0]["content"] for p in pending] == ["I adopted a cat called Luna"]
    scripted.script(decisions(("ADD", -1, "Adopted a cat called Luna", 3)))
    out = m.retry_pending("u")
    assert [r["memory"] for r in out["results"]] == ["Adopted a cat called Luna"]
    assert m.pending("u") == []


def test_repair_retry_recovers(make_memory, scripted):
    scripted.script('{"memories": [{"event": "ADD"}]}', decisions(("ADD", -1, "Speaks French", 3)))
    m = make_memory()
    out = m.add("I speak French fluently", user_id="u")
    assert out["llm_calls"] == 2 and texts(m, "u") == ["Speaks French"]


def test_backend_down_keeps_turn(make_memory, scripted):
    scripted.script(BackendUnavailableError("Cannot reach Ollama at http://127.0.0.1:9"))
    m = make_memory()
    out = m.add("I am vegetarian", user_id="u")
    assert out["queued"] and "127.0.0.1:9" in out["error"]
    assert m.pending("u")[0]["messages"][0]["content"] == "I am vegetarian"


def test_infer_false_verbatim_no_llm(make_memory, scripted):
    m = make_memory()
    out = m.add(
        [
            {"role": "user", "content": "My flight lands at 6pm"},
            {"role": "assistant", "content": "Noted!"},
        ],
        user_id="u",
        metadata={"dia_id": "D1:1"},
        infer=False,
    )
    assert [r["role"] for r in out["results"]] == ["user", "assistant"]
    assert scripted.calls == []
    hit = m.search("when does the flight land", user_id="u", limit=1)["results"][0]
    assert hit["memory"] == "My flight lands at 6pm" and hit["metadata"] == {"dia_id": "D1:1"}
    assert m.search("flight", user_id="u", filters={"dia_id": "D9:9"})["results"] == []


def test_users_are_isolated(make_memory, scripted):
    m = make_memory()
    m.add("Alice's secret is the blue door", user_id="alice", infer=False)
    m.add("Bob likes trains", user_id="bob", infer=False)
    assert [r["memory"] for r in m.search("secret door", user_id="bob")["results"]] == [
        "Bob likes trains"
    ]
    assert texts(m, "alice") == ["Alice's secret is the blue door"]
    m.delete_all(user_id="alice")
    assert texts(m, "alice") == [] and texts(m, "bob") == ["Bob likes trains"]


def test_persists_across_reopen(make_memory, scripted, tmp_path):
    m = make_memory()
    m.add("I was born in Lisbon", user_id="u", infer=False)
    m.close()
    again = make_memory()
    assert texts(again, "u") == ["I was born in Lisbon"]
    assert again.search("birthplace Lisbon", user_id="u")["results"][0]["memory"] == (
        "I was born in Lisbon"
    )


class _TinyEmbeddings:
    model_id = "tiny-test-embedder"

    def embed_documents(self, texts):
        return [[float(len(t) % 7), 1.0, 0.5] for t in texts]

    def embed_query(self, text):
        return self.embed_documents([text])[0]


def test_other_embedder_is_refused_with_migration_hint(make_memory, scripted):
    m = make_memory()
    m.add("hello world", user_id="u", infer=False)
    m.close()
    other = make_memory(embeddings=_TinyEmbeddings())
    with pytest.raises(EmbedderMismatchError, match="all-MiniLM.*tiny-test-embedder.*export"):
        other.search("hello", user_id="u")


def test_erasure_reaches_every_store(make_memory, scripted):
    scripted.script(
        decisions(
            (
                "ADD",
                -1,
                "Has a rare disease called Xyzzy",
                5,
                [{"source": "user", "relation": "has", "target": "Xyzzy"}],
            )
        )
    )
    m = make_memory()
    memory_id = m.add("I have Xyzzy, a rare disease", user_id="u")["results"][0]["id"]
    m.delete(memory_id)
    assert m.get(memory_id) is None and texts(m, "u") == []
    assert memory_id not in m._vectors.indexed_ids()
    assert m._keyword.search("u", "Xyzzy", 10) == []
    assert m.versions(memory_id) == []
    assert m.graph.search("u", "Xyzzy") == []
    hist = m.history(memory_id)
    assert [h["event"] for h in hist] == ["ADD", "DELETE"]
    assert all(h["old_memory"] is None and h["new_memory"] is None for h in hist)
    assert "Xyzzy" not in store_dump(m)
    profile = m._stores.profile
    m.close()
    if profile == "server":
        return  # PostgreSQL's files are the server's (dead tuples go at VACUUM)
    # not even in freed pages or write-ahead logs of any file of any store
    files = [p for p in m.data_dir.rglob("*") if p.is_file()]
    leftovers = [p.name for p in files if b"Xyzzy" in p.read_bytes()]
    assert leftovers == []


def test_clear_errors(make_memory):
    m = make_memory()
    with pytest.raises(ValueError, match="user_id must be a non-empty string"):
        m.add("hi", user_id="")
    with pytest.raises(MemoryNotFoundError, match="no memory with id 'nope'"):
        m.update("nope", "x")
    with pytest.raises(TypeError, match="messages must be"):
        m.add(42, user_id="u")
    with pytest.raises(ValueError, match="unknown message role"):
        m.add([{"role": "wizard", "content": "x"}], user_id="u")
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        m.search("x", user_id="u", limit=0)


async def test_async_twins(make_memory):
    m = make_memory()
    await m.aadd("I collect stamps", user_id="u", infer=False)
    res = await m.asearch("stamps", user_id="u")
    assert res["results"][0]["memory"] == "I collect stamps"


def test_ttl_hides_memory_after_expiry(make_memory):
    m = make_memory()
    m.add("Door code is 4711 this week", user_id="u", infer=False, ttl=3600)
    m.add("Name is Ana", user_id="u", infer=False)
    row = m.get_all(user_id="u")["results"][0]
    assert row["expires_at"] is not None
    m._db.update_memory(row["id"], expires_at="2000-01-01T00:00:00+00:00")
    assert texts(m, "u") == ["Name is Ana"]
    assert [h["memory"] for h in m.search("door code", user_id="u")["results"]] == ["Name is Ana"]
    with pytest.raises(ValueError, match="ttl must be a positive number"):
        m.add("x", user_id="u", infer=False, ttl=-5)


def test_qdrant_is_selectable_and_persists(tmp_path, minilm, scripted):
    from langmem_local import LocalMemoryConfig
    from langmem_local.memory import LocalMemory

    cfg = LocalMemoryConfig(vector_store="qdrant", data_dir=tmp_path / "q")
    m = LocalMemory(chat_model=scripted, embeddings=minilm, config=cfg)
    first = m.add("I love green tea", user_id="u", infer=False)["results"][0]["id"]
    m.add("My car is red", user_id="v", infer=False)
    assert [h["memory"] for h in m.search("tea", user_id="u")["results"]] == ["I love green tea"]
    m.update(first, "I love black tea")
    assert [h["event"] for h in m.history(first)] == ["ADD", "UPDATE"]
    m.close()
    again = LocalMemory(chat_model=scripted, embeddings=minilm, config=cfg)
    assert (tmp_path / "q" / "qdrant").is_dir()
    assert again.search("which car", user_id="v")["results"][0]["memory"] == "My car is red"
    again.close()


def test_user_share_follows_every_write_path(make_memory):
    m = make_memory()
    ids = [
        r["id"]
        for r in m.add(
            [{"role": "user", "content": f"fact {i}"} for i in range(3)], user_id="a", infer=False
        )["results"]
    ]
    m.add("other", user_id="b", infer=False)
    assert m._db.user_share("a") == 0.75
    m.delete(ids[0])
    assert abs(m._db.user_share("a") - 2 / 3) < 1e-9
    m.delete_all(user_id="b")
    assert m._db.user_share("a") == 1.0 and m._db.user_share("b") == 0.0
    m.reset()
    assert m._db.user_share("a") == 0.0


def test_forget_a_named_attribute_deletes_every_memory_that_states_it(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Lives on Elm Street", 4), ("ADD", -1, "Works as a nurse", 4)),
    )
    m = make_memory()
    m.add("I live on Elm Street and I work as a nurse", user_id="sarah")
    m.add("I like tea", user_id="other", infer=False)
    # No stored text says "where I live": the request names the home attribute.
    out = m.add("Please forget where I live", user_id="sarah")
    assert out["llm_calls"] == 0
    assert [(r["event"], r["memory"]) for r in out["results"]] == [
        ("DELETE", "Lives on Elm Street")
    ]
    assert texts(m) == ["Works as a nurse"]
    assert [r["memory"] for r in m.get_all(user_id="other")["results"]] == ["I like tea"]


@pytest.mark.parametrize(
    "request_",
    [
        "actually please don't store my address, delete it",
        "Stop remembering where I live please",
        "delete the thing about Elm Street, I moved",
    ],
)
def test_forget_requests_in_other_words(make_memory, scripted, request_):
    scripted.script(decisions(("ADD", -1, "Lives on Elm Street", 4)))
    m = make_memory()
    m.add("I live on Elm Street", user_id="sarah")
    out = m.add(request_, user_id="sarah")
    assert out["llm_calls"] == 0
    assert [(r["event"], r["memory"]) for r in out["results"]] == [
        ("DELETE", "Lives on Elm Street")
    ]
    assert texts(m) == []


def test_forget_a_person_deletes_what_is_said_of_them(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Ex Mark still texts them sometimes", 3)),
        decisions(("ADD", -1, "Sister Anna is a nurse", 3), ("ADD", -1, "Anna lives in Oslo", 3)),
    )
    m = make_memory()
    m.add("My ex Mark still texts me sometimes", user_id="u")
    m.add("My sister Anna is a nurse. Anna lives in Oslo", user_id="u")
    out = m.add("can you delete the stuff about my ex? don't want that saved", user_id="u")
    assert [(r["event"], r["memory"]) for r in out["results"]] == [
        ("DELETE", "Ex Mark still texts them sometimes")
    ]
    out = m.add("please forget my sister", user_id="u")
    assert sorted(r["memory"] for r in out["results"]) == [
        "Anna lives in Oslo",
        "Sister Anna is a nurse",
    ]
    assert m.get_all(user_id="u")["results"] == []


def test_dont_remember_that_deletes_what_the_previous_turn_stored(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Lives in Oslo", 4)),
        decisions(("ADD", -1, "Is pregnant, 12 weeks", 5)),
    )
    m = make_memory()
    m.add("I live in Oslo", user_id="u")
    m.add("I'm pregnant, 12 weeks", user_id="u")
    out = m.add("actually please don't remember that, I'm not ready to tell anyone", user_id="u")
    assert [(r["event"], r["memory"]) for r in out["results"]] == [
        ("DELETE", "Is pregnant, 12 weeks")
    ]
    assert texts(m, "u") == ["Lives in Oslo"]


@pytest.mark.parametrize(
    ("request_", "left"),
    [
        ("please forget what I said about my cat", ["Lives in Oslo", "Is on metformin"]),
        ("forget everything about my health please", ["Lives in Oslo", "Has a cat named Pepper"]),
        (
            "actually delete my address from your memory",
            ["Has a cat named Pepper", "Is on metformin"],
        ),
    ],
)
def test_forget_requests_of_the_fourth_blind_probe(make_memory, scripted, request_, left):
    scripted.script(
        decisions(("ADD", -1, "Has a cat named Pepper", 3)),
        decisions(("ADD", -1, "Is on metformin", 5)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
    )
    m = make_memory()
    for said in ("I have a cat named Pepper", "I'm on metformin", "I live in Oslo"):
        m.add(said, user_id="u")
    out = m.add(request_, user_id="u")
    assert out["llm_calls"] == 0 and all(r["event"] == "DELETE" for r in out["results"])
    assert texts(m, "u") == sorted(left)


@pytest.mark.parametrize(
    ("request_", "left"),
    [
        ("pls delete the stuff about my meds", ["Has a cat named Pepper", "Lives in Oslo"]),
        (
            "actually please don't keep any of my medical stuff, delete it",
            ["Has a cat named Pepper", "Lives in Oslo"],
        ),
        ("please forget everything you know about me", []),
        ("Forget everything about me, please", []),
    ],
)
def test_forget_requests_of_the_seventh_blind_probe(make_memory, scripted, request_, left):
    scripted.script(
        decisions(("ADD", -1, "Has a cat named Pepper", 3)),
        decisions(("ADD", -1, "Is on metformin", 5)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
        decisions(("ADD", -1, "Lives in Rome", 4)),
    )
    m = make_memory()
    for said in ("I have a cat named Pepper", "I'm on metformin", "I live in Oslo"):
        m.add(said, user_id="u")
    m.add("I live in Rome", user_id="someone else")  # never touched
    out = m.add(request_, user_id="u")
    assert out["llm_calls"] == 0 and all(r["event"] == "DELETE" for r in out["results"])
    assert texts(m, "u") == left
    assert len(m.get_all(user_id="someone else")["results"]) == 1


def test_forget_my_salary_deletes_what_the_user_earns_owes_or_saves(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Makes about 95k a year", 3)),
        decisions(("ADD", -1, "Has $20k in student debt", 3)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
    )
    m = make_memory()
    for said in ("I make about 95k a year", "I have $20k in student debt", "I live in Oslo"):
        m.add(said, user_id="u")
    out = m.add("hmm actually forget my salary, I don't want that saved", user_id="u")
    assert out["llm_calls"] == 0
    assert texts(m, "u") == ["Lives in Oslo"]


def test_forget_my_old_job_keeps_the_current_one(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "No longer works at Chase as a bank teller", 3)),
        decisions(("ADD", -1, "Works as a freelance designer", 4)),
    )
    m = make_memory()
    m.add("I used to work at Chase as a bank teller", user_id="u")
    m.add("I work as a freelance designer", user_id="u")
    m.add("can you delete what you know about my old job? I don't want that stored", user_id="u")
    assert texts(m, "u") == ["Works as a freelance designer"]


@pytest.mark.parametrize(
    ("request_", "left"),
    [
        ("can you forget everything about jake please. fresh start", ["Lives in Oslo"]),
        (
            "hey can you forget the therapy thing? not comfortable having that saved",
            ["Ex Jake still texts them", "Lives in Oslo"],
        ),
    ],
)
def test_forget_requests_of_the_tenth_blind_probe(make_memory, scripted, request_, left):
    scripted.script(
        decisions(("ADD", -1, "Ex Jake still texts them", 3)),
        decisions(("ADD", -1, "Sees a therapist every wednesday for anxiety", 5)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
    )
    m = make_memory()
    for said in (
        "my ex Jake still texts me",
        "I see a therapist every wednesday",
        "I live in Oslo",
    ):
        m.add(said, user_id="u")
    out = m.add(request_, user_id="u")
    assert out["llm_calls"] == 0
    if "jake" in request_:
        left = ["Lives in Oslo", "Sees a therapist every wednesday for anxiety"]
    assert texts(m, "u") == sorted(left)


def test_forget_a_name_typed_in_lower_case(make_memory, scripted):
    scripted.script(
        decisions(("ADD", -1, "Has a crush on maya from chem class", 3)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
    )
    m = make_memory()
    m.add("i have a crush on maya from chem class", user_id="u")
    m.add("I live in Oslo", user_id="u")
    out = m.add("actually nvm forget i said that about maya", user_id="u")
    assert out["llm_calls"] == 0
    assert texts(m, "u") == ["Lives in Oslo"]


@pytest.mark.parametrize("idiom", ["Forget it", "forget that!", "oh, drop it", "Drop me a line"])
def test_forget_it_means_never_mind_and_deletes_nothing(make_memory, scripted, idiom):
    scripted.script(decisions(("ADD", -1, "Lives in Oslo", 4)))
    m = make_memory()
    m.add("I live in Oslo", user_id="u")
    out = m.add(idiom, user_id="u")
    assert [r for r in out["results"] if r["event"] == "DELETE"] == []
    assert texts(m, "u") == ["Lives in Oslo"]


@pytest.mark.parametrize(
    "request_",
    ["please delete anything you have about Jordan", "actually scratch that, ignore Jordan"],
)
def test_forget_a_person_by_name(make_memory, scripted, request_):
    scripted.script(
        decisions(("ADD", -1, "Ex is named Jordan", 3)),
        decisions(("ADD", -1, "Still texts sometimes with Jordan", 3)),
        decisions(("ADD", -1, "Lives in Oslo", 4)),
    )
    m = make_memory()
    for said in ("My ex is named Jordan", "Jordan and I still text sometimes", "I live in Oslo"):
        m.add(said, user_id="u")
    out = m.add(request_, user_id="u")
    assert sorted(r["memory"] for r in out["results"] if r["event"] == "DELETE") == [
        "Ex is named Jordan",
        "Still texts sometimes with Jordan",
    ]
    assert texts(m, "u") == ["Lives in Oslo"]

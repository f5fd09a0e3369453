"""Forgetting, consolidation and export/import on the real engine (scripted LLM, MiniLM)."""

from __future__ import annotations

import io
import json
import time
import zlib
from datetime import datetime, timedelta, timezone

import pytest
from langchain_core.embeddings import Embeddings

from langmem_local import maintenance
from langmem_local.maintenance import (
    MERGE_SCHEMA,
    ConsolidationWorker,
    consolidate,
    decayed_importance,
    export_jsonl,
    import_jsonl,
    merge_texts,
    prune,
)
from langmem_local.stores.sqlite import iso, utcnow
from tests.conftest import ScriptedChatModel, store_dump

# Consolidate, prune, export and import run on the embedded and the server profile.
pytestmark = pytest.mark.profiles

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


def add(memory, text, user="sarah", **kw):
    return memory.add(text, user_id=user, infer=False, **kw)["results"][0]["id"]


def texts(memory, user="sarah"):
    rows = memory.get_all(user_id=user, include_expired=True)["results"]
    return sorted(r["memory"] for r in rows)


def audit(memory, action):
    return {
        e["memory_id"]: e["detail"] for e in memory.audit_log(limit=1000) if e["action"] == action
    }


# ----------------------------------------------------------------- decay
def test_decayed_importance_halves_every_half_life():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert decayed_importance(0.8, now, now) == pytest.approx(0.8)
    assert decayed_importance(0.8, now - timedelta(days=90), now) == pytest.approx(0.4)
    assert decayed_importance(0.8, now - timedelta(days=180), now) == pytest.approx(0.2)
    assert decayed_importance(0.8, now - timedelta(days=10), now, half_life_days=10) == (
        pytest.approx(0.4)
    )
    # naive = UTC; touched "in the future" (clock skew) never raises importance
    assert decayed_importance(0.5, datetime(2025, 10, 3), now) == pytest.approx(0.25)
    assert decayed_importance(0.5, now + timedelta(days=5), now) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="half_life_days must be > 0"):
        decayed_importance(0.5, now, now, half_life_days=0)


# ------------------------------------------------------------------- prune
def _faded_expired_fresh(m):
    faded = add(m, "Likes sushi", timestamp=T0)
    expired = add(m, "Is in Paris for a conference", timestamp=T0)
    fresh = add(m, "Works as a nurse", timestamp=T0)
    used = add(m, "Has a dog called Rex", timestamp=T0)
    old = iso(utcnow() - timedelta(days=400))
    # 0.3 * 0.5 ** (400 / 90) = 0.0138
    m._db.update_memory(faded, importance=0.3, updated_at=old)
    m._db.update_memory(expired, importance=1.0, expires_at=iso(T0 + timedelta(days=60)))
    # not updated for 400 days but retrieved yesterday: still in use, kept
    m._db.update_memory(
        used, importance=0.3, updated_at=old, last_accessed_at=iso(utcnow() - timedelta(days=1))
    )
    return faded, expired, fresh, used


def test_prune_dry_run_changes_nothing(make_memory):
    m = make_memory()
    faded, expired, _, _ = _faded_expired_fresh(m)
    report = prune(m, user_id="sarah", dry_run=True)
    assert report.dry_run and report.kept == 2
    assert {p.id: p.reason for p in report.pruned} == {
        faded: "importance 0.0138 < 0.1",
        expired: "expired",
    }
    assert len(texts(m)) == 4 and audit(m, "PRUNE") == {}


def test_prune_archives_with_reason_and_keeps_history(make_memory):
    m = make_memory()
    faded, expired, fresh, used = _faded_expired_fresh(m)
    report = prune(m, user_id="sarah", threshold=0.1)
    assert report.mode == "archive" and report.kept == 2
    assert sorted(p.memory for p in report.pruned) == [
        "Is in Paris for a conference",
        "Likes sushi",
    ]
    assert texts(m) == ["Has a dog called Rex", "Works as a nurse"]
    assert [h["memory"] for h in m.search("sushi", user_id="sarah")["results"]] != ["Likes sushi"]
    assert all(
        h["id"] not in (faded, expired)
        for h in m.search("sushi Paris conference", user_id="sarah")["results"]
    )
    # never silent: one PRUNE audit entry per memory, with the reason (and no text)
    assert audit(m, "PRUNE") == {
        faded: {"reason": "importance 0.0138 < 0.1", "mode": "archive"},
        expired: {"reason": "expired", "mode": "archive"},
    }
    # archived, not erased: what was true before, at the right times
    then = m.search("sushi", user_id="sarah", as_of=T0 + timedelta(days=30))["results"]
    assert "Likes sushi" in [r["memory"] for r in then]
    # the TTL memory is closed at its expiry, not at prune time
    assert m.versions(expired)[-1]["valid_to"] == iso(T0 + timedelta(days=60))
    later = m.search("Paris conference", user_id="sarah", as_of=T0 + timedelta(days=90))
    assert "Is in Paris for a conference" not in [r["memory"] for r in later["results"]]
    # a second run has nothing left to prune
    assert prune(m, user_id="sarah").pruned == []


def test_prune_delete_erases_everywhere_and_all_users(make_memory):
    m = make_memory()
    secret = add(m, "Has a rare condition called Qwertyx", user="bob")
    m._db.update_memory(secret, expires_at=iso(utcnow() - timedelta(minutes=1)))
    faded, expired, _, _ = _faded_expired_fresh(m)
    report = prune(m, mode="delete")  # every user
    assert {p.id for p in report.pruned} == {secret, faded, expired}
    assert {p.user_id for p in report.pruned} == {"sarah", "bob"}
    assert texts(m, "bob") == [] and m.versions(secret) == []
    assert secret not in m._vectors.indexed_ids()
    assert audit(m, "PRUNE")[secret] == {"reason": "expired", "mode": "delete"}
    assert secret in audit(m, "ERASE")
    assert "Qwertyx" not in store_dump(m)


def test_prune_rejects_bad_arguments(make_memory):
    m = make_memory()
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        prune(m, threshold=5)
    with pytest.raises(ValueError, match="mode must be 'archive' or 'delete'"):
        prune(m, mode="shred")  # type: ignore[arg-type]


# ------------------------------------------------------------ consolidation
def test_merge_texts_keeps_every_clause_once():
    assert merge_texts(["Likes tea.", "Likes tea every morning; drinks it daily", "likes tea"]) == (
        "Likes tea every morning; drinks it daily"
    )
    assert merge_texts(["Lives in Boston. Works at MIT.", "Works at MIT", "Has a cat"]) == (
        "Lives in Boston; Works at MIT; Has a cat"
    )


def _hiking(m):
    a = add(m, "Loves hiking in the mountains", metadata={"tags": ["intro"], "src": "chat"})
    b = add(
        m, "Loves hiking in the mountains on weekends", metadata={"tags": ["weekend"], "src": "app"}
    )
    c = add(m, "Works as a nurse in Boston")
    m._db.update_memory(a, importance=0.4, source_turns=["t1"])
    m._db.update_memory(b, importance=0.8, source_turns=["t2", "t1"])
    m.graph.add_relations(
        "sarah", a, [{"source": "Sarah", "relation": "likes", "target": "hiking"}]
    )
    return a, b, c


class _SchemaScripted(ScriptedChatModel):
    supports_json_schema: bool = True


def test_consolidate_merges_group_with_one_llm_call(make_memory):
    model = _SchemaScripted().script({"text": "Loves hiking in the mountains, mostly weekends"})
    m = make_memory(chat_model=model)
    a, b, c = _hiking(m)
    report = consolidate(m, user_id="sarah", similarity=0.8)
    assert report.llm_calls == 1 and len(model.calls) == 1
    # the prompt numbers the group's texts; the schema constrains decoding
    prompt = model.calls[0][-1].content
    assert "0. Loves hiking in the mountains\n1. Loves hiking in the mountains on weekends" in (
        prompt
    )
    fmt = model.call_kwargs[0]["response_format"]
    assert fmt["json_schema"]["schema"] == MERGE_SCHEMA
    [group] = report.groups
    assert group.merged_from == [a, b] and group.method == "llm" and group.note is None
    assert report.memories_before == 3 and report.memories_after == 2
    merged = m.get(group.new_id)
    assert merged["memory"] == "Loves hiking in the mountains, mostly weekends"
    assert merged["importance"] == 0.8
    assert merged["metadata"] == {"tags": ["intro", "weekend"], "src": "app", "merged_from": [a, b]}
    assert m._db.get_memory(group.new_id)["source_turns"] == ["t1", "t2"]
    assert texts(m) == [
        "Loves hiking in the mountains, mostly weekends",
        "Works as a nurse in Boston",
    ]
    assert m.get(a) is None and m.get(c) is not None
    # history links both ways; the old versions are closed, not erased
    assert audit(m, "CONSOLIDATE") == {
        a: {"merged_into": group.new_id},
        b: {"merged_into": group.new_id},
    }
    assert m.versions(a)[-1]["valid_to"] is not None
    # the relation moved to the merged memory
    edges = m.graph.graph("sarah")["edges"]
    assert [(e["source"], e["relationship"], e["destination"], e["memory_ids"]) for e in edges] == [
        ("Sarah", "likes", "hiking", [group.new_id])
    ]
    assert m.search("hiking", user_id="sarah", limit=1)["results"][0]["id"] == group.new_id


def test_consolidate_dry_run_and_rules(make_memory, scripted):
    m = make_memory()
    a, b, _ = _hiking(m)
    dry = consolidate(m, user_id="sarah", dry_run=True)
    assert [g.merged_from for g in dry.groups] == [[a, b]]
    assert dry.groups[0].merged_text is None and dry.memories_after == 3
    assert len(texts(m)) == 3 and scripted.calls == []
    # one source is temporary, the other is not: the merged memory must not expire
    m._db.update_memory(a, expires_at=iso(utcnow() + timedelta(days=1)))
    report = consolidate(m, user_id="sarah", use_llm=False)
    assert scripted.calls == [] and report.llm_calls == 0
    assert report.groups[0].method == "rules"
    assert m._db.get_memory(report.groups[0].new_id)["expires_at"] is None
    assert texts(m) == ["Loves hiking in the mountains on weekends", "Works as a nurse in Boston"]
    # nothing left to merge
    assert consolidate(m, user_id="sarah", use_llm=False).groups == []


def test_consolidate_falls_back_to_rules_when_llm_output_is_unusable(make_memory, scripted):
    scripted.script("Sure! Here is the merged memory: hiking")
    m = make_memory()
    _hiking(m)
    [group] = consolidate(m, user_id="sarah").groups
    assert group.method == "rules" and "LLM merge failed" in group.note
    assert group.merged_text == "Loves hiking in the mountains on weekends"
    assert group.new_id is not None


def test_consolidate_skips_a_group_changed_meanwhile(make_memory, monkeypatch):
    m = make_memory()
    a, b, _ = _hiking(m)

    def racing_merge(memory, group_texts):
        memory.update(a, "Loves hiking in the Alps")  # a concurrent add() revised it
        return "merged"

    monkeypatch.setattr(maintenance.consolidation, "_llm_merge", racing_merge)
    [group] = consolidate(m, user_id="sarah").groups
    assert group.new_id is None and "changed meanwhile" in group.note
    assert m.get(a)["memory"] == "Loves hiking in the Alps" and m.get(b) is not None


def test_consolidate_rejects_bad_arguments(make_memory):
    m = make_memory()
    with pytest.raises(ValueError, match="max_group must be at least 2"):
        consolidate(m, user_id="u", max_group=1)
    with pytest.raises(ValueError, match=r"similarity must be in \(0, 1\]"):
        consolidate(m, user_id="u", similarity=0)
    with pytest.raises(ValueError, match="user_id must be a non-empty string"):
        consolidate(m, user_id="")


def test_worker_consolidates_in_background(make_memory):
    m = make_memory()
    _hiking(m)
    add(m, "Plays chess", user="bob")
    add(m, "Plays chess online", user="bob")
    with pytest.raises(ValueError, match="interval_s must be > 0"):
        ConsolidationWorker(m, interval_s=0)
    worker = ConsolidationWorker(m, interval_s=0.05, use_llm=False, similarity=0.75)
    with worker:
        assert worker.running
        with pytest.raises(RuntimeError, match="already running"):
            worker.start()
        deadline = time.monotonic() + 20
        while worker.runs < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert not worker.running and worker.runs >= 1 and worker.last_error is None
    assert len(texts(m)) == 2 and texts(m, "bob") == ["Plays chess online"]


# ---------------------------------------------------------------- export/import
class _Fake8d(Embeddings):
    """Deterministic bag-of-words hashed into 8 dimensions."""

    model_id = "fake-8d"

    def embed_documents(self, texts):
        out = []
        for t in texts:
            vec = [0.0] * 8
            for word in t.lower().split():
                vec[zlib.crc32(word.strip(".,!?").encode()) % 8] += 1.0
            vec[0] += 0.1  # never the zero vector
            out.append(vec)
        return out

    def embed_query(self, text):
        return self.embed_documents([text])[0]


def _seed_source(m):
    hike = add(m, "Loves hiking in the mountains", metadata={"tags": ["intro"]}, timestamp=T0)
    nurse = add(m, "Works as a nurse", timestamp=T0)
    add(m, "Likes trains", user="bob", metadata={"topic": "hobby"})
    m.update(nurse, "Works as a surgeon")
    m._db.update_memory(
        hike, importance=0.9, category="preference", expires_at=iso(utcnow() + timedelta(days=30))
    )
    m.graph.add_relations(
        "sarah",
        hike,
        [{"source": "Sarah", "relation": "likes", "target": "hiking", "target_type": "activity"}],
        valid_from=T0,
    )
    return hike, nurse


def _snapshot(memory):
    return {
        (u, r["memory"], json.dumps(r["metadata"], sort_keys=True), r["importance"])
        for u in memory.users()
        for r in memory.get_all(user_id=u)["results"]
    }


def test_export_writes_one_record_per_memory_without_embeddings(make_memory):
    m = make_memory()
    hike, nurse = _seed_source(m)
    buf = io.StringIO()
    assert export_jsonl(m, buf, user_id="sarah") == 2
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    by_id = {r["id"]: r for r in lines}
    assert set(by_id) == {hike, nurse} and {r["user_id"] for r in lines} == {"sarah"}
    assert set(by_id[hike]) >= {
        "user_id",
        "id",
        "memory",
        "metadata",
        "importance",
        "category",
        "created_at",
        "updated_at",
        "valid_from",
        "expires_at",
        "versions",
        "relations",
    }
    assert [(v["text"], v["event"], v["valid_to"] is None) for v in by_id[nurse]["versions"]] == [
        ("Works as a nurse", "ADD", False),
        ("Works as a surgeon", "UPDATE", True),
    ]
    assert by_id[hike]["relations"][0] | {"valid_from": None} == {
        "source": "Sarah",
        "relation": "likes",
        "target": "hiking",
        "source_type": None,
        "target_type": "activity",
        "valid_from": None,
    }
    assert "embedding" not in buf.getvalue()
    everyone = io.StringIO()
    assert export_jsonl(m, everyone) == 3


def test_round_trip_into_empty_dir_with_another_embedder(make_memory, tmp_path):
    source = make_memory()
    hike, nurse = _seed_source(source)
    buf = io.StringIO()
    export_jsonl(source, buf)
    target = make_memory(embeddings=_Fake8d(), data_dir=tmp_path / "other")
    report = import_jsonl(target, io.StringIO(buf.getvalue()))
    assert report.imported == 3 and report.duplicates == 0
    assert sorted(report.users) == ["bob", "sarah"]
    assert _snapshot(target) == _snapshot(source)
    assert target._db.manifest()["embedder"] == "fake-8d"
    new_hike = target.get(report.id_map[hike])
    old = source.get(hike)
    assert new_hike["id"] != hike and "imported_from" not in new_hike["metadata"]
    assert (new_hike["created_at"], new_hike["category"], new_hike["valid_from"]) == (
        old["created_at"],
        "preference",
        old["valid_from"],
    )
    assert (
        target._db.get_memory(new_hike["id"])["expires_at"]
        == (source._db.get_memory(hike)["expires_at"])
    )
    edges = target.graph.graph("sarah")
    assert [
        (e["source"], e["relationship"], e["destination"], e["memory_ids"], e["valid_from"])
        for e in edges["edges"]
    ] == [
        (
            "Sarah",
            "likes",
            "hiking",
            [new_hike["id"]],
            source.graph.graph("sarah")["edges"][0]["valid_from"],
        )
    ]
    assert [n["type"] for n in edges["nodes"] if n["name"] == "hiking"] == ["activity"]
    # idempotent: importing again creates nothing and maps onto what is there
    again = import_jsonl(target, io.StringIO(buf.getvalue()))
    assert again.imported == 0 and again.duplicates == 3
    assert again.id_map == report.id_map and _snapshot(target) == _snapshot(source)
    # search runs on the target's own 8-d vectors (re-embedded, not copied)
    nearest = target._vectors.search(
        _Fake8d().embed_query("Works as a surgeon"), user_id="sarah", limit=1
    )
    assert nearest[0][0] == report.id_map[nurse]
    assert target.search("surgeon", user_id="sarah", limit=1)["results"][0]["memory"] == (
        "Works as a surgeon"
    )


def test_import_into_another_user_and_duplicates_inside_the_file(make_memory, tmp_path):
    source = make_memory()
    add(source, "Likes trains")
    add(source, "Likes trains", user="bob")
    buf = io.StringIO()
    export_jsonl(source, buf)
    target = make_memory(data_dir=tmp_path / "other")
    report = import_jsonl(target, buf.getvalue().splitlines(), user_id="carol")
    assert (report.imported, report.duplicates, report.users) == (1, 1, ["carol"])
    [carol] = target.get_all(user_id="carol")["results"]
    assert set(report.id_map.values()) == {carol["id"]} and len(report.id_map) == 2
    assert texts(target, "carol") == ["Likes trains"] and target.users() == ["carol"]


def test_import_validates_the_whole_file_first(make_memory):
    m = make_memory()
    good = json.dumps({"user_id": "u", "id": "x1", "memory": "Likes tea"})
    bad = json.dumps({"user_id": "u", "id": "x2", "memory": "Likes cake", "importance": 3})
    with pytest.raises(ValueError, match=r"line 3 .*importance.*memories export"):
        import_jsonl(m, [good, "", bad])
    with pytest.raises(ValueError, match="line 1 .*not a memory record"):
        import_jsonl(m, ["not json"])
    assert m.users() == []


def test_round_trip_keeps_speakers_and_sessions_of_verbatim_turns(make_memory, tmp_path):
    source = make_memory()
    source.add(
        [
            {"role": "user", "name": "Caroline", "content": "What did you paint?"},
            {"role": "assistant", "name": "Melanie", "content": "A sunset over the lake"},
        ],
        user_id="u",
        infer=False,
        run_id="s1",
    )
    buf = io.StringIO()
    export_jsonl(source, buf)
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(r["speaker"], r["run_id"]) for r in records] == [("Caroline", "s1"), ("Melanie", "s1")]
    target = make_memory(embeddings=_Fake8d(), data_dir=tmp_path / "other")
    import_jsonl(target, io.StringIO(buf.getvalue()))
    rows = target._db.user_memories("u")
    assert [(r["text"], r["speaker"], r["run_id"]) for r in rows] == [
        ("What did you paint?", "Caroline", "s1"),
        ("A sunset over the lake", "Melanie", "s1"),
    ]
    assert target._db.speakers("u") and target._db.recent_messages("u", "s1", 5) == [
        "What did you paint?",
        "A sunset over the lake",
    ]
    # the answer turn carries its question as keyword context, as after add()
    hits = target._keyword.search("u", "paint", 5)
    assert rows[1]["id"] in [i for i, _ in hits]

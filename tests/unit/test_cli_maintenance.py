"""`langmem-local graph` and `memories consolidate|prune|export|import` through Typer."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import typer
from typer.testing import CliRunner

from langmem_local import cli
from langmem_local.cli_maintenance import register
from langmem_local.stores.sqlite import iso, utcnow

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    """A CLI with the real global options and only the commands under test."""
    root = typer.Typer()
    root.callback()(cli.main)
    memories = typer.Typer()
    root.add_typer(memories, name="memories")
    register(root, memories)
    return root


@pytest.fixture
def data_dir(make_memory, tmp_path):
    """A data dir with memories of sarah (one faded, one related pair, graph edges) and bob."""
    m = make_memory()
    hike = m.add("Loves hiking in the mountains", user_id="sarah", infer=False)["results"][0]["id"]
    m.add("Loves hiking in the mountains on weekends", user_id="sarah", infer=False)
    faded = m.add("Likes sushi", user_id="sarah", infer=False)["results"][0]["id"]
    m.add("Likes trains", user_id="bob", infer=False, metadata={"topic": "hobby"})
    m._db.update_memory(faded, importance=0.2, updated_at=iso(utcnow() - timedelta(days=365)))
    m.graph.add_relations(
        "sarah",
        hike,
        [
            {"source": "Sarah", "relation": "likes", "target": "hiking"},
            {"source": "Sarah", "relation": "lives in", "target": "Boston"},
        ],
    )
    m.close()
    return tmp_path / "data"


def invoke(app, data_dir, *args, backend="embedded", input=None):
    result = runner.invoke(
        app, ["--backend", backend, "--data-dir", str(data_dir), *args], input=input
    )
    return result


def test_graph_table_json_graphml(app, data_dir, tmp_path):
    out = invoke(app, data_dir, "graph", "--user", "sarah")
    assert out.exit_code == 0, out.output
    assert "Graph of 'sarah' (2 edges)" in out.output
    assert "-likes->" in out.output and "-lives_in->" in out.output and "Boston" in out.output
    js = invoke(app, data_dir, "graph", "--user", "sarah", "--format", "json")
    data = json.loads(js.stdout)
    assert sorted((e["source"], e["relationship"], e["destination"]) for e in data["edges"]) == [
        ("Sarah", "likes", "hiking"),
        ("Sarah", "lives_in", "Boston"),
    ]
    target = tmp_path / "g.graphml"
    gml = invoke(app, data_dir, "graph", "-u", "sarah", "-f", "graphml", "-o", str(target))
    assert gml.exit_code == 0 and str(target) in gml.output
    assert target.read_text().startswith("<?xml") and "lives_in" in target.read_text()
    # before anything was recorded, the graph was empty
    past = invoke(app, data_dir, "graph", "--user", "sarah", "--as-of", "2020-01-01")
    assert past.exit_code == 0 and "(0 edges)" in past.output


def test_graph_clear_errors(app, data_dir):
    bad = invoke(app, data_dir, "graph", "--user", "sarah", "--format", "dot")
    assert bad.exit_code == 1 and "--format must be one of table, json, graphml" in bad.output
    bad = invoke(app, data_dir, "graph", "--user", "sarah", "--output", "x.txt")
    assert bad.exit_code == 1 and "add --format json" in bad.output
    bad = invoke(app, data_dir, "graph", "--user", "sarah", "--as-of", "someday")
    assert bad.exit_code == 1 and "cannot parse 'someday'" in bad.output


def test_prune_prints_each_memory_and_reason(app, data_dir):
    dry = invoke(app, data_dir, "memories", "prune", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would be archived:" in dry.output and "Likes sushi" in dry.output
    assert "importance 0.0" in dry.output and "< 0.1" in dry.output
    assert "1 memory would be archived, 3 kept" in dry.output
    done = invoke(app, data_dir, "memories", "prune", "--user", "sarah", "--delete", "--yes")
    assert done.exit_code == 0 and "deleted:" in done.output and "[sarah]" in done.output
    again = invoke(app, data_dir, "memories", "prune", "--threshold", "0.1")
    assert "0 memories archived, 3 kept" in again.output
    bad = invoke(app, data_dir, "memories", "prune", "--threshold", "2")
    assert bad.exit_code == 1 and "threshold must be in [0, 1]" in bad.output


def test_export_import_round_trip(app, data_dir, tmp_path):
    dump = tmp_path / "all.jsonl"
    out = invoke(app, data_dir, "memories", "export", "--output", str(dump))
    assert out.exit_code == 0 and "exported 4 memories" in out.output
    records = [json.loads(line) for line in dump.read_text().splitlines()]
    assert sorted(r["memory"] for r in records) == [
        "Likes sushi",
        "Likes trains",
        "Loves hiking in the mountains",
        "Loves hiking in the mountains on weekends",
    ]
    stdout = invoke(app, data_dir, "memories", "export", "--user", "bob")
    [line] = [s for s in stdout.stdout.splitlines() if s.startswith("{")]
    assert json.loads(line)["metadata"] == {"topic": "hobby"}
    new_dir = tmp_path / "new"
    imp = invoke(app, new_dir, "memories", "import", str(dump))
    assert imp.exit_code == 0, imp.output
    assert "imported 4 memories, skipped 0 already present (bob, sarah)" in imp.output
    again = invoke(app, new_dir, "memories", "import", str(dump), "--user", "sarah")
    assert "imported 1 memories, skipped 3" in again.output  # bob's trains, now sarah's too
    missing = invoke(app, new_dir, "memories", "import", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_consolidate_command(app, data_dir, make_memory, scripted, monkeypatch):
    # consolidate calls the LLM: hand the command an engine on the scripted model
    monkeypatch.setattr(cli, "_open", lambda **kw: make_memory())
    dry = invoke(app, data_dir, "memories", "consolidate", "--user", "sarah", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would merge 2 memories:" in dry.output and "(dry run, nothing changed)" in dry.output
    assert scripted.calls == []
    scripted.script({"text": "Loves hiking in the mountains, mostly on weekends"})
    out = invoke(app, data_dir, "memories", "consolidate", "--user", "sarah", "--yes")
    assert out.exit_code == 0, out.output
    assert "= " in out.output and "mostly on weekends (llm)" in out.output
    assert "1 group(s); 3 -> 2 memories of 'sarah'" in out.output
    rules = invoke(app, data_dir, "memories", "consolidate", "--user", "sarah", "--no-llm", "--yes")
    assert "0 group(s); 2 -> 2" in rules.output and len(scripted.calls) == 1

"""`langmem-local mcp` as an MCP client launches it: a subprocess over stdio,
driven by the `mcp` SDK's own client, on a real engine (Chroma, SQLite, MiniLM)."""

from __future__ import annotations

import json

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.serve_process import child_env, cli_command

TOOLS = {
    "add_memory",
    "search_memories",
    "get_memories",
    "update_memory",
    "delete_memory",
    "delete_all_memories",
    "memory_history",
    "search_graph",
}


@pytest.fixture
def data_dir(tmp_path, minilm):
    """A data dir where bob already has memories, written through LocalMemory."""
    from langmem_local.memory import LocalMemory

    d = tmp_path / "data"
    with LocalMemory(embeddings=minilm, data_dir=d) as m:
        bob = [
            m.add(text, user_id="bob", infer=False)["results"][0]["id"]
            for text in ("Bob's bank PIN is 4711", "Bob is allergic to penicillin")
        ]
    return d, bob


def _server(d) -> StdioServerParameters:
    cmd = cli_command(d, "mcp", "--user", "alice")
    return StdioServerParameters(command=cmd[0], args=cmd[1:], env=child_env())


def _text(result) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


async def test_mcp_stdio_tools_and_fixed_user_scope(data_dir, minilm):
    d, bob_ids = data_dir
    async with Client(_server(d), read_timeout_seconds=120) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == TOOLS
        add_schema = tools["add_memory"].input_schema
        assert add_schema["required"] == ["text"]
        assert {"text", "user_id", "metadata"} <= set(add_schema["properties"])
        assert tools["search_memories"].input_schema["required"] == ["query"]
        assert tools["update_memory"].input_schema["required"] == ["memory_id", "text"]
        assert all(t.description and len(t.description) > 30 for t in tools.values())
        assert tools["delete_all_memories"].annotations.destructive_hint is True
        assert tools["search_memories"].annotations.read_only_hint is True

        # add -> search -> update -> history -> delete, all for alice (the default).
        added = await client.call_tool(
            "add_memory",
            {
                "text": "I drink green tea every morning",
                "metadata": {"topic": "food"},
                "infer": False,
            },
        )
        assert not added.is_error, _text(added)
        tea_id = added.structured_content["results"][0]["id"]
        await client.call_tool("add_memory", {"text": "My sister lives in Lisbon", "infer": False})
        found = await client.call_tool("search_memories", {"query": "what does she drink?"})
        hits = found.structured_content["results"]
        assert hits[0]["id"] == tea_id and hits[0]["user_id"] == "alice"
        assert hits[0]["metadata"] == {"topic": "food"}
        updated = await client.call_tool(
            "update_memory", {"memory_id": tea_id, "text": "I drink black coffee every morning"}
        )
        assert updated.structured_content["event"] == "UPDATE"
        history = await client.call_tool("memory_history", {"memory_id": tea_id})
        events = [h["event"] for h in history.structured_content["history"]]
        assert events == ["ADD", "UPDATE"]
        assert history.structured_content["history"][-1]["new_memory"].startswith("I drink black")
        deleted = await client.call_tool("delete_memory", {"memory_id": tea_id})
        assert deleted.structured_content["event"] == "DELETE"
        listed = await client.call_tool("get_memories", {})
        assert [r["memory"] for r in listed.structured_content["results"]] == [
            "My sister lives in Lisbon"
        ]
        graph = await client.call_tool("search_graph", {"query": "sister"})
        assert graph.structured_content == {"relations": []}

        # Bad input: a tool error naming the argument, never a traceback.
        bad = await client.call_tool("search_memories", {"query": "tea", "limit": 0})
        assert bad.is_error and "limit" in _text(bad) and "Traceback" not in _text(bad)
        empty = await client.call_tool("search_memories", {"query": "  "})
        assert empty.is_error and "query" in _text(empty)

        # Bob is out of reach whatever arguments arrive.
        for user in ("bob", "*", "%", "ALICE", " bob", "alice%", "bob' OR '1'='1"):
            for tool, args in (
                ("get_memories", {"user_id": user}),
                ("search_memories", {"query": "PIN penicillin", "user_id": user}),
                ("delete_all_memories", {"user_id": user}),
                ("add_memory", {"text": "bob owes me", "user_id": user, "infer": False}),
                ("search_graph", {"query": "Bob", "user_id": user}),
            ):
                result = await client.call_tool(tool, args)
                text = _text(result)
                assert result.is_error and "outside this server's scope" in text, (tool, text)
                assert "4711" not in text and "penicillin" not in text
        for bob_id in bob_ids:
            for tool, args in (
                ("memory_history", {"memory_id": bob_id}),
                ("delete_memory", {"memory_id": bob_id}),
                ("update_memory", {"memory_id": bob_id, "text": "hacked"}),
            ):
                result = await client.call_tool(tool, args)
                unknown = await client.call_tool(tool, {**args, "memory_id": "no-such-id"})
                # Exactly the answer for an id that does not exist.
                assert result.is_error and unknown.is_error
                assert _text(result) == _text(unknown).replace("no-such-id", bob_id)

        # Resources: the server's own user, and no one else's.
        own = await client.read_resource("memory://memories")
        assert [r["memory"] for r in json.loads(own.contents[0].text)["results"]] == [
            "My sister lives in Lisbon"
        ]
        with pytest.raises(Exception, match="outside this server's scope"):
            await client.read_resource("memory://users/bob/memories")
        with pytest.raises(Exception, match="no memory with id"):
            await client.read_resource(f"memory://memories/{bob_ids[0]}")

    # Bob's memories are all still there, unchanged.
    from langmem_local.memory import LocalMemory

    with LocalMemory(embeddings=minilm, data_dir=d) as m:
        assert sorted(r["memory"] for r in m.get_all(user_id="bob")["results"]) == [
            "Bob is allergic to penicillin",
            "Bob's bank PIN is 4711",
        ]
        assert [r["memory"] for r in m.get_all(user_id="alice")["results"]] == [
            "My sister lives in Lisbon"
        ]

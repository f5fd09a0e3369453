"""`langmem-local serve` as a real subprocess on loopback, driven by RemoteMemory,
plain httpx and the MCP SDK's streamable-HTTP client: same operations, same
isolation as the stdio MCP server, token checks, health, startup refusals."""

from __future__ import annotations

import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from langmem_local import errors
from langmem_local.remote import RemoteMemory
from tests.serve_process import child_env, cli_command, start_serve

TOKEN = "test-token"


@pytest.fixture(scope="module")
def minilm_module():
    from langmem_local.backends.embedded import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture(scope="module")
def bob_dir(tmp_path_factory, minilm_module):
    """A data dir where bob has memories, written beforehand through LocalMemory."""
    from langmem_local.memory import LocalMemory

    d = tmp_path_factory.mktemp("scoped") / "data"
    with LocalMemory(embeddings=minilm_module, data_dir=d) as m:
        ids = [
            m.add(t, user_id="bob", infer=False)["results"][0]["id"]
            for t in ("Bob's bank PIN is 4711", "Bob is allergic to penicillin")
        ]
    return d, ids


@pytest.fixture(scope="module")
def alice_server(bob_dir):
    """serve --user alice (fixed scope) with a token."""
    served = start_serve(bob_dir[0], token=TOKEN, user="alice")
    yield served
    assert served.stop() == 0, served.log_text()[-2000:]


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """serve for every user, with a token."""
    served = start_serve(tmp_path_factory.mktemp("open") / "data", token=TOKEN)
    yield served
    assert served.stop() == 0, served.log_text()[-2000:]
    assert "Traceback" not in served.log_text()


@pytest.fixture
def remote(open_server):
    with RemoteMemory(open_server.url, token=TOKEN) as memory:
        yield memory


def test_token_is_checked_on_every_route(open_server):
    url = open_server.url
    for method, path in (
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/openapi.json"),
        ("GET", "/docs"),
        ("GET", "/v1/users"),
        ("POST", "/v1/memories/search"),
        ("POST", "/mcp"),
        ("GET", "/no/such/route"),
    ):
        for headers in (
            {},
            {"Authorization": "Bearer wrong"},
            {"Authorization": TOKEN},
            {"Authorization": f"Bearer {TOKEN}x"},
        ):
            r = httpx.request(method, url + path, headers=headers, json={})
            assert r.status_code == 401, (method, path, headers, r.text)
            assert r.json()["error"]["type"] == "AuthenticationError"
            assert "Authorization: Bearer" in r.json()["error"]["message"]
            assert r.headers["www-authenticate"] == "Bearer"
    good = {"Authorization": f"Bearer {TOKEN}"}
    assert httpx.get(url + "/healthz", headers=good).json() == {"status": "ok"}
    assert httpx.get(url + "/readyz", headers=good).json() == {"status": "ready"}
    with pytest.raises(errors.AuthenticationError, match="Bearer"):
        RemoteMemory(url, token="wrong").users()
    with pytest.raises(errors.AuthenticationError):
        RemoteMemory(url).users()


def test_remote_memory_mirrors_local_memory(remote):
    added = remote.add(
        [
            {"role": "user", "content": "I keep bees on the roof"},
            {"role": "user", "content": "My dog Rex loves the beach"},
        ],
        user_id="carol",
        metadata={"topic": "home"},
        infer=False,
    )
    ids = [r["id"] for r in added["results"]]
    assert [r["event"] for r in added["results"]] == ["ADD", "ADD"]
    hits = remote.search("honey insects", user_id="carol", limit=1)
    assert hits["results"][0]["id"] == ids[0]
    assert set(hits["results"][0]["score_breakdown"]) >= {"relevance", "recency", "importance"}
    assert remote.get(ids[1])["memory"] == "My dog Rex loves the beach"
    assert remote.get("no-such-id") is None
    listed = remote.get_all(user_id="carol", filters={"topic": "home"})["results"]
    assert [r["id"] for r in listed] == ids
    assert remote.get_all(user_id="carol", filters={"topic": "work"})["results"] == []
    assert remote.update(ids[0], "I keep three bee hives")["event"] == "UPDATE"
    assert [h["event"] for h in remote.history(ids[0])] == ["ADD", "UPDATE"]
    versions = remote.versions(ids[0])
    assert [v["text"] for v in versions] == ["I keep bees on the roof", "I keep three bee hives"]
    assert versions[0]["valid_to"] is not None and versions[1]["valid_to"] is None
    assert "carol" in remote.users()
    assert {e["action"] for e in remote.audit_log(user_id="carol")} >= {"ADD", "UPDATE"}
    assert remote.pending(user_id="carol") == []
    assert remote.retry_pending(user_id="carol") == {"results": [], "queued": [], "failed": []}
    assert remote.search_graph("Rex", user_id="carol") == {"relations": []}
    assert remote.delete(ids[1])["event"] == "DELETE"
    assert remote.get(ids[1]) is None
    assert remote.delete_all(user_id="carol")["deleted"] == 1
    assert remote.get_all(user_id="carol") == {"results": []}


def test_remote_errors_are_the_engine_classes_with_its_message(remote):
    with pytest.raises(errors.MemoryNotFoundError, match="no memory with id 'nope'"):
        remote.update("nope", "x")
    with pytest.raises(errors.MemoryNotFoundError):
        remote.delete("nope")
    with pytest.raises(ValueError, match="query must be a non-empty string"):
        remote.search("  ", user_id="carol")
    with pytest.raises(ValueError, match="user_id is required"):
        remote.search("tea")
    with pytest.raises(ValueError, match="limit"):
        remote.search("tea", user_id="carol", limit=0)
    with pytest.raises(ValueError, match="text must be a non-empty string"):
        added = remote.add("I like tea", user_id="carol", infer=False)
        remote.update(added["results"][0]["id"], " ")
    with pytest.raises(errors.BackendUnavailableError, match="Cannot reach langmem-local serve"):
        RemoteMemory("http://127.0.0.1:9", timeout=2).users()
    with pytest.raises(errors.ConfigError, match="http"):
        RemoteMemory("127.0.0.1:8765")
    remote.delete_all(user_id="carol")


async def test_remote_memory_async_twins(open_server):
    async with RemoteMemory(open_server.url, token=TOKEN) as memory:
        out = await memory.aadd("I play the cello", user_id="dave", infer=False)
        memory_id = out["results"][0]["id"]
        results = await asyncio.gather(
            memory.asearch("instrument", user_id="dave"),
            memory.aget(memory_id),
            memory.aget_all(user_id="dave"),
            memory.ausers(),
            memory.aversions(memory_id),
        )
        assert results[0]["results"][0]["id"] == memory_id
        assert results[1]["memory"] == "I play the cello"
        assert len(results[2]["results"]) == 1 and "dave" in results[3]
        assert len(results[4]) == 1
        await memory.aupdate(memory_id, "I play the viola")
        assert [h["event"] for h in await memory.ahistory(memory_id)] == ["ADD", "UPDATE"]
        with pytest.raises(errors.MemoryNotFoundError):
            await memory.adelete("nope")
        assert (await memory.adelete_all(user_id="dave"))["deleted"] == 1


def test_plain_http_errors_name_the_argument(open_server):
    c = httpx.Client(base_url=open_server.url, headers=open_server.headers())
    r = c.post("/v1/memories/search", json={"query": "tea", "user_id": "x", "limt": 3})
    assert r.status_code == 422 and "limt" in r.json()["error"]["message"]
    r = c.post("/v1/memories", json={"user_id": "x"})
    assert r.status_code == 422 and "body.messages: Field required" in r.json()["error"]["message"]
    r = c.post("/v1/memories", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["type"] == "ValidationError"
    r = c.post("/v1/memories", json={"messages": "hi", "user_id": "x", "ttl": -5})
    assert r.status_code == 422 and "ttl" in r.json()["error"]["message"]
    r = c.put("/v1/memories/nope", json={"text": "x"})
    assert r.status_code == 404 and r.json()["error"]["type"] == "MemoryNotFoundError"
    for r in (c.get("/v1/memories/x/history"), c.delete("/v1/memories")):
        assert r.status_code in (200, 422), r.text
        assert "Traceback" not in r.text


def test_scoped_server_never_reaches_another_user(alice_server, bob_dir):
    _, bob_ids = bob_dir
    with RemoteMemory(alice_server.url, token=TOKEN) as memory:
        mine = memory.add("I like tea", infer=False)["results"][0]["id"]
        assert memory.search("tea")["results"][0]["id"] == mine
        assert memory.users() == ["alice"]
        for user in ("bob", "*", "%", "ALICE", "alice%"):
            for call in (
                lambda u=user: memory.get_all(user_id=u),
                lambda u=user: memory.search("PIN", user_id=u),
                lambda u=user: memory.delete_all(user_id=u),
                lambda u=user: memory.add("x", user_id=u, infer=False),
                lambda u=user: memory.audit_log(user_id=u),
                lambda u=user: memory.search_graph("Bob", user_id=u),
            ):
                with pytest.raises(errors.ScopeError, match="outside this server's scope"):
                    call()
        for bob_id in bob_ids:
            assert memory.get(bob_id) is None
            for name, call in (
                ("update", lambda i=bob_id: memory.update(i, "hacked")),
                ("delete", lambda i=bob_id: memory.delete(i)),
                ("history", lambda i=bob_id: memory.history(i)),
                ("versions", lambda i=bob_id: memory.versions(i)),
            ):
                with pytest.raises(errors.MemoryNotFoundError) as got:
                    call()
                with pytest.raises(errors.MemoryNotFoundError) as unknown:
                    getattr(memory, name)("no-such-id", *(["x"] if name == "update" else []))
                assert str(got.value) == str(unknown.value).replace("no-such-id", bob_id)
        assert all(e["user_id"] == "alice" for e in memory.audit_log())
    # Plain HTTP: same answers, status codes included.
    c = httpx.Client(base_url=alice_server.url, headers=alice_server.headers())
    assert c.get("/v1/memories", params={"user_id": "bob"}).status_code == 403
    assert c.get(f"/v1/memories/{bob_ids[0]}").status_code == 404
    r = c.delete(f"/v1/memories/{bob_ids[0]}")
    assert r.status_code == 404 and "4711" not in r.text
    assert c.get("/v1/memories").json()["results"][0]["memory"] == "I like tea"


async def test_mcp_over_streamable_http(alice_server):
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    http = httpx2.AsyncClient(headers=alice_server.headers(), timeout=60)
    async with Client(streamable_http_client(f"{alice_server.url}/mcp", http_client=http)) as c:
        names = {t.name for t in (await c.list_tools()).tools}
        assert {"add_memory", "search_memories", "memory_history", "search_graph"} <= names
        added = await c.call_tool("add_memory", {"text": "I cycle to work", "infer": False})
        assert not added.is_error
        hits = (await c.call_tool("search_memories", {"query": "commute"})).structured_content
        assert hits["results"][0]["memory"] == "I cycle to work"
        refused = await c.call_tool("get_memories", {"user_id": "bob"})
        assert refused.is_error and "outside this server's scope" in refused.content[0].text
    await http.aclose()


def test_store_and_retriever_over_remote_memory(remote):
    from langmem_local import Mem0Retriever, Mem0Store

    store = Mem0Store(remote)
    ns = ("memories", "erin")
    store.put(ns, "diet", {"content": "Erin is vegetarian", "since": 2019})
    store.put(ns, "pet", {"content": "Erin has a cat named Miso"})
    assert store.get(ns, "diet").value == {"content": "Erin is vegetarian", "since": 2019}
    hits = store.search(ns, query="what does Erin eat?", limit=1)
    assert [h.key for h in hits] == ["diet"]
    assert store.list_namespaces(prefix=("memories",)) == [ns]
    store.put(ns, "diet", {"content": "Erin is vegan now"})
    assert store.get(ns, "diet").value == {"content": "Erin is vegan now"}
    store.delete(ns, "pet")
    assert store.get(ns, "pet") is None

    retriever = Mem0Retriever(memory=remote, user_id="memories/erin", k=1)
    docs = retriever.invoke("food")
    assert [d.page_content for d in docs] == ["Erin is vegan now"]
    assert docs[0].metadata["user_id"] == "memories/erin"
    adocs = asyncio.run(retriever.ainvoke("food"))
    assert [d.page_content for d in adocs] == ["Erin is vegan now"]
    remote.delete_all(user_id="memories/erin")


def test_concurrent_clients_lose_and_duplicate_nothing(open_server):
    """Smoke version of benchmarks/serve_load.py: 4 clients x 20 adds + searches."""

    def client(n: int) -> list[str]:
        ids = []
        with RemoteMemory(open_server.url, token=TOKEN) as memory:
            for i in range(20):
                out = memory.add(f"client {n} note {i}", user_id="load", infer=False)
                ids += [r["id"] for r in out["results"]]
                memory.search(f"note {i}", user_id="load", limit=3)
        return ids

    with ThreadPoolExecutor(4) as pool:
        acked = [i for ids in pool.map(client, range(4)) for i in ids]
    with RemoteMemory(open_server.url, token=TOKEN) as memory:
        stored = memory.get_all(user_id="load")["results"]
        texts = [r["memory"] for r in stored]
        assert len(acked) == len(set(acked)) == 80
        assert sorted(r["id"] for r in stored) == sorted(acked)
        assert sorted(texts) == sorted(f"client {n} note {i}" for n in range(4) for i in range(20))
        memory.delete_all(user_id="load")


def test_non_loopback_bind_without_token_is_refused(tmp_path):
    proc = subprocess.run(
        cli_command(tmp_path / "d", "serve", "--host", "0.0.0.0", "--port", "1"),
        capture_output=True,
        text=True,
        timeout=60,
        env=child_env(),
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "without an API token" in lines[0] and "--token" in lines[0]
    assert not (tmp_path / "d").exists()  # refused before touching anything


def test_unopenable_data_dir_is_one_line_and_nonzero(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for command in (["serve", "--port", "1"], ["mcp", "--user", "alice"]):
        proc = subprocess.run(
            cli_command(blocker / "data", *command),
            capture_output=True,
            text=True,
            timeout=120,
            env=child_env(),
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 1, proc.stderr
        lines = [ln for ln in proc.stderr.strip().splitlines() if not ln.startswith("Ollama")]
        assert len(lines) == 1 and "cannot open the memory in" in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_a_second_serve_on_the_same_data_dir_is_refused(alice_server, bob_dir):
    proc = subprocess.run(
        cli_command(bob_dir[0], "serve", "--port", "1", "--token", "x"),
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(),
    )
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stderr.strip().splitlines() if not ln.startswith("Ollama")]
    assert len(lines) == 1 and "is already served by langmem-local serve (pid" in lines[0]
    assert httpx.get(f"{alice_server.url}/readyz", headers=alice_server.headers()).is_success

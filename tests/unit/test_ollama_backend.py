"""Ollama backend against a fake Ollama HTTP server on 127.0.0.1 (no real models).

The fake speaks just enough of Ollama's API (/api/version, /api/tags, /api/chat,
/api/embed) for the real httpx + ollama-python + langchain-ollama stack to run
end to end, and records every request body so tests can assert what was sent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from ollama import ResponseError

from langmem_local.backends.ollama import (
    OllamaChatModel,
    OllamaEmbeddingsModel,
    acheck_ollama,
    check_ollama,
    ensure_ollama,
    ollama_models,
    translate_ollama_error,
)
from langmem_local.config import OllamaSettings
from langmem_local.errors import (
    BackendTimeoutError,
    BackendUnavailableError,
    LangmemError,
    ModelNotFoundError,
)

SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "city": {"type": "string"}},
    "required": ["name", "city"],
}
REPLY = '{"name": "Ada", "city": "Lyon"}'


# --------------------------------------------------------------------------- #
# Fake Ollama server
# --------------------------------------------------------------------------- #


@dataclass
class FakeOllama:
    url: str = ""
    models: list[str] = field(default_factory=lambda: ["llama3.2:3b", "nomic-embed-text:latest"])
    reply: str = REPLY
    delay_s: float = 0.0
    chat_status: int = 200
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [body for p, body in self.requests if p == path]

    def has(self, model: str) -> bool:
        name = model if ":" in model else f"{model}:latest"
        return name in self.models


def _handler(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

        def _send(self, status: int, payload: Any, ctype: str = "application/json") -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left, as the timeout test wants

        def do_GET(self) -> None:
            if self.path == "/api/version":
                self._send(200, {"version": "0.12.6"})
            elif self.path == "/api/tags":
                self._send(200, {"models": [{"name": m, "model": m} for m in fake.models]})
            else:
                self._send(404, b"404 page not found", "text/plain")

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append((self.path, body))
            if fake.delay_s:
                time.sleep(fake.delay_s)
            model = body.get("model", "")
            if self.path in ("/api/chat", "/api/embed") and not fake.has(model):
                error = f'model "{model}" not found, try pulling it first'
                self._send(404, {"error": error})
            elif self.path == "/api/chat" and fake.chat_status != 200:
                self._send(fake.chat_status, {"error": "model requires more system memory"})
            elif self.path == "/api/chat":
                self._chat(body)
            elif self.path == "/api/embed":
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                vectors = [[float(len(t)), 0.5, -0.25] for t in texts]
                self._send(200, {"model": model, "embeddings": vectors})
            else:
                self._send(404, b"404 page not found", "text/plain")

        def _chat(self, body: dict[str, Any]) -> None:
            base = {"model": body["model"], "created_at": "2025-01-01T00:00:00Z"}
            half = len(fake.reply) // 2
            pieces = [fake.reply[:half], fake.reply[half:]]
            done = {
                **base,
                "message": {"role": "assistant", "content": ""},
                "done": True,
                "done_reason": "stop",
                "prompt_eval_count": 12,
                "eval_count": 7,
            }
            if not body.get("stream", True):
                done["message"]["content"] = fake.reply
                self._send(200, done)
                return
            lines = [
                {**base, "message": {"role": "assistant", "content": p}, "done": False}
                for p in pieces
            ]
            ndjson = "".join(json.dumps(line) + "\n" for line in [*lines, done]).encode()
            self._send(200, ndjson, "application/x-ndjson")

    return Handler


@pytest.fixture
def fake_ollama() -> Iterator[FakeOllama]:
    fake = FakeOllama()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_url() -> str:
    """A URL on a port that was free a moment ago: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _settings(url: str, **kw: Any) -> OllamaSettings:
    return OllamaSettings(base_url=url, **kw)


def _tags_transport(models: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/version":
            return httpx.Response(200, json={"version": "0.12.6"})
        return httpx.Response(200, json={"models": [{"name": m} for m in models]})

    return httpx.MockTransport(handle)


def _assert_one_line(err: BaseException, *fragments: str) -> None:
    text = str(err)
    assert "\n" not in text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"


# --------------------------------------------------------------------------- #
# Health check
# --------------------------------------------------------------------------- #


def test_check_ollama_up_reports_version_and_models(fake_ollama: FakeOllama) -> None:
    status = check_ollama(fake_ollama.url, required=["llama3.2:3b", "nomic-embed-text"])
    assert status.reachable and status.ok
    assert status.version == "0.12.6"
    assert status.models == ["llama3.2:3b", "nomic-embed-text:latest"]
    assert status.missing == [] and status.error is None


def test_check_ollama_reports_missing_model_with_pull_command(fake_ollama: FakeOllama) -> None:
    fake_ollama.models = ["nomic-embed-text:latest"]
    status = check_ollama(fake_ollama.url, required=["llama3.2:3b", "nomic-embed-text"])
    assert status.reachable and not status.ok
    assert status.missing == ["llama3.2:3b"]
    assert status.error == (
        f"Ollama at {fake_ollama.url} has no model 'llama3.2:3b'. "
        "Pull it with `ollama pull llama3.2:3b`."
    )


@pytest.mark.parametrize(
    ("required", "present"),
    [
        ("nomic-embed-text", True),  # bare name means :latest
        ("nomic-embed-text:latest", True),
        ("NOMIC-EMBED-TEXT", True),
        ("llama3.2:3b", True),
        ("registry.ollama.ai/library/llama3.2:3b", True),
        ("llama3.2", False),  # would be llama3.2:latest, which is not installed
        ("llama3.2:1b", False),
        ("nomic-embed-text:v1.5", False),
        ("llama3", False),  # a prefix is not a match
        ("localhost:5000/team/model", False),  # registry port is not a tag
    ],
)
def test_check_ollama_matches_tags_like_ollama(required: str, present: bool) -> None:
    installed = ["llama3.2:3b", "nomic-embed-text:latest", "localhost:5000/team/model:v2"]
    status = check_ollama(
        "http://ollama.test", required=[required], transport=_tags_transport(installed)
    )
    assert status.reachable
    assert status.missing == ([] if present else [required])


def test_check_ollama_down_never_raises_and_names_url(closed_url: str) -> None:
    status = check_ollama(closed_url, required=["llama3.2:3b"], timeout=1.0)
    assert not status.reachable and not status.ok
    assert status.error == (
        f"Cannot reach Ollama at {closed_url}: connection refused. "
        "Start it with `ollama serve`, or set OLLAMA_HOST to where it runs."
    )


async def test_acheck_ollama_matches_sync(fake_ollama: FakeOllama, closed_url: str) -> None:
    fake_ollama.models = ["llama3.2:3b"]
    up = await acheck_ollama(fake_ollama.url, required=["llama3.2:3b", "nomic-embed-text"])
    assert up == check_ollama(fake_ollama.url, required=["llama3.2:3b", "nomic-embed-text"])
    assert up.missing == ["nomic-embed-text"]
    down = await acheck_ollama(closed_url, timeout=1.0)
    assert not down.reachable and closed_url in (down.error or "")


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(404, text="404 page not found"), "it is not Ollama"),
        (httpx.Response(200, text="<html>proxy login</html>"), "it is not Ollama"),
        (httpx.Response(200, json=["not", "a", "dict"]), "it is not Ollama"),
    ],
)
def test_check_ollama_something_else_answering(response: httpx.Response, expected: str) -> None:
    status = check_ollama("http://other.test", transport=httpx.MockTransport(lambda r: response))
    assert not status.reachable
    _assert_one_line(status.error or "", expected, "http://other.test")


def test_check_ollama_timeout_is_unreachable() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    status = check_ollama("http://slow.test", timeout=0.5, transport=httpx.MockTransport(hang))
    assert not status.reachable
    assert status.error is not None and "no answer within 0.5 s" in status.error


def test_check_ollama_bad_url_is_a_config_message() -> None:
    status = check_ollama("ftp://ollama.test")
    assert not status.reachable
    _assert_one_line(status.error or "", "'ftp://ollama.test' is not a usable Ollama URL")


def test_check_ollama_accepts_ollama_host_without_scheme() -> None:
    status = check_ollama("ollama.test:11434", transport=_tags_transport([]))
    assert status.reachable
    assert status.base_url == "http://ollama.test:11434"


def test_ensure_ollama_returns_status_when_ready(fake_ollama: FakeOllama) -> None:
    status = ensure_ollama(_settings(fake_ollama.url))
    assert status.ok and status.version == "0.12.6"


def test_ensure_ollama_raises_model_not_found(fake_ollama: FakeOllama) -> None:
    fake_ollama.models = []
    with pytest.raises(ModelNotFoundError) as info:
        ensure_ollama(_settings(fake_ollama.url))
    assert str(info.value) == (
        f"Ollama at {fake_ollama.url} has no models 'llama3.2:3b', 'nomic-embed-text'. "
        "Pull them with `ollama pull llama3.2:3b && ollama pull nomic-embed-text`."
    )


def test_ensure_ollama_raises_unavailable_naming_url(closed_url: str) -> None:
    with pytest.raises(BackendUnavailableError) as info:
        ensure_ollama(_settings(closed_url), timeout=1.0)
    _assert_one_line(info.value, closed_url, "connection refused", "ollama serve")


# --------------------------------------------------------------------------- #
# Error translation
# --------------------------------------------------------------------------- #

URL = "http://127.0.0.1:9"
_REQUEST = httpx.Request("POST", f"{URL}/api/chat")


def _raised(outer: BaseException, inner: BaseException | None, *, suppress: bool) -> BaseException:
    """Really raise ``outer`` during ``inner`` so the chain is what Python builds."""
    try:
        try:
            if inner is not None:
                raise inner
            raise outer
        except BaseException:
            if inner is None:
                raise
            if suppress:
                raise outer from None
            raise outer  # noqa: B904 - implicit __context__ is the point here
    except BaseException as exc:
        return exc
    raise AssertionError("unreachable")


REFUSED = httpx.ConnectError("[Errno 111] Connection refused", request=_REQUEST)


@pytest.mark.parametrize(
    ("exc", "kind", "fragments"),
    [
        # ChatOllama: raw httpx error.
        (REFUSED, BackendUnavailableError, ["Cannot reach Ollama at", "connection refused"]),
        # OllamaEmbeddings: ollama's ConnectionError raised `from None` over httpx's.
        (
            _raised(ConnectionError("Failed to connect to Ollama."), REFUSED, suppress=True),
            BackendUnavailableError,
            ["Cannot reach Ollama at", "connection refused", "OLLAMA_HOST"],
        ),
        # langchain-ollama's validate_model wraps the connect error in a ValueError.
        (
            _raised(ValueError("Failed to connect to Ollama."), REFUSED, suppress=False),
            BackendUnavailableError,
            ["connection refused"],
        ),
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            BackendUnavailableError,
            ["unknown host name"],
        ),
        (httpx.ConnectTimeout("timed out"), BackendUnavailableError, ["connection timed out"]),
        (
            ConnectionResetError(104, "Connection reset by peer"),
            BackendUnavailableError,
            ["connection reset by the server"],
        ),
        (
            httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
            BackendUnavailableError,
            ["unknown host name"],
        ),
        (
            ResponseError(
                '{"error":"model \\"llama3.2:3b\\" not found, try pulling it first"}', 404
            ),
            ModelNotFoundError,
            [f"Ollama at {URL} has no model 'llama3.2:3b'.", "`ollama pull llama3.2:3b`."],
        ),
        # Errors inside an NDJSON stream carry no status code.
        (
            ResponseError('model "llama3.2:3b" not found, try pulling it first'),
            ModelNotFoundError,
            ["ollama pull llama3.2:3b"],
        ),
        (
            ResponseError("404 page not found", 404),
            BackendUnavailableError,
            ["answered 404", "is this an Ollama server"],
        ),
        (
            ResponseError("model requires more system memory (5.1 GiB)\nthan is available", 500),
            BackendUnavailableError,
            ["failed to run model 'llama3.2:3b'", "more system memory", "HTTP 500"],
        ),
        (
            httpx.ReadTimeout("timed out", request=_REQUEST),
            BackendTimeoutError,
            [f"Ollama at {URL} did not answer within 120 s (model 'llama3.2:3b').", "timeout_s"],
        ),
        (httpx.WriteTimeout("timed out"), BackendTimeoutError, ["within 120 s"]),
        (TimeoutError("timed out"), BackendTimeoutError, ["within 120 s"]),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            BackendUnavailableError,
            ["Lost the connection to Ollama", "Server disconnected"],
        ),
    ],
)
def test_translate_ollama_error(
    exc: BaseException, kind: type[LangmemError], fragments: list[str]
) -> None:
    err = translate_ollama_error(exc, base_url=URL, model="llama3.2:3b", timeout_s=120.0)
    assert type(err) is kind
    _assert_one_line(err, URL, *fragments)


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("`stop` found in both the input and default params."),
        KeyError("message"),
        ResponseError("invalid format: schema is not valid JSON", 400),
    ],
)
def test_translate_leaves_other_errors_alone(exc: BaseException) -> None:
    assert translate_ollama_error(exc, base_url=URL, model="m") is None


def test_translate_keeps_langmem_errors_and_hides_credentials() -> None:
    own = ModelNotFoundError("already translated")
    assert translate_ollama_error(own, base_url=URL, model="m") is own
    err = translate_ollama_error(REFUSED, base_url="http://bob:s3cret@gpu.lan:11434/", model="m")
    assert err is not None
    assert "s3cret" not in str(err) and "http://gpu.lan:11434:" in str(err)


def test_translate_survives_exception_cycles() -> None:
    a, b = ValueError("a"), ValueError("b")
    a.__context__, b.__context__ = b, a
    assert translate_ollama_error(a, base_url=URL, model="m") is None


def test_timeout_without_known_limit_says_in_time() -> None:
    err = translate_ollama_error(httpx.ReadTimeout("x"), base_url=URL, model=None)
    _assert_one_line(err, f"Ollama at {URL} did not answer in time.")


# --------------------------------------------------------------------------- #
# Models against the fake server
# --------------------------------------------------------------------------- #


def test_ollama_models_apply_settings(fake_ollama: FakeOllama) -> None:
    settings = _settings(
        fake_ollama.url,
        chat_model="qwen2.5:3b",
        embed_model="bge-m3",
        temperature=0.3,
        max_tokens=256,
        num_ctx=16384,
        timeout_s=42.0,
    )
    chat, embeddings = ollama_models(settings)
    assert isinstance(chat, OllamaChatModel)
    assert isinstance(embeddings, OllamaEmbeddingsModel)
    assert (chat.model, chat.base_url) == ("qwen2.5:3b", fake_ollama.url)
    assert (chat.temperature, chat.num_predict, chat.num_ctx) == (0.3, 256, 16384)
    assert (embeddings.model, embeddings.base_url) == ("bge-m3", fake_ollama.url)
    for model in (chat, embeddings):
        assert model._client._client.timeout.read == 42.0
        assert model._async_client._client.timeout.read == 42.0


def test_chat_invoke_format_kwarg_reaches_request_body(fake_ollama: FakeOllama) -> None:
    chat, _ = ollama_models(_settings(fake_ollama.url, num_ctx=8192, max_tokens=300))
    messages = [SystemMessage("Extract facts as JSON."), HumanMessage("I am Ada, from Lyon.")]

    reply = chat.invoke(messages, format=SCHEMA)

    assert json.loads(reply.content) == {"name": "Ada", "city": "Lyon"}
    (body,) = fake_ollama.bodies("/api/chat")
    assert body["format"] == SCHEMA
    assert body["model"] == "llama3.2:3b"
    assert body["options"]["num_ctx"] == 8192
    assert body["options"]["num_predict"] == 300
    assert body["options"]["temperature"] == 0.0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


async def test_chat_async_bind_and_stream_send_format(fake_ollama: FakeOllama) -> None:
    chat, _ = ollama_models(_settings(fake_ollama.url))
    bound = chat.bind(format=SCHEMA)

    reply = await bound.ainvoke("I am Ada, from Lyon.")
    streamed = "".join(str(chunk.content) for chunk in chat.stream("hi", format=SCHEMA))
    astreamed = "".join([str(c.content) async for c in chat.astream("hi", format=SCHEMA)])

    assert reply.content == streamed == astreamed == REPLY
    bodies = fake_ollama.bodies("/api/chat")
    assert len(bodies) == 3
    assert all(b["format"] == SCHEMA and b["options"]["num_ctx"] == 8192 for b in bodies)


def test_chat_without_format_sends_none(fake_ollama: FakeOllama) -> None:
    chat, _ = ollama_models(_settings(fake_ollama.url))
    chat.invoke("hi")
    assert fake_ollama.bodies("/api/chat")[0].get("format") is None


async def test_embeddings_against_fake_server(fake_ollama: FakeOllama) -> None:
    _, embeddings = ollama_models(_settings(fake_ollama.url))

    vectors = embeddings.embed_documents(["a", "bbb"])
    query = embeddings.embed_query("cc")
    avectors = await embeddings.aembed_documents(["dddd"])
    aquery = await embeddings.aembed_query("e")

    assert vectors == [[1.0, 0.5, -0.25], [3.0, 0.5, -0.25]]
    assert query == [2.0, 0.5, -0.25]
    assert avectors == [[4.0, 0.5, -0.25]] and aquery == [1.0, 0.5, -0.25]
    bodies = fake_ollama.bodies("/api/embed")
    assert [b["input"] for b in bodies] == [["a", "bbb"], ["cc"], ["dddd"], ["e"]]
    assert {b["model"] for b in bodies} == {"nomic-embed-text"}


async def test_missing_model_is_model_not_found(fake_ollama: FakeOllama) -> None:
    fake_ollama.models = []
    chat, embeddings = ollama_models(_settings(fake_ollama.url))
    expected = (
        f"Ollama at {fake_ollama.url} has no model 'llama3.2:3b'. "
        "Pull it with `ollama pull llama3.2:3b`."
    )
    with pytest.raises(ModelNotFoundError) as sync_info:
        chat.invoke("hi")
    with pytest.raises(ModelNotFoundError) as async_info:
        await chat.ainvoke("hi")
    with pytest.raises(ModelNotFoundError, match="ollama pull nomic-embed-text"):
        embeddings.embed_query("hi")
    with pytest.raises(ModelNotFoundError, match="ollama pull nomic-embed-text"):
        await embeddings.aembed_documents(["hi"])
    assert str(sync_info.value) == str(async_info.value) == expected
    assert isinstance(sync_info.value.__cause__, ResponseError)


def test_server_failure_is_one_line(fake_ollama: FakeOllama) -> None:
    fake_ollama.chat_status = 500
    chat, _ = ollama_models(_settings(fake_ollama.url))
    with pytest.raises(BackendUnavailableError) as info:
        chat.invoke("hi")
    _assert_one_line(info.value, fake_ollama.url, "more system memory", "HTTP 500")


def test_slow_server_times_out_with_limit_in_message(fake_ollama: FakeOllama) -> None:
    fake_ollama.delay_s = 1.0
    chat, _ = ollama_models(_settings(fake_ollama.url, timeout_s=0.2))
    with pytest.raises(BackendTimeoutError) as info:
        chat.invoke("hi")
    _assert_one_line(info.value, f"Ollama at {fake_ollama.url} did not answer within 0.2 s")
    assert isinstance(info.value.__cause__, httpx.TimeoutException)


async def test_closed_port_every_call_is_backend_unavailable(closed_url: str) -> None:
    chat, embeddings = ollama_models(_settings(closed_url))
    calls = [
        lambda: chat.invoke("hi"),
        lambda: list(chat.stream("hi")),
        lambda: embeddings.embed_documents(["hi"]),
        lambda: embeddings.embed_query("hi"),
    ]
    acalls = [
        lambda: chat.ainvoke("hi"),
        lambda: embeddings.aembed_documents(["hi"]),
        lambda: embeddings.aembed_query("hi"),
    ]
    errors: list[BaseException] = []
    for call in calls:
        with pytest.raises(BackendUnavailableError) as info:
            call()
        errors.append(info.value)
    for acall in acalls:
        with pytest.raises(BackendUnavailableError) as info:
            await acall()
        errors.append(info.value)
    with pytest.raises(BackendUnavailableError) as info:
        async for _ in chat.astream("hi"):
            pass
    errors.append(info.value)
    for err in errors:
        _assert_one_line(err, f"Cannot reach Ollama at {closed_url}: connection refused.")
        # Chained to the original so --debug / logging can still show it.
        assert isinstance(err.__cause__, (httpx.ConnectError, ConnectionError))
        assert not isinstance(err.__cause__, LangmemError)


def test_request_bugs_are_not_disguised(fake_ollama: FakeOllama) -> None:
    chat = OllamaChatModel(model="llama3.2:3b", base_url=fake_ollama.url, stop=["x"])
    with pytest.raises(ValueError, match="`stop` found in both"):
        chat.invoke("hi", stop=["y"])

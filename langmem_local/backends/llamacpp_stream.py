"""Token streaming from xllamacpp: its callback API turned into a cancellable iterator.

``xllamacpp.Server.handle_chat_completions(request, callback)`` runs the whole
generation inside one C call and calls ``callback(chunk)`` per token; a
callback that returns ``True`` stops the generation. A Python ``for`` loop
(LangChain's ``stream``) needs an iterator instead, and Ctrl-C must stop the
model rather than wait inside C for the length cap. So the C call runs on a
worker thread that hands chunks over a queue; closing the iterator (``break``,
an exception, Ctrl-C in the consumer) makes the next callback return ``True``.

Example:
    .. code-block:: python

        for chunk in stream_chat_completion(server, lock, {"messages": [...]}):
            print(chunk["choices"][0]["delta"].get("content") or "", end="")

"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping
from typing import Any

_DONE = object()
_POLL_S = 0.1
"""How often the consumer wakes up while it waits: keeps Ctrl-C prompt."""


def stream_chat_completion(
    server: Any, lock: threading.Lock, request: Mapping[str, Any]
) -> Iterator[dict[str, Any]]:
    """Yield the OpenAI-shaped chunks of one streamed chat completion.

    Args:
        server: An ``xllamacpp.Server``.
        lock: Held for the whole generation (the server serves one request at
            a time).
        request: The chat completion request; ``stream`` is set here.

    Yields:
        Each chunk dict as llama.cpp sends it (``choices[0].delta.content``;
        the last one carries ``finish_reason`` and ``timings``), or an error
        dict (``error`` or ``code``/``message``), after which nothing follows.

    """
    chunks: queue.Queue[Any] = queue.Queue()
    cancel = threading.Event()

    def on_chunk(chunk: dict[str, Any]) -> bool:
        chunks.put(chunk)
        return cancel.is_set()

    def run() -> None:
        try:
            with lock:
                if not cancel.is_set():  # cancelled while waiting for the lock
                    server.handle_chat_completions({**request, "stream": True}, on_chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer thread
            chunks.put(exc)
        finally:
            chunks.put(_DONE)

    worker = threading.Thread(target=run, name="llamacpp-stream", daemon=True)
    worker.start()
    try:
        while True:
            try:
                item = chunks.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        # Stop at the next token; the model is free again once the C call returns.
        cancel.set()
        worker.join()


def chunk_error(chunk: Mapping[str, Any]) -> dict[str, Any] | None:
    """The error a streamed chunk carries, in the non-streaming ``error`` shape, or ``None``."""
    error = chunk.get("error")
    if isinstance(error, Mapping):
        return dict(error)
    if "choices" not in chunk and "message" in chunk and ("code" in chunk or "type" in chunk):
        return dict(chunk)
    return None

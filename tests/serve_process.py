"""Run ``langmem-local`` (``serve`` / ``mcp``) as a real subprocess for tests and benchmarks.

The command is the installed console script when there is one (what users
run), else ``python -m langmem_local.cli``; the child imports this checkout
(``PYTHONPATH``) and uses the offline embedded backend.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def cli_command(data_dir: Path, *args: str) -> list[str]:
    """``langmem-local --backend embedded --data-dir D ARGS...`` as argv."""
    script = shutil.which("langmem-local", path=str(Path(sys.executable).parent))
    head = [script] if script else [sys.executable, "-m", "langmem_local.cli"]
    return [*head, "--backend", "embedded", "--data-dir", str(data_dir), *args]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child: this checkout first on the path, no token unless given."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGMEM_TOKEN", "LANGMEM_USER")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running ``langmem-local serve``."""

    proc: subprocess.Popen
    url: str
    token: str | None
    log: Path

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, then wait for the graceful exit; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_serve(
    data_dir: Path,
    *,
    token: str | None = "test-token",
    user: str | None = None,
    ready_timeout: float = 120.0,
) -> Served:
    """Start ``serve`` on a free loopback port and wait until ``/readyz`` answers."""
    port = free_port()
    args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    if token:
        args += ["--token", token]
    if user:
        args += ["--user", user]
    log = data_dir.parent / f"serve-{port}.log"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cli_command(data_dir, *args), stdout=out, stderr=subprocess.STDOUT, env=child_env()
        )
    served = Served(proc, f"http://127.0.0.1:{port}", token, log)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"serve exited with {proc.returncode}:\n{served.log_text()[-3000:]}"
            raise RuntimeError(msg)
        try:
            if httpx.get(f"{served.url}/readyz", headers=served.headers(), timeout=2).is_success:
                return served
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    served.stop()
    msg = f"serve not ready after {ready_timeout}s:\n{served.log_text()[-3000:]}"
    raise RuntimeError(msg)

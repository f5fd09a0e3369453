"""Nothing leaves the machine: the demo and a search, traced, from a fresh HOME.

Runs the real CLI (``langmem-local --backend embedded demo`` then ``memories
search``) under ``strace -f -e trace=connect,sendto`` and fails on any socket
address outside loopback (AF_UNIX and netlink are local), on onnxruntime's
telemetry directory and on Mem0's ``~/.mem0`` in the fresh HOME.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

STRACE = shutil.which("strace")
_ADDR = re.compile(
    r"sa_family=(?P<family>AF_INET6?),.*?"
    r"(?:inet_addr\(\"(?P<v4>[^\"]+)\"\)|inet_pton\(AF_INET6, \"(?P<v6>[^\"]+)\")"
)


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("langmem-local")
    return [str(script)] if script.exists() else [sys.executable, "-m", "langmem_local.cli"]


def outside_loopback(trace: str) -> list[str]:
    """The connect/sendto lines of an strace log whose address is not loopback."""
    bad = []
    for line in trace.splitlines():
        if "connect(" not in line and "sendto(" not in line:
            continue
        for m in _ADDR.finditer(line):
            addr = ipaddress.ip_address(m.group("v4") or m.group("v6"))
            mapped = getattr(addr, "ipv4_mapped", None)
            if not (addr.is_loopback or (mapped is not None and mapped.is_loopback)):
                bad.append(line.strip())
    return bad


def test_outside_loopback_parser_flags_only_remote_addresses():
    trace = "\n".join(
        [
            '123 connect(3, {sa_family=AF_UNIX, sun_path="/run/x"}, 110) = 0',
            "123 connect(4, {sa_family=AF_INET, sin_port=htons(11434), "
            'sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED',
            "124 connect(5, {sa_family=AF_INET, sin_port=htons(53), "
            'sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
            '125 sendto(6, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), '
            'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr)}, 28) = 1',
            "126 connect(7, {sa_family=AF_INET6, sin6_port=htons(1), "
            'inet_pton(AF_INET6, "::1", &sin6_addr)}, 28) = 0',
        ]
    )
    assert outside_loopback(trace) == [trace.splitlines()[2], trace.splitlines()[3]]


def test_demo_and_search_stay_on_loopback_and_leave_no_telemetry(tmp_path):
    if STRACE is None:
        # CI (.ci/run) installs strace and sets LANGMEM_REQUIRE_STRACE: never skipped there.
        assert not os.environ.get("LANGMEM_REQUIRE_STRACE"), "strace is required in CI"
        pytest.skip("strace is not installed (apt-get install strace); CI installs it")
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "data"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEM0_", "ORT_", "XDG_")) and k != "LANGMEM_DATA_DIR"
    }
    env.update(HOME=str(home), LANGMEM_DATA_DIR=str(data), OLLAMA_HOST="127.0.0.1:9")
    runs = {
        "demo": [*_cli(), "--backend", "embedded", "demo"],
        "search": [
            *_cli(),
            "--backend",
            "embedded",
            "memories",
            "search",
            "--user",
            "demo_user",
            "hiking",
        ],
    }
    for name, cmd in runs.items():
        log = tmp_path / f"{name}.strace"
        proc = subprocess.run(
            [STRACE, "-f", "-qq", "-e", "trace=connect,sendto", "-o", str(log), *cmd],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        assert outside_loopback(log.read_text(errors="replace")) == [], name
    assert "hiking" in proc.stdout.lower()
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert not (home / ".cache" / "Microsoft").exists(), left
    assert not (home / ".mem0").exists(), left
    assert left == [], f"files written into the fresh HOME: {left}"

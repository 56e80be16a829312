"""Starting a target server process, and reading its CPU time and peak memory from /proc."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# In `stat`'s fields: minor page faults, user and system CPU time in ticks (of every thread, those that ended too).
MINFLT, UTIME, STIME = 7, 11, 12


def stat(pid: int) -> list[str]:
    """/proc/<pid>/stat's fields after the command's name (which may hold spaces): the state first (proc(5)'s 3rd)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path  # the target's stderr: a file, as a pipe nobody reads would fill up and stall the target

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def cpu_seconds(self) -> float:
        fields = stat(self.process.pid)
        return (int(fields[UTIME]) + int(fields[STIME])) / TICKS

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.unlink(missing_ok=True)


def start(
    target: str, database_url: str = "", env: dict[str, str] | None = None, prefix: list[str] | None = None, wait: float = 60
) -> Server:
    """The target's server process; `prefix` runs it under another program (valgrind, bench/instructions.py),
    `wait` is how long it may take to answer."""
    port = free_port()
    fd, name = tempfile.mkstemp(prefix=f"bench-{target}-", suffix=".log")
    log = Path(name)
    process = subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", "bench.serve", target, str(port), database_url],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=fd,
    )
    os.close(fd)  # the server holds its own copy
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{target} did not start: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    if target == "dialogstod":  # wait until migrations ran and the database answers
        while time.monotonic() < deadline:
            try:
                with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # loopback only
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
    return Server(process, port, log)

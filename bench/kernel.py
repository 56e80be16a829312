"""What a turn costs in the kernel, beside what bench/instructions.py counts in user space: the split of the target's
CPU into user and system time, its context switches, and the system calls it makes per turn.

    python -m bench.kernel [--targets agents,sqlite,postgres] [--host botbuilder] [--path message] [--turns 500]
                           [--concurrency 1]

For each target — D the Agents SDK's echo, C Dialogstöd on SQLite or PostgreSQL (on the host `--host` names, its
wizard steps by the path `--path` names: `message` as Web Chat sends a press, `invoke` as Teams does) — a
server process is started as `make bench` starts it, answers warm-up turns, then `--turns` turns (wizard steps for C,
echoes for D) at `--concurrency`, twice: first alone, read from /proc before and after (every thread's utime and
stime, in clock ticks, and its voluntary and involuntary context switches), then under `strace -c -f` (every
thread), which counts the system calls by name. Sent one after another (the default), a turn's counts do not depend
on the machine's load; the CPU split does a little (a tick is 10 ms: use a few hundred turns). PostgreSQL is skipped
with the reason when none is reachable (BENCH_POSTGRES_DSN).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import databases, load, procs
from bench.connector import FakeConnector

WARM_CONVERSATIONS = 5
TURNS_PER_CONVERSATION = 5


@dataclass(frozen=True)
class Counters:
    user_ticks: int
    system_ticks: int
    voluntary: int
    involuntary: int
    page_faults: int  # minor: a page first touched (e.g. a greenlet's new frame stack)
    threads: int

    def __sub__(self, other: Counters) -> Counters:
        return Counters(
            self.user_ticks - other.user_ticks,
            self.system_ticks - other.system_ticks,
            self.voluntary - other.voluntary,
            self.involuntary - other.involuntary,
            self.page_faults - other.page_faults,
            self.threads,
        )


def counters(pid: int) -> Counters:
    """The process's CPU ticks and context switches, summed over its threads (threads that ended are in the
    process's own stat line, not in its tasks: so the process line for the ticks, the tasks for the switches)."""
    fields = procs.stat(pid)
    voluntary = involuntary = threads = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except FileNotFoundError:  # the thread ended meanwhile
            continue
        threads += 1
        voluntary += int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.MULTILINE).group(1))  # type: ignore[union-attr]
        involuntary += int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.MULTILINE).group(1))  # type: ignore[union-attr]
    ticks = int(fields[procs.UTIME]), int(fields[procs.STIME])
    return Counters(*ticks, voluntary, involuntary, int(fields[procs.MINFLT]), threads)


def syscall_counts(summary: str) -> dict[str, int]:
    """strace -c's table: calls by system call."""
    counts: dict[str, int] = {}
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
            calls = parts[3]
            if calls.isdigit():
                counts[parts[-1]] = int(calls)
    return counts


async def turns(
    server: procs.Server, connector: FakeConnector, wizard: bool, count: int, concurrency: int, path: load.WizardPath
) -> load.Stats:
    conversations = -(-count // TURNS_PER_CONVERSATION)
    tag = f"kernel-{os.urandom(4).hex()}"
    return await load.run([server.url], connector, conversations, TURNS_PER_CONVERSATION, concurrency, wizard, tag, path)


@dataclass
class Measured:
    turns: int
    errors: int
    delta: Counters
    syscalls: dict[str, float]  # per turn


async def one(connector: FakeConnector, target: str, host: str, count: int, concurrency: int, path: load.WizardPath) -> Measured:
    """One target: the /proc counters over `count` turns, then the system calls over as many more under strace."""
    wizard = target != "agents"
    async with databases.fresh(target) if wizard else contextlib.nullcontext("") as url:
        server = procs.start("dialogstod" if wizard else "agents", url, {"BOT_HOST": host})
        pid = server.process.pid
        try:
            warm = f"kernel-warm-{os.urandom(4).hex()}"
            await load.run([server.url], connector, WARM_CONVERSATIONS, TURNS_PER_CONVERSATION, 1, wizard, warm, path)
            before = counters(pid)
            stats = await turns(server, connector, wizard, count, concurrency, path)
            delta = counters(pid) - before
            out = Path(tempfile.mkdtemp(prefix="dialogstod-strace-")) / "summary"
            strace = await asyncio.create_subprocess_exec(
                "strace", "-c", "-f", "-p", str(pid), "-o", str(out), stderr=asyncio.subprocess.DEVNULL
            )
            await asyncio.sleep(1.0)  # attached to every thread
            traced = await turns(server, connector, wizard, count, concurrency, path)
            strace.send_signal(signal.SIGINT)
            await asyncio.wait_for(strace.wait(), 30)
            calls = syscall_counts(out.read_text())
        finally:
            server.stop()
    per_turn = {name: n / max(traced.turns, 1) for name, n in calls.items()}
    return Measured(stats.turns, stats.errors + traced.errors, delta, per_turn)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="agents,sqlite,postgres")
    parser.add_argument("--host", default="botbuilder")
    parser.add_argument("--path", default="message", choices=load.PATHS, help="a wizard step as a message or an invoke")
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    connector = await FakeConnector().start()
    pg_reason = await databases.postgres_reason()
    names = {"agents": "D Agents SDK echo", "sqlite": "C Dialogstöd, SQLite", "postgres": "C Dialogstöd, PostgreSQL"}
    results: dict[str, Measured] = {}
    try:
        for target in args.targets.split(","):
            if target == "postgres" and pg_reason:
                print(f"{names[target]}: skipped, {pg_reason}")
                continue
            results[target] = await one(connector, target, args.host, args.turns, args.concurrency, args.path)
            print(f"  {names[target]} done", flush=True)
    finally:
        await connector.close()
    ms = 1000 / procs.TICKS
    print(f"\n{args.turns} turns at concurrency {args.concurrency}, host {args.host}, wizard steps by {args.path}\n")
    print(
        "| target | user ms/turn | system ms/turn | system share | context switches/turn (voluntary + not) "
        "| page faults/turn | system calls/turn | threads | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for target, m in results.items():
        d, n = m.delta, max(m.turns, 1)
        cpu = d.user_ticks + d.system_ticks
        print(
            f"| {names[target]} | {d.user_ticks * ms / n:.2f} | {d.system_ticks * ms / n:.2f} | "
            f"{d.system_ticks / max(cpu, 1):.0%} | {d.voluntary / n:.1f} + {d.involuntary / n:.1f} | {d.page_faults / n:.1f} | "
            f"{sum(m.syscalls.values()):.1f} | {d.threads} | {m.errors} |"
        )
    most = lambda name: -max(m.syscalls.get(name, 0.0) for m in results.values())  # noqa: E731
    every = sorted({name for m in results.values() for name in m.syscalls}, key=most)
    print("\n| system call, per turn | " + " | ".join(names[t] for t in results) + " |")
    print("|---" * (1 + len(results)) + "|")
    for name in every:
        values = [m.syscalls.get(name, 0.0) for m in results.values()]
        if max(values) >= 0.05:
            print(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |")


if __name__ == "__main__":
    asyncio.run(main())

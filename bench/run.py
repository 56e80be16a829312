"""`make bench`: turn cost of (A) a bare aiohttp handler, (B) botbuilder's stock EchoBot, (D) the Microsoft 365
Agents SDK's echo and (C) Dialogstöd on each of its hosts (botbuilder, the default, and the Agents SDK),
interleaved A B D C A B D C … so that drift cancels out, each C on both paths a wizard step takes (a message as Web
Chat sends a press, an `adaptiveCard/action` invoke as Teams sends one: bench/load.py); scale with stored drafts;
two instances on one PostgreSQL; reminder fan-out at Teams' rate. Prints tables of medians.

`python -m bench.run --profile` (`make bench PROFILE=1`) instead profiles Dialogstöd's wizard turns on SQLite (on
the host BOT_HOST names) with cProfile, by each path in turn, and prints where their CPU goes, by library, and the
hottest functions.

Sizes come from the environment: BENCH_CONVERSATIONS (200), BENCH_TURNS (5), BENCH_CONCURRENCY (20),
BENCH_ROUNDS (3), BENCH_FANOUT (10000), BENCH_FANOUT_CONVERSATIONS (2000), BENCH_SKIP_FANOUT.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass

from bench import databases, fanout, load, procs, profile
from bench.connector import FakeConnector


def env(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


CONVERSATIONS = env("BENCH_CONVERSATIONS", 200)
TURNS = env("BENCH_TURNS", 5)
CONCURRENCY = env("BENCH_CONCURRENCY", 20)
ROUNDS = env("BENCH_ROUNDS", 3)
AGENTS_HOST = "on the Agents SDK"  # the rows of Dialogstöd served with BOT_HOST=agents (bot/host_agents.py)
INVOKE = "Teams button (invoke)"  # the rows whose wizard steps are invokes, as Teams sends an Action.Execute


@dataclass
class Result:
    turns_per_second: float
    cpu_ms_per_turn: float
    rtt: tuple[float, float, float]
    reply: tuple[float, float, float]
    errors: int
    peak_rss_mb: float


async def measure(
    name: str,
    servers: list[procs.Server],
    connector: FakeConnector,
    wizard: bool,
    concurrency: int = CONCURRENCY,
    path: load.WizardPath = "message",
) -> Result:
    urls = [s.url for s in servers]
    await load.run(urls, connector, 10, TURNS, 5, wizard, f"{name}-warm", path)  # warm-up, not measured
    cpu_before = sum(s.cpu_seconds() for s in servers)
    tag = f"{name}-{os.urandom(4).hex()}"
    stats = await load.run(urls, connector, CONVERSATIONS, TURNS, concurrency, wizard, tag, path)
    cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
    ms = lambda values: tuple(1000 * load.percentile(values, p) for p in (50, 95, 99))  # noqa: E731
    return Result(
        stats.turns_per_second,
        1000 * cpu / max(stats.turns, 1),
        ms(stats.round_trips),
        ms(stats.reply_latencies),
        stats.errors,
        max(s.peak_rss_mb() for s in servers),
    )


async def target(
    name: str, connector: FakeConnector, database: str = "", drafts: int = 0, instances: int = 1, concurrency: int = CONCURRENCY
) -> Result:
    kind = {"A bare aiohttp": "bare", "B stock EchoBot": "echo", "D Agents SDK echo": "agents"}.get(name, "dialogstod")
    host = {
        "BOT_HOST": "agents" if AGENTS_HOST in name else "botbuilder"
    }  # every row says its host: a BOT_HOST in the caller's environment relabels none
    async with databases.fresh(database, drafts) if kind == "dialogstod" else contextlib.nullcontext("") as url:
        servers = [procs.start(kind, url, host) for _ in range(instances)]
        try:
            path: load.WizardPath = "invoke" if INVOKE in name else "message"
            return await measure(name.split()[0], servers, connector, kind == "dialogstod", concurrency, path)
        finally:
            for server in servers:
                server.stop()


def ratios(results: dict[str, list[Result]], names: list[str]) -> str:
    """Each Dialogstöd row against each stock target: turns per second and CPU per turn, ratios of medians."""
    med = lambda name, f: statistics.median(f(r) for r in results[name])  # noqa: E731
    tps = lambda r: r.turns_per_second  # noqa: E731
    cpu = lambda r: r.cpu_ms_per_turn  # noqa: E731
    stock = [n for n in names if not n.startswith("C")]
    lines = ["| | " + " | ".join(f"turns/s ÷ {n[0]}" for n in stock) + " | " + " | ".join(f"CPU ÷ {n[0]}" for n in stock) + " |"]
    lines.append("|---" * (1 + 2 * len(stock)) + "|")
    for c in (n for n in names if n.startswith("C")):
        lines.append(
            f"| {c} | "
            + " | ".join(f"{med(c, tps) / med(n, tps):.2f}×" for n in stock)
            + " | "
            + " | ".join(f"{med(c, cpu) / med(n, cpu):.2f}×" for n in stock)
            + " |"
        )
    return "\n".join(lines)


async def profiled(connector: FakeConnector, path: load.WizardPath) -> None:
    """Wizard turns by `path` on SQLite under cProfile (warm-up left out), then the CPU by library."""
    stats_file = os.path.join(tempfile.mkdtemp(prefix="dialogstod-profile-"), "turns.prof")
    async with databases.fresh("sqlite") as url:
        server = procs.start("dialogstod", url, {"BENCH_PROFILE": stats_file})
        try:
            await load.run([server.url], connector, 10, TURNS, 5, True, f"profile-warm-{path}", path)
            server.process.send_signal(signal.SIGUSR1)
            await asyncio.sleep(0.2)
            cpu_before = server.cpu_seconds()
            tag = f"profile-{os.urandom(4).hex()}"
            stats = await load.run([server.url], connector, CONVERSATIONS, TURNS, CONCURRENCY, True, tag, path)
            cpu = server.cpu_seconds() - cpu_before
            server.process.send_signal(signal.SIGUSR2)
            for _ in range(300):  # the server writes its statistics, and renames them into place when complete
                if await asyncio.to_thread(os.path.exists, stats_file):
                    break
                await asyncio.sleep(0.1)
        finally:
            server.stop()
    ms = 1000 * cpu / stats.turns
    print(f"\n{stats.turns} wizard turns by {path} on SQLite under cProfile ({stats.errors} errors), {ms:.2f} ms CPU per turn")
    print(f"with the profiler's overhead; {profile.calls(stats_file) / stats.turns:.0f} Python calls per turn (a count the")
    print(f"machine's load does not move); statistics in {stats_file}\n")
    print(profile.by_library(stats_file, stats.turns))
    print("\nHottest functions (own time):\n" + profile.hottest(stats_file))


def row(name: str, results: list[Result]) -> str:
    med = lambda f: statistics.median(f(r) for r in results)  # noqa: E731
    return (
        f"| {name} | {med(lambda r: r.turns_per_second):.0f} | {med(lambda r: r.cpu_ms_per_turn):.2f} | "
        f"{med(lambda r: r.rtt[0]):.1f} / {med(lambda r: r.rtt[1]):.1f} / {med(lambda r: r.rtt[2]):.1f} | "
        f"{med(lambda r: r.reply[0]):.1f} / {med(lambda r: r.reply[1]):.1f} / {med(lambda r: r.reply[2]):.1f} | "
        f"{sum(r.errors for r in results)} | {med(lambda r: r.peak_rss_mb):.0f} |"
    )


HEADER = (
    "| target | turns/s | CPU ms/turn | round trip p50/p95/p99 ms | reply at connector p50/p95/p99 ms | errors | peak RSS MB |\n"
    "|---|---|---|---|---|---|---|"
)


async def main() -> None:
    connector = await FakeConnector().start()
    if "--profile" in sys.argv[1:]:
        for path in load.PATHS:
            await profiled(connector, path)
        await connector.close()
        return
    pg_reason = await databases.postgres_reason()
    print(
        f"{CONVERSATIONS} conversations × {TURNS} turns at concurrency {CONCURRENCY}, {ROUNDS} interleaved rounds; loopback only."
    )
    if pg_reason:
        print(f"PostgreSQL parts skipped: {pg_reason}")
    plan = [("A bare aiohttp", ""), ("B stock EchoBot", ""), ("D Agents SDK echo", ""), ("C Dialogstöd, SQLite", "sqlite")]
    plan.append((f"C Dialogstöd {AGENTS_HOST}, SQLite", "sqlite"))
    if not pg_reason:
        plan += [("C Dialogstöd, PostgreSQL", "postgres"), (f"C Dialogstöd {AGENTS_HOST}, PostgreSQL", "postgres")]
    plan += [(f"{name}, {INVOKE}", database) for name, database in plan if name.startswith("C")]
    results: dict[str, list[Result]] = defaultdict(list)
    for n in range(ROUNDS):
        for name, database in plan:
            results[name].append(await target(name, connector, database))
            print(f"  round {n + 1}: {name} done", flush=True)
    print("\n" + HEADER)
    for name, _ in plan:
        print(row(name, results[name]))
    print("\n" + ratios(results, [name for name, _ in plan]))

    print("\nScale and concurrency (Dialogstöd, medians of one run each):\n" + HEADER)
    print(row("C SQLite, 100 drafts stored", [await target("C", connector, "sqlite", drafts=100)]))
    print(row("C SQLite, 100,000 drafts stored", [await target("C", connector, "sqlite", drafts=100_000)]))
    print(row("C SQLite, 50 concurrent conversations", [await target("C", connector, "sqlite", concurrency=50)]))
    if not pg_reason:
        print(row("C PostgreSQL, 2 instances round robin", [await target("C", connector, "postgres", instances=2)]))
    await connector.close()

    if os.environ.get("BENCH_SKIP_FANOUT"):
        print("\nReminder fan-out skipped (BENCH_SKIP_FANOUT).")
        return
    await fanout.report(pg_reason)


if __name__ == "__main__":
    asyncio.run(main())

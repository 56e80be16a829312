"""Instructions a Dialogstöd wizard turn executes, counted by valgrind's callgrind: a measure the machine's load
does not move (wall-clock and even process CPU move by a fifth on a shared machine).

    python -m bench.instructions [--database sqlite,postgres] [--host botbuilder,agents] [--path message,invoke]
                                 [--turns 100]

For each database, host and path (`message`, the default: each wizard step a message carrying the button's data,
as Web Chat sends it; `invoke`: an `adaptiveCard/action` invoke answered with the next card, as Teams sends a press):
the target's server process (as `make bench` runs it, on uvloop) is started under `valgrind --tool=callgrind
--instr-atstart=no`, answers warm-up wizard turns uninstrumented (5 conversations × 5 turns), then
`callgrind_control -i on` switches instrumentation on, `--turns` wizard turns are sent one after another against
bench's fake connector (each conversation a new draft, then step submissions, each a durable draft write), the
counters are dumped and instrumentation switched off. It prints the instructions (Ir) of the whole process (all its
threads: aiosqlite's worker too) per turn. Slow: a minute or two per row. PostgreSQL rows
are skipped with the reason when none is reachable (BENCH_POSTGRES_DSN).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import cast

from bench import databases, load, procs
from bench.connector import FakeConnector

WARM_CONVERSATIONS = 5
TURNS_PER_CONVERSATION = 5


async def control(*args: str) -> None:
    """callgrind_control on the target (it reaches a process blocked in epoll through vgdb)."""
    await asyncio.to_thread(subprocess.run, ["callgrind_control", *args], check=True, capture_output=True, timeout=120)


def total_instructions(out_dir: Path, pid: str) -> int:
    """The instructions in the target's first dump (the measured turns)."""
    dumps = sorted(out_dir.glob(f"callgrind.out.{pid}.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))
    if not dumps:
        raise RuntimeError(f"callgrind wrote no dump in {out_dir}")
    out_file = dumps[0]
    text = out_file.read_text()
    found = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.MULTILINE)
    if not found:
        raise RuntimeError(f"no totals in {out_file}")
    return int(found.group(1))


async def one(connector: FakeConnector, database: str, host: str, path: load.WizardPath, turns: int) -> tuple[float, int]:
    """Instructions per wizard turn on one database, host and path, and the turns that failed."""
    out_dir = Path(tempfile.mkdtemp(prefix="dialogstod-callgrind-"))
    prefix = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_dir}/callgrind.out.%p"]
    env = {"BOT_HOST": host, "PYTHONHASHSEED": "0"}
    async with databases.fresh(database) as url:
        server = procs.start("dialogstod", url, env, prefix=prefix, wait=600)
        pid = str(server.process.pid)  # valgrind runs the program in its own process
        try:
            tag = f"instr-{os.urandom(4).hex()}"
            await load.run([server.url], connector, WARM_CONVERSATIONS, TURNS_PER_CONVERSATION, 1, True, f"{tag}-warm", path)
            await control("-i", "on", pid)
            conversations = -(-turns // TURNS_PER_CONVERSATION)
            stats = await load.run([server.url], connector, conversations, TURNS_PER_CONVERSATION, 1, True, tag, path)
            await control("-d", pid)
            await control("-i", "off", pid)
        finally:
            server.stop()
    total = await asyncio.to_thread(total_instructions, out_dir, pid)
    return total / max(stats.turns, 1), stats.errors


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite,postgres")
    parser.add_argument("--host", default="botbuilder")
    parser.add_argument("--path", default="message", help="message, invoke or both (comma-separated)")
    parser.add_argument("--turns", type=int, default=100)
    args = parser.parse_args()
    paths = args.path.split(",")
    if unknown := [path for path in paths if path not in load.PATHS]:
        parser.error(f"--path: {', '.join(unknown)} (message or invoke)")
    connector = await FakeConnector().start()
    pg_reason = await databases.postgres_reason()
    print("| host | database | path | instructions per wizard turn | errors |\n|---|---|---|---|---|")
    try:
        for host in args.host.split(","):
            for database in args.database.split(","):
                for path in cast(list[load.WizardPath], paths):
                    if database == "postgres" and pg_reason:
                        print(f"| {host} | {database} | {path} | skipped: {pg_reason} | |")
                        continue
                    per_turn, errors = await one(connector, database, host, path, args.turns)
                    print(f"| {host} | {database} | {path} | {per_turn / 1e6:.3f} M | {errors} |", flush=True)
    finally:
        await connector.close()


if __name__ == "__main__":
    asyncio.run(main())

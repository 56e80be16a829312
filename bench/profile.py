"""Where a Dialogstöd turn's CPU goes, by library: the target's cProfile statistics (own time of every
function) summed by the package that holds the function."""

from __future__ import annotations

import pstats
import sys
import sysconfig
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
SITE = "site-packages/"
PROJECT = ("bot", "dialogs", "cards", "storage")


def library(filename: str) -> str:
    """The library a profiled function belongs to: a site-packages package, a standard-library module, one of
    the project's packages, or built-ins (C functions: JSON, sockets, locks, …)."""
    if filename == "~" or filename.startswith("<"):
        return "built-ins (C)"
    if SITE in filename:
        return filename.split(SITE, 1)[1].split("/", 1)[0].removesuffix(".py")
    path = Path(filename).resolve()
    if path.is_relative_to(ROOT):
        top = path.relative_to(ROOT).parts[0]
        return f"Dialogstöd {top}/" if top in PROJECT else top
    if path.is_relative_to(STDLIB):
        part = path.relative_to(STDLIB).parts[0]
        return f"stdlib {part.removesuffix('.py')}"
    return path.name


def by_library(stats_file: str, turns: int, top: int = 15) -> str:
    """A table: library, share of the profiled CPU, CPU ms per turn (profiler overhead included)."""
    stats = pstats.Stats(stats_file)
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[library(filename)] += own
    whole = sum(totals.values()) or 1.0
    lines = ["| library | share of CPU | ms per turn (under the profiler) |", "|---|---|---|"]
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    for name, seconds in ranked[:top]:
        lines.append(f"| {name} | {100 * seconds / whole:.1f} % | {1000 * seconds / max(turns, 1):.2f} |")
    rest = sum(seconds for _, seconds in ranked[top:])
    lines.append(f"| (the rest) | {100 * rest / whole:.1f} % | {1000 * rest / max(turns, 1):.2f} |")
    lines.append(f"| **all** | 100 % | {1000 * whole / max(turns, 1):.2f} |")
    return "\n".join(lines)


def calls(stats_file: str) -> int:
    """Every function call the profile saw (on the event loop's thread; C functions included)."""
    return sum(nc for (_cc, nc, _own, _cum, _callers) in pstats.Stats(stats_file).stats.values())  # type: ignore[attr-defined]


def hottest(stats_file: str, count: int = 25) -> str:
    """The functions with the most own time, for the next step after the table."""
    stats = pstats.Stats(stats_file)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:count]  # type: ignore[attr-defined]
    return "\n".join(
        f"{own * 1000:9.1f} ms {calls:8d}×  {library(f)}: {name} ({Path(f).name}:{line})"
        for (f, line, name), (_cc, calls, own, _cum, _callers) in rows
    )


if __name__ == "__main__":
    print(by_library(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1))

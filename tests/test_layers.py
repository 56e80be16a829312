"""The layers, read from the source: the domain (dialogs/) knows nothing of Teams, HTTP, the database
or the cards; the cards know nothing of the bot, the database or the Bot Framework SDK; storage knows
nothing of the bot or the cards. And pyproject.toml lists no dependency that nothing imports.

Every import counts: at the top of a module, inside a function, under `if TYPE_CHECKING:`, and
`importlib.import_module("...")` / `__import__("...")` with a literal name.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Layer (a top-level package) -> the top-level modules it must not import, at any depth.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "dialogs": ("cards", "bot", "storage", "botbuilder", "botframework", "aiohttp", "sqlalchemy"),
    "cards": ("bot", "storage", "botbuilder", "botframework"),
    "storage": ("bot", "cards"),
}

# Where the project's own imports are read from, for the dependency check.
FIRST_PARTY = ("bot", "dialogs", "cards", "storage", "manifest", "bench", "tests")

# Runtime dependencies that are used without an import of their own name.
USED_WITHOUT_IMPORT = {
    "aiosqlite": "SQLAlchemy loads it for sqlite+aiosqlite:// database URLs",
    "asyncpg": "SQLAlchemy loads it for postgresql+asyncpg:// database URLs",
    "tzdata": "zoneinfo reads Europe/Stockholm from it where the system has no time zone database",
}


@dataclass(frozen=True)
class Import:
    line: int
    # What the statement may load, absolute and dotted: for `from a.b import c`, "a.b" and "a.b.c"
    # (c may be a submodule); for `import a.b`, "a.b".
    candidates: tuple[str, ...]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, module: str, is_package: bool = False, filename: str = "<source>") -> list[Import]:
    """Every import in `source`, the module `module`; relative imports resolved against its package."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [Import(node.lineno, (alias.name,)) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ""
            if node.level:
                parts = package.split(".") if package else []
                # Beyond the top-level package Python refuses the import; read it as absolute.
                base = ".".join(parts[: len(parts) - (node.level - 1)]) if node.level - 1 < len(parts) else ""
            target = ".".join(p for p in (base, node.module) if p)
            names = [f"{target}.{a.name}" if target else a.name for a in node.names if a.name != "*"]
            found.append(Import(node.lineno, tuple(([target] if target else []) + names)))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module"))
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.append(Import(node.lineno, (node.args[0].value,)))
    return sorted(found, key=lambda imp: imp.line)


def _is_within(name: str, top: str) -> bool:
    return name == top or name.startswith(top + ".")


def forbidden_imports(
    source: str, module: str, forbidden: tuple[str, ...], is_package: bool = False, filename: str = "<source>"
) -> list[tuple[int, str]]:
    """(line, module) for each import statement that loads one of `forbidden` (or a submodule of it)."""
    hits = []
    for imp in imports_in(source, module, is_package, filename):
        hit = next((c for c in imp.candidates if any(_is_within(c, top) for top in forbidden)), None)
        if hit is not None:
            hits.append((imp.line, hit))
    return hits


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(layer: str) -> None:
    forbidden = FORBIDDEN[layer]
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"no modules found under {layer}/"
    problems = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        module = module_name(path)
        for line, name in forbidden_imports(source, module, forbidden, path.name == "__init__.py", str(path)):
            problems.append(f"  {path.relative_to(ROOT)}:{line}: imports {name}")
    assert not problems, f"{layer}/ must not import {', '.join(forbidden)}:\n" + "\n".join(problems)


def test_the_import_check_sees_every_form_of_import() -> None:
    source = """
import os, botbuilder.core
from aiohttp import web
from . import storage_helpers
from .bot_replies import reply
from sqlalchemy.ext.asyncio import AsyncEngine
import cardsharp
from dialogs import cards
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from bot.state import APP_BOT


def later() -> None:
    import storage.db
    importlib.import_module("botframework.connector")
    __import__("cards")
"""
    assert forbidden_imports(source, "dialogs.features.reply", FORBIDDEN["dialogs"]) == [
        (2, "botbuilder.core"),
        (3, "aiohttp"),
        (6, "sqlalchemy.ext.asyncio"),
        (11, "bot.state"),
        (15, "storage.db"),
        (16, "botframework.connector"),
        (17, "cards"),
    ]
    # Relative imports resolve against the package; past the top they read as absolute.
    assert forbidden_imports("from .. import cards", "dialogs.features", ("cards",), is_package=True) == []
    assert forbidden_imports("from .. import cards", "dialogs.flow", ("cards",)) == [(1, "cards")]


def _provided_modules(dist_name: str) -> set[str]:
    """The importable modules a distribution installs, from its RECORD."""
    modules = set()
    for file in distribution(dist_name).files or []:
        parts = list(file.parts)
        if not parts or parts[0] == ".." or not re.search(r"\.(py|pyi|so|pyd)$", parts[-1]):
            continue
        stem = parts[-1].split(".", 1)[0]
        parts = parts[:-1] if stem == "__init__" else [*parts[:-1], stem]
        if parts and all(p.isidentifier() for p in parts):
            modules.add(".".join(parts))
    return modules


def test_every_dependency_is_imported_somewhere() -> None:
    requirements = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    imported: set[str] = set()
    for top in FIRST_PARTY:
        for path in (ROOT / top).rglob("*.py"):
            for imp in imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py", str(path)):
                imported.update(imp.candidates)
    unused = []
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, f"cannot read the requirement {requirement!r}"
        name = match.group(0)
        if name in USED_WITHOUT_IMPORT:
            continue
        try:
            provided = _provided_modules(name)
        except PackageNotFoundError:
            unused.append(f"  {name}: not installed")
            continue
        if not provided & imported:
            unused.append(f"  {name}: nothing imports any of its modules")
    assert not unused, "pyproject.toml lists dependencies the code does not use:\n" + "\n".join(unused)

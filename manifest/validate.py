"""Offline validation of the Teams app manifest against Microsoft's own JSON schemas.

The schemas come from the npm package @microsoft/app-manifest (installed by `npm ci`), which ships
them under build/json-schemas/teams/. They are draft-04 with local references only. Their newer
versions use `\\p{L}`-style patterns that Python's `re` cannot compile, so `pattern` is checked with
the `regex` package instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import regex
from jsonschema import Draft4Validator, ValidationError

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


ManifestValidator = jsonschema.validators.extend(Draft4Validator, {"pattern": _pattern})


def schema(version: str, name: str = "MicrosoftTeams.schema.json") -> dict[str, Any]:
    path = SCHEMAS / f"v{version}" / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make package and make test do)")
    return json.loads(path.read_text(encoding="utf-8"))


def problems(document: dict[str, Any], version: str, name: str = "MicrosoftTeams.schema.json") -> list[str]:
    """Every way `document` breaks the official schema, as 'path: message' lines."""
    validator = ManifestValidator(schema(version, name))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in validator.iter_errors(document)]

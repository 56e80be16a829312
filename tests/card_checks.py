"""Checks of cards against what Teams accepts, and against Microsoft's adaptivecards library (node)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.support import walk

ROOT = Path(__file__).resolve().parent.parent
NODE_CHECK = Path(__file__).parent / "validate_cards.js"
TEAMS_MAX_VERSION = (1, 5)
MAX_CARD_BYTES = 28 * 1024
# Elements and actions Teams renders (Media, for one, it does not).
TEAMS_ELEMENTS = {
    "TextBlock",
    "RichTextBlock",
    "TextRun",
    "Image",
    "ImageSet",
    "Container",
    "ColumnSet",
    "Column",
    "FactSet",
    "ActionSet",
    "Table",
    "TableRow",
    "TableCell",
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
}
TEAMS_ACTIONS = {"Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility", "Action.Execute"}
# Teams' people picker: Input.ChoiceSet with "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"}.
TEAMS_QUERIES = {"Data.Query"}
# What Microsoft's adaptivecards library says of that picker on a 1.5 card: it knows `choices.data` only
# from 1.6 and so sees an empty choice list. Teams documents the picker for its cards from 1.2 on.
PEOPLE_PICKER_EVENTS = {
    'parse UnsupportedProperty (0): Property "choices.data" is supported in version 1.6, but you are using version 1.5.',
    "validate CollectionCantBeEmpty: An Input.ChoiceSet must have at least one choice defined.",
}


def people_picker(card: dict[str, Any]) -> bool:
    return any(
        e.get("type") == "Input.ChoiceSet" and e.get("choices.data", {}).get("dataset") == "graph.microsoft.com/users"
        for e in walk(card)
    )


def teams_problems(card: dict[str, Any]) -> list[str]:
    problems = []
    version = card.get("version")
    if card.get("type") != "AdaptiveCard":
        problems.append("not an AdaptiveCard")
    if not isinstance(version, str):
        problems.append("no explicit version")
    elif tuple(int(p) for p in version.split(".")) > TEAMS_MAX_VERSION:
        problems.append(f"version {version} is newer than Teams renders (1.5)")
    ids = []
    for e in walk(card.get("body", [])):
        kind = e.get("type")
        if kind and not kind.startswith("Action.") and kind not in TEAMS_ELEMENTS | TEAMS_QUERIES:
            problems.append(f"element {kind} is not supported in Teams")
        if str(kind).startswith("Input."):
            ids.append(e.get("id"))
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"input ids must be present and unique: {ids}")
    for a in walk(card):
        kind = a.get("type", "")
        if kind.startswith("Action.") and kind not in TEAMS_ACTIONS:
            problems.append(f"action {kind} is not supported in Teams")
        if kind in ("Action.Submit", "Action.Execute"):
            data = a.get("data")
            if not isinstance(data, dict) or "draft" not in data or "step" not in data:
                problems.append(f"submit action {a.get('title')!r} must carry an object with the draft and step ids")
            elif kind == "Action.Execute" and a.get("verb") != data.get("action"):
                problems.append(f"execute action {a.get('title')!r} must have its action as the verb")
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    if size >= MAX_CARD_BYTES:
        problems.append(f"card is {size} bytes, Teams allows under {MAX_CARD_BYTES}")
    return problems


def _target(action: dict[str, Any]) -> str:
    """What a button acts on: a submit's data, a link's address, the elements a toggle shows."""
    return json.dumps([action.get(k) for k in ("data", "url", "targetElements", "card")], sort_keys=True, default=str)


def _element_lists(card: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Every list of elements on the card (the body, a container's items, a column's), in reading order."""
    return [v for e in walk(card) for k, v in e.items() if k in ("body", "items") and isinstance(v, list)]


def accessibility_problems(card: dict[str, Any]) -> list[str]:
    """What a screen reader user would stumble on (WCAG 2.1 AA as Adaptive Cards 1.5 can meet it): buttons
    with the same title that act on different things, inputs without a label, images without alt text, bold
    text that is not marked as a heading, an error beside a field that the field does not carry as its
    `errorMessage`, text that says something by its colour alone (a coloured block with no words)."""
    problems = []
    targets: dict[str, set[str]] = {}
    for a in walk(card):
        if str(a.get("type", "")).startswith("Action.") and isinstance(a.get("title"), str):
            targets.setdefault(a["title"], set()).add(_target(a))
    problems += [f"button {t!r} acts on {len(seen)} different things" for t, seen in targets.items() if len(seen) > 1]
    for e in walk(card.get("body", [])):
        kind = str(e.get("type", ""))
        if kind.startswith("Input.") and not str(e.get("label", "")).strip():
            problems.append(f"input {e.get('id')!r} has no label")
        if kind == "Image" and not str(e.get("altText", "")).strip():
            problems.append(f"image {e.get('url', '')[:60]!r} has no altText")
        if kind == "TextBlock" and e.get("weight") == "Bolder" and e.get("style") != "heading":
            problems.append(f"bold text {e.get('text', '')[:60]!r} is not marked as a heading (style: heading)")
        if kind == "TextBlock" and e.get("color") not in (None, "Default") and not str(e.get("text", "")).strip():
            problems.append("a coloured text block says nothing in words")
    for elements in _element_lists(card):
        for field, after in itertools.pairwise(elements):
            error = after.get("text") if after.get("type") == "TextBlock" and after.get("color") == "Attention" else None
            if str(field.get("type", "")).startswith("Input.") and error and field.get("errorMessage") != error:
                problems.append(f"the error beside {field.get('id')!r} is not its errorMessage: {error[:60]!r}")
    return problems


def node_available() -> str | None:
    """Why the adaptivecards check cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.js").exists():
        return "node_modules/adaptivecards is missing (run `npm ci`, which `make test` does)"
    return None


def adaptivecards_events(cards: list[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """Parse every card with Microsoft's adaptivecards library at its declared version: name -> events."""
    payload = json.dumps([{"name": n, "card": c} for n, c in cards])
    done = subprocess.run(
        ["node", str(NODE_CHECK)], input=payload, capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    return json.loads(done.stdout)


def _without_teams_extensions(card: dict[str, Any]) -> dict[str, Any]:
    """The card minus what Teams documents on top of the schema: the root `msteams` key and the people
    picker's `choices.data` on Input.ChoiceSet."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not (k == "choices.data" and value.get("type") == "Input.ChoiceSet")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return {k: strip(v) for k, v in card.items() if k != "msteams"}


def schema_problems(card: dict[str, Any]) -> list[str]:
    """Errors against the official Adaptive Card JSON schema of the card's version (catches misspelt
    properties, which the adaptivecards library ignores). Teams' root `msteams` key is allowed."""
    import importlib.resources

    import jsonschema

    version = str(card.get("version", "1.4"))
    schema_file = importlib.resources.files("adaptive_cards") / "schemas" / f"schema-{version}.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    checked = _without_teams_extensions(card)
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in validator.iter_errors(checked):
        deepest = min(error.context or [error], key=lambda e: -len(list(e.absolute_path)))
        problems.append(f"{'/'.join(str(p) for p in deepest.absolute_path)}: {deepest.message[:200]}")
    return problems

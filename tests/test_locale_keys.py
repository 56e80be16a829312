"""No key is written twice in the bot's words or the routine file: YAML keeps the last silently, so a second
`review_title` (say, from another feature) would change a card that has nothing to do with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "dialogs" / "locales" / "messages.yaml", ROOT / "dialogs" / "routines" / "hasselby-vallingby.yaml"]


class _Strict(yaml.SafeLoader):
    """A YAML loader that refuses a mapping with the same key twice, naming it and its line."""


def _mapping(loader: _Strict, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *shared`: its keys are the shared mapping's, checked there
            continue
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_key_is_written_twice(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)


def test_a_key_written_twice_is_found() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key 'review_title'"):
        yaml.load("messages:\n  review_title: a\n  review_title: b\n", Loader=_Strict)

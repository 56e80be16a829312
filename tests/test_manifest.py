"""The Teams app package: rendered, validated offline against Microsoft's schema, icons and zip layout."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from manifest.package import HERE, build, check, render
from manifest.validate import SCHEMAS, problems

APP_ID = "3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
BASE = "https://dialogstod.example.se"


@pytest.fixture(autouse=True)
def _schemas_installed() -> None:
    if not SCHEMAS.exists():
        reason = f"{SCHEMAS} is missing (run `npm ci`, which `make test` does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def _newest_schema_version() -> str:
    versions = [p.name[1:] for p in SCHEMAS.iterdir() if p.name.startswith("v") and p.name[1:].replace(".", "").isdigit()]
    return max(versions, key=lambda v: tuple(int(n) for n in v.split(".")))


def test_the_rendered_manifest_validates_against_the_newest_official_schema() -> None:
    documents = render(APP_ID, BASE)
    manifest = documents["manifest.json"]
    assert manifest["manifestVersion"] == _newest_schema_version()
    assert check(documents) == []
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    assert manifest["validDomains"] == ["dialogstod.example.se"]
    assert manifest["developer"]["privacyUrl"] == f"{BASE}/privacy"


def test_commands_in_swedish_and_english() -> None:
    documents = render(APP_ID, BASE)
    commands = documents["manifest.json"]["bots"][0]["commandLists"][0]["commands"]
    assert [c["title"] for c in commands][:2] == ["nytt utkast", "mina utkast"]
    english = documents["en.json"]
    titles = [english[f"bots[0].commandLists[0].commands[{i}].title"] for i in range(len(commands))]
    assert titles[:2] == ["new draft", "my drafts"]


def test_a_broken_manifest_is_refused() -> None:
    manifest = render("not-a-guid", BASE)["manifest.json"]
    manifest["name"]["short"] = "D" * 40
    found = problems(manifest, manifest["manifestVersion"])
    assert any(p.startswith("id:") for p in found)
    assert any(p.startswith("name/short:") for p in found)
    with pytest.raises(ValueError, match="does not validate"):
        build("not-a-guid", BASE, Path("/nonexistent/never-written.zip"))


def test_unicode_property_patterns_are_checked_with_the_regex_package() -> None:
    schema_text = (SCHEMAS / f"v{_newest_schema_version()}" / "MicrosoftTeams.schema.json").read_text(encoding="utf-8")
    assert "\\\\p{" in schema_text  # Python's re cannot compile these; the validator must not choke on them
    assert check(render(APP_ID, BASE)) == []


def test_icons_have_the_sizes_and_colours_teams_requires() -> None:
    with Image.open(HERE / "color.png") as color:
        assert color.size == (192, 192)
    with Image.open(HERE / "outline.png") as image:
        outline = image.convert("RGBA")
    assert outline.size == (32, 32)
    raw = outline.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    assert any(a == 0 for *_, a in pixels), "the outline icon must have a transparent background"
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in pixels), "the outline must be white"


def test_the_package_zip_layout(tmp_path: Path) -> None:
    out = build(APP_ID, BASE, tmp_path / "appPackage.zip")
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]
        assert json.loads(package.read("manifest.json"))["id"] == APP_ID

"""`make package`: the Teams app package, build/appPackage.zip, from the templates in manifest/.

Reads MicrosoftAppId (the bot's Azure app id, a GUID) and PUBLIC_BASE_URL (the https address the
bot is reached at) from the environment, fills them in, validates the result against Microsoft's
schema and writes manifest.json, en.json and the two icons at the root of the zip.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

from manifest.validate import problems

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent / "build"


def render(app_id: str, public_base_url: str) -> dict[str, dict]:
    base = public_base_url.rstrip("/")
    values = {"MicrosoftAppId": app_id, "PUBLIC_BASE_URL": base, "PUBLIC_HOST": urlparse(base).netloc}
    documents = {}
    for name, template in (("manifest.json", "manifest.template.json"), ("en.json", "en.template.json")):
        text = (HERE / template).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("${" + key + "}", json.dumps(value)[1:-1])  # JSON-escaped into the JSON text
        documents[name] = json.loads(text)
    return documents


def check(documents: dict[str, dict]) -> list[str]:
    manifest = documents["manifest.json"]
    version = manifest["manifestVersion"]
    found = [f"manifest.json {p}" for p in problems(manifest, version)]
    found += [f"en.json {p}" for p in problems(documents["en.json"], version, "MicrosoftTeams.Localization.schema.json")]
    return found


def build(app_id: str, public_base_url: str, out: Path = BUILD / "appPackage.zip") -> Path:
    documents = render(app_id, public_base_url)
    found = check(documents)
    if found:
        raise ValueError("the manifest does not validate:\n" + "\n".join(found))
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, document in documents.items():
            package.writestr(name, json.dumps(document, ensure_ascii=False, indent=2))
        for icon in ("color.png", "outline.png"):
            package.write(HERE / icon, icon)
    return out


def main() -> int:
    app_id = os.environ.get("MicrosoftAppId", "").strip()  # noqa: SIM112 - the Bot Framework's own name for it
    base = os.environ.get("PUBLIC_BASE_URL", "").strip()
    if not app_id or not base.startswith("https://"):
        sys.stderr.write("Set MicrosoftAppId (the bot's app id) and PUBLIC_BASE_URL (https://…) first.\n")
        return 2
    try:
        out = build(app_id, base)
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""External calls (SKR networks and projects): the calendar file, and iCalendar import and export.

python -m dialogs.calls export [CALLS_FILE]       prints the calendar as .ics
python -m dialogs.calls import FILE.ics           prints the calls in it as YAML for the calendar file
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from os import PathLike
from pathlib import Path
from typing import Any

import icalendar
import yaml

DEFAULT_CALLS = Path(__file__).parent / "calendar" / "calls.yaml"
DATE_KINDS = ("application_deadline", "decision_deadline", "first_meeting")
# Fixed, so that exporting the same calendar twice gives the same file.
_DTSTAMP = datetime(2026, 1, 1, tzinfo=UTC)
_KIND_SUMMARY = {"application_deadline": "Ansökan", "decision_deadline": "Beslut", "first_meeting": "Första träffen"}


@dataclass(frozen=True)
class Call:
    id: str
    title: str
    organiser: str = ""
    link: str = ""
    application_deadline: date | None = None
    application_note: str = ""
    decision_requirement: str = ""
    decision_deadline: date | None = None
    first_meeting: date | None = None
    notes: str = ""

    def dates(self) -> dict[str, date]:
        return {kind: d for kind in DATE_KINDS if (d := getattr(self, kind)) is not None}


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(c: dict[str, Any], key: str) -> str:
    return str(c.get(key) or "").strip()


def parse_calls(raw: dict[str, Any]) -> list[Call]:
    calls = []
    for i, c in enumerate(raw.get("calls") or []):
        if not c.get("id") or not c.get("title"):
            raise ValueError(f"calls[{i}]: needs an id and a title")
        dates = {k: _date(c.get(k), f"calls[{i}].{k}") for k in DATE_KINDS}
        calls.append(
            Call(
                id=_text(c, "id"),
                title=_text(c, "title"),
                organiser=_text(c, "organiser"),
                link=_text(c, "link"),
                application_deadline=dates["application_deadline"],
                application_note=_text(c, "application_note"),
                decision_requirement=_text(c, "decision_requirement"),
                decision_deadline=dates["decision_deadline"],
                first_meeting=dates["first_meeting"],
                notes=_text(c, "notes"),
            )
        )
    if len({c.id for c in calls}) != len(calls):
        raise ValueError("call ids must be unique")
    return calls


def load_calls(path: str | PathLike[str] | None = None) -> list[Call]:
    """The calls in `path`, or in the calendar that ships with the bot (DEFAULT_CALLS)."""
    source = Path(path or DEFAULT_CALLS)
    return parse_calls(yaml.safe_load(source.read_text(encoding="utf-8")) or {})


def to_ics(calls: list[Call]) -> bytes:
    """Every date of every call as an all-day event; X-DIALOGSTOD-* properties make import lossless."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dialogstöd//Utlysningar//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Dialogstöd – utlysningar")
    for call in calls:
        for kind, day in call.dates().items():
            event = icalendar.Event()
            event.add("uid", f"{call.id}.{kind}@dialogstod")
            event.add("dtstamp", _DTSTAMP)
            event.add("dtstart", day)
            event.add("summary", f"{_KIND_SUMMARY[kind]}: {call.title}")
            note = call.application_note if kind == "application_deadline" else ""
            description = "\n".join(p for p in (call.organiser, note, call.decision_requirement, call.notes) if p)
            if description:
                event.add("description", description)
            if call.link:
                event.add("url", call.link)
            event.add("x-dialogstod-call", call.id)
            event.add("x-dialogstod-kind", kind)
            event.add("x-dialogstod-title", call.title)
            for key in ("organiser", "application_note", "decision_requirement", "notes"):
                if getattr(call, key):
                    event.add(f"x-dialogstod-{key.replace('_', '-')}", getattr(call, key))
            cal.add_component(event)
    ics: bytes = cal.to_ical()  # icalendar leaves Component.to_ical unannotated
    return ics


def from_ics(data: bytes) -> list[Call]:
    """Calls from an .ics file: ours come back whole; any other event becomes a call with an application deadline."""
    found: dict[str, dict[str, Any]] = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        start = event.decoded("dtstart")
        day = start.date() if hasattr(start, "date") and callable(start.date) else start
        call_id = str(event.get("x-dialogstod-call") or event.get("uid") or f"event-{len(found) + 1}").split("@")[0]
        kind = str(event.get("x-dialogstod-kind") or "application_deadline")
        title = str(event.get("x-dialogstod-title") or event.get("summary") or call_id)
        entry = found.setdefault(call_id, {"id": call_id, "title": title})
        entry[kind if kind in DATE_KINDS else "application_deadline"] = day
        if event.get("url"):
            entry["link"] = str(event.get("url"))
        for key in ("organiser", "application_note", "decision_requirement", "notes"):
            value = event.get(f"x-dialogstod-{key.replace('_', '-')}")
            if value:
                entry[key] = str(value)
        if "decision_requirement" not in entry and event.get("description") and not event.get("x-dialogstod-call"):
            entry["decision_requirement"] = str(event.get("description"))
    return parse_calls({"calls": list(found.values())})


def to_yaml(calls: list[Call]) -> str:
    rows = [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(c).items() if v} for c in calls]
    return yaml.safe_dump({"calls": rows}, allow_unicode=True, sort_keys=False)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "export":
        sys.stdout.buffer.write(to_ics(load_calls(argv[1] if len(argv) > 1 else None)))
        return 0
    if len(argv) == 2 and argv[0] == "import":
        sys.stdout.write(to_yaml(from_ics(Path(argv[1]).read_bytes())))
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

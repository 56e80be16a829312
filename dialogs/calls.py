"""External calls (SKR networks and projects): the calendar file, each call's status, and iCalendar import
and export.

A date is kept as precisely as the invitation states it (`StatedDate`): "den 8 december 2015" is a day,
"i april 2018" a month, "2008-2010" a year. Only days are planned as reminders; a month or a year is shown as
it is and exported to iCalendar as an all-month (all-year) event marked with its precision.

python -m dialogs.calls export [CALLS_FILE]       prints the calendar as .ics
python -m dialogs.calls import FILE.ics           prints the calls in it as YAML for the calendar file
"""

from __future__ import annotations

import calendar
import sys
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from os import PathLike
from pathlib import Path
from typing import Any

import icalendar
import yaml
from babel.dates import format_date

DEFAULT_CALLS = Path(__file__).parent / "calendar" / "calls.yaml"
DATE_KINDS = ("application_deadline", "decision_deadline", "first_meeting", "ends")
TEXT_KINDS = ("organiser", "link", "application_note", "decision_requirement", "costs", "notes")
CLOSING_SOON_DAYS = 14  # as the first of the default reminders
# Fixed, so that exporting the same calendar twice gives the same file.
_DTSTAMP = datetime(2026, 1, 1, tzinfo=UTC)
_KIND_SUMMARY = {
    "application_deadline": "Ansökan",
    "decision_deadline": "Beslut",
    "first_meeting": "Första träffen",
    "ends": "Avslutas",
}


@dataclass(frozen=True, order=True)
class StatedDate:
    """A date as precisely as its source states it: a year (month 0), a month (day 0) or a day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any, where: str) -> StatedDate | None:
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        parts = str(value).strip().split("-")
        try:
            numbers = [int(p) for p in parts]
            if len(parts[0]) != 4 or len(numbers) > 3 or any(len(p) != 2 for p in parts[1:]):
                raise ValueError
            stated = cls(*numbers)
            stated.first_day()  # a real month and day
        except (TypeError, ValueError):
            raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
        return stated

    @property
    def exact(self) -> date | None:
        """The day, when a day is stated."""
        return date(self.year, self.month, self.day) if self.day else None

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day:
            return self.first_day()
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        return self.first_day().isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]

    def said(self, lang: str) -> str:
        """'8 december 2015', 'april 2018', '2010' (in English: 'December 8, 2015', 'April 2018')."""
        pattern = {"day": "long", "month": "LLLL y", "year": "y"}[self.precision]
        return str(format_date(self.first_day(), pattern, locale=lang))

    def __str__(self) -> str:
        return self.iso()


class DecisionBody(StrEnum):
    """Who must decide on taking part: the district's own nämnd, or the city's kommunstyrelse/kommunfullmäktige
    (which a stadsdelsnämnd reaches only through stadsledningskontoret)."""

    NONE = ""
    NAMND = "namnd"
    KS = "ks"
    KF = "kf"

    @property
    def city(self) -> bool:
        return self in (DecisionBody.KS, DecisionBody.KF)


class CallStatus(StrEnum):
    OPEN = "open"
    CLOSING_SOON = "closing_soon"
    CLOSED = "closed"


@dataclass(frozen=True)
class Call:
    id: str
    title: str
    organiser: str = ""
    link: str = ""
    application_deadline: date | None = None
    application_note: str = ""  # how to apply and what to attach
    decision_requirement: str = ""  # the invitation's words
    decided_by: DecisionBody = DecisionBody.NONE
    decision_deadline: date | None = None
    first_meeting: StatedDate | None = None
    ends: StatedDate | None = None  # when the network or project ends
    requirements: tuple[str, ...] = ()
    costs: str = ""
    notes: str = ""
    added_by: str = ""  # "": the district's calendar file; else the official who added it in the chat
    everyone: bool = True  # an added call: shown to everyone in the district, or only to who added it

    def visible_to(self, user_id: str) -> bool:
        return not self.added_by or self.everyone or self.added_by == user_id

    def stated(self) -> dict[str, StatedDate]:
        """Every date the call states, as precisely as stated."""
        out: dict[str, StatedDate] = {}
        for kind in DATE_KINDS:
            value = getattr(self, kind)
            if isinstance(value, date):
                out[kind] = StatedDate(value.year, value.month, value.day)
            elif value is not None:
                out[kind] = value
        return out

    def dates(self) -> dict[str, date]:
        """The days a reminder can be planned for (a month or a year is no day)."""
        return {kind: d for kind, s in self.stated().items() if kind != "ends" and (d := s.exact) is not None}

    @property
    def cut_off(self) -> date | None:
        """The last day to act: the application deadline, else the decision deadline."""
        return self.application_deadline or self.decision_deadline

    def status(self, today: date) -> CallStatus:
        """Open, closing soon (the cut-off within CLOSING_SOON_DAYS) or closed (the cut-off passed; without one,
        the first meeting or the end passed)."""
        if self.cut_off is not None:
            days = (self.cut_off - today).days
            return CallStatus.CLOSED if days < 0 else CallStatus.CLOSING_SOON if days <= CLOSING_SOON_DAYS else CallStatus.OPEN
        later = [s.last_day() for k, s in self.stated().items() if k in ("first_meeting", "ends")]
        return CallStatus.CLOSED if later and max(later) < today else CallStatus.OPEN


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(c: dict[str, Any], key: str) -> str:
    return str(c.get(key) or "").strip()


def parse_call(c: dict[str, Any], where: str) -> Call:
    if not c.get("id") or not c.get("title"):
        raise ValueError(f"{where}: needs an id and a title")
    try:
        decided_by = DecisionBody(_text(c, "decided_by"))
    except ValueError:
        raise ValueError(f"{where}.decided_by: one of namnd, ks, kf") from None
    requirements = c.get("requirements") or []
    if not isinstance(requirements, list):
        raise ValueError(f"{where}.requirements: a list of texts")
    return Call(
        id=_text(c, "id"),
        title=_text(c, "title"),
        application_deadline=_date(c.get("application_deadline"), f"{where}.application_deadline"),
        decision_deadline=_date(c.get("decision_deadline"), f"{where}.decision_deadline"),
        first_meeting=StatedDate.parse(c.get("first_meeting"), f"{where}.first_meeting"),
        ends=StatedDate.parse(c.get("ends"), f"{where}.ends"),
        decided_by=decided_by,
        requirements=tuple(str(r).strip() for r in requirements if str(r).strip()),
        added_by=_text(c, "added_by"),
        everyone=bool(c.get("everyone", True)),
        **{key: _text(c, key) for key in TEXT_KINDS},
    )


def parse_calls(raw: dict[str, Any]) -> list[Call]:
    calls = [parse_call(c, f"calls[{i}]") for i, c in enumerate(raw.get("calls") or [])]
    if len({c.id for c in calls}) != len(calls):
        raise ValueError("call ids must be unique")
    return calls


def load_calls(path: str | PathLike[str] | None = None) -> list[Call]:
    """The calls in `path`, or in the calendar that ships with the bot (DEFAULT_CALLS)."""
    source = Path(path or DEFAULT_CALLS)
    return parse_calls(yaml.safe_load(source.read_text(encoding="utf-8")) or {})


def call_row(call: Call) -> dict[str, Any]:
    """The call as the calendar file writes it (what is empty left out; who added it is not the file's)."""
    row: dict[str, Any] = {}
    for f in fields(call):
        value = getattr(call, f.name)
        if not value or f.name in ("added_by", "everyone"):
            continue
        if isinstance(value, date | StatedDate):
            row[f.name] = value.isoformat() if isinstance(value, date) else value.iso()
        elif isinstance(value, tuple):
            row[f.name] = list(value)
        else:
            row[f.name] = str(value)
    return row


def to_ics(calls: list[Call]) -> bytes:
    """Every date of every call as an all-day event (a month or a year as an event over all of it, marked with
    its precision); X-DIALOGSTOD-* properties make import lossless."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dialogstöd//Utlysningar//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Dialogstöd – utlysningar")
    for call in calls:
        for kind, stated in call.stated().items():
            event = icalendar.Event()
            event.add("uid", f"{call.id}.{kind}@dialogstod")
            event.add("dtstamp", _DTSTAMP)
            event.add("dtstart", stated.first_day())
            event.add("dtend", stated.last_day() + timedelta(days=1))
            event.add("summary", f"{_KIND_SUMMARY[kind]}: {call.title}")
            note = call.application_note if kind == "application_deadline" else ""
            description = "\n".join(p for p in (call.organiser, note, call.decision_requirement, call.notes) if p)
            if description:
                event.add("description", description)
            if call.link:
                event.add("url", call.link)
            event.add("x-dialogstod-call", call.id)
            event.add("x-dialogstod-kind", kind)
            event.add("x-dialogstod-precision", stated.precision)
            event.add("x-dialogstod-title", call.title)
            for key in (*TEXT_KINDS, "decided_by"):
                if key != "link" and getattr(call, key):
                    event.add(f"x-dialogstod-{key.replace('_', '-')}", str(getattr(call, key)))
            for requirement in call.requirements:
                event.add("x-dialogstod-requirement", requirement)
            cal.add_component(event)
    ics: bytes = cal.to_ical()  # icalendar leaves Component.to_ical unannotated
    return ics


def _stated_from(day: date, precision: str) -> str:
    return {"year": f"{day.year}", "month": f"{day.year}-{day.month:02d}"}.get(precision, day.isoformat())


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
        entry[kind if kind in DATE_KINDS else "application_deadline"] = _stated_from(
            day, str(event.get("x-dialogstod-precision") or "day")
        )
        if event.get("url"):
            entry["link"] = str(event.get("url"))
        for key in (*TEXT_KINDS, "decided_by"):
            value = event.get(f"x-dialogstod-{key.replace('_', '-')}")
            if value and key != "link":
                entry[key] = str(value)
        requirements = event.get("x-dialogstod-requirement")
        if requirements:
            entry["requirements"] = [str(r) for r in (requirements if isinstance(requirements, list) else [requirements])]
        if "decision_requirement" not in entry and event.get("description") and not event.get("x-dialogstod-call"):
            entry["decision_requirement"] = str(event.get("description"))
    return parse_calls({"calls": list(found.values())})


def to_yaml(calls: list[Call]) -> str:
    return yaml.safe_dump({"calls": [call_row(c) for c in calls]}, allow_unicode=True, sort_keys=False)


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

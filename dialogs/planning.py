"""Planning back from a call's cut-off against the nämnd's sammanträdesplan (dialogs/calendar/meetings.yaml).

For a call: which meeting can still decide in time and when its tjänsteutlåtande must be ready; when none
can, the preliminary application ("preliminär anmälan") with the decision at the next meeting; when the call
asks for a decision by kommunstyrelsen or kommunfullmäktige, the route through stadsledningskontoret (as in
PM 2008:240 RI). A plan marked `example: true` is never planned from: the user is told it is not filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from os import PathLike
from pathlib import Path
from typing import Any

import yaml

from dialogs.calls import Call, CallStatus

DEFAULT_MEETINGS = Path(__file__).parent / "calendar" / "meetings.yaml"


@dataclass(frozen=True)
class Council:
    name: str
    day: date


@dataclass(frozen=True)
class Meeting:
    day: date
    papers_due: date  # the tjänsteutlåtande ready
    councils: tuple[Council, ...] = ()


@dataclass(frozen=True)
class MeetingPlan:
    namnd: str
    source: str
    meetings: tuple[Meeting, ...]
    example: bool = False


def _day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_meeting_plan(raw: dict[str, Any]) -> MeetingPlan:
    if not str(raw.get("namnd") or "").strip():
        raise ValueError("namnd: the nämnd's name is required")
    meetings = []
    for i, m in enumerate(raw.get("meetings") or []):
        where = f"meetings[{i}]"
        day, due = _day(m.get("date"), f"{where}.date"), _day(m.get("papers_due"), f"{where}.papers_due")
        if due > day:
            raise ValueError(f"{where}.papers_due: after the meeting")
        councils = tuple(
            Council(str(c.get("name") or "").strip(), _day(c.get("date"), f"{where}.councils[{j}].date"))
            for j, c in enumerate(m.get("councils") or [])
        )
        meetings.append(Meeting(day, due, councils))
    return MeetingPlan(
        namnd=str(raw["namnd"]).strip(),
        source=str(raw.get("source") or "").strip(),
        meetings=tuple(sorted(meetings, key=lambda m: m.day)),
        example=bool(raw.get("example", False)),
    )


def load_meeting_plan(path: str | PathLike[str] | None = None) -> MeetingPlan:
    source = Path(path or DEFAULT_MEETINGS)
    return parse_meeting_plan(yaml.safe_load(source.read_text(encoding="utf-8")) or {})


class Route(StrEnum):
    IN_TIME = "in_time"  # a meeting before the cut-off still takes the tjänsteutlåtande
    PRELIMINARY = "preliminary"  # none does: preliminär anmälan, the nämnd decides later
    CITY = "city"  # KS/KF must decide: through stadsledningskontoret
    NO_PLAN = "no_plan"  # the sammanträdesplan is example data (or empty)
    NO_CUT_OFF = "no_cut_off"  # the call states no day to act by
    CLOSED = "closed"


@dataclass(frozen=True)
class CallPlan:
    route: Route
    cut_off: date | None
    namnd: str
    source: str
    meeting: Meeting | None = None  # IN_TIME: the last meeting that decides before the cut-off; PRELIMINARY: the next one


def plan_back(call: Call, plan: MeetingPlan, today: date) -> CallPlan:
    cut_off = call.cut_off

    def result(route: Route, meeting: Meeting | None = None) -> CallPlan:
        return CallPlan(route, cut_off, plan.namnd, plan.source, meeting)

    if call.status(today) == CallStatus.CLOSED:
        return result(Route.CLOSED)
    if call.decided_by.city:
        return result(Route.CITY)
    if cut_off is None:
        return result(Route.NO_CUT_OFF)
    if plan.example or not plan.meetings:
        return result(Route.NO_PLAN)
    reachable = [m for m in plan.meetings if m.papers_due >= today]
    in_time = [m for m in reachable if m.day < cut_off]
    if in_time:
        return result(Route.IN_TIME, in_time[-1])
    return result(Route.PRELIMINARY, reachable[0] if reachable else None)


def plan_dates(plan: CallPlan) -> dict[str, date]:
    """The days the watcher is reminded of along the plan: the tjänsteutlåtande ready and the nämnd's meeting
    (with the call's own dates: application sent, first meeting)."""
    if plan.route != Route.IN_TIME or plan.meeting is None:
        return {}
    return {"papers_due": plan.meeting.papers_due, "namnd_meeting": plan.meeting.day}

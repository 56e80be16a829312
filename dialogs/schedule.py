"""When a reminder is due: offsets before a deadline, at a local time, moved off weekends and holidays.

Swedish public holidays and the de facto ones (midsommarafton, julafton, nyårsafton) come from the
`holidays` package, not from a hand-written list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_OFFSETS = (14, 7, 1)
SEND_AT = time(9, 0)


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year, categories=("public", "de_facto"))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(after: date) -> date:
    day = after + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def at_send_time(day: date) -> datetime:
    """09:00 Europe/Stockholm on that day, as UTC."""
    return datetime.combine(day, SEND_AT, tzinfo=STOCKHOLM).astimezone(UTC)


@dataclass(frozen=True)
class Planned:
    offset_days: int
    due_at: datetime  # UTC


def plan(deadline: date, offsets: tuple[int, ...], now: datetime) -> list[Planned]:
    """The reminders for a deadline: one per offset, on the working day on or before.

    A deadline already passed gets none. Offsets whose time has passed collapse into one reminder,
    due now (sent at the next poll), so a late plan neither drops the reminder nor sends a burst.
    """
    if deadline < now.astimezone(STOCKHOLM).date():
        return []
    planned = sorted(
        {Planned(o, at_send_time(working_day_on_or_before(deadline - timedelta(days=o)))) for o in set(offsets) if o >= 0},
        key=lambda p: p.due_at,
    )
    future = [p for p in planned if p.due_at > now]
    past = [p for p in planned if p.due_at <= now]
    return ([past[-1]] if past else []) + future


def snooze_until(now: datetime) -> datetime:
    """'Påminn mig i morgon': 09:00 on the next working day."""
    return at_send_time(next_working_day(now.astimezone(STOCKHOLM).date()))


def parse_offsets(text: str) -> tuple[int, ...] | None:
    """'14, 7, 1' -> (14, 7, 1); None when it is not a list of whole days between 0 and 365."""
    parts = [p.strip() for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if not parts or not all(p.isdigit() and 0 <= int(p) <= 365 for p in parts):
        return None
    return tuple(sorted({int(p) for p in parts}, reverse=True))

"""When reminders fall: offsets, 09:00 Stockholm, weekends and Swedish holidays, late plans."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dialogs.schedule import parse_offsets, plan, snooze_until


def _local(p) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    from dialogs.schedule import STOCKHOLM

    at = p.due_at.astimezone(STOCKHOLM)
    return at.date().isoformat(), at.strftime("%H:%M")


NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def test_offsets_at_nine_in_stockholm() -> None:
    planned = plan(date(2026, 11, 26), (14, 7, 1), NOW)  # a Thursday
    assert [_local(p) for p in planned] == [("2026-11-12", "09:00"), ("2026-11-19", "09:00"), ("2026-11-25", "09:00")]
    assert planned[0].due_at.hour == 8  # 09:00 CET is 08:00 UTC


def test_summer_time_is_respected() -> None:
    [p] = plan(date(2027, 6, 10), (1,), datetime(2027, 5, 1, tzinfo=UTC))
    assert _local(p) == ("2027-06-09", "09:00") and p.due_at.hour == 7


def test_a_weekend_day_moves_to_the_friday_before() -> None:
    [p] = plan(date(2026, 11, 30), (2,), NOW)  # two days before a Monday is a Saturday
    assert _local(p) == ("2026-11-27", "09:00")


def test_swedish_holidays_move_to_the_working_day_before() -> None:
    # 7 days before 2027-01-01 is juldagen (Friday); julafton is a de facto holiday: onsdag 23 december.
    [p] = plan(date(2027, 1, 1), (7,), NOW)
    assert _local(p) == ("2026-12-23", "09:00")
    # 1 day before 2027-05-07 is Kristi himmelsfärds dag (Thursday 6 May).
    [p] = plan(date(2027, 5, 7), (1,), NOW)
    assert _local(p) == ("2027-05-05", "09:00")
    # 1 day before midsommardagen: midsommarafton (de facto) and the day before it is Thursday.
    [p] = plan(date(2027, 6, 26), (1,), datetime(2027, 6, 1, tzinfo=UTC))
    assert _local(p) == ("2027-06-24", "09:00")


def test_passed_offsets_collapse_into_one_due_now_and_passed_deadlines_get_none() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    planned = plan(date(2026, 11, 26), (14, 7, 1), now)
    assert [p.offset_days for p in planned] == [7, 1]
    assert planned[0].due_at <= now  # sent at the next poll, not dropped
    assert plan(date(2026, 11, 19), (14, 7, 1), now) == []


def test_snooze_is_nine_the_next_working_day() -> None:
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert snooze_until(friday).isoformat() == "2026-11-30T08:00:00+00:00"


def test_offsets_are_parsed_or_refused() -> None:
    assert parse_offsets("14, 7, 1") == (14, 7, 1)
    assert parse_offsets("1 30;7") == (30, 7, 1)
    assert parse_offsets("abc") is None
    assert parse_offsets("-1") is None
    assert parse_offsets("400") is None
    assert parse_offsets("") is None

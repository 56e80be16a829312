"""Who a plan would leave out: checks of a draft's answers against the routine, shown as warnings on the review
card and as a checklist beside the proposal. Each says what is missing, quotes the routine for why where it
can, and names the step that fixes it. None blocks: the official decides. Pure domain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dialogs.methods import catalogue, fits_ages
from dialogs.routine import Method, Option, Routine, Step, Text

LOW_ACTIVITY = frozenset({"affected_low_activity", "unaffected_inactive"})  # the routine's groups that rarely take part
UNDERREPRESENTED = "limited_group"  # the breadth "en avgränsad eller underrepresenterad grupp"
DIGITAL, PHYSICAL, BOTH = "digital", "physical", "both"
# The accessibility aspects (the routine's `accessibility` options) that matter with the dialogue's channels and the
# groups it says need particular consideration (the `audiences` answer): accessible premises when people meet; an
# alternative for those who are not online only when the dialogue is digital alone (physical meetings are that
# alternative); an interpreter or translation when the plan names people who need one. The routine asks that the
# target groups' "olika behov av information" be considered, and says of no group that it always needs an interpreter.
ASPECTS: dict[str, Callable[[set[str], set[str]], bool]] = {
    "premises": lambda channels, audiences: PHYSICAL in channels,
    "digital": lambda channels, audiences: channels == {DIGITAL},
    "language": lambda channels, audiences: "language" in audiences,
}


class CheckId(StrEnum):
    GROUP_UNREACHED = "group_unreached"  # a chosen target group no chosen method reaches
    DIGITAL_ONLY = "digital_only"  # groups that rarely take part, reached only digitally (a web survey)
    CHILDREN = "children"  # children affected, no method for them
    ACCESSIBILITY = "accessibility"  # premises, language, digital exclusion not addressed
    FEEDBACK_DATE = "feedback_date"  # missing, or later than the routine's promise allows
    DECISION_BEFORE_END = "decision_before_end"  # the decision the dialogue informs comes before it ends


@dataclass(frozen=True)
class Check:
    """One check of the plan: whether it holds, the step that fixes it, what it is about (the target group, the
    accessibility aspects not addressed), the chosen methods that do reach it, dates it compares, and the routine's why."""

    id: CheckId
    ok: bool
    step: Step
    subjects: tuple[Option, ...] = ()
    methods: tuple[Method, ...] = ()  # the chosen methods that do reach the group, or the children
    dates: tuple[str, ...] = ()
    quote: Text | None = None
    quote_from: Text | None = None  # the section's title, or the target group's name


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


class Coverage:
    def __init__(self, routine: Routine) -> None:
        self.routine = routine

    def checks(self, answers: Mapping[str, Any]) -> tuple[Check, ...]:
        """Every check that applies to the answers, holding or not, in the order of the steps that fix them."""
        methods = self._chosen_methods(answers)
        return (
            *self._groups(answers, methods),
            *self._digital_only(answers, methods),
            *self._children(answers, methods),
            *self._accessibility(answers, methods),
            *self._feedback(answers),
            *self._decision(answers),
        )

    def warnings(self, answers: Mapping[str, Any]) -> tuple[Check, ...]:
        return tuple(c for c in self.checks(answers) if not c.ok)

    # --- the checks -------------------------------------------------------------------------------

    def _check(self, check: CheckId, ok: bool, field_id: str, **more: Any) -> tuple[Check, ...]:
        step = self.routine.step_of(field_id)
        if step is None:  # a routine without the field: nothing to check
            return ()
        quote = self.routine.coverage.quotes.get(check)
        if quote is not None and "quote" not in more:
            more |= {"quote": self.routine.quote(quote), "quote_from": self.routine.sections[quote.section].title}
        return (Check(check, ok, step, **more),)

    def _chosen_methods(self, answers: Mapping[str, Any]) -> tuple[Method, ...]:
        field = self.routine.field("methods")
        chosen = set(answers.get("methods") or [])
        return tuple(m for m in catalogue(field) if m.value in chosen) if field else ()

    def _channels(self, answers: Mapping[str, Any], methods: tuple[Method, ...]) -> set[str]:
        """Digital, physical or both, from the chosen methods and the channels answer."""
        said = {str(answers.get("channels") or "")} | {m.channel for m in methods}
        return {c for c in (DIGITAL, PHYSICAL) if c in said or BOTH in said}

    def _groups(self, answers: Mapping[str, Any], methods: tuple[Method, ...]) -> tuple[Check, ...]:
        field = self.routine.field("groups")
        chosen = [o for o in field.options if o.value in (answers.get("groups") or [])] if field else []
        return tuple(
            check
            for group in chosen
            for check in self._check(
                CheckId.GROUP_UNREACHED,
                any(group.value in m.groups for m in methods),
                "methods",
                subjects=(group,),
                methods=tuple(m for m in methods if group.value in m.groups),
                quote=group.help,
                quote_from=group.label,
            )
        )

    def _digital_only(self, answers: Mapping[str, Any], methods: tuple[Method, ...]) -> tuple[Check, ...]:
        rarely = LOW_ACTIVITY & set(answers.get("groups") or []) or answers.get("breadth") == UNDERREPRESENTED
        if not rarely:
            return ()
        return self._check(CheckId.DIGITAL_ONLY, self._channels(answers, methods) != {DIGITAL}, "methods")

    def _children(self, answers: Mapping[str, Any], methods: tuple[Method, ...]) -> tuple[Check, ...]:
        if answers.get("children_affected") != "yes":
            return ()
        reaching = tuple(m for m in methods if m.children and fits_ages(m, answers))
        return self._check(CheckId.CHILDREN, bool(reaching), "methods", methods=reaching)

    def _accessibility(self, answers: Mapping[str, Any], methods: tuple[Method, ...]) -> tuple[Check, ...]:
        field = self.routine.field("accessibility")
        if field is None:
            return ()
        channels, audiences = self._channels(answers, methods), set(answers.get("audiences") or [])
        needed = {aspect for aspect, matters in ASPECTS.items() if matters(channels, audiences)}
        done = set(answers.get("accessibility") or [])
        missing = tuple(o for o in field.options if o.value in needed - done)
        return self._check(CheckId.ACCESSIBILITY, not missing, "accessibility", subjects=missing)

    def _feedback(self, answers: Mapping[str, Any]) -> tuple[Check, ...]:
        feedback, end = _day(answers.get("feedback_date")), _day(answers.get("dialogue_end"))
        within = self.routine.coverage.feedback_within_days
        latest = end + timedelta(days=within) if end and within else None
        ok = feedback is not None and (latest is None or feedback <= latest)
        dates = (str(answers.get("feedback_date") or ""), latest.isoformat() if latest else "")
        return self._check(CheckId.FEEDBACK_DATE, ok, "feedback_date", dates=dates)

    def _decision(self, answers: Mapping[str, Any]) -> tuple[Check, ...]:
        decision, end = _day(answers.get("informs_decision_date")), _day(answers.get("dialogue_end"))
        if decision is None or end is None:
            return ()
        dates = (decision.isoformat(), end.isoformat())
        return self._check(CheckId.DECISION_BEFORE_END, decision > end, "informs_decision_date", dates=dates)

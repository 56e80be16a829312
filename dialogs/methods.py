"""Methods that fit a plan: the catalogue's methods (dialogs/catalog/methods.yaml, read with the routine as the
options of a field) ranked for the target groups, audiences, breadth and level of influence a draft has chosen,
each with why it fits. Pure domain: no cards, no storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogs.routine import Field, Method, Option, Routine

# How many suggestions the method step shows.
SUGGESTIONS = 6
# The planning answer naming the ages of the children affected: values of the routine's `child_ages` list, which the
# catalogue's methods' `ages` name too (dialogs.routine.CHILD_AGES).
AGES_FIELD = "children_ages"


class Fit(StrEnum):
    """One reason a method fits: it reaches a chosen target group or audience, or children when they are affected;
    it suits the breadth; it serves the level of influence."""

    GROUP = "group"
    CHILDREN = "children"
    AUDIENCE = "audience"
    BREADTH = "breadth"
    LEVEL = "level"


@dataclass(frozen=True)
class Reason:
    fit: Fit
    option: Option | None = None  # the target group, audience, breadth or level (a Level) it is about


@dataclass(frozen=True)
class Suggestion:
    method: Method
    reasons: tuple[Reason, ...]


def catalogue(field: Field) -> tuple[Method, ...]:
    """The catalogue's methods a field offers (none: not a method field)."""
    return tuple(o for o in field.options if isinstance(o, Method))


def _chosen(routine: Routine, field_id: str, answers: Mapping[str, Any]) -> list[Option]:
    """The options of a field the draft chose (one or several), in the field's order."""
    field = routine.field(field_id)
    answer = answers.get(field_id) or []
    chosen = set(answer if isinstance(answer, list) else [answer])
    return [o for o in field.options if o.value in chosen] if field else []


def fits_ages(method: Method, answers: Mapping[str, Any]) -> bool:
    """Whether the method is made for the ages of the children the draft says are affected: any method when it names
    no ages or the draft none (AGES_FIELD); else one made for at least one of them."""
    chosen = answers.get(AGES_FIELD) or []
    ages = set(chosen if isinstance(chosen, list) else [chosen])
    return not method.ages or not ages or bool(ages & set(method.ages))


def _reach(method: Method, routine: Routine, answers: Mapping[str, Any]) -> tuple[Reason, ...]:
    """Whom the method reaches of those the draft chose: target groups, children when affected, audiences."""
    reasons = [Reason(Fit.GROUP, g) for g in _chosen(routine, "groups", answers) if g.value in method.groups]
    if answers.get("children_affected") == "yes" and method.children:
        reasons.append(Reason(Fit.CHILDREN))
    reasons += [Reason(Fit.AUDIENCE, a) for a in _chosen(routine, "audiences", answers) if a.value in method.audiences]
    return tuple(reasons)


def suggest(field: Field, routine: Routine, answers: Mapping[str, Any], limit: int = SUGGESTIONS) -> tuple[Suggestion, ...]:
    """The methods of `field` that serve the chosen level, made for the ages of the children affected (when the draft
    and the method name them; one made for children alone only when children are affected), and reach the most of
    what the draft chose (target groups; children when affected, counted twice, as the routine points to good
    examples of dialogue with children; other audiences), breadth breaking ties; catalogue order
    after that. Each with its reasons."""
    level = routine.level_of(answers)
    breadth = next(iter(_chosen(routine, "breadth", answers)), None)
    ranked: list[tuple[int, int, Suggestion]] = []
    for n, method in enumerate(catalogue(field)):
        if level is not None and level.value not in method.levels:
            continue
        if not fits_ages(method, answers):  # made for children of other ages (drawing and telling, for teenagers)
            continue
        if method.children_only and answers.get("children_affected") != "yes":  # a school visit for the elderly
            continue
        reach = _reach(method, routine, answers)
        if not reach:
            continue
        suits = breadth is not None and breadth.value in method.breadth
        score = 2 * sum(2 if r.fit is Fit.CHILDREN else 1 for r in reach) + suits
        extra = [Reason(Fit.BREADTH, breadth)] if suits else []
        extra += [Reason(Fit.LEVEL, level)] if level is not None else []
        ranked.append((-score, n, Suggestion(method, (*reach, *extra))))
    return tuple(s for *_, s in sorted(ranked, key=lambda item: (item[0], item[1])))[:limit]

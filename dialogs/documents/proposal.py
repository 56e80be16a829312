"""The proposal (tjänsteutlåtande) a completed draft becomes: content only, rendering is in cards/."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dialogs.draft import Draft
from dialogs.fields import display
from dialogs.language import Lang
from dialogs.routine import Field, Routine, Step


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class Part:
    heading: str
    styrkarta: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Proposal:
    title: str
    organisation: str
    routine: str
    date: str
    author: str
    role: str
    unit: str
    headings: dict[str, str]
    decision: tuple[str, ...]
    summary: str
    preparation: tuple[str, ...]
    parts: tuple[Part, ...]
    styrkarta_title: str
    styrkarta_index: tuple[tuple[str, tuple[str, ...]], ...]


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "–"


def build_proposal(routine: Routine, draft: Draft, steps: Sequence[Step], lang: Lang, today: date) -> Proposal:
    """The proposal from the draft's answers to `steps` (the steps the draft goes through)."""
    spec = routine.proposal
    fields: dict[str, Field] = {f.id: f for step in steps for f in routine.fields_of(step, draft.answers)}
    shown = _Missing({fid: display(f, draft.answers.get(fid), lang) for fid, f in fields.items() if fid in draft.answers})
    shown["organisation"] = routine.organisation(lang)

    decision = [point.format_map(shown) for point in spec.decision[lang]]
    if draft.answers.get("initiative") == "external" and "initiator" in shown:
        decision.append(spec.decision_external(lang).format_map(shown))
    preparation = [spec.preparation(lang).format_map(shown)]
    if draft.answers.get("communicator_support") == "yes":
        preparation.append(spec.preparation_communicator(lang))

    parts = []
    index: dict[str, list[str]] = defaultdict(list)
    for section in spec.sections:
        items = tuple(
            Item(label=f.label(lang), value=shown[f.id])
            for name in section.fields
            for f in fields.values()
            if (f.id == name or f.family == name) and f.id in shown
        )
        if not items:
            continue
        heading = section.heading(lang)
        parts.append(Part(heading=heading, styrkarta=routine.styrkarta_parts[section.styrkarta](lang), items=items))
        index[section.styrkarta].append(heading)

    role_field = routine.field("role")
    return Proposal(
        title=draft.title,
        organisation=routine.organisation(lang),
        routine=routine.name(lang),
        date=today.isoformat(),
        author=draft.owner_name,
        role=display(role_field, draft.answers.get("role"), lang) if role_field else "",
        unit=shown["unit"],
        headings={key: text(lang) for key, text in spec.headings.items()},
        decision=tuple(decision),
        summary=spec.summary(lang).format_map(shown),
        preparation=tuple(preparation),
        parts=tuple(parts),
        styrkarta_title=routine.styrkarta_title(lang),
        styrkarta_index=tuple((part(lang), tuple(index[pid])) for pid, part in routine.styrkarta_parts.items() if index[pid]),
    )

"""The texts the bot writes for the official to send after the proposal (the routine's `lifecycle.texts`):
the information to the target groups, the letters to the initiator of an external initiative, and the
feedback to participants from the "du sa – vi gjorde" ledger. Content only; the chat's card and the Word
document render it in cards/. Swedish is what is sent; the English rendering is there to read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogs.documents.proposal import Answers
from dialogs.documents.prose import paragraphs
from dialogs.draft import Draft
from dialogs.language import Lang
from dialogs.routine import Routine, Step, TextSpec


@dataclass(frozen=True)
class Letter:
    id: str
    lang: Lang
    title: str
    paragraphs: tuple[str, ...]
    subject: str = ""  # what it is about (the draft's title, the call's): its file name says it after the title
    author: str = ""  # the official it is written for: the Word document's author
    header: tuple[str, ...] = ()  # lines under the title (a motivation's: who applies, the date, whom to contact)


def build_letter(routine: Routine, draft: Draft, steps: tuple[Step, ...], spec: TextSpec, lang: Lang, today: date) -> Letter:
    """The text from the answers to `steps` (the planning steps and the phases the draft goes through)."""
    answers = Answers(routine, draft, steps, lang)
    context = answers.context(routine, today)
    written = [p for t in spec.opening[lang] for p in paragraphs(t, lang, context)]
    for line in answers.lines(spec.each_line) if spec.each_line else []:
        written += [p for t in spec.per_line[lang] for p in paragraphs(t, lang, {**context, "line": line})]
    written += [p for t in spec.closing[lang] for p in paragraphs(t, lang, context)]
    return Letter(spec.id, lang, spec.title(lang), tuple(written), draft.title, draft.owner_name)

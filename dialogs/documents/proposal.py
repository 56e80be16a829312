"""The proposal a completed draft becomes: a tjänsteutlåtande in the genre of the city's own (header,
title as an ärende, decision points, signatures, sections in prose, attachments). Content only; Word, PDF,
HTML and cards render it in cards/.

The words come from the routine's `proposal` templates (dialogs/documents/prose.py runs them), so a district
changes its document by changing its routine file. The document for the nämnd is Swedish whatever the
chat's language; the English rendering is there to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, overload

from dialogs.coverage import Coverage
from dialogs.documents.prose import paragraphs, proper_words, render
from dialogs.draft import Draft
from dialogs.fields import display, line_key
from dialogs.language import Lang
from dialogs.routine import DocumentSection, DocumentSpec, Field, Routine, Step

DOCUMENT_LANG: Lang = "sv"  # what the nämnd reads
DOCX = "proposal.docx"  # its files under a draft's link
PDF = "proposal.pdf"


@dataclass(frozen=True)
class Header:
    officer: str
    phone: str
    board: str
    meeting: str
    date: str
    dnr: str


@dataclass(frozen=True)
class Signature:
    name: str
    title: str


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Proposal:
    lang: Lang
    title: str
    administration: str
    labels: Mapping[str, str]
    header: Header
    decision: tuple[str, ...]
    signatures: tuple[Signature, ...]
    sections: tuple[Section, ...]
    attachments: tuple[str, ...]
    subject: str = ""  # what it is about (the draft's title, the call's): its file name says it after the title

    @property
    def author(self) -> str:
        return self.header.officer


@dataclass(frozen=True)
class Repeated:
    """One answer of a repeated step, for `each(...)` in a template: the option's label and the answer."""

    label: str
    answer: str


class Gaps(Sequence[str]):
    """The titles of the steps the coverage checks would have the plan looked over in (none: it meets what they
    check), each once: checked when a template first reads them (the proposal's do; a letter's or the redovisning's
    do not)."""

    def __init__(self, routine: Routine, answers: Mapping[str, Any], lang: Lang) -> None:
        self.routine, self.answers, self.lang = routine, answers, lang

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.step.title(self.lang) for c in Coverage(self.routine).warnings(self.answers)))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self.titles[index]

    def __len__(self) -> int:
        return len(self.titles)


class Answers:
    """What a template sees of a draft: only the answers of the steps (or phases) the draft goes through."""

    def __init__(self, routine: Routine, draft: Draft, steps: Sequence[Step], lang: Lang) -> None:
        self.lang = lang
        self.officer = draft.owner_name
        self.fields: dict[str, Field] = {f.id: f for step in steps for f in routine.fields_of(step, draft.answers)}
        self.raw = {fid: draft.answers[fid] for fid in self.fields if draft.answers.get(fid) not in (None, "", [])}
        self.repeated = {  # a repeated step's field is `<family>__<option value>`
            f"{template.id}__{option.value}": option.label(lang)
            for step in steps
            for option in routine.repeat_options(step, draft.answers)
            for template in step.fields
        }

    def context(self, routine: Routine, today: date) -> dict[str, Any]:
        """The names a document template sees (see the routine file's `proposal`)."""
        spec = routine.proposal
        level = routine.level_of(self.raw)
        return {
            "a": self.raw,
            # the level of influence chosen, as words for a sentence, and its promise to participants (None: none)
            "level": {"name": level.name(self.lang), "iap2": level.iap2(self.lang), "promise": level.promise(self.lang)}
            if level
            else None,
            "proper": proper_words(v for v in self.raw.values() if isinstance(v, str)) | routine.names,
            "title_begins": spec.title_begins,
            "shown": self.shown,
            "shows": self.shows,
            "each": self.each,
            "lines": self.lines,
            "board": spec.board(self.lang),
            "administration": spec.administration(self.lang),
            "routine": routine.name(self.lang),
            "today": today.isoformat(),
            "officer": self.officer,  # the handläggare: the draft's owner
            "gaps": Gaps(routine, self.raw, self.lang),
        }

    def shown(self, field_id: str) -> str:
        f = self.fields.get(field_id)
        return display(f, self.raw.get(field_id), self.lang) if f else ""

    def shows(self, field_id: str) -> list[str]:
        f = self.fields.get(field_id)
        chosen = self.raw.get(field_id) or []
        return [o.label(self.lang) for o in f.options if o.value in chosen] if f else []

    def each(self, family: str) -> list[Repeated]:
        return [
            Repeated(label=self.repeated.get(fid, ""), answer=str(self.raw[fid]))
            for fid, f in self.fields.items()
            if f.family == family and fid in self.raw
        ]

    def lines(self, field_id: str) -> list[dict[str, str]]:
        """For each line of a lines field: its words (`label`) and, by field, its answers as shown (the fields
        of the steps repeated over it)."""
        by_line = []
        for line in self.raw.get(field_id) or []:
            suffix = f"__{line_key(line)}"
            fields = [f for f in self.fields.values() if f.family and f.id.endswith(suffix)]
            by_line.append({"label": line, **{f.family: self.shown(f.id) for f in fields if f.family}})
        return by_line


def document_sections(specs: Sequence[DocumentSection], lang: Lang, context: dict[str, Any]) -> tuple[Section, ...]:
    built = []
    for spec in specs:
        templates = [(t, context) for t in spec.text[lang]]
        if spec.each_line:
            lines = context["lines"](spec.each_line)
            templates += [(t, {**context, "line": line}) for line in lines for t in spec.per_line[lang]]
        written = tuple(p for t, c in templates for p in paragraphs(t, lang, c))
        subsections = document_sections(spec.sections, lang, context)
        if written or subsections:
            built.append(Section(spec.heading(lang), written, subsections))
    return tuple(built)


def build_proposal(routine: Routine, draft: Draft, steps: Sequence[Step], lang: Lang, today: date) -> Proposal:
    """The tjänsteutlåtande from the draft's answers to `steps` (the steps the draft goes through), and to the phases
    before the nämnd's decision once recorded (the sammanträde it goes to)."""
    return build_document(routine, routine.proposal, draft, (*steps, *routine.lifecycle.before_decision), lang, today)


@dataclass(frozen=True)
class ReviewedBy:
    """Who approved a document for the nämnd as it stands, and on which day (in Stockholm): its templates' `reviewed`."""

    who: str
    on: date


def build_document(
    routine: Routine,
    spec: DocumentSpec,
    draft: Draft,
    steps: Sequence[Step],
    lang: Lang,
    today: date,
    reviewed: ReviewedBy | None = None,
) -> Proposal:
    """A document for the nämnd in the tjänsteutlåtande's genre, from its spec and the draft's answers to `steps` (and
    who approved it, `reviewed`); the nämnd and förvaltning, and the labels the spec does not have, are the proposal's."""
    context = Answers(routine, draft, steps, lang).context(routine, today) | {"reviewed": reviewed}
    return document_from_spec(routine, spec, lang, context, draft.owner_name, today, subject=draft.title)


def document_from_spec(
    routine: Routine,
    spec: DocumentSpec,
    lang: Lang,
    context: dict[str, Any],
    officer: str,
    today: date,
    subject: str = "",
) -> Proposal:
    """A tjänsteutlåtande from its spec's templates run over `context` (a dialogue's proposal, an application) about
    `subject` (the draft's title, the call's)."""
    attachments = tuple(a for a in (render(t, lang, context) for t in spec.attachments[lang]) if a)
    labels = {key: text(lang) for key, text in {**routine.proposal.labels, **spec.labels}.items()}
    if len(attachments) == 1 and "attachment" in labels:  # "Bilaga" over one, as in seed 000; "Bilagor" over more
        labels["attachments"] = labels["attachment"]
    signatures = tuple(
        Signature(name=render(sign.name, lang, context), title=role.name(lang) if (role := routine.role(sign.role)) else "")
        for sign in spec.signatures
    )
    return Proposal(
        lang=lang,
        title=render(spec.title(lang), lang, context),
        administration=routine.proposal.administration(lang),
        labels=labels,
        header=Header(
            officer=officer,
            phone=render(spec.header.phone, lang, context),
            board=routine.proposal.board(lang),
            meeting=render(spec.header.meeting, lang, context),
            date=today.isoformat(),
            dnr=render(spec.header.dnr, lang, context),
        ),
        decision=tuple(p for p in (render(t, lang, context) for t in spec.decision[lang]) if p),  # one point each
        signatures=signatures,
        sections=document_sections(spec.sections, lang, context),
        attachments=attachments,
        subject=subject,
    )

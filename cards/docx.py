"""The proposal as a Word document, filled into a template (docxtpl: Jinja2 inside a .docx made in Word).

The default template ships as cards/templates/tjansteutlatande.docx (built by make_docx_template.py, which
also documents the context every template gets); a district points the setting PROPOSAL_TEMPLATE at its
own. Whatever the template, the document's language (every style and run) and its properties (title,
author, language) are set here from the proposal, and the text is cleaned of characters XML cannot hold,
so that any answer can be downloaded. The texts the bot writes after the proposal (information, letters,
feedback) and an application's motivation are plain documents of a heading and paragraphs, with the same language,
properties (`_describe`, one place for all) and cleaning.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from dialogs.documents.letters import Letter
from dialogs.documents.proposal import Proposal, Section
from dialogs.language import Lang
from dialogs.text import cleaned

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "tjansteutlatande.docx"
LANGUAGE_TAGS: dict[Lang, str] = {"sv": "sv-SE", "en": "en-GB"}


def _blocks(sections: tuple[Section, ...], level: int = 1) -> list[dict[str, Any]]:
    """The sections in reading order, each with its heading level (1 for a section under the title)."""
    blocks: list[dict[str, Any]] = []
    for s in sections:
        blocks.append({"level": level, "heading": s.heading, "paragraphs": list(s.paragraphs)})
        blocks += _blocks(s.sections, level + 1)
    return blocks


def context(p: Proposal) -> dict[str, Any]:
    """What a template sees (the names are documented in cards/templates/make_docx_template.py)."""
    p = cleaned(p)
    return {
        "lang": p.lang,
        "title": p.title,
        "author": p.author,
        "administration": p.administration,
        "labels": dict(p.labels),
        "header": p.header,
        "decision": list(p.decision),
        "signatures": list(p.signatures),
        "blocks": _blocks(p.sections),
        "attachments": list(p.attachments),
    }


def _set_language(document: DocumentObject, tag: str) -> None:
    """Every style, the defaults and every run that names a language: `tag`."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr = defaults.find(qn("w:rPrDefault"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr)
    run_props = r_pr.find(qn("w:rPr"))
    if run_props is None:
        run_props = OxmlElement("w:rPr")
        r_pr.append(run_props)
    if run_props.find(qn("w:lang")) is None:
        run_props.append(OxmlElement("w:lang"))
    for root in (styles, document.element.body):
        for lang in root.iter(qn("w:lang")):
            lang.set(qn("w:val"), tag)
            lang.set(qn("w:eastAsia"), tag)


def _describe(document: DocumentObject, title: str, author: str, lang: Lang) -> None:
    """What Word shows of every document the bot makes (File → Info), set in this one place: its language (every style
    and run), title, author (the official it is written for, also as the last to modify it) and the day it was made,
    in place of what the template or python-docx's own carries ("python-docx", a date in 2013)."""
    tag = LANGUAGE_TAGS[lang]
    _set_language(document, tag)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by, properties.language = title, author, author, tag
    properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)


class TemplateError(ValueError):
    """The Word template cannot be used; the message says which file and why."""


def check_template(template: Path) -> None:
    """Open the template and parse its Jinja2, so that a broken one stops the start with its reason
    rather than failing every download."""
    try:
        DocxTemplate(str(template)).get_undeclared_template_variables(SandboxedEnvironment())
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{template}: template syntax: {exc.message} (line {exc.lineno})") from None
    except (OpcError, OSError, KeyError, ValueError) as exc:  # missing, unreadable, or not a .docx
        raise TemplateError(f"{template}: not a readable Word document ({exc})") from None


@lru_cache(maxsize=8)
def _template_bytes(template: Path, modified_ns: int) -> bytes:
    """A template's file as read once for this modification time: a template replaced while the bot runs is read
    again at the next download."""
    return template.read_bytes()


def render_docx(p: Proposal, template: Path | None = None) -> bytes:
    """The proposal filled into `template` (the default one when None)."""
    path = template or DEFAULT_TEMPLATE
    document = DocxTemplate(io.BytesIO(_template_bytes(path, path.stat().st_mtime_ns)))
    values = context(p)
    document.render(values, jinja_env=SandboxedEnvironment(autoescape=True))
    _describe(document.docx, values["title"], values["author"], p.lang)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_letter_docx(letter: Letter) -> bytes:
    """A text the bot wrote (dialogs/documents/letters.py) as a plain Word document: its title and paragraphs."""
    letter = cleaned(letter)
    document = new_document()
    document.add_heading(letter.title, level=1)
    for line in letter.header:
        document.add_paragraph(line)
    for paragraph in letter.paragraphs:
        document.add_paragraph(paragraph)
    _describe(document, letter.title, letter.author, letter.lang)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""The routine file holds the whole routine: every passage of Rutin Medborgardialog, in Swedish as written.

`fixtures/routine_seed_002.txt` is the routine as it was handed to the project (seed 002), copied here so that
the tests read nothing outside the repository. Its text after the table of contents is cut into passages
(sentences, list items, table cells) and each must occur, word for word, in the routine file's Swedish texts:
a sentence dropped from the file fails the test and names the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dialogs.messages import Messages
from dialogs.routine import Routine, Text

SEED = Path(__file__).parent / "fixtures" / "routine_seed_002.txt"
# Slips of spacing and typing in the seed, written correctly in the file (and only these).
SLIPS = {
    "Hässelby - Vällingby": "Hässelby-Vällingby",
    "Hässelby -Vällingby": "Hässelby-Vällingby",
    "den /de": "den/de",
    "MTR ,": "MTR,",
    "stämna av": "stämma av",
}
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-ZÅÄÖ])")


def _normal(text: str) -> str:
    text = " ".join(text.split())
    for slip, right in SLIPS.items():
        text = text.replace(slip, right)
    return text


def _blocks(text: str) -> Iterator[list[str]]:
    """Runs of non-blank lines, after the table of contents."""
    lines = text.splitlines()
    start = lines.index("Innehållsförteckning") + 1
    while not lines[start].startswith("|"):
        start += 1
    while lines[start].startswith("|"):
        start += 1
    block: list[str] = []
    for line in lines[start:]:
        if line.strip():
            block.append(line.strip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def _is_heading(paragraph: str) -> bool:
    return not paragraph.endswith((".", "?", "!", ":")) and len(paragraph.split()) <= 12


def seed_passages(text: str) -> list[str]:
    """The seed's sentences, list items and table cells (headings are the file's structure, not passages)."""
    passages: list[str] = []
    paragraphs: list[str] = []
    for block in _blocks(text):
        if block[0].startswith("|"):
            rows = [row for row in block if not set(row) <= set("|-")]
            passages += [cell.strip() for row in rows for cell in row.strip("|").split("|") if cell.strip()]
        elif all(line.startswith("- ") for line in block):
            passages += [line[2:] for line in block]
        else:
            paragraph = " ".join(block)
            # A paragraph cut by a page break goes on in lower case.
            if paragraphs and paragraph[0].islower() and not paragraphs[-1].endswith((".", "?", "!", ":")):
                paragraphs[-1] += " " + paragraph
            else:
                paragraphs.append(paragraph)
    for paragraph in paragraphs:
        if not _is_heading(paragraph):
            passages += _SENTENCE_END.split(paragraph)
    return [_normal(p) for p in passages]


def _texts(routine: Routine, messages: Messages) -> Iterator[Text]:
    for section in routine.sections.values():
        yield from (section.title, section.text, *section.items)
    for role in routine.roles:
        yield role.name
        yield Text(sv=messages("qa_role_intro", "sv", role=role.name.sv), en=messages("qa_role_intro", "en", role=role.name.en))
        yield from role.responsibilities
    for options in routine.option_lists.values():
        for option in options:
            yield option.label
            if option.help:
                yield option.help


def test_every_passage_of_the_routine_is_in_the_routine_file(routine: Routine, messages: Messages) -> None:
    swedish = "\n".join(_normal(t.sv) for t in _texts(routine, messages))
    passages = seed_passages(SEED.read_text(encoding="utf-8"))
    assert len(passages) >= 110  # the seed was read, not an empty or cut copy
    missing = [p for p in passages if p not in swedish]
    assert missing == [], "passages of the routine missing from the routine file:\n" + "\n".join(missing)


def test_the_passages_are_cut_where_the_routine_has_them() -> None:
    passages = seed_passages(SEED.read_text(encoding="utf-8"))
    # A sentence split by a page break is one passage; a table row gives its cells; a list gives its items.
    assert (
        "Återkoppling på hur myndighetsutövning eller stöd och insatser har upplevts eller har varit till nytta för"
        " enskilda individer är en del i det systematiska kvalitets- och utvecklingsarbetet och ger svar på hur"
        " processers arbetssätt kan utvecklas för ett optimalt resursanvändande och en ökad kvalitet."
    ) in passages
    assert {"Kommunfullmäktige", "Budget 2023-2025", "Nästa planerade revidering: 2025-02"} <= set(passages)
    assert "Interna initiativ till dialoger sker inom ramen för den verksamhet som dialogen berör." in passages
    assert "Frågan är påverkbar?" in passages
    assert "Medborgardialog" not in passages  # a heading

"""The emitted proposal: tjänsteutlåtande sections, every answer present, HTML autoescaped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

from cards.elements import CardContext
from cards.pages import shared_draft_page
from cards.proposal import render_markdown
from dialogs.documents.proposal import Proposal, build_proposal
from dialogs.draft import Draft
from dialogs.fields import display
from dialogs.share import Access, Share
from dialogs.views import SharedPage
from dialogs.wizard import Wizard
from tests.support import ANSWERS, PROPOSAL_HEADINGS_SV


def _completed(routine, **overrides) -> tuple[Wizard, Draft]:
    wizard = Wizard(routine)
    draft = Draft(owner_id="aad:anna", owner_name="Anna Andersson", routine_id=routine.id)
    for step in routine.steps:
        if step.applies(draft.answers):
            values = {**ANSWERS[step.id], **overrides.get(step.id, {})}
            assert wizard.apply(step, draft, values, "sv") == {}, step.id
    assert wizard.progress(draft).current is None
    return wizard, draft


def _proposal(wizard: Wizard, draft: Draft, lang: str = "sv") -> Proposal:
    return build_proposal(wizard.routine, draft, wizard.progress(draft).steps, lang, date(2026, 11, 23))  # type: ignore[arg-type]


def render_html(routine, messages, proposal: Proposal) -> str:
    """The proposal as the shared link's page shows it."""
    share = Share("d", "aad:anna", "aad:bertil", "Bertil", Access.READ, "", datetime(2027, 1, 1, tzinfo=UTC))
    page = SharedPage(share, proposal.title, "Anna Andersson", proposal, (), (), date(2027, 1, 1))
    return shared_draft_page(CardContext(routine, messages, "sv"), page, "/c", "/d.docx")


def test_every_answer_appears_in_markdown_and_html(routine, messages) -> None:
    wizard, draft = _completed(routine, start={"initiative": "external"})
    proposal = _proposal(wizard, draft)
    markdown, html = render_markdown(proposal), render_html(routine, messages, proposal)
    for step in wizard.progress(draft).steps:
        for f in wizard.fields(step, draft):
            if f.id in draft.answers:
                shown = display(f, draft.answers[f.id], "sv")
                assert shown in markdown, f.id
                assert escape(shown, quote=False) in html, f.id


def test_sections_follow_the_tjansteutlatande_and_name_the_styrkarta_parts(routine) -> None:
    wizard, draft = _completed(routine)
    markdown = render_markdown(_proposal(wizard, draft))
    headings = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [*PROPOSAL_HEADINGS_SV, "Styrkartans delar i förslaget"]
    index = markdown.split("## Styrkartans delar i förslaget")[1]
    for part in ("Fråga", "Styrning", "Dialog", "Kommunikation", "Utvärdering"):
        assert f"- {part}:" in index
    assert "1. Stadsdelsnämnden beslutar att genomföra medborgardialogen ”Aktiviteter på Råcksta aktivitetscenter”" in markdown
    assert "avsätta 25\u00a0000 kronor" in markdown
    assert "Kommunikatör har gett stöd" in markdown


def test_script_in_an_answer_is_harmless_in_html(routine, messages) -> None:
    wizard, draft = _completed(
        routine, start={"title": "<script>alert('x')</script>"}, method={"method_description": "<img src=x onerror=alert(1)>"}
    )
    html = render_html(routine, messages, _proposal(wizard, draft))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_english_proposal(routine) -> None:
    wizard, draft = _completed(routine)
    markdown = render_markdown(_proposal(wizard, draft, "en"))
    assert "## The administration's proposed decision" in markdown
    assert "allocate SEK 25,000" in markdown

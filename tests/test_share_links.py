"""Share links are bearer links and say so; the owner chooses how long one works; only a person
opening it counts as a view; comments per link and shares per user are rate-limited with a clear
message, and what was typed is kept (issue 11, finding 10)."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from dialogs.limits import COMMENTS_PER_LINK, RECORDS_PER_LINK, SHARES_PER_USER
from dialogs.ports import UnitOfWorkFactory
from tests.support import (
    BERTIL,
    BERTIL_OID,
    BROWSER,
    HttpChat,
    action,
    actions_of,
    card_text,
    inputs_of,
    link_path,
    links_of,
    on_the_share_card,
    share_draft,
)

SECURITY = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Cache-Control")


async def _log(anna: HttpChat, path: str) -> str:
    """The owner's Delningar card, as text."""
    review = next(
        c for c in reversed(anna.cards_here()) if any(a["data"].get("action") == "shares" for a in c.get("actions", []))
    )
    return card_text(await anna.press(action(review, "shares")["data"], card=review))


async def test_the_cards_and_the_page_say_the_link_works_for_whoever_has_it(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    share_card = await on_the_share_card(anna)
    assert "bara fungerar för hen" not in card_text(share_card)
    assert "Länken fungerar för den som har den: skicka den bara till den du delar med." in card_text(share_card)
    assert "Att dela ger tillgång till utkastet, inte rollen kommunikatör" in card_text(share_card)  # the role: on the phase
    path, _ = await share_draft(anna, share_card=share_card)
    assert "Den fungerar för den som har den – skicka den inte vidare." in card_text(bertil.cards_here()[-1])
    html = await (await client.get(path)).text()
    assert "Länken är gjord för Bertil Berg och gäller till 2026-12-23. Den fungerar för den som har den" in html


async def test_a_link_made_just_after_midnight_in_stockholm_says_the_day_it_ends_there(client, connector, clock) -> None:
    """At 00:30 on 23 November in Stockholm (23:30 UTC the day before), a link for 30 days ends on 23 December: every
    place that says so says that day (the owner's reply, the colleague's card, the page, the owner's list of links)."""
    clock.now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    path, texts = await share_draft(anna)
    assert "Länken gäller till 2026-12-23:" in texts[0]
    assert "Länken gäller till 2026-12-23." in card_text(bertil.cards_here()[-1])
    assert "gäller till 2026-12-23." in await (await client.get(path)).text()
    assert "Bertil Berg – Läsa och kommentera – gäller till 2026-12-23" in await _log(anna, path)


async def test_the_owner_chooses_how_long_the_link_works(client, connector, clock) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    await anna.join()
    review = await anna.walk_wizard()
    share_card = await anna.press(action(review, "share")["data"])
    days = inputs_of(share_card)["days"]
    assert [c["value"] for c in days["choices"]] == ["1", "7", "30"] and days["value"] == "30"
    before = len(anna.sent_here())
    await anna.press(action(share_card, "share_save")["data"], {"person": BERTIL_OID, "days": "1"}, card=share_card)
    text = anna.sent_here()[before]["text"]
    assert "Länken gäller till 2026-11-24:" in text
    assert "Länken gäller till 2026-11-24." in card_text(bertil.cards_here()[-1])
    path = link_path(text)
    clock.now += timedelta(hours=23)
    assert (await client.get(path)).status == 200
    clock.now += timedelta(hours=14)  # past midnight Stockholm time on the 24th
    assert (await client.get(path)).status == 410
    # A number the card does not offer is the default.
    share_card = await anna.press(action(review, "share")["data"], card=review)
    before = len(anna.sent_here())
    await anna.press(action(share_card, "share_save")["data"], {"person": BERTIL_OID, "days": "9999"}, card=share_card)
    assert "Länken gäller till 2026-12-25:" in anna.sent_here()[before]["text"]


async def test_only_a_person_opening_the_link_counts_as_a_view(client, connector) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    proposal = await anna.press(action(await anna.walk_wizard(), "create_proposal")["data"])
    share_card = await anna.press(action(proposal, "share")["data"], card=proposal)
    path, _ = await share_draft(anna, share_card=share_card)
    not_views = [
        client.head(path, headers=BROWSER),
        client.get(path),  # an HTTP library: no Sec-Fetch headers
        client.get(path, headers={"User-Agent": "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5"}),
        client.get(
            path, headers={**BROWSER, "User-Agent": "Mozilla/5.0 SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com"}
        ),
        client.get(path, headers={**BROWSER, "Sec-Purpose": "prefetch"}),
        client.head(f"{path}/proposal.docx", headers=BROWSER),
        client.get(f"{path}/proposal.docx"),
    ]
    for request in not_views:
        assert (await request).status == 200
    log = await _log(anna, path)
    assert "öppnade utkastet" not in log and "laddade ner" not in log
    assert (await client.get(path, headers=BROWSER)).status == 200
    assert (await client.get(f"{path}/proposal.docx", headers=BROWSER)).status == 200
    log = await _log(anna, path)
    assert log.count("öppnade utkastet") == 1 and log.count("laddade ner förslaget") == 1


async def test_a_link_opened_in_a_loop_cannot_flood_the_owners_log(client, connector) -> None:
    anna = HttpChat(client, connector)
    path, _ = await share_draft(anna)
    for _ in range(RECORDS_PER_LINK[0].most + 10):
        assert (await client.get(path, headers=BROWSER)).status == 200  # every view is served
    assert (await _log(anna, path)).count("öppnade utkastet") == RECORDS_PER_LINK[0].most


async def test_comments_on_a_link_are_limited_and_the_typed_comment_is_kept(client, connector, clock) -> None:
    anna = HttpChat(client, connector)
    path, _ = await share_draft(anna)
    notices_before = len(anna.cards_here())
    minute = COMMENTS_PER_LINK[0].most
    for n in range(minute):
        assert (await client.post(f"{path}/comments", data={"comment": f"Kommentar {n}"}, allow_redirects=False)).status == 303
    refused = await client.post(f"{path}/comments", data={"comment": "En för mycket <b>"}, allow_redirects=False)
    assert refused.status == 429
    assert all(refused.headers[h] for h in SECURITY) and refused.headers["Content-Type"].startswith("text/html")
    html = await refused.text()
    assert f"Högst {minute} kommentarer i minuten via den här länken." in html
    assert re.search(r"<textarea[^>]*>En för mycket &lt;b&gt;</textarea>", html)
    assert len(anna.cards_here()) - notices_before == minute  # one Teams message per saved comment, no more
    clock.now += timedelta(minutes=1)
    assert (await client.post(f"{path}/comments", data={"comment": "Nu går det"}, allow_redirects=False)).status == 303
    # At most COMMENTS_PER_LINK[1].most a day, minute by minute.
    day = COMMENTS_PER_LINK[1].most
    for n in range(day - minute - 1):
        if n % minute == 0:
            clock.now += timedelta(minutes=1)
        assert (await client.post(f"{path}/comments", data={"comment": f"Till {n}"}, allow_redirects=False)).status == 303
    clock.now += timedelta(minutes=1)
    refused = await client.post(f"{path}/comments", data={"comment": "I morgon"}, allow_redirects=False)
    assert refused.status == 429 and f"Högst {day} kommentarer per dygn" in await refused.text()


async def test_comments_in_the_chat_share_the_links_limit(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    path, _ = await share_draft(anna)
    received = bertil.cards_here()[-1]
    for n in range(COMMENTS_PER_LINK[0].most - 1):
        await bertil.press(action(received, "share_comment")["data"], {"comment": f"Chatt {n}"}, card=received)
    assert (await client.post(f"{path}/comments", data={"comment": "Sidan"}, allow_redirects=False)).status == 303
    await bertil.press(action(received, "share_comment")["data"], {"comment": "En till"}, card=received)
    said = [a["text"] for a in bertil.sent_here() if a.get("text")]
    assert said[-1].startswith("Högst 5 kommentarer i minuten via den här länken.")


async def test_shares_per_user_are_limited_and_the_form_keeps_what_was_typed(client, connector, clock) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    share_card = await on_the_share_card(anna)
    typed = {"person": BERTIL_OID, "access": "read", "ask": "Läs igenom, tack.", "days": "7"}
    for _ in range(SHARES_PER_USER[0].most):
        await anna.press(action(share_card, "share_save")["data"], typed, card=share_card)
    again = await anna.press(action(share_card, "share_save")["data"], typed, card=share_card)
    assert "Du har delat många gånger på kort tid (högst 10 i minuten)." in card_text(again)
    assert {k: inputs_of(again)[k]["value"] for k in typed} == typed
    shared = [c for c in bertil.cards_here() if "delar ett utkast med dig" in card_text(c)]
    assert len(shared) == SHARES_PER_USER[0].most
    clock.now += timedelta(minutes=1)
    before = len(anna.sent_here())
    await anna.press(action(share_card, "share_save")["data"], typed, card=share_card)
    assert anna.sent_here()[before]["text"].startswith("Delat med Bertil Berg (Läsa).")


async def test_refused_comments_are_html_pages_with_the_security_headers(client, connector) -> None:
    anna = HttpChat(client, connector)
    path, _ = await share_draft(anna, access="read")
    review = next(c for c in anna.cards_here() if "create_proposal" in [a["data"].get("action") for a in c.get("actions", [])])
    answers = {
        403: await client.post(f"{path}/comments", data={"comment": "hej"}, allow_redirects=False),
        413: await client.post(f"{path}/comments", data={"comment": "x" * 20_000}, allow_redirects=False),
    }
    for status, response in answers.items():
        assert response.status == status
        assert response.headers["Content-Type"].startswith("text/html")
        assert all(response.headers[h] for h in SECURITY)
    assert "Du kan inte kommentera det här utkastet (längre)." in await answers[403].text()
    assert "Kommentaren är för lång" in await answers[413].text()
    path, _ = await share_draft(anna, share_card=await anna.press(action(review, "share")["data"], card=review))
    empty = await client.post(f"{path}/comments", data={"comment": "   "}, allow_redirects=False)
    assert empty.status == 400 and "Skriv en kommentar först." in await empty.text()


async def test_rate_counters_count_each_hit_once_and_forget_ended_windows(uow: UnitOfWorkFactory) -> None:
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    end = start + timedelta(minutes=1)

    async def hit(key: str, at: datetime = start) -> int:
        async with uow() as tx:
            return await tx.rate_counters.hit(key, at, at + timedelta(minutes=1))

    counts = await asyncio.gather(*(hit("comment:s1:60") for _ in range(8)))
    assert sorted(counts) == list(range(1, 9))
    assert await hit("comment:s2:60") == 1
    assert await hit("comment:s1:60", end) == 1  # the next window starts again
    async with uow() as tx:
        await tx.rate_counters.forget("comment:s1")
    assert await hit("comment:s1:60", end) == 1
    assert await hit("comment:s2:60", end + timedelta(minutes=1)) == 1  # the ended windows are gone
    assert await hit("comment:s2:60") == 1


@pytest.mark.parametrize(
    ("chat_locale", "browser", "lang", "comments"),
    [("sv-SE", "en-US", "sv", "Kommentarer"), ("en-US", "sv-SE", "en", "Comments")],
)
async def test_the_colleagues_card_opens_the_page_in_the_language_of_their_chat(
    client, connector, chat_locale: str, browser: str, lang: str, comments: str
) -> None:
    """Karin chose Svenska in the chat and reads in an English browser: the page is Swedish (and the other way)."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    assert await bertil.post(text="hej", locale=chat_locale) in (200, 201)
    await share_draft(anna)
    [link] = links_of(bertil.cards_here()[-1]).values()
    assert link.endswith(f"?lang={lang}")
    path = link.removeprefix("https://dialogstod.example.se")
    page = await (await client.get(path, headers={"Accept-Language": browser})).text()
    assert f'<html lang="{lang}">' in page and f">{comments}</h2>" in page
    # A comment posted from it comes back to the page in the same language.
    form = re.search(r'<form method="post" action="([^"]+)"', page)
    assert form
    headers = {"Accept-Language": browser}
    posted = await client.post(form.group(1), data={"comment": "Bra."}, allow_redirects=False, headers=headers)
    assert posted.headers["Location"] == f"{path}#kommentarer"


async def test_a_comment_from_the_swedish_version_returns_to_it_still_in_the_readers_language(client, connector) -> None:
    """Bertil reads in English, opens the Swedish proposal the council gets and comments there: he comes back to the
    Swedish proposal on an English page, not to a Swedish page."""
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    assert await bertil.post(text="hi", locale="en-US") in (200, 201)
    await anna.join()
    proposal = await anna.press(action(await anna.walk_wizard(), "create_proposal")["data"])
    path, _ = await share_draft(anna, share_card=await anna.press(action(proposal, "share")["data"], card=proposal))
    [link] = links_of(bertil.cards_here()[-1]).values()
    english = await (await client.get(link.removeprefix("https://dialogstod.example.se"))).text()
    to_swedish = re.search(r'href="([^"]+)">Read the document in Swedish', english)
    assert to_swedish and html.unescape(to_swedish.group(1)) == f"{path}?lang=en&doc=sv"
    swedish = await (await client.get(f"{path}?lang=en&doc=sv")).text()
    form = re.search(r'<form method="post" action="([^"]+)"', swedish)
    assert form
    posted = await client.post(html.unescape(form.group(1)), data={"comment": "Looks good."}, allow_redirects=False)
    assert posted.headers["Location"] == f"{path}?lang=en&doc=sv#kommentarer"
    page = await (await client.get(f"{path}?lang=en&doc=sv")).text()
    assert '<html lang="en">' in page and '<article class="proposal" lang="sv">' in page
    assert "Förvaltningens förslag till beslut" in page and "Looks good." in page


async def test_the_comment_notice_leads_on_to_the_comment_on_the_page_and_to_the_drafts_next_step(client, connector) -> None:
    anna = HttpChat(client, connector)
    bertil = HttpChat(client, connector, BERTIL, "a:personal-bertil")
    await bertil.say("hej")
    path, _ = await share_draft(anna)
    await client.post(f"{path}/comments", data={"comment": "Lägg till en kvällsträff."})
    notice = anna.cards_here()[-1]
    assert [a["data"]["action"] for a in actions_of(notice)] == ["open_page", "next_step", "shares"]
    [url] = links_of(await anna.press(action(notice, "open_page")["data"], card=notice)).values()
    page = await (await client.get(url.removeprefix("https://dialogstod.example.se"))).text()
    assert "Lägg till en kvällsträff." in page
    following = await anna.press(action(notice, "next_step")["data"], card=notice)
    assert "create_proposal" in [a["data"]["action"] for a in actions_of(following)]  # every step answered: the review

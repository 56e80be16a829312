"""The HTTP edge through the real app, as the hardening probe hit it (issue 11): protocol edges, text that no
document or database can hold, a long typed message, and who an activity's sender is."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import random
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

import dialogs.matching
from bot.app import create_app
from bot.settings import Settings
from cards.docx import render_docx
from dialogs.documents.proposal import build_proposal
from dialogs.matching import MAX_CORRECTED, RoutineQuestions
from dialogs.text import clean_json_strings, clean_text, cleaned
from dialogs.wizard import Wizard
from tests.card_catalog import complete_draft
from tests.fake_connector import FakeConnector
from tests.support import ANSWERS, HttpChat, StartApp, action, card_text, inputs_of, share_draft, teams_activity

SECURITY = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# What the probe pasted: Word's soft line break, an ANSI colour (ESC), NUL, and a lone surrogate.
DIRTY_ANSWER = "Rad ett\x0bRad två \x1b[31mröd\x1b[0m\x00 slut"
DIRTY_TITLE = "Aktiviteter \ud800i Råcksta\x00"


def _settings(url: str, **extra: str) -> Settings:
    return Settings(database_url=url, reminder_poll_seconds=0, public_base_url="https://dialogstod.example.se", **extra)


@pytest.fixture
async def client(tmp_path: Path, start_app: StartApp) -> TestClient:
    return await start_app(_settings(f"sqlite+aiosqlite:///{tmp_path / 'edges.db'}"))


async def _post_json(client: TestClient, body: str) -> tuple[int, dict[str, object]]:
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    return response.status, await response.json()


# --- finding 8: protocol edges -------------------------------------------------------------------


@pytest.mark.parametrize("depth", [995, 5000])
async def test_deeply_nested_json_is_400_before_authentication(
    tmp_path: Path, connector: FakeConnector, depth: int, start_app: StartApp
) -> None:
    settings = _settings(f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}", app_id="00000000-0000-0000-0000-000000000001")
    client = await start_app(settings)
    activity = teams_activity(connector.url, text="hej")
    body = json.dumps(activity)[:-1] + ', "value": ' + "[" * depth + "]" * depth + "}"
    status, payload = await _post_json(client, body)
    assert (status, payload["error"]["code"]) == (400, "malformed_json")  # type: ignore[index]
    assert connector.sent == []


async def test_an_activity_without_a_channel_id_is_400_and_gets_no_reply(client: TestClient, connector: FakeConnector) -> None:
    activity = teams_activity(connector.url, text="hej")
    del activity["channelId"]
    status, payload = await _post_json(client, json.dumps(activity))
    assert (status, payload["error"]["message"]) == (400, "the activity has no channelId")  # type: ignore[index]
    assert connector.sent == []


@pytest.mark.parametrize(
    "locale,text",
    [("sv-SE", "Den här knappen fungerar inte här."), ("en-US", "This button does not work here.")],
)
@pytest.mark.parametrize(
    "value",
    [
        {"action": {"type": "Action.Execute", "verb": "approve", "data": {"x": 1}}, "trigger": "manual"},
        {"action": [1, "x"], "version": 3},  # malformed: the same answer, no turn error
    ],
)
async def test_a_card_action_invoke_gets_a_message_in_the_users_language(
    client: TestClient, connector: FakeConnector, locale: str, text: str, value: dict[str, object]
) -> None:
    activity = teams_activity(connector.url, type="invoke", name="adaptiveCard/action", value=value, locale=locale)
    response = await client.post("/api/messages", json=activity)
    assert response.status == 200
    answer = await response.json()
    assert answer["statusCode"] == 200 and answer["type"] == "application/vnd.microsoft.activity.message"
    assert answer["value"].startswith(text)
    assert connector.sent == []  # nothing else: no "something went wrong"


@pytest.mark.parametrize("name", ["task/fetch", "composeExtension/query", "signin/verifyState", "application/search"])
async def test_other_invokes_get_a_json_answer(client: TestClient, connector: FakeConnector, name: str) -> None:
    response = await client.post("/api/messages", json=teams_activity(connector.url, type="invoke", name=name, value={}))
    assert response.status == 501
    assert (await response.json())["error"]["code"] == "invoke_not_supported"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_other_methods_on_the_messages_endpoint_are_405_json(client: TestClient, method: str) -> None:
    response = await client.request(method, "/api/messages")
    assert response.status == 405
    assert response.headers["Allow"] == "POST"
    assert (await response.json())["error"]["code"] == "method_not_allowed"


async def test_unknown_paths_are_404_json_and_share_links_keep_their_page(client: TestClient) -> None:
    response = await client.get("/wp-admin/setup.php")
    assert response.status == 404
    assert (await response.json())["error"]["code"] == "not_found"
    assert SECURITY.items() <= response.headers.items()
    page = await client.get("/d/" + "A" * 43)
    assert page.status == 404 and page.content_type == "text/html"


async def test_the_comment_endpoints_refusals_carry_the_security_headers(client: TestClient, connector: FakeConnector) -> None:
    too_big = await client.post("/d/whatever/comments", data={"comment": "x" * 20_000})
    path, _ = await share_draft(HttpChat(client, connector), access="read")
    refused = await client.post(f"{path}/comments", data={"comment": "hej"}, allow_redirects=False)
    for response, status in ((too_big, 413), (refused, 403)):
        assert response.status == status
        assert SECURITY.items() <= response.headers.items()
        assert response.content_type != "text/plain"


async def test_a_client_that_leaves_mid_body_is_logged_as_a_disconnect(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Served as `python -m bot` serves it (aiohttp's run_app does not cancel a handler when its client leaves)."""
    caplog.set_level(logging.INFO)
    runner = web.AppRunner(create_app(_settings(f"sqlite+aiosqlite:///{tmp_path / 'gone.db'}")))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        _, port = runner.addresses[0][:2]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            b"POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
            b'{"type": "message", "text": "hal'
        )
        await writer.drain()
        await asyncio.sleep(0.1)
        writer.close()
        await writer.wait_closed()
        for _ in range(100):  # until the server has noticed
            if any("disconnected" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.02)
    finally:
        await runner.cleanup()
    assert any(r.levelno == logging.INFO and "client disconnected" in r.getMessage() for r in caplog.records)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- finding 3: text no document or database can hold ---------------------------------------------


@pytest.fixture
async def any_db_client(db_url: str, start_app: StartApp) -> TestClient:
    """On SQLite and PostgreSQL in turn (the database, set up first, is dropped after the app is closed)."""
    return await start_app(_settings(db_url))


async def test_control_characters_and_lone_surrogates_are_cleaned_and_the_word_download_works(
    any_db_client: TestClient, connector: FakeConnector
) -> None:
    client = any_db_client
    anna = HttpChat(client, connector)
    await anna.join()
    review = await anna.walk_wizard({"start": {"title": DIRTY_TITLE}, "method": {"method_description": DIRTY_ANSWER}})
    shown = card_text(review)
    assert "Aktiviteter \ufffdi Råcksta" in shown and "Rad ett\nRad två [31mröd[0m slut" in shown
    proposal = await anna.press(action(review, "create_proposal")["data"])
    share = await anna.press(action(proposal, "share")["data"], card=proposal)
    path, _ = await share_draft(anna, share_card=share)

    page = await client.get(path)
    assert page.status == 200
    assert "Rad ett. Rad två [31mröd[0m slut." in await page.text()  # the soft line break, as prose
    response = await client.get(f"{path}/proposal.docx")
    assert response.status == 200
    document = Document(io.BytesIO(await response.read()))
    assert document.core_properties.title == "Förslag om medborgardialog om aktiviteter \ufffdi Råcksta"
    assert any("Rad ett. Rad två [31mröd[0m slut." in p.text for p in document.paragraphs)


async def test_a_comment_from_the_page_is_cleaned(client: TestClient, connector: FakeConnector) -> None:
    anna = HttpChat(client, connector)
    path, _ = await share_draft(anna)
    posted = await client.post(f"{path}/comments", data={"comment": "Bra\x0bidé\x00\x1b!"}, allow_redirects=False)
    assert posted.status == 303
    assert "Bra\nidé!" in card_text(anna.cards_here()[-1])


def test_the_word_download_of_text_stored_before_cleaning_still_opens(routine) -> None:
    """Drafts saved before the edge cleaned text may hold what python-docx refuses: the export cleans it too."""
    draft = complete_draft(routine, external=False, user_text=DIRTY_ANSWER + "\ud800")
    progress = Wizard(routine).progress(draft)
    proposal = build_proposal(routine, draft, progress.steps, "sv", draft.created_at.date())
    document = Document(io.BytesIO(render_docx(proposal)))
    assert any("Rad två [31mröd[0m slut\ufffd" in p.text for p in document.paragraphs)


def test_clean_text_keeps_what_people_write() -> None:
    assert clean_text("Hej!\tRad två\r\nÅÄÖ é — ”citat” 😀") == "Hej!\tRad två\r\nÅÄÖ é — ”citat” 😀"
    assert clean_text("e\u0301") == "é"  # one character, as the catalogue's words are (NFC)
    assert clean_text("مرحبا\u200f Råcksta") == "مرحبا\u200f Råcksta"  # right-to-left text and its marks stay
    assert clean_text("a\x0cb\u2028c\x7fd\x85e\ufffef") == "a\nb\ncd\nef"


@pytest.mark.parametrize(
    ("odd", "made"),
    [
        *((c, "") for c in "\x00\x08\x0e\x1b\x1f\x7f\x9f\ufffe\uffff"),
        *((c, "") for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),  # bidi overrides, isolates
        *((c, "\n") for c in "\x0b\x0c\x85\u2028\u2029"),
        ("\ud800", "\ufffd"),
        ("\udfff", "\ufffd"),
        ("e\u0301", "é"),
        ("A\u030a", "Å"),
    ],
)
@pytest.mark.parametrize("around", ["plain ASCII", "Råcksta äldreomsorg"])
def test_one_odd_character_in_otherwise_clean_text_is_cleaned(odd: str, made: str, around: str) -> None:
    """Text that needs nothing is passed on as it is; one character that needs cleaning is enough to clean it."""
    assert clean_text(f"{around} {odd} {around}") == f"{around} {made} {around}"


# Characters that put the quick judgement of a whole request (clean_json_strings) to the test: what cleaning acts
# on, combining marks that compose with what is before them (also across an escape), quotes and backslashes (JSON's
# own escapes), Latin-1 letters and signs, and ordinary text.
_HOSTILE = st.text(
    st.sampled_from(
        [
            *'aenAÅ "\\/\n\t\r\x00\x08\x0b\x0c\x1b\x7f\x85\x9f',
            "\u0301",
            "\u030a",
            "\u0303",
            "\u0308",
            "\u00e5",
            "\u00e9",
            "\u00a0",
            "\u00b4",
            "\u00ff",
            "\u2028",
            "\u202e",
            "\u2067",
            "\ud800",
            "\udfff",
            "\ufffe",
            "\u1100",
            "\u1161",
            "—",
            "”",
            "😀",
        ]
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_HOSTILE, st.lists(_HOSTILE, max_size=3) | _HOSTILE, max_size=4), st.booleans())
def test_a_request_judged_clean_as_a_whole_holds_only_clean_strings(document: dict[str, object], ascii_only: bool) -> None:
    """What the edge leaves uncleaned because the request's text shows it clean is what cleaning would not change:
    as aiohttp and json.dumps send it (every non-ASCII character escaped) and as UTF-8 (Teams)."""
    text = json.dumps(document, ensure_ascii=ascii_only)
    if clean_json_strings(text):
        assert cleaned(json.loads(text)) == json.loads(text)


@pytest.mark.parametrize("ascii_only", [True, False])
def test_ordinary_requests_are_judged_clean_and_odd_ones_not(ascii_only: bool) -> None:
    said = lambda value: clean_json_strings(json.dumps({"value": value}, ensure_ascii=ascii_only))  # noqa: E731
    assert said('Råcksta äldreomsorg, Bench User: "citat" C:\\mapp\n\tslut')
    for odd in ("e\u0301", "Å\u0301", "\x0b", "\x0c", "\x7f", "\u202e", "\ud800"):
        assert not said(f"Råcksta {odd}")


async def test_a_decomposed_accent_sent_as_utf_8_reaches_the_card_composed(client: TestClient, connector: FakeConnector) -> None:
    """Teams sends UTF-8, not escapes: a title typed with a combining accent (e + U+0301) is stored and shown as
    one character, as when it arrives escaped."""
    anna = HttpChat(client, connector)
    await anna.join()
    card = await anna.press({"action": "new"})
    submit = next(a for a in card["actions"] if a["data"]["action"] == "submit")
    value = {fid: e.get("value", "") for fid, e in inputs_of(card).items()} | ANSWERS["start"] | submit["data"]
    value["title"] = "Re\u0301sume\u0301 fo\u0308r Råcksta"
    activity = teams_activity(connector.url, **{"from": anna.user, "conversation": anna.conversation, "value": value})
    body = json.dumps(activity, ensure_ascii=False).encode()
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status in (200, 201)
    assert "Résumé för Råcksta" in card_text(anna.cards_here()[-1])
    assert "e\u0301" not in card_text(anna.cards_here()[-1])


# --- finding 2: a long typed message -------------------------------------------------------------


def _made_up_words(length: int) -> str:
    rnd = random.Random(11)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append("".join(rnd.choice(string.ascii_lowercase + "åäö") for _ in range(rnd.randint(3, 12))))
    return " ".join(words)[: length - 1] + "?"


async def test_the_longest_message_leaves_the_server_responsive(client: TestClient, connector: FakeConnector) -> None:
    """30,000 characters of made-up words (what is read of it: 8,000) and a health check at the same time."""
    turn = asyncio.create_task(client.post("/api/messages", json=teams_activity(connector.url, text=_made_up_words(30_000))))
    health = await asyncio.wait_for(client.get("/healthz"), timeout=1)
    assert health.status == 200
    assert (await asyncio.wait_for(turn, timeout=5)).status == 201
    assert connector.cards()  # an answer (the closest topics), not an error


def test_matching_a_long_message_corrects_a_bounded_number_of_words(routine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each unknown word costs a look-up for a slip of the keyboard (`extract`), then one for the nearest stem
    (`extractOne`): at most MAX_CORRECTED of each."""
    questions = RoutineQuestions(routine)
    lookups: dict[str, list[str]] = {"extract": [], "extractOne": []}

    def counting(name: str) -> Callable[..., object]:
        lookup = getattr(dialogs.matching.process, name)

        def count(query: str, *args: object, **kwargs: object) -> object:
            lookups[name].append(query)
            return lookup(query, *args, **kwargs)

        return count

    for name in lookups:
        monkeypatch.setattr(dialogs.matching.process, name, counting(name))
    questions.answer(_made_up_words(8000), "sv")
    assert all(0 < len(queries) <= MAX_CORRECTED for queries in lookups.values()), lookups
    assert questions.answer("vad är mitt ansvar som enhetshcef?", "sv").topic.id == "role_enhetschef"  # type: ignore[union-attr]


# --- finding 9: identity -------------------------------------------------------------------------


async def test_an_aad_object_id_outside_teams_is_not_trusted(client: TestClient, connector: FakeConnector) -> None:
    anna = HttpChat(client, connector)
    await anna.join()
    await anna.walk_wizard()
    listing = (await anna.say("mina utkast"))[-1]["attachments"][0]["content"]
    assert ANSWERS["start"]["title"] in card_text(listing)

    eve = HttpChat(client, connector, {"id": "eve", "name": "Eve", "aadObjectId": "aad-anna"}, "webchat-eve")
    # "aad" as a channel name once made the id "aad:<from.id>": Anna's, for a sender who called himself aad-anna.
    mallory = HttpChat(client, connector, {"id": "aad-anna", "name": "Mallory"}, "webchat-mallory")
    assert await mallory.post(channelId="aad", text="mina utkast") == 201
    assert ANSWERS["start"]["title"] not in card_text(mallory.sent_here()[-1]["attachments"][0]["content"])
    for channel in ("directline", "webchat", "emulator"):
        before = len(eve.sent_here())
        assert await eve.post(channelId=channel, text="mina utkast") == 201
        [reply] = eve.sent_here()[before:]
        assert ANSWERS["start"]["title"] not in card_text(reply["attachments"][0]["content"])

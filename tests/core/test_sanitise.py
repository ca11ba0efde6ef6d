"""The sanitiser on its own: what goes, what stays, and the stream equals the whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.sanitise import MarkdownStream, _has_markup, clean_text, neutralise_markdown

BENIGN = [
    "**Q3 results**: CPL fell from £96 to £81 (-15%); a < b and b > c, <3",
    "- Step 1: export the CSV\n- Step 2: `SELECT * FROM t WHERE x < 5`",
    "| channel | CPL |\n|---|---|\n| LinkedIn | £96.33 |",
    "See [the calendar](/workspaces/demo/calendars/cal-1.csv) and [notes](#notes).",
    "Family 👨\u200d👩\u200d👧, England "
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "فارسی\u200cزبان and क्\u200dष text, מחיר 49 ₪",
    "Email sales@ledgerly.co.uk about C++ and Node.js; 3 > 2",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_text_is_left_as_it_is(text: str) -> None:
    assert neutralise_markdown(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("![x](https://evil.example/p?q=1)", "evil.example"),
        ("[a](javascript:alert(1))", "javascript"),
        ("<iframe src=x></iframe>", "<iframe"),
        ("[a]: https://evil.example\n[b][a]", "https://evil"),
        ("visit https://evil.example now", "https://evil"),
        ("ig\u200bnore", "\u200b"),
        ("a\u202eb", "\u202e"),
        ("x" + "".join(chr(0xE0000 + ord(c)) for c in "hidden"), "\U000e0068"),
    ],
)
def test_hostile_markup_and_characters_go(text: str, gone: str) -> None:
    out = neutralise_markdown(text)
    assert gone not in out.replace("\\<", "")
    assert not _has_markup(out, ())


def test_allowed_hosts_keep_their_links() -> None:
    text = "[pricing](https://www.ledgerly.co.uk/pricing) and https://docs.ledgerly.co.uk/x"
    assert neutralise_markdown(text, ["*.ledgerly.co.uk"]) == text
    assert "hxxps://" in neutralise_markdown(text)


ALPHABET = st.sampled_from(
    list("ab <>[]()!:/\\.#`*_-\n") + ["https://", "www.", "evil.example", "\u200b", "é", "👍"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(ALPHABET, max_size=40), st.lists(st.integers(1, 7), min_size=1, max_size=10))
def test_streamed_pieces_join_to_the_whole(parts: list[str], cuts: list[int]) -> None:
    text = "".join(parts)
    stream = MarkdownStream()
    out, at, i = [], 0, 0
    while at < len(text):
        size = cuts[i % len(cuts)]
        out.append(stream.feed(text[at : at + size]))
        at, i = at + size, i + 1
    out.append(stream.close())
    whole = neutralise_markdown(text)
    assert "".join(out) == whole
    assert not _has_markup(whole, ())
    assert neutralise_markdown(whole) == whole  # idempotent


def test_clean_text_keeps_tabs_and_newlines() -> None:
    assert clean_text("a\tb\nc\x00d\x1b") == "a\tb\ncd"


def test_the_same_text_neutralised_twice_gives_the_same_answer_per_allow_list() -> None:
    text = "See [the docs](https://docs.example.com/a) and ![x](https://evil.test/p.png)"
    first = neutralise_markdown(text, ["docs.example.com"])
    assert neutralise_markdown(text, ["docs.example.com"]) == first
    assert "](https://docs.example.com/a)" in first
    # Another allow-list is another answer, not the one remembered for the first.
    assert "](https://docs.example.com/a)" not in neutralise_markdown(text, [])

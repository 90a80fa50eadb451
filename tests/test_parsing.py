import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator import parsing
from liquidator.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "grams"),
    [("1.2kg", 1200), ("800g", 800), ("800", 800), (" 2 KG ", 2000), ("0.5kg", 500)],
)
def test_weights(text, grams):
    assert parsing.parse_weight(text) == grams


@pytest.mark.parametrize("text", ["", "kg", "1.2 lb", "-3kg", "0g", "1,2kg", "heavy"])
def test_bad_weights(text):
    with pytest.raises(InvalidInput) as err:
        parsing.parse_weight(text)
    assert err.value.field == "weight"


@pytest.mark.parametrize(
    ("text", "dims"),
    [("30x20x10", (30, 20, 10)), ("30.5 x 20 x 10cm", (30.5, 20, 10)), ("3×2×1", (3, 2, 1))],
)
def test_dims(text, dims):
    assert parsing.parse_dims(text) == dims


@pytest.mark.parametrize("text", ["30x20", "30x20x", "axbxc", "30x20x0", "30x-2x10", "30x20x10x5"])
def test_bad_dims(text):
    with pytest.raises(InvalidInput):
        parsing.parse_dims(text)


@pytest.mark.parametrize(
    ("text", "yen"), [("4980", 4980), ("4,980", 4980), ("¥4,980", 4980), ("4980円", 4980)]
)
def test_yen(text, yen):
    assert parsing.parse_yen(text, "--cost") == yen


@pytest.mark.parametrize("text", ["-5", "0", "4.5", "abc", "", "1e3"])
def test_bad_yen(text):
    with pytest.raises(InvalidInput) as err:
        parsing.parse_yen(text, "--cost")
    assert err.value.message.startswith("--cost: ")


def test_dates():
    assert parsing.parse_date("2026-11-26", "--purchased") == dt.date(2026, 11, 26)
    with pytest.raises(InvalidInput):
        parsing.parse_date("26/11/2026", "--purchased")


def test_control_characters_are_refused_but_newlines_in_notes_are_kept():
    assert parsing.clean_text("a\nb", "--note", max_length=10) == "a\nb"
    for bad in ("a\x00b", "a\x1bb", "\x7f"):
        with pytest.raises(InvalidInput):
            parsing.clean_text(bad, "--title", max_length=10)


@given(st.text())
def test_parsers_only_raise_invalid_input(text):
    for parse in (
        lambda t: parsing.parse_weight(t),
        lambda t: parsing.parse_dims(t),
        lambda t: parsing.parse_yen(t, "x"),
        lambda t: parsing.parse_date(t, "x"),
        lambda t: parsing.parse_size_class(t),
        lambda t: parsing.clean_text(t, "x", max_length=50),
    ):
        with contextlib.suppress(InvalidInput):
            parse(text)

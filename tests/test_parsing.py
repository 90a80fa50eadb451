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
    assert parsing.parse_int(text, "--cost", minimum=1) == yen


@pytest.mark.parametrize("text", ["-5", "0", "4.5", "abc", "", "1e3"])
def test_bad_yen(text):
    with pytest.raises(InvalidInput) as err:
        parsing.parse_int(text, "--cost", minimum=1)
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
        lambda t: parsing.parse_int(t, "x", minimum=1),
        lambda t: parsing.parse_date(t, "x"),
        lambda t: parsing.parse_size_class(t),
        lambda t: parsing.clean_text(t, "x", max_length=50),
    ):
        with contextlib.suppress(InvalidInput):
            parse(text)


# --- one number rule for every yen, count and number ---------------------------------

FULL_WIDTH = str.maketrans("0123456789,.-+", "０１２３４５６７８９，．－＋")
# The zero of some scripts whose digits Python's int() would read as numbers.
FOREIGN_ZEROS = {
    "Arabic-Indic": 0x0660, "Extended Arabic-Indic": 0x06F0, "Devanagari": 0x0966,
    "Bengali": 0x09E6, "Thai": 0x0E50, "Tibetan": 0x0F20, "Myanmar": 0x1040,
    "Khmer": 0x17E0, "Mongolian": 0x1810, "Osmanya": 0x104A0,
}  # fmt: skip


def grouped(number: int) -> str:
    return f"{number:,}"


@given(
    st.integers(min_value=1, max_value=parsing.MAX_INT),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "¥", "￥", "¥ "]),
    st.sampled_from(["", "円", " 円"]),
    st.sampled_from(["", " ", "\u3000"]),
)
def test_a_number_reads_the_same_however_a_japanese_keyboard_types_it(
    number, thousands, full_width, before, after, space
):
    text = grouped(number) if thousands else str(number)
    if full_width:
        text = text.translate(FULL_WIDTH)
    typed = f"{space}{before}{text}{after}{space}"
    assert parsing.parse_int(typed, "cost") == number


@given(st.integers(min_value=10, max_value=10**12), st.data())
def test_commas_that_do_not_group_thousands_are_refused(number, data):
    digits = str(number)
    cuts = data.draw(
        st.sets(st.integers(min_value=1, max_value=len(digits) - 1), min_size=1), label="cuts"
    )
    text = "".join(("," if i in cuts else "") + d for i, d in enumerate(digits))
    thousands = {len(digits) - 3 * k for k in range(1, len(digits)) if len(digits) - 3 * k > 0}
    if cuts == thousands:
        assert parsing.parse_int(text, "cost") == number
        return
    with pytest.raises(InvalidInput) as refused:
        parsing.parse_int(text, "cost")
    assert refused.value.field == "cost"
    assert "groups of three digits" in refused.value.problem


@pytest.mark.parametrize("text", ["1,2,3", "12,34", "1234,567", ",123", "123,", "1,,234"])
def test_the_issues_near_misses_are_refused(text):
    with pytest.raises(InvalidInput) as refused:
        parsing.parse_int(text, "cost")
    assert refused.value.field == "cost"


@given(
    st.integers(min_value=0, max_value=parsing.MAX_INT),
    st.sampled_from(sorted(FOREIGN_ZEROS)),
    st.data(),
)
def test_digits_of_other_scripts_are_refused_naming_the_field(number, script, data):
    zero = FOREIGN_ZEROS[script]
    digits = str(number)
    foreign = data.draw(
        st.sets(st.integers(min_value=0, max_value=len(digits) - 1), min_size=1), label="foreign"
    )
    text = "".join(chr(zero + int(d)) if i in foreign else d for i, d in enumerate(digits))
    assert int(text) == number  # what Python alone would have stored
    for field, parse in (
        ("cost", lambda t: parsing.parse_int(t, "cost")),
        ("market_price", lambda t: parsing.parse_int(f"¥{t}円", "market_price")),
        ("weight", lambda t: parsing.parse_weight(f"{t}g", "weight")),
        ("dims", lambda t: parsing.parse_dims(f"{t}x10x10", "dims")),
        ("size", lambda t: parsing.parse_size_class(t, "size")),
    ):
        with pytest.raises(InvalidInput) as refused:
            parse(text)
        assert refused.value.field == field
        assert "not 0-9" in refused.value.problem


def test_full_width_weights_dims_and_sizes_are_read():
    assert parsing.parse_weight("１．２ｋｇ") == 1200
    assert parsing.parse_weight("1,200g") == 1200
    assert parsing.parse_dims("３０ｘ２０ｘ１０") == (30, 20, 10)
    assert parsing.parse_size_class("８０") == 80

import csv
import datetime as dt
import hashlib
import io
import json
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import liquidator.items_csv
from liquidator.errors import InvalidInput
from liquidator.fields import LISTING_ATTRIBUTES, LOT_ATTRIBUTES
from liquidator.items_csv import COLUMNS, column_keys, parse_items_csv, row_key
from liquidator.parsing import BIDI_CONTROLS, EARLIEST_DATE, LATEST_DATE
from liquidator.settings.defaults import DEFAULTS

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

TODAY = dt.date(2026, 11, 25)
KEYS = {
    "title",
    "domestic_only",
    "quotes",
    "qty",
    "unit_cost",
    "purchased_on",
    "size_class",
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_g",
    "sku",
    "asin",
    "jan",
    "category",
    "source",
    "order_id",
    "market_price",
    "return_by",
    "hazmat",
    "note",
    "import_key",
    *LISTING_ATTRIBUTES,
    *LOT_ATTRIBUTES,
}


def parse(text: str, *, encoding: str = "utf-8", source: str = "items.csv") -> list[dict]:
    return parse_items_csv(text.encode(encoding), source=source, today=TODAY, channels=CHANNELS)


def error(text: str, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(text, **kwargs)
    return caught.value


def test_a_full_row():
    text = (
        "title,cost,qty,purchased,days_held,size,dims,weight,sku,asin,jan,category,source,"
        "order_id,market_price,return_by,hazmat,note\n"
        'Pokemon Booster Box,"5,400",2,2026-11-01,,,30x20x10,1.2kg,PKM-1,B0CJX2ABCD,'
        '4902370550733,toys,Yodobashi,111-2223334-5556667,6000,2026-12-01,no,"bought for order,\n'
        'buyer cancelled"\n'
    )
    (row,) = parse(text)
    assert set(row) == KEYS
    assert row | {"import_key": None} == {
        "title": "Pokemon Booster Box",
        "qty": 2,
        "unit_cost": 5400,
        "purchased_on": dt.date(2026, 11, 1),
        "size_class": 60,
        "length_cm": 30.0,
        "width_cm": 20.0,
        "height_cm": 10.0,
        "weight_g": 1200,
        "sku": "PKM-1",
        "asin": "B0CJX2ABCD",
        "jan": "4902370550733",
        "category": "toys",
        "source": "Yodobashi",
        "order_id": "111-2223334-5556667",
        "market_price": 6000,
        "return_by": dt.date(2026, 12, 1),
        "hazmat": False,
        "domestic_only": False,
        "quotes": None,
        "note": "bought for order,\nbuyer cancelled",
        "import_key": None,
        **dict.fromkeys(LISTING_ATTRIBUTES),
        **dict.fromkeys(LOT_ATTRIBUTES),
    }
    assert row["import_key"].startswith("v1:") and len(row["import_key"]) == 67


def test_minimal_row_gets_defaults():
    (row,) = parse("title,cost,size\nMug,1200,80\n")
    assert row["qty"] == 1
    assert row["purchased_on"] == TODAY
    assert row["size_class"] == 80
    assert row["length_cm"] is row["weight_g"] is row["note"] is row["market_price"] is None
    assert row["hazmat"] is False


def test_days_held_counts_back_from_today():
    (row,) = parse("title,cost,size,days_held\nMug,1200,60,30\n")
    assert row["purchased_on"] == dt.date(2026, 10, 26)


def test_size_from_dims_and_weight():
    rows = parse("title,cost,dims,weight\nA,100,30x20x10,800g\nB,100,30x20x10,6kg\n")
    assert [r["size_class"] for r in rows] == [60, 100]


def test_explicit_size_wins_over_dims():
    (row,) = parse("title,cost,size,dims\nA,100,120,30x20x10\n")
    assert row["size_class"] == 120 and row["length_cm"] == 30.0


def test_headers_are_forgiving():
    (row,) = parse(
        "\ufeff Title ,--COST,Days-Held,Order ID,size\nMug,1200,3,111-0000001-0000001,60\r\n"
    )
    assert row["order_id"] == "111-0000001-0000001"
    assert row["purchased_on"] == dt.date(2026, 11, 22)


def test_cp932_from_excel():
    (row,) = parse("title,cost,size,note\nトトロ ぬいぐるみ,3200,80,箱つぶれ\n", encoding="cp932")
    assert row["title"] == "トトロ ぬいぐるみ"
    assert row["note"] == "箱つぶれ"


def test_blank_lines_and_trailing_commas_are_ignored():
    rows = parse("title,cost,size,\n\nMug,1200,60,\n,,,\nCup,800,60\n")
    assert [r["title"] for r in rows] == ["Mug", "Cup"]


def test_header_only_gives_nothing():
    assert parse("title,cost,size\n") == []


# --- errors -----------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_its_line():
    text = "title,cost,size\nMug,1200,60\nCup,abc,60\nBowl,900,60\n"
    exc = error(text)
    assert exc.message == "items.csv line 3: cost: 'abc' is not a whole number"
    assert exc.field == "items.csv line 3"


def test_every_bad_row_and_field_is_named_on_one_line():
    text = (
        "title,cost,qty,size,purchased,days_held\n"
        ",1200,1,60,,\n"  # line 2: no title
        "Cup,0,0,60,,\n"  # line 3: cost and qty
        "Bowl,900,1,70,,\n"  # line 4: size
        "Vase,900,1,60,2026-11-26,\n"  # line 5: future
        "Pot,900,1,60,2026-11-01,3\n"  # line 6: both
        "Ok,900,1,60,,\n"
    )
    exc = error(text)
    assert "\n" not in exc.message
    parts = exc.message.split("; ")
    assert parts[0] == "items.csv line 2: title: is required"
    assert parts[1] == "items.csv line 3: cost: must be at least 1, got 0"
    assert parts[2] == "items.csv line 3: qty: must be at least 1, got 0"
    assert parts[3].startswith("items.csv line 4: size: '70' is not a parcel class")
    assert parts[4] == (
        "items.csv line 5: purchased: 2026-11-26 is in the future (today is 2026-11-25)"
    )
    assert parts[5] == "items.csv line 6: purchased: give purchased or days_held, not both"
    assert len(parts) == 6


def test_line_numbers_follow_multi_line_cells():
    text = 'title,cost,size,note\nMug,1200,60,"two\nlines"\nCup,x,60,\n'
    assert error(text).message.startswith("items.csv line 4: cost:")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("Mug,1200,,,", "size: give size (60..200), or dims like 30x20x10"),
        ("Mug,1200,,,2kg", "size: give size"),
        ("Mug,1200,,30x20,", "dims: '30x20' is not three sides"),
        ("Mug,1200,,150x50x10,", "dims: the three sides add up to 210 cm"),
        ("Mug,1200,,30x20x10,40kg", "weight: 40 kg is over the heaviest parcel class"),
        ("Mug,1200,60,,heavy", "weight: 'heavy' is not a weight"),
    ],
)
def test_size_errors(row, words):
    exc = error("title,cost,size,dims,weight\n" + row + "\n")
    assert exc.message.startswith(f"items.csv line 2: {words}")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("days_held", "-1", "days_held: must be at least 0"),
        ("days_held", "99999999", "days_held: 99999999 is more than the limit of 9,000"),
        ("purchased", "2026/13/01", "purchased: '2026/13/01' is not a date"),
        ("return_by", "soon", "return_by: 'soon' is not a date"),
        ("market_price", "lots", "market_price: 'lots' is not a whole number"),
        ("hazmat", "maybe", "hazmat: 'maybe' is not yes/no"),
        ("jan", "4.90237E+12", "jan: '4.90237E+12' is not a JAN code"),
        ("sku", "x" * 201, "sku: is 201 characters long; the limit is 200"),
        ("title", "t" * 501, "title: is 501 characters long; the limit is 500"),
        ("note", "n" * 10_001, "note: is 10001 characters long; the limit is 10000"),
        ("category", "a\x1bb", "category: contains a control character"),
    ],
)
def test_field_errors(column, value, words):
    header = "title,cost,size" if column == "title" else f"title,cost,size,{column}"
    row = f"{value},100,60" if column == "title" else f"Mug,100,60,{value}"
    exc = error(f"{header}\n{row}\n")
    assert exc.message.startswith(f"items.csv line 2: {words}")


def test_hazmat_yes_and_market_price():
    (row,) = parse("title,cost,size,hazmat,market_price\nSpray,500,60,yes,¥800\n")
    assert row["hazmat"] is True and row["market_price"] == 800


def test_market_price_must_be_above_zero_as_in_add():
    exc = error("title,cost,size,market_price\nSpray,500,60,0\n")
    assert exc.message == "items.csv line 2: market_price: must be at least 1, got 0"


def test_value_under_a_blank_header_is_a_bad_row():
    exc = error("title,cost,size,\nMug,1200,60,oops\n")
    assert exc.message == (
        "items.csv line 2: cells: cell 4 has a value but no column name in the header"
    )


def test_too_many_cells_is_a_bad_row():
    assert error("title,cost,size\nMug,1200,60,extra\n").message.startswith(
        "items.csv line 2: cells: cell 4"
    )


def test_many_errors_are_capped():
    text = "title,cost,size\n" + "".join(f"Mug,x{i},60\n" for i in range(50))
    message = error(text).message
    assert message.count("; ") == 20
    assert message.endswith("… 30 more errors (50 bad rows in all)")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title,cost,size,colour,weight_kg\n", "unknown columns colour, weight_kg"),
        ("title,size\nMug,60\n", "missing required column cost"),
        ("cost,size\n100,60\n", "missing required column title"),
        ("title,cost\nMug,100\n", "needs a size column"),
        ("title,cost,size,Size\n", "column size appears more than once"),
        ("\n\ntitle,cost,size\n", "line 1 must be a header row"),
        ("", "is empty"),
    ],
)
def test_file_level_errors_name_the_file(text, words):
    exc = error(text)
    assert exc.field == "items.csv"
    assert words in exc.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04\x14\x00", "Excel"),
        (b"title,cost\x00,size", "binary"),
        (b"title,cost,size\n\x80\xff\xfe,1,60\n", "neither UTF-8 nor Shift_JIS"),
    ],
)
def test_junk_files(data, words):
    with pytest.raises(InvalidInput, match=words):
        parse_items_csv(data, source="items.csv", today=TODAY, channels=CHANNELS)


# --- idempotency keys -------------------------------------------------------------------


def test_keys_are_stable_across_reimport_reorder_and_formatting():
    first = parse("title,cost,size\nMug,1200,60\nCup,800,80\n")
    again = parse("title,cost,size\nMug,1200,60\nCup,800,80\n")
    reordered = parse('\ufeffsize,cost,title\r\n80,800,Cup\r\n60,"1,200",Mug \r\n')
    assert [r["import_key"] for r in first] == [r["import_key"] for r in again]
    assert {r["import_key"] for r in first} == {r["import_key"] for r in reordered}


def test_appending_a_row_keeps_the_old_keys():
    old = parse("title,cost,size\nMug,1200,60\n")
    new = parse("title,cost,size\nMug,1200,60\nCup,800,80\n")
    assert new[0]["import_key"] == old[0]["import_key"]
    assert new[1]["import_key"] != old[0]["import_key"]


def test_identical_rows_in_one_file_get_distinct_keys():
    rows = parse("title,cost,size\nMug,1200,60\nMug,1200,60\n")
    assert rows[0]["import_key"] != rows[1]["import_key"]
    assert rows[0]["import_key"] == parse("title,cost,size\nMug,1200,60\n")[0]["import_key"]


def test_any_changed_field_changes_the_key():
    base = parse("title,cost,size,purchased\nMug,1200,60,2026-11-01\n")[0]
    for text in (
        "Mug,1201,60,2026-11-01",
        "Mug,1200,80,2026-11-01",
        "Mug,1200,60,2026-11-02",
        "mug,1200,60,2026-11-01",
    ):
        other = parse("title,cost,size,purchased\n" + text + "\n")[0]
        assert other["import_key"] != base["import_key"]


def test_row_key_matches_the_stored_key():
    (row,) = parse("title,cost,size\nMug,1200,60\n")
    assert row_key(row) == row["import_key"]
    assert row_key(row, occurrence=2) != row["import_key"]


def test_columns_match_add_options():
    import typer.main

    from liquidator.cli import app

    add = typer.main.get_command(app).get_command(None, "add")
    options = [p.name for p in add.params if p.name not in {"as_of", "json_out"}]
    assert tuple(options) == COLUMNS


# --- properties -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_return_or_raise_invalid_input(data):
    try:
        rows = parse_items_csv(data, source="fuzz.csv", today=TODAY, channels=CHANNELS)
    except InvalidInput:
        return
    assert all(set(row) == KEYS for row in rows)


cell = st.text(alphabet=st.sampled_from(list('0123456789xkg-.,"\n\r\t aZ円¥\x00é')), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(cell, max_size=9), max_size=5),
)
def test_rows_under_a_valid_header_return_or_raise_invalid_input(columns, rows):
    text = "\n".join([",".join(["title", "cost", "size", *columns])] + [",".join(r) for r in rows])
    try:
        parsed = parse_items_csv(text.encode(), source="fuzz.csv", today=TODAY, channels=CHANNELS)
    except InvalidInput:
        return
    assert all(set(row) == KEYS for row in parsed)


# --- keys stay byte-identical; fast paths agree with add's parsers ----------------------

STABLE = (
    "title,cost,qty,purchased,days_held,size,dims,weight,sku,asin,jan,category,source,"
    "order_id,market_price,return_by,hazmat,note\n"
    'Pokemon Booster Box,"5,400",2,2026-11-01,,,30x20x10,1.2kg,PKM-1,B0CJX2ABCD,'
    '4902370550733,toys,Yodobashi,111-2223334-5556667,6000,2026-12-01,no,"bought for order,\n'
    'buyer cancelled"\n'
    'トトロ "ぬいぐるみ" \\ 特大,3200,1,,3,,45.5x0.1x12.25,800g,,,,,楽天,,,,yes,\t箱つぶれ\n'
    "Mug,1200,1,,,60,,,,,,,,,,,,\n"
    "Mug,1200,1,,,60,,,,,,,,,,,,\n"
)


def test_keys_are_byte_identical_to_the_ones_already_stored():
    # Made by the first release's parser: a re-import must find exactly these.
    assert [row["import_key"] for row in parse(STABLE)] == [
        "v1:aefcf78dc4a37f043482dcc02a3a145d854668ceeb42919e58e90a498bfc2ee7",
        "v1:e62f32c2eb70e8b70134a00f5993f7a01e5f74e176f60f62e1814603c451b9f1",
        "v1:c065fe3043e93c0db402a2d1baa30ec67c573f64111f729c3f08604e5c0444ec",
        "v1:0c047fd13f09b5c8f169d207225292c8582aa6b40d7334808ee6eac967742baa",
    ]


def defined_key(row: dict, occurrence: int) -> str:
    """The key as the module docstring defines it, spelled out independently: fields
    added later (domestic_only, quotes, the listing fields) count only when not at their
    default."""
    later = {"domestic_only": False, "quotes": None, **dict.fromkeys(LISTING_ATTRIBUTES),
             **dict.fromkeys(LOT_ATTRIBUTES)}  # fmt: skip
    values = {
        key: row[key]
        for key in sorted(row)
        if key != "import_key" and not (key in later and row[key] == later[key])
    }
    payload = json.dumps([values, occurrence], default=str, ensure_ascii=False, sort_keys=True)
    return "v1:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


# What a seller can type: no control characters and no text-direction controls (both
# refused at entry, each by its own test).
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI_CONTROLS)
    | st.sampled_from('"\\,\t\n'),
    max_size=15,
)
day = st.dates(EARLIEST_DATE, TODAY).map(str)
side = st.decimals(min_value="0.1", max_value="300", places=2).map(lambda d: f"{d.normalize():f}")
valid_cells = {
    "title": printable.filter(str.strip),
    "cost": st.integers(1, 10**9).map(str) | st.integers(1, 10**6).map(lambda n: f"¥{n:,}"),
    "qty": st.sampled_from(["", "1", "2", "12"]),
    "purchased": st.one_of(st.just(""), day),
    "size": st.sampled_from(["60", "80", "100", "120", "140", "160", "180", "200"]),
    "dims": st.one_of(st.just(""), st.tuples(side, side, side).map("x".join)),
    "weight": st.one_of(
        st.just(""),
        st.integers(1, 30_000).map(lambda n: f"{n}g"),
        st.decimals(min_value="0.001", max_value="30", places=3).map(lambda d: f"{d}kg"),
    ),
    "sku": printable, "asin": printable, "category": printable, "source": printable,
    "order_id": st.one_of(st.just(""), st.from_regex(r"[0-9]{3}-[0-9]{7}-[0-9]{7}", fullmatch=True)),
    "jan": st.one_of(st.just(""), st.integers(0, 10**13).map(str)),
    "market_price": st.one_of(st.just(""), st.integers(1, 10**8).map(str)),
    "return_by": st.one_of(st.just(""), st.dates(EARLIEST_DATE, LATEST_DATE).map(str)),
    "hazmat": st.sampled_from(["", "yes", "no", "1", "0", "TRUE"]),
    "note": printable,
    "domestic_only": st.sampled_from(["", "yes", "no"]),
    "quote": st.sampled_from(["", "kaitori=48000", "yahoo=1200,ebay=3000"]),
    "condition": st.sampled_from(["", "new", "used good", "未使用に近い"]),
    "title_en": printable, "description_ja": printable,
    "photo": st.sampled_from(["", "a.jpg", "a.jpg|https://example.com/b.jpg"]),
    "ebay_category": st.sampled_from(["", "31388"]),
}  # fmt: skip


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_keys_match_their_definition(data):
    header = list(valid_cells)
    rows = data.draw(
        st.lists(st.tuples(*[valid_cells[c] for c in header]).map(list), min_size=1, max_size=4)
    )
    rows += data.draw(st.lists(st.sampled_from(rows), max_size=3))  # repeats: occurrence 2, 3
    seen: dict[str, int] = {}
    for row in parse(csv_text(header, rows)):
        first = defined_key(row, 1)
        seen[first] = seen.get(first, 0) + 1
        assert row["import_key"] == defined_key(row, seen[first])
        assert row_key(row, occurrence=seen[first]) == row["import_key"]


# Any value a column may hold, some kinds mixed in one column: the key's own writers
# for each type must give the encoder's bytes (NaN, -0.0, 1e16, a time, a bool among ints).
any_value = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), printable,
    st.dates(), st.datetimes(timezones=st.none() | st.just(dt.UTC)),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"title": printable, "unit_cost": any_value, "length_cm": any_value,
                               "domestic_only": any_value, "quotes": any_value}),
        min_size=1, max_size=5,
    ).flatmap(lambda rows: st.lists(st.sampled_from(rows), min_size=len(rows), max_size=8))
)  # fmt: skip
def test_keys_made_a_column_at_a_time_are_each_rows_defined_key(rows):
    seen: dict[str, int] = {}
    expected = []
    for row in rows:
        first = defined_key(row, 1)
        seen[first] = seen.get(first, 0) + 1
        expected.append(defined_key(row, seen[first]))
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    for chunk in (1, 3, 4096):  # made a chunk of rows at a time: repeats span chunks
        with mock.patch.object(liquidator.items_csv, "_KEY_ROWS", chunk):
            assert column_keys(columns) == expected
    assert [row_key(row) for row in rows] == [defined_key(row, 1) for row in rows]


odd_cell = st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789.,xX×*kgKGcm -+_¥円E٣²１\xa0\x85\x1b\t\n\"a")),
            max_size=10),
    st.sampled_from(["0", "007", "999999999", "1000000000", "2147483648", "1e3", " 60 ",
                     "60cm", "1000000g", "1000001g", "0x1x1", "1001x1x1", "2026-02-30",
                     "20261101", "2026-W01-1", " 2026-11-01 ", "Yes", "t" * 201]),
)  # fmt: skip


def add_parser(column: str):
    """What ``add``'s parsing helpers make of a cell in ``column`` (value, or the error)."""
    import liquidator.parsing as p

    def parse_cell(cell: str):
        if not cell.strip() and column not in ("hazmat", "sku", "note"):
            return None
        return {
            "cost": lambda: p.parse_int(cell, "cost", minimum=1),
            "qty": lambda: p.parse_int(cell, "qty", minimum=1, maximum=1_000_000),
            "market_price": lambda: p.parse_int(cell, "market_price", minimum=1),
            "size": lambda: p.parse_size_class(cell, "size"),
            "dims": lambda: p.parse_dims(cell, "dims"),
            "weight": lambda: p.parse_weight(cell, "weight"),
            "purchased": lambda: p.parse_date(cell, "purchased"),
            "return_by": lambda: p.parse_date(cell, "return_by"),
            "hazmat": lambda: p.parse_bool(cell, "hazmat"),
            "sku": lambda: p.clean_text(cell, "sku", max_length=200) or None,
            "note": lambda: p.clean_text(cell, "note", max_length=10_000) or None,
            "title": lambda: p.clean_text(cell, "title", max_length=500),
        }[column]()

    return parse_cell


FIELD = {"cost": "unit_cost", "size": "size_class", "weight": "weight_g",
         "purchased": "purchased_on"}  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["cost", "qty", "market_price", "size", "dims", "weight", "purchased",
                        "return_by", "hazmat", "sku", "note", "title"]), odd_cell)  # fmt: skip
def test_cells_mean_what_add_makes_of_them(column, cell):
    header = ["title", "cost", "size"] + (
        [column] if column not in ("title", "cost", "size") else []
    )
    row = {"title": "Mug", "cost": "100", "size": "60", column: cell}
    text = csv_text(header, [[row[c] for c in header]])
    if column in ("title", "cost", "size") and not cell.strip():
        return  # a required cell: the import's own message (tested above)
    try:
        expected = add_parser(column)(cell)
    except InvalidInput as exc:
        expected = exc
    if column == "purchased" and isinstance(expected, dt.date) and expected > TODAY:
        return  # the future-date check is the import's own (tested above)
    try:
        (parsed,) = parse(text)
    except InvalidInput as exc:
        assert isinstance(expected, InvalidInput), (cell, exc)
        assert exc.message == f"items.csv line 2: {expected.message}"
        return
    assert not isinstance(expected, InvalidInput), (cell, expected)
    if column == "dims":
        got = (parsed["length_cm"], parsed["width_cm"], parsed["height_cm"])
        assert got == (expected or (None, None, None))
    elif column == "purchased":
        assert parsed["purchased_on"] == (expected or TODAY)
    elif column == "qty":
        assert parsed["qty"] == (1 if expected is None else expected)
    else:
        assert parsed[FIELD.get(column, column)] == expected


_CELLS = {
    "title": st.sampled_from(["", "カメラ", "  lens  ", "x" * 501, "bad\x07"]),
    "cost": st.sampled_from(["", "1000", "1,200", "0", "abc", "¥3,000"]),
    "qty": st.sampled_from(["", "1", "3", "0"]),
    "purchased": st.sampled_from(["", "2026-01-15", "2026-13-01", "2099-01-01"]),
    "days_held": st.sampled_from(["", "10", "-1"]),
    "size": st.sampled_from(["", "60", "100", "90"]),
    "dims": st.sampled_from(["", "30x20x10", "100x100x100", "3x"]),
    "weight": st.sampled_from(["", "800g", "40kg", "heavy"]),
    "jan": st.sampled_from(["", "4900000000001", "4.9E+12"]),
    "quote": st.sampled_from(["", "kaitori=48000", "kaitori"]),
}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=8))
def test_a_file_parses_each_row_as_add_would(rows):
    """Column-wise parsing of a file gives each row what ``add`` gives it alone:
    the same values, or the same bad fields with the same messages."""
    from liquidator.field_values import parse_columns, parse_fields
    from liquidator.fields import InvalidFields

    columns = {name: [row[name] for row in rows] for name in _CELLS}
    result = parse_columns(columns, as_of=TODAY, length=len(rows), channels=CHANNELS)
    for index, row in enumerate(rows):
        try:
            alone = parse_fields(row, as_of=TODAY, channels=CHANNELS)
        except InvalidFields as exc:
            got = [(e.field, e.problem) for e in result.errors.get(index, [])]
            assert got == [(e.field, e.problem) for e in exc.errors]
        else:
            assert index not in result.errors
            assert {name: column[index] for name, column in result.values.items()} == alone

"""Bookkeeping exports: the cell rules, the CSV writer, the journal and the export builders."""

import csv
import datetime as dt
import importlib.util
import io
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.bookkeeping.journal import journal_entries
from liquidator.bookkeeping.layouts import get_layout
from liquidator.db import open_database
from liquidator.disposal_facts import RECORDED, facts_of
from liquidator.errors import InvalidInput
from liquidator.exports import EXPORTS, ITEM_EXPORT, SALES_EXPORT, ExportKind, build_export
from liquidator.exports.cells import neutralise, text_column
from liquidator.exports.writer import ENCODINGS, CsvTable, encode_csv
from liquidator.field_values import parse_fields
from liquidator.models import Disposal
from liquidator.settings import load_settings
from liquidator.settings.defaults import DEFAULTS
from liquidator.store.disposals import insert_disposal, set_listing
from liquidator.store.items import get_item, insert_items
from liquidator.workspace import resolve_workspace

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

DAY = dt.date(2026, 3, 2)
SETTINGS = load_settings(None)
GENERIC = get_layout("generic")
# The account names these tests were written against (the journal's old built-in names).
ACCOUNTS = {
    "cash": "Cash",
    "receivable": "Receivable",
    "purchases": "Purchases",
    "purchase_returns": "Purchase returns",
    "fees": "Selling fees",
    "shipping": "Shipping",
    "sales": "Sales",
    "cost_of_goods": "Cost of goods sold",
    "inventory": "Inventory",
    "loss": "Inventory write-off",
    "other_costs": "Other selling costs",
    "payable": "Payable",
    "petty_cash": "Petty cash",
    "refund_receivable": "Refund receivable",
    "fx_loss": "FX loss",
}
ITEM_HEADER = ["item_id" if name == "id" else name for name in ITEM_EXPORT]


def read_back(data: bytes, encoding="utf-8"):
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def disposal(**overrides):
    record = {
        "id": 7,
        "item_id": 34,
        "title": "ポケモンカード 151 BOX",
        "channel": "yahoo",
        "qty": 1,
        "price": 10_000,
        "fees": 1_000,
        "shipping": 850,
        "net_cash": 8_150,
        "cost_basis": 12_000,
        "profit": -3_850,
        "sold_on": DAY,
        "note": None,
        "payout_fee": 0,
        "intl_shipping": 0,
    }
    record.update(overrides)
    return record


@pytest.fixture
def database(db_url, tmp_path):
    db = open_database(resolve_workspace(home=tmp_path, db=db_url))
    yield db
    db.dispose()


def item_values(title="Item", qty=1, cost=1, purchased=dt.date(2026, 1, 1), **more):
    raw = {"title": title, "cost": cost, "qty": qty, "size": "60",
           "purchased": purchased.isoformat(), **more}  # fmt: skip
    return parse_fields(raw, as_of=DAY, channels=CHANNELS)


DISPOSAL_VALUES = ("channel", "qty", "price", "fees", "shipping", "net_cash", "cost_basis",
                   "profit", "sold_on", "note")  # fmt: skip


def seed_disposals(database, records) -> list[int]:
    """Each record as a disposal of its own item (titled as the record); their ids."""
    ids = []
    with database.transaction() as session:
        item_ids = insert_items(
            session=session,
            rows=[item_values(r["title"], qty=r["qty"], cost=r["cost_basis"]) for r in records],
            as_of=DAY,
        )
        for item_id, record in zip(item_ids, records, strict=True):
            item = get_item(session=session, item_id=item_id)
            values = {name: record[name] for name in DISPOSAL_VALUES} | {
                "reference_price": record["cost_basis"],
                **facts_of(SETTINGS.channels[record["channel"]]),
            }
            stored = insert_disposal(session=session, item=item, values=values)
            ids.append(stored.id)
    return ids


def export(database, kind, as_of=DAY) -> CsvTable:
    with database.session() as session:
        return build_export(kind, session=session, settings=SETTINGS, as_of=as_of)


def as_dicts(table: CsvTable) -> list[dict]:
    return [dict(zip(table.header, row, strict=True)) for row in table.rows()]


def journal(records, accounts=ACCOUNTS, settings=SETTINGS) -> list[list]:
    """The generic layout's rows for these disposal records (the journal, pure), each
    recorded on its channel as ``settings`` define it."""
    names = ("id", "item_id", "title", "channel", "price", "fees", "shipping", "net_cash",
             "cost_basis", "payout_fee", "intl_shipping")  # fmt: skip
    records = [facts_of(settings.channels[r["channel"]]) | r for r in records]
    columns = {name: np.array([r[name] for r in records], dtype=object) for name in names}
    for name in RECORDED:
        columns[name] = np.array([r[name] for r in records], dtype=object)
    columns["sold_on"] = np.array([r["sold_on"] for r in records], dtype="datetime64[D]")
    entries = journal_entries(columns, settings)
    assert all(entry.balanced for entry in entries)
    return [list(row) for entry in entries for row in GENERIC.entry_rows(entry, accounts)]


# --- cell rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_neutraliser_on_every_prefix(prefix):
    cell = neutralise(prefix + "1+2")
    assert cell == "'" + prefix + "1+2"


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (-500, "-500"),  # a number stays a number
        (np.int64(-500), "-500"),
        (-500.0, "-500"),
        ("-500", "'-500"),  # text that looks like a number is still text
        (12.5, "12.5"),
        (None, ""),
        (float("nan"), ""),
        (np.datetime64("NaT"), ""),  # columns are numpy now: no pandas NaT/NA reach a cell
        (np.float64("nan"), ""),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (np.datetime64("2026-01-05"), "2026-01-05"),
        (True, "true"),
        ("ポケモン", "ポケモン"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_values(cell, text):
    assert neutralise(cell) == text


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (np.float64(3.0), "3"),
        (np.bool_(False), "false"),
        (dt.datetime(2026, 1, 5, 10, 30), "2026-01-05T10:30:00"),
        (np.str_("=1"), "'=1"),
        ("@", "'@"),
        (0, "0"),
    ],
)
def test_neutralise_beyond_the_fast_paths(cell, text):
    assert neutralise(cell) == text


def _random_columns(seed, n=60):
    rng = np.random.default_rng(seed)
    texts = ["ポケモン〜セット", "=SUM(A1)", "-500", "+81 phone", "@user", "\tTab", "a,b",
             'say "hi"', "line\r\nbreak", "plain", "", "限定 セット"]  # fmt: skip

    def maybe(value, p=0.3):
        return None if rng.random() < p else value

    def days(p=0.3):
        return np.array(
            [maybe(np.datetime64("2026-01-01") + int(rng.integers(-400, 300)), p) or "NaT"
             for _ in range(n)],
            dtype="datetime64[D]",
        )  # fmt: skip

    def floats(low, high, plus=0.0):
        return np.array(
            [np.nan if (v := maybe(float(rng.integers(low, high)) + plus)) is None else v
             for _ in range(n)]
        )  # fmt: skip

    return {
        "item_id": rng.permutation(n) + 1,
        "title": np.array([str(rng.choice(texts)) for _ in range(n)], dtype=object),
        "qty": rng.integers(0, 6, n),
        "market_price": floats(-100, 90_000),
        "listed_price": floats(0, 9_000, plus=0.5),
        "purchased_on": days(0.1),
        "return_by": days(),
        "hazmat": rng.random(n) < 0.5,
        "category": np.array([maybe(str(rng.choice(texts))) for _ in range(n)], dtype=object),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_cells_follow_the_cell_rules(seed):
    # The column fast paths against the cell-by-cell rules, and both written the same.
    columns = _random_columns(seed)
    header = list(columns)
    texts = [text_column(values) for values in columns.values()]
    expected = [[neutralise(cell) for cell in values.tolist()] for values in columns.values()]
    assert texts == expected
    table = CsvTable(header, texts, [f"item {i}" for i in columns["item_id"].tolist()])
    for encoding in ("utf-8", "cp932"):
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([header, *zip(*expected, strict=True)])
        text = out.getvalue()
        want = (text.replace("〜", "～") if encoding == "cp932" else text).encode(encoding)
        assert encode_csv(table, encoding=encoding) == want


# --- the writer ---------------------------------------------------------------------------


def test_bad_encoding_and_errors():
    table = CsvTable(["a"], [[]], [])
    with pytest.raises(InvalidInput) as raised:
        encode_csv(table, encoding="latin-1")
    assert raised.value.field == "encoding"
    with pytest.raises(InvalidInput) as raised:
        encode_csv(table, errors="ignore")
    assert raised.value.field == "errors"


def test_progress_is_reported():
    calls = []
    table = CsvTable(["n"], [[str(n) for n in range(2500)]], [f"row {n}" for n in range(2500)])
    encode_csv(table, progress=lambda done, total: calls.append(done))
    assert calls == [1000, 2000, 2500]


# --- sales export -------------------------------------------------------------------------


def test_hyperlink_title_no_longer_starts_with_equals(database):
    seed_disposals(database, [disposal(title='=HYPERLINK("http://evil.example","click")')])
    table = export(database, "sales")
    parsed = read_back(encode_csv(table))
    title = parsed[1][parsed[0].index("title")]
    assert not title.startswith("=")
    assert title == '\'=HYPERLINK("http://evil.example","click")'


def test_negative_profit_stays_numeric_in_the_file(database):
    seed_disposals(database, [disposal()])
    parsed = read_back(encode_csv(export(database, "sales")))
    assert parsed[1][parsed[0].index("profit")] == "-3850"


def test_sales_rows_columns_and_types(database):
    (disposal_id,) = seed_disposals(database, [disposal()])
    table = export(database, "sales")
    assert list(table.header) == list(SALES_EXPORT) == [
        "date", "disposal_id", "item_id", "title", "channel", "channel_label", "kind", "qty",
        "price", "fees", "shipping", "net_cash", "cost_basis", "profit", "note",
    ]  # fmt: skip
    (row,) = as_dicts(table)
    with database.session() as session:
        item_id = session.get(Disposal, disposal_id).item_id
    assert row["date"] == "2026-03-02"
    assert row["disposal_id"] == str(disposal_id) and row["item_id"] == str(item_id)
    assert (row["price"], row["fees"], row["shipping"]) == ("10000", "1000", "850")
    assert row["profit"] == "-3850" and row["note"] == ""
    assert (row["channel"], row["channel_label"], row["kind"]) == (
        "yahoo",
        "Yahoo! Auctions",
        "sale",
    )


def test_crlf_line_ends_and_one_header(database):
    seed_disposals(database, [disposal(), disposal(id=8)])
    table = export(database, "sales")
    assert len(table) == 2
    data = encode_csv(table)
    assert data.count(b"\r\n") == 3
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_cp932_strict_names_the_record_and_writes_nothing(database):
    records = [disposal(id=n, item_id=n + 20) for n in range(1, 12)]
    records.append(disposal(id=12, item_id=34, title="限定 😀 セット"))
    ids = seed_disposals(database, records)
    with pytest.raises(InvalidInput) as raised:
        encode_csv(export(database, "sales"), encoding="cp932")
    assert str(raised.value) == (
        f"row 12 (disposal {ids[-1]}): title: '😀' cannot be written in cp932; use --errors replace"
    )


def test_cp932_replace_writes_question_mark(database):
    seed_disposals(database, [disposal(title="限定 😀 セット")])
    data = encode_csv(export(database, "sales"), encoding="cp932", errors="replace")
    parsed = read_back(data, "cp932")
    assert parsed[1][parsed[0].index("title")] == "限定 ? セット"


def test_cp932_maps_wave_dash_lookalikes(database):
    seed_disposals(database, [disposal(title="ポケモン〜セット − 2")])
    parsed = read_back(encode_csv(export(database, "sales"), encoding="cp932"), "cp932")
    assert parsed[1][parsed[0].index("title")] == "ポケモン～セット － 2"


def test_record_labels_name_each_export(database):
    (disposal_id,) = seed_disposals(database, [disposal()])
    assert export(database, "sales").labels == [f"disposal {disposal_id}"]
    assert set(export(database, "journal").labels) == {f"disposal {disposal_id}"}
    (item,) = as_dicts(export(database, "items"))
    assert export(database, "items").labels == [f"item {item['item_id']}"]


# --- items export -------------------------------------------------------------------------


def test_items_rows(database):
    values = item_values("ソニー ヘッドホン", qty=2, cost=4500, sku="SKU-1")
    with database.transaction() as session:
        (item_id,) = insert_items(session=session, rows=[values], as_of=DAY)
        item = get_item(session=session, item_id=item_id)
        set_listing(
            session=session, item=item, channel="yahoo", price=3000,
            listed_on=dt.date(2026, 2, 20),
        )  # fmt: skip
    table = export(database, "items")
    assert list(table.header) == ITEM_HEADER
    (row,) = as_dicts(table)
    assert row["item_id"] == str(item_id) and row["status"] == "listed"
    assert row["stock_value"] == "9000"
    assert row["days_held"] == str((DAY - dt.date(2026, 1, 1)).days)
    assert row["market_price"] == "" and row["listed_price"] == "3000"
    assert row["listed_on"] == "2026-02-20"
    assert row["jan"] == "" and row["note"] == ""
    data = encode_csv(table, encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = read_back(data, "utf-8-sig")
    assert parsed[0] == ITEM_HEADER
    assert parsed[1][ITEM_HEADER.index("purchased_on")] == "2026-01-01"
    assert parsed[1][ITEM_HEADER.index("sku")] == "SKU-1"


def test_an_empty_items_export_is_its_header(database):
    table = export(database, "items")
    assert len(table) == 0 and table.rows() == []
    assert encode_csv(table) == (",".join(ITEM_HEADER) + "\r\n").encode()


def test_items_cp932_strict_names_the_first_bad_item_and_writes_nothing(database):
    rows = [item_values(f"Item {n}") for n in range(30)]
    rows[20]["title"] = "限定 😀 セット"
    rows[7]["note"] = "👍 good"
    rows[7]["title"] = "ok 〜 wave"  # maps to cp932's ～: fine
    with database.transaction() as session:
        ids = insert_items(session=session, rows=rows, as_of=DAY)
    table = export(database, "items")
    with pytest.raises(InvalidInput) as raised:
        encode_csv(table, encoding="cp932")
    assert str(raised.value) == (
        f"row 8 (item {ids[7]}): note: '👍' cannot be written in cp932; use --errors replace"
    )
    parsed = read_back(encode_csv(table, encoding="cp932", errors="replace"), "cp932")
    assert parsed[21][ITEM_HEADER.index("title")] == "限定 ? セット"
    assert parsed[8][ITEM_HEADER.index("title")] == "ok ～ wave"


def test_progress_is_reported_for_column_rows(database):
    with database.transaction() as session:
        insert_items(session=session, rows=[item_values(cost=100)] * 2500, as_of=DAY)
    calls = []
    encode_csv(export(database, "items"), progress=lambda done, total: calls.append(done))
    assert calls == [1000, 2000, 2500]


# --- journal ------------------------------------------------------------------------------


PERPETUAL = SETTINGS.model_copy(
    update={"bookkeeping": SETTINGS.bookkeeping.model_copy(update={"method": "perpetual"})}
)


def test_journal_sale_lines_sanbunpo_books_a_receivable_and_no_cost():
    assert GENERIC.header == ("date", "entry", "account", "debit", "credit", "memo")
    memo = "ポケモンカード 151 BOX (ヤフオク!)"  # [bookkeeping] memo_lang = "ja"
    # Gross: the sale at its price, then each cost deducted from what Yahoo owes (fees
    # and おてがる配送 both come out of the 売上金), so the receivable left is the payout.
    assert journal([disposal()]) == [
        [DAY, 7, "Receivable", 10_000, 0, memo],
        [DAY, 7, "Sales", 0, 10_000, memo],
        [DAY, 7, "Selling fees", 1_000, 0, memo],
        [DAY, 7, "Receivable", 0, 1_000, memo],
        [DAY, 7, "Shipping", 850, 0, memo],
        [DAY, 7, "Receivable", 0, 850, memo],
    ]


def test_journal_sale_lines_perpetual_also_post_the_cost():
    rows = journal([disposal()], settings=PERPETUAL)
    assert [r[2:5] for r in rows][-2:] == [
        ["Cost of goods sold", 12_000, 0],
        ["Inventory", 0, 12_000],
    ]


def test_a_buy_back_shop_pays_cash_on_the_spot():
    rows = journal([disposal(channel="kaitori", fees=0, net_cash=9_150)])
    # The shop pays its full offer into the bank; the parcel was paid in cash apart.
    assert [r[2:5] for r in rows] == [
        ["Cash", 10_000, 0],
        ["Sales", 0, 10_000],
        ["Shipping", 850, 0],
        ["Petty cash", 0, 850],
    ]


def test_a_supplier_refund_is_never_a_sale():
    record = disposal(channel="supplier_return", price=12_000, fees=0, shipping=800,
                      net_cash=11_200)  # fmt: skip
    for settings, account in ((SETTINGS, "Purchase returns"), (PERPETUAL, "Inventory")):
        rows = journal([record], settings=settings)
        assert "Sales" not in [r[2] for r in rows] and "Receivable" not in [r[2] for r in rows]
        assert [account, 0, 12_000] in [r[2:5] for r in rows]
        assert ["Refund receivable", 12_000, 0] in [r[2:5] for r in rows]


def test_journal_tax_codes():
    from liquidator.bookkeeping.journal import EXEMPT_PURCHASE, EXPORT, PURCHASE_10, SALES_10

    def taxes(channel):
        names = ("id", "item_id", "title", "channel", "price", "fees", "shipping", "net_cash",
                 "cost_basis", "payout_fee", "intl_shipping")  # fmt: skip
        shipped_abroad = {"intl_shipping": 850} if channel == "ebay" else {}
        record = disposal(channel=channel, **shipped_abroad) | facts_of(SETTINGS.channels[channel])
        columns = {name: np.array([record[name]], dtype=object) for name in (*names, *RECORDED)}
        columns["sold_on"] = np.array([DAY], dtype="datetime64[D]")
        (entry,) = journal_entries(columns, SETTINGS)
        return {p.account: p.tax for p in entry.postings}

    assert taxes("ebay") == {"receivable": None, "fees": PURCHASE_10, "shipping": EXEMPT_PURCHASE,
                             "sales": EXPORT, "payable": None}  # fmt: skip
    assert taxes("yahoo")["sales"] == SALES_10


def test_journal_export_uses_the_settings_accounts(database):
    (disposal_id,) = seed_disposals(database, [disposal()])
    table = export(database, "journal")
    assert list(table.header) == list(GENERIC.header)
    accounts = SETTINGS.accounts
    assert accounts.receivable == "売掛金" and accounts.sales == "売上高"
    assert [(r["account"], r["debit"], r["credit"]) for r in as_dicts(table)] == [
        (accounts.receivable, "10000", "0"),
        (accounts.sales, "0", "10000"),
        (accounts.fees, "1000", "0"),
        (accounts.receivable, "0", "1000"),
        (accounts.shipping, "850", "0"),
        (accounts.receivable, "0", "850"),
    ]
    assert {r["entry"] for r in as_dicts(table)} == {str(disposal_id)}


def test_journal_writeoff_books_loss():
    record = disposal(channel="writeoff", price=0, fees=0, shipping=0, net_cash=0)
    accounts = {**ACCOUNTS, "loss": "雑損失", "inventory": "商品", "purchases": "仕入高"}
    rows = journal([record], accounts)
    assert [(r[2], r[3], r[4]) for r in rows] == [("雑損失", 12_000, 0), ("仕入高", 0, 12_000)]
    rows = journal([record], accounts, settings=PERPETUAL)
    assert [(r[2], r[3], r[4]) for r in rows] == [("雑損失", 12_000, 0), ("商品", 0, 12_000)]


def test_journal_balances_packaging_difference():
    rows = journal([disposal(net_cash=8_000)])
    assert ["Other selling costs", 150, 0] in [r[2:5] for r in rows]


money = st.integers(min_value=0, max_value=10_000_000)


@given(
    st.lists(
        st.tuples(
            money,
            money,
            money,
            st.integers(-50_000, 50_000),
            money,
            st.sampled_from(["yahoo", "ebay", "writeoff", "supplier_return"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_journal_balances_per_disposal(disposals):
    records = [
        disposal(
            id=n,
            price=price,
            fees=fees,
            shipping=shipping,
            net_cash=price - fees - shipping - extra,
            cost_basis=cost,
            channel=channel,
        )
        for n, (price, fees, shipping, extra, cost, channel) in enumerate(disposals, start=1)
    ]
    rows = journal(records, settings=PERPETUAL)
    debit, credit = defaultdict(int), defaultdict(int)
    for _date, entry, _account, dr, cr, _memo in rows:
        assert dr >= 0 and cr >= 0 and (dr == 0) != (cr == 0)
        assert type(dr) is int and type(cr) is int
        debit[entry] += dr
        credit[entry] += cr
    assert debit == credit
    for n, (price, _fees, _shipping, _extra, cost, _channel) in enumerate(disposals, start=1):
        sales = sum(r[4] for r in rows if r[1] == n and r[2] == "Sales")
        inventory = sum(r[4] - r[3] for r in rows if r[1] == n and r[2] == "Inventory")
        # Perpetual: the item's whole cost leaves inventory, whatever a refund brought.
        assert inventory == cost
        assert sales == (0 if _channel == "supplier_return" else price)


# --- every registered kind ----------------------------------------------------------------


def check_kind_contract(kind: ExportKind, table: CsvTable) -> None:
    """What every export kind is and builds: a named, described, dated entry of the
    registry, and a table whose header, columns and row labels agree and that its
    encoding writes."""
    assert EXPORTS.all()[kind.name] is kind
    assert kind.description.strip() and kind.dated_by.strip()
    assert table.encoding in ENCODINGS and table.line_ending in ("\r\n", "\n")
    if table.header is not None:
        assert len(table.header) == len(table.columns)
    assert all(len(column) == len(table) for column in table.columns)
    data = encode_csv(table, encoding=table.encoding)
    rows = read_back(data, table.encoding)
    assert len(rows) == len(table) + (table.header is not None)


@pytest.mark.parametrize("name", list(EXPORTS.all()))
def test_every_export_kind_keeps_the_contract_of_a_kind(database, name):
    check_kind_contract(EXPORTS.all()[name], export(database, name))  # nothing recorded yet
    seed_disposals(database, [disposal(), disposal(title="ハリオ V60", channel="kaitori"),
                              disposal(title="Nikon F3", channel="ebay")])  # fmt: skip
    with database.transaction() as session:  # and one item still held
        insert_items(session=session, rows=[item_values("Lamp", cost=900)], as_of=DAY)
    table = export(database, name)
    check_kind_contract(EXPORTS.all()[name], table)
    assert len(table) >= 1


THROWAWAY = r"""
from liquidator.exports import EXPORTS, ExportKind
from liquidator.exports.writer import CsvTable


def _channels(*, session, settings, as_of, start, end, layout):
    names = list(settings.channels)
    return CsvTable(("channel", "fee_rate"),
                    [names, [str(settings.channels[n].fee_rate) for n in names]],
                    [f"channel {n}" for n in names])


EXPORTS.register(ExportKind("channel_fees", "each channel's fee rate, for a test",
                            "nothing (settings have no date)", _channels))
"""


def test_an_export_kind_added_as_a_module_reaches_the_cli_and_the_contract(
    cli, tmp_path, monkeypatch, snapshot
):
    monkeypatch.setattr(EXPORTS, "entries", dict(EXPORTS.all()))  # forgotten after the test
    source = tmp_path / "channel_fees.py"
    source.write_text(THROWAWAY, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("channel_fees", source)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))

    shown = " ".join(cli.ok("export", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "channel_fees each channel's fee rate, for a test (--from/--to: nothing" in shown
    rows = read_back(cli.ok("export", "channel_fees").stdout.encode())
    assert rows[0] == ["channel", "fee_rate"] and ["yahoo", "0.1"] in rows
    check_kind_contract(EXPORTS.all()["channel_fees"], export_with(cli, "channel_fees"))
    before = snapshot(cli)
    line = cli.fails(2, "export", "bogus")
    assert line == f"Error: kind: 'bogus' is not one of {', '.join(EXPORTS.all())}"
    assert line.endswith(", channel_fees")
    assert cli.fails(2, "export", "channel_fees", "--layout", "yayoi") == (
        "Error: --layout: only the journal export has layouts"
    )
    assert snapshot(cli) == before


def export_with(cli, name: str) -> CsvTable:
    """The export ``name`` of ``cli``'s workspace, built by the core."""
    database = open_database(resolve_workspace(home=cli.home))
    try:
        with database.session() as session:
            return build_export(name, session=session, settings=SETTINGS, as_of=DAY)
    finally:
        database.dispose()

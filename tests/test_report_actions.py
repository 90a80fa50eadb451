"""The report's action list is held as columns and made into dicts as it is read: it
reads like the list it stands for (len, index, slice, iteration, equality), every
renderer and the JSON writer take it unchanged, and the JSON is byte for byte what
the list gives."""

import datetime as dt
import json

import numpy as np
import pytest

from liquidator.i18n import set_language
from liquidator.render import render
from liquidator.render.json import REPORT_DEPTH, iter_json
from liquidator.reports.actions import Actions
from liquidator.reports.aging import BEST_COLUMNS, STOCK_COLUMNS, build_aging_report
from liquidator.scoring import best_columns
from liquidator.settings import DEFAULTS

AS_OF = dt.date(2026, 3, 2)
CHANNELS = np.array(["yahoo", "ebay", "mercari", "supplier_return", None], dtype=object)
LABELS = {"yahoo": "Yahoo! Auctions", "ebay": "eBay"}


def columns(count, seed=7):
    """A stock of ``count`` items and their winners, as the store and scoring give them."""
    rng = np.random.default_rng(seed)
    item_id = np.arange(1, count + 1) * 3
    listed = rng.random(count) < 0.4
    listed_channel = np.where(listed, CHANNELS[rng.integers(0, 3, count)], None)
    returns = rng.random(count) < 0.3
    stock = {
        "item_id": item_id,
        "title": np.array(
            [f'品物 {i} "quoted"\n' if i % 5 == 0 else f"item {i}" for i in item_id], dtype=object
        ),  # fmt: skip
        "qty": rng.integers(1, 4, count),
        "unit_cost": rng.choice([500, 980, 12_000, 1_234_567], count),
        "days_held": rng.integers(0, 200, count),
        "status": np.where(listed, "listed", "in_stock").astype(object),
        "listed_channel": listed_channel,
        "listed_days": np.where(listed, rng.integers(0, 60, count), np.nan),
        "return_days_left": np.where(returns, rng.integers(-3, 12, count), np.nan),
    }
    channel = CHANNELS[rng.integers(0, len(CHANNELS), count)]
    priced = rng.random(count) < 0.7
    best = {
        "item_id": item_id,
        "channel": channel,
        "net_cash": np.where(channel == None, np.nan, rng.integers(-500, 90_000, count)),  # noqa: E711
        "days_to_cash": rng.integers(1, 30, count).astype(float),
        "holding_per_day": rng.random(count) * 20,
        "suggested_price": np.where(priced, rng.integers(1, 50_000, count), np.nan),
        "price_kind": np.where(
            priced, np.array(["list", "start"])[rng.integers(0, 2, count)], None
        ).astype(object),  # fmt: skip
        "target_days": rng.choice([30.0, 60.0, np.nan], count),
    }
    return stock, best


def build(stock, best, **options):
    return build_aging_report(
        stock=stock, best=best, disposals=None, as_of=AS_OF, buckets=[30, 60, 90],
        period_days=7, target_days=30, cancel_rate=None,
        channel_days={"yahoo": 7, "ebay": 30}, return_window_channels=["supplier_return"],
        channel_labels=LABELS, **options,
    )  # fmt: skip


@pytest.fixture
def actions():
    return build(*columns(400)).actions


def test_actions_are_held_as_columns_and_read_a_chunk_at_a_time(actions, monkeypatch):
    assert isinstance(actions, Actions) and len(actions) > 100
    made = []
    rows = Actions._rows

    def spy(self, where):
        made.append(len(range(*where.indices(len(self)))))
        return rows(self, where)

    monkeypatch.setattr(Actions, "CHUNK", 32)
    monkeypatch.setattr(Actions, "_rows", spy)
    stream = iter(actions)
    first = next(stream)
    assert made == [32]  # one chunk made, not the list
    rest = list(stream)
    assert sum(made) == len(actions) and max(made) == 32
    assert [first, *rest] == list(actions)
    made.clear()
    assert actions[5] == rest[4] and made == [1]


@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_the_chunk_size_never_shows(actions, chunk, monkeypatch):
    whole = list(actions)
    monkeypatch.setattr(Actions, "CHUNK", chunk)
    assert list(actions) == whole
    assert [a["item_id"] for a in actions] == [a["item_id"] for a in whole]


def test_actions_read_like_the_list_they_stand_for(actions):
    whole = list(actions)
    assert len(actions) == len(whole) and bool(actions)
    assert actions == whole and whole == actions and actions == tuple(whole)
    assert actions != whole[:-1] and actions != [*whole[:-1], {**whole[-1], "title": "x"}]
    assert actions != "not actions" and (actions == 5) is False
    for index in (0, 1, len(whole) - 1, -1, -len(whole)):
        assert actions[index] == whole[index]
    for bad in (len(whole), -len(whole) - 1):
        with pytest.raises(IndexError):
            actions[bad]
    for part in (slice(25), slice(3, 9), slice(-4, None), slice(None, None, 7),
                 slice(None, None, -3), slice(50, 10), slice(len(whole) + 5, None)):  # fmt: skip
        assert actions[part] == whole[part]
    assert list(reversed(actions)) == whole[::-1]
    assert whole[3] in actions and actions.index(whole[3]) == 3
    assert [type(v) for a in actions[:50] for v in a.values()] == [
        type(v) for a in whole[:50] for v in a.values()
    ]
    with pytest.raises(TypeError):
        hash(actions)
    # Each read makes new dicts: changing one changes nothing held.
    actions[0]["title"] = "changed"
    assert actions[0] == whole[0] and actions[0] is not actions[0]


def test_the_dicts_keep_their_keys_in_order_and_plain_values(actions):
    keys = ["item_id", "title", "days_held", "best_channel", "net_cash", "reason", "status",
            "listed_channel", "listed_days", "cut_price", "suggested_price", "price_kind",
            "least_loss", "plan"]  # fmt: skip
    for action in actions:
        assert list(action) == keys
    json.dumps(list(actions), ensure_ascii=False)  # no numpy value anywhere


def test_no_actions():
    stock, best = columns(30)
    stock["days_held"] = np.zeros(30, dtype=np.int64)
    stock["status"] = np.full(30, "in_stock", dtype=object)
    stock["return_days_left"] = np.full(30, np.nan)
    actions = build(stock, best).actions
    assert len(actions) == 0 and not actions and actions == [] and list(actions) == []
    assert actions[:25] == [] and actions[5:] == []
    with pytest.raises(IndexError):
        actions[0]
    empty = build({name: values[:0] for name, values in stock.items()}, None).actions
    assert empty == [] and list(empty) == []


def test_the_json_is_what_the_list_gives_byte_for_byte():
    data = build(*columns(400)).to_dict()
    assert isinstance(data["actions"], Actions)
    as_list = {**data, "actions": list(data["actions"])}
    assert render(data, "json") == render(as_list, "json")
    streamed = b"".join(iter_json(data, depth=REPORT_DEPTH, binary=True))
    assert streamed == b"".join(iter_json(as_list, depth=REPORT_DEPTH, binary=True))
    assert streamed.decode() + "\n" == render(as_list, "json")
    lines = render(data, "json").splitlines()
    start = lines.index('  "actions": [')
    for number, action in enumerate(as_list["actions"]):
        line = lines[start + 1 + number]
        assert line.startswith("    {") and json.loads(line.rstrip(",")) == action
    assert json.loads(render(data, "json")) == json.loads(json.dumps(as_list))
    # The CLI's JSON (on a terminal: json.dumps with its default) takes the sequence too.
    from liquidator.cli.context import _json_default

    assert json.dumps(data, default=_json_default) == json.dumps(as_list)


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "html"])
def test_every_renderer_takes_the_actions_as_it_took_the_list(fmt):
    data = build(*columns(120)).to_dict()
    assert render(data, fmt) == render({**data, "actions": list(data["actions"])}, fmt)


def test_the_reasons_keep_the_language_the_report_was_made_in():
    report = build(*columns(60))
    english = list(report.actions)
    set_language("ja")
    assert list(report.actions) == english
    assert build(*columns(60)).actions != english  # made in Japanese: worded in it


def test_the_report_reads_only_the_columns_it_lists(tmp_path):
    from liquidator.db import open_database
    from liquidator.demo import fill_demo
    from liquidator.store.items import read_stock
    from liquidator.workspace import resolve_workspace

    database = open_database(resolve_workspace(home=tmp_path, db=f"sqlite:///{tmp_path / 'x.db'}"))
    try:
        with database.transaction() as session:
            fill_demo(session=session, as_of=AS_OF)
        with database.session() as session:
            stock = read_stock(session.connection(), as_of=AS_OF)
    finally:
        database.dispose()
    best = best_columns(stock, DEFAULTS, reasons=False)
    from liquidator.scoring.plans import stock_plans

    stock["plan"] = stock_plans(stock, DEFAULTS)
    full = build(stock, best).to_dict()
    assert full["actions"] and set(STOCK_COLUMNS) < set(stock) and set(BEST_COLUMNS) < set(best)
    only = build({n: stock[n] for n in STOCK_COLUMNS}, {n: best[n] for n in BEST_COLUMNS})
    assert only.to_dict() == full


# --- the plan of each listing in the "move now" list (issue 28) ------------------------


def test_an_item_on_sale_carries_its_plan_and_one_not_on_sale_none():
    stock, best = columns(200)
    plan = [{"on": "2026-03-09", "action": "drop", "price": 900}]
    stock["plan"] = np.array([plan if s == "listed" else None for s in stock["status"]],
                             dtype=object)  # fmt: skip
    actions = list(build(stock, best).actions)
    assert any(a["plan"] == plan for a in actions)
    for action in actions:
        assert (action["plan"] == plan) == (action["status"] == "listed")


def listed_report(cli, *options):
    """A lamp on Amazon.co.jp 20 days at ¥5,400 and a card in a running ヤフオク! auction."""
    lamp = cli.json("add", "--as-of", "2026-10-01", "--title", "Lamp", "--cost", "4980",
                    "--market-price", "6000", "--size", "80")  # fmt: skip
    cli.json("listed", str(lamp["id"]), "-c", "amazon_jp", "-p", "5400", "--date", "2026-11-05")
    card = cli.json("add", "--as-of", "2026-10-01", "--title", "Card", "--cost", "3000",
                    "--market-price", "5000", "--size", "60", "--weight", "50",
                    "--category", "trading cards")  # fmt: skip
    cli.json("listed", str(card["id"]), "-c", "yahoo", "-p", "1", "--date", "2026-11-23")
    return cli.ok("report", "--as-of", "2026-11-25", *options)


def test_move_now_shows_each_listing_s_plan_in_every_format(any_cli, snapshot):
    data = listed_report(any_cli, "--json").json()
    before = snapshot(any_cli)
    plans = {a["title"]: a["plan"] for a in data["actions"]}
    assert plans["Lamp"][0]["action"] == "switch" and plans["Lamp"][0]["end_first"]
    # a running auction: nothing before it ends on 11-30 (listed 11-23, 7-day runs)
    assert plans["Card"][0] == {"on": "2026-11-30", "action": "relist", "price": 1}
    text = "after it ends on 2026-11-30, relist at a ¥1 start"
    for fmt in ("md", "html", "csv"):
        out = any_cli.ok("report", "--as-of", "2026-11-25", "-O", fmt).stdout
        assert text in out, fmt
    wide = any_cli.ok("report", "--as-of", "2026-11-25", env={"COLUMNS": "400"}).stdout
    assert "plan: after it ends on 2026-11-30" in wide
    assert snapshot(any_cli) == before  # a report writes nothing


def test_the_plan_is_worded_in_japanese_with_the_channel_s_japanese_name(cli):
    out = listed_report(cli, "-O", "md", "--lang", "ja").stdout
    assert "2026-11-30に終了したら、開始価格¥1で再出品してください" in out
    assert "ヤフオク!に出品してください" in out

"""Synthetic stranded stock: items, disposals and events as plain row tuples.

Vectorised with numpy, in chunks, so a million items take seconds. The shapes follow
what sellers hold: sizes 60–200 (mostly small), costs 500–60,000 yen (log-uniform),
ages 0–400 days (mostly young), ~10% with a market price, a return window or hazmat,
~20% listed, ~15% with a disposal (most of them the whole lot).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from liquidator.disposal_facts import RECORDED, facts_of
from liquidator.fields import SEARCHABLE, search_text
from liquidator.settings.defaults import CHANNELS

GENERATOR_VERSION = 1  # bump when the data below changes: cached workspaces are rebuilt
SIZES = np.array([60, 80, 100, 120, 140, 160, 180, 200])
SIZE_WEIGHTS = np.array([0.30, 0.25, 0.17, 0.11, 0.07, 0.05, 0.03, 0.02])
WEIGHT_CAP_G = {60: 2_000, 80: 5_000, 100: 10_000, 120: 15_000, 140: 20_000}
BRANDS = np.array(
    ["ハリオ", "象印", "SONY", "パナソニック", "無印良品", "BALMUDA", "カシオ", "任天堂",
     "レゴ", "ダイソン", "Anker", "アイリスオーヤマ", "シャープ", "キヤノン", "タイガー"]
)  # fmt: skip
NOUNS = np.array(
    ["ドリッパー", "炊飯ジャー", "ワイヤレスヘッドホン", "ドライヤー", "ディフューザー",
     "トースター", "腕時計", "コントローラー", "ブロックセット", "掃除機", "モバイルバッテリー",
     "布団乾燥機", "空気清浄機", "インクカートリッジ", "ステンレスボトル"]
)  # fmt: skip
CATEGORIES = np.array(
    ["", "", "electronics", "家電", "kitchen", "toys", "books", "beauty", "home", "sports"]
)
SOURCES = np.array(["ヨドバシ.com", "Amazon.co.jp", "楽天ブックス", "ビックカメラ", "公式ストア"])
LISTING_CHANNELS = np.array(["yahoo", "amazon_jp", "ebay", "mercari"])
DISPOSAL_CHANNELS = np.array(
    ["yahoo", "amazon_jp", "ebay", "kaitori", "supplier_return", "writeoff"]
)
DISPOSAL_WEIGHTS = np.array([0.30, 0.20, 0.10, 0.15, 0.15, 0.10])
CHANNEL_RATIO = {"yahoo": 0.85, "amazon_jp": 0.95, "ebay": 1.2, "kaitori": 0.25}
CHANNEL_FEE = {"yahoo": 0.10, "amazon_jp": 0.10, "ebay": 0.1525}
OUTCOME = {"supplier_return": "returned", "writeoff": "written_off"}

ITEM_FIELDS = (
    "id", "title", "qty", "unit_cost", "purchased_on", "size_class", "length_cm",
    "width_cm", "height_cm", "weight_g", "sku", "asin", "jan", "category", "source",
    "order_id", "market_price", "return_by", "hazmat", "note", "status", "listed_channel",
    "listed_price", "listed_on", "import_key", "recorded_on", "created_at", "updated_at",
    "search_text",
)  # fmt: skip
# Where each searchable field sits in an item row (its search_text is made from them).
_SEARCHED = [(name, ITEM_FIELDS.index(name)) for name in SEARCHABLE]
DISPOSAL_FIELDS = (
    "item_id", "channel", "qty", "price", "fees", "shipping", "net_cash", "cost_basis",
    "profit", "reference_price", "sold_on", "note", "created_at", *RECORDED,
    "payout_fee", "intl_shipping", "booked_on",
)  # fmt: skip
# What each disposal keeps of its channel, as recording it today would.
DISPOSAL_FACTS = {name: tuple(facts_of(CHANNELS[name]).values()) for name in DISPOSAL_CHANNELS}
EVENT_FIELDS = ("item_id", "at", "actor", "kind", "data")


@dataclass
class Chunk:
    """One chunk of generated rows, ready for ``executemany``."""

    items: list[tuple]
    disposals: list[tuple]
    events: list[tuple]


def _days(anchor: dt.date, span: int) -> list[str]:
    """ISO dates by offset: ``_days(anchor, n)[k]`` is ``anchor + (k - n)`` days."""
    return [(anchor + dt.timedelta(days=k - span)).isoformat() for k in range(2 * span + 1)]


def columns(rng: np.random.Generator, start: int, count: int, anchor: dt.date) -> dict:
    """The item columns of ``count`` items with ids ``start``, ``start + 1``, … as arrays/lists.

    Dates are day offsets from ``anchor`` (negative = before it).
    """
    ids = np.arange(start, start + count)
    age = (rng.random(count) ** 1.6 * 401).astype(np.int64)  # 0..400, mostly young
    recorded = -age + np.minimum(age, rng.integers(0, 6, count))
    qty = rng.choice([1, 2, 3, 5], count, p=[0.8, 0.12, 0.05, 0.03])
    cost = (np.exp(rng.uniform(np.log(500), np.log(60_000), count)) / 10).round().astype(
        np.int64
    ) * 10
    size = rng.choice(SIZES, count, p=SIZE_WEIGHTS)
    dims_known = rng.random(count) < 0.3
    shape = rng.uniform(0.8, 1.0, (count, 1)) * np.array([0.42, 0.33, 0.25])
    sides = np.round(size[:, None] * shape * 2) / 2
    cap = np.array([WEIGHT_CAP_G.get(int(s), 25_000) for s in SIZES])[np.searchsorted(SIZES, size)]
    weight = (rng.uniform(0.05, 0.8, count) * cap).round(-1).astype(np.int64)
    market = (cost * rng.uniform(0.5, 1.4, count)).round(-1).astype(np.int64)
    return {
        "id": ids,
        "age": age,
        "recorded": recorded,
        "qty": qty,
        "unit_cost": cost,
        "size_class": size,
        "dims_known": dims_known,
        "sides": sides,
        "weight_known": rng.random(count) < 0.4,
        "weight_g": weight,
        "market_known": rng.random(count) < 0.1,
        "market_price": market,
        "return_known": rng.random(count) < 0.1,
        "return_by": -age + 30,
        "hazmat": rng.random(count) < 0.1,
        "brand": rng.choice(BRANDS, count),
        "noun": rng.choice(NOUNS, count),
        "model": rng.integers(100, 9999, count),
        "category": rng.choice(CATEGORIES, count),
        "source": rng.choice(SOURCES, count),
        "sku_known": rng.random(count) < 0.7,
        "asin_known": rng.random(count) < 0.4,
        "jan_known": rng.random(count) < 0.3,
        "order_known": rng.random(count) < 0.6,
        "note_known": rng.random(count) < 0.05,
        "order_a": rng.integers(100, 999, count),
        "order_b": rng.integers(1_000_000, 9_999_999, count),
    }


def chunks(total: int, anchor: dt.date, *, seed: int = 8, size: int = 50_000) -> Iterator[Chunk]:
    """Rows for ``total`` items (ids 1..total) with their disposals and events."""
    rng = np.random.default_rng(seed)
    days = _days(anchor, 800)
    span = 800
    for start in range(1, total + 1, size):
        count = min(size, total - start + 1)
        yield _chunk(rng, columns(rng, start, count, anchor), days, span)


def _chunk(rng: np.random.Generator, c: dict, days: list[str], span: int) -> Chunk:
    count = len(c["id"])
    age = c["age"]
    # Disposals: ~15% of items, the whole lot for most; sold between purchase and anchor.
    disposed = rng.random(count) < 0.15
    channel = rng.choice(DISPOSAL_CHANNELS, count, p=DISPOSAL_WEIGHTS)
    partial = (rng.random(count) < 0.15) & (c["qty"] > 1)
    sold_qty = np.where(partial, c["qty"] - 1, c["qty"])
    remaining = np.where(disposed, c["qty"] - sold_qty, c["qty"])
    sold_at = -age + (rng.random(count) * (age + 1)).astype(np.int64)
    # Listings: ~20% of items, listed a while after purchase.
    listed = rng.random(count) < 0.2
    listed_channel = rng.choice(LISTING_CHANNELS, count)
    listed_at = -age + (rng.random(count) * (age + 1) * 0.5).astype(np.int64)
    reference = np.where(c["market_known"], c["market_price"], c["unit_cost"])
    listed_price = (reference * rng.uniform(0.8, 1.1, count)).round(-1).astype(np.int64)
    noise = rng.uniform(0.6, 1.2, count).tolist()
    c = {name: values.tolist() for name, values in c.items()}
    disposed, channel, sold_qty = disposed.tolist(), channel.tolist(), sold_qty.tolist()
    remaining, sold_at, listed = remaining.tolist(), sold_at.tolist(), listed.tolist()
    listed_channel, listed_at = listed_channel.tolist(), listed_at.tolist()
    reference, listed_price = reference.tolist(), listed_price.tolist()

    items, disposals, events = [], [], []
    ids = c["id"]
    sides = c["sides"]
    for i in range(count):
        item_id = ids[i]
        dims_known = c["dims_known"][i]
        status = "in_stock"
        chan = channel[i]
        if disposed[i] and remaining[i] == 0:
            status = OUTCOME.get(chan, "sold")
        elif listed[i]:
            status = "listed"
        recorded = days[span + c["recorded"][i]]
        created_at = f"{recorded} 09:{i % 60:02d}:{(i * 7) % 60:02d}.000000"
        purchased = days[span - c["age"][i]]
        cost = c["unit_cost"][i]
        market = c["market_price"][i] if c["market_known"][i] else None
        title = f"{c['brand'][i]} {c['noun'][i]} {c['model'][i]}"
        items.append(
            (
                item_id,
                title,
                remaining[i],
                cost,
                purchased,
                c["size_class"][i],
                sides[i][0] if dims_known else None,
                sides[i][1] if dims_known else None,
                sides[i][2] if dims_known else None,
                c["weight_g"][i] if c["weight_known"][i] else None,
                f"SKU-{item_id:07d}" if c["sku_known"][i] else None,
                f"B0{item_id:08X}" if c["asin_known"][i] else None,
                f"49{item_id:011d}" if c["jan_known"][i] else None,
                c["category"][i] or None,
                c["source"][i],
                f"{c['order_a'][i]}-{c['order_b'][i]}-{item_id % 10_000_000:07d}"
                if c["order_known"][i]
                else None,
                market,
                days[span + c["return_by"][i]] if c["return_known"][i] else None,
                int(c["hazmat"][i]),
                "箱に傷あり" if c["note_known"][i] else None,
                status,
                listed_channel[i] if listed[i] else None,
                listed_price[i] if listed[i] else None,
                days[span + listed_at[i]] if listed[i] else None,
                None,
                recorded,
                created_at,
                created_at,
            )
        )
        row = items[-1]
        items[-1] = (*row, search_text({name: row[at] for name, at in _SEARCHED}))
        events.append(
            (
                item_id,
                created_at,
                "bench",
                "created",
                f'{{"title": "{title}", "qty": {c["qty"][i]}, "unit_cost": {cost}, '
                f'"purchased_on": "{purchased}", "size_class": {c["size_class"][i]}}}',
            )
        )
        if listed[i]:
            events.append(
                (
                    item_id,
                    created_at,
                    "bench",
                    "listed",
                    f'{{"channel": "{listed_channel[i]}", "price": {listed_price[i]}}}',
                )
            )
        if disposed[i]:
            units = sold_qty[i]
            ref = reference[i]
            if chan == "writeoff":
                unit_price = 0
            elif chan == "supplier_return":
                unit_price = cost
            else:
                unit_price = int(round(ref * CHANNEL_RATIO[chan] * noise[i], -1))
            price = unit_price * units
            fees = int(round(price * CHANNEL_FEE.get(chan, 0.0)))
            shipping = 0 if chan in ("writeoff", "kaitori") else 600 + 8 * c["size_class"][i]
            shipping *= units
            net = price - fees - shipping
            sold_on = days[span + sold_at[i]]
            disposals.append(
                (
                    item_id, chan, units, price, fees, shipping, net, cost * units,
                    net - cost * units, ref, sold_on, None, f"{sold_on} 18:00:00.000000",
                    *DISPOSAL_FACTS[chan], 0, 0, sold_on,
                )
            )  # fmt: skip
            events.append(
                (
                    item_id,
                    f"{sold_on} 18:00:00.000000",
                    "bench",
                    "disposed",
                    f'{{"channel": "{chan}", "qty": {units}, "price": {price}, '
                    f'"net_cash": {net}, "status": "{status}"}}',
                )
            )
    return Chunk(items, disposals, events)


CSV_HEADER = (
    "title", "cost", "qty", "purchased", "size", "dims", "weight", "sku", "asin", "jan",
    "category", "source", "order_id", "market_price", "return_by", "hazmat", "note",
)  # fmt: skip


def csv_rows(total: int, anchor: dt.date, *, seed: int = 9) -> Iterator[list[str]]:
    """Rows of an ``import items`` CSV (header ``CSV_HEADER``) for ``total`` items."""
    rng = np.random.default_rng(seed)
    days = _days(anchor, 800)
    span = 800
    for start in range(1, total + 1, 50_000):
        count = min(50_000, total - start + 1)
        c = columns(rng, start, count, anchor)
        c = {name: values.tolist() for name, values in c.items()}
        sides = c["sides"]
        for i in range(count):
            item_id = c["id"][i]
            length, width, height = sides[i]
            yield [
                f"{c['brand'][i]} {c['noun'][i]} {c['model'][i]}",
                str(c["unit_cost"][i]),
                str(c["qty"][i]),
                days[span - c["age"][i]],
                str(c["size_class"][i]),
                f"{length:g}x{width:g}x{height:g}" if c["dims_known"][i] else "",
                f"{c['weight_g'][i]}g" if c["weight_known"][i] else "",
                f"SKU-{item_id:07d}" if c["sku_known"][i] else "",
                f"B0{item_id:08X}" if c["asin_known"][i] else "",
                f"49{item_id:011d}" if c["jan_known"][i] else "",
                c["category"][i],
                c["source"][i],
                f"{c['order_a'][i]}-{c['order_b'][i]}-{item_id % 10_000_000:07d}"
                if c["order_known"][i]
                else "",
                str(c["market_price"][i]) if c["market_known"][i] else "",
                days[span + c["return_by"][i]] if c["return_known"][i] else "",
                "yes" if c["hazmat"][i] else "",
                "箱に傷あり" if c["note_known"][i] else "",
            ]


ORDER_COLUMNS = (
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date",
    "order-status", "fulfillment-channel", "sales-channel", "product-name", "sku", "asin",
    "quantity", "currency", "item-price", "is-buyer-requested-cancelation",
)  # fmt: skip


def order_report(anchor: dt.date, *, days: int, per_day: int, seed: int = 10) -> str:
    """Amazon's "All Orders" report (tab-separated) of ``days`` × ``per_day`` orders.

    Orders end on ``anchor``: older ones shipped (~2% cancelled, half of those at the
    buyer's request), the last two days' unshipped; ~15% fulfilled by Amazon.
    """
    rng = np.random.default_rng(seed)
    count = days * per_day
    day = np.repeat(np.arange(-days + 1, 1), per_day)
    second = rng.integers(0, 86_400, count)
    cancelled = rng.random(count) < 0.02
    buyer = rng.random(count) < 0.5
    fba = rng.random(count) < 0.15
    brand, noun = rng.choice(BRANDS, count), rng.choice(NOUNS, count)
    price = (np.exp(rng.uniform(np.log(800), np.log(80_000), count)) / 10).round() * 10
    serial = rng.integers(1_000_000, 9_999_999, (count, 2))
    start = dt.datetime.combine(anchor, dt.time(), tzinfo=dt.UTC)
    lines = ["\t".join(ORDER_COLUMNS)]
    for i in range(count):
        bought = start + dt.timedelta(days=int(day[i]), seconds=int(second[i]))
        updated = min(bought + dt.timedelta(hours=30), start + dt.timedelta(seconds=86_399))
        if cancelled[i]:
            status = "Cancelled"
        elif day[i] > -2:
            status = "Unshipped" if not fba[i] else "Pending"
        else:
            status = "Shipped"
        lines.append(
            "\t".join(
                (
                    f"{249 + i % 3}-{serial[i, 0]}-{serial[i, 1]}",
                    "",
                    bought.isoformat(),
                    updated.isoformat(),
                    status,
                    "Amazon" if fba[i] else "Merchant",
                    "Amazon.co.jp",
                    f"{brand[i]} {noun[i]}",
                    f"SKU-O{i:06d}",
                    f"B0O{i:07d}",
                    "1",
                    "JPY",
                    f"{price[i]:.0f}",
                    "true" if cancelled[i] and buyer[i] else "false",
                )  # fmt: skip
            )
        )
    return "\n".join(lines) + "\n"

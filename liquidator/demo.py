"""Realistic sample data for a throw-away workspace (``liquidator demo``).

Deterministic (a fixed seed), dated relative to the as-of day, so the demo report
looks the same every time it is run on the same day.
"""

import datetime as dt
import random
from dataclasses import dataclass

from sqlmodel import Session

from liquidator.sales import SaleIn, record_sale
from liquidator.settings import DEFAULTS
from liquidator.store.items import get_item, insert_items
from liquidator.workspace import Workspace

# title, category, unit cost, market price, size class, weight (g), hazmat
CATALOGUE = [
    ("ハリオ V60 透過ドリッパー 02 セラミック", "kitchen", 1_980, 2_400, 60, 600, False),
    ("象印 圧力IH炊飯ジャー 5.5合 NW-JX10", "home appliances", 38_800, 36_000, 120, 7_400, False),
    ("タイガー 魔法瓶 ステンレスボトル 500ml", "kitchen", 2_980, 3_200, 60, 300, False),
    ("ポケモンカード スターターデッキ ex", "toys", 1_650, 2_900, 60, 250, False),
    ("SONY WH-1000XM5 ワイヤレスヘッドホン", "electronics", 44_000, 41_500, 80, 900, True),
    ("無印良品 アロマディフューザー", "home", 6_990, 5_500, 80, 1_100, False),
    ("BALMUDA The Toaster K05A", "home appliances", 29_700, 26_000, 100, 4_300, False),
    ("カシオ G-SHOCK GA-2100-1A1JF", "watches", 13_200, 15_800, 60, 300, True),
    ("任天堂 Switch Proコントローラー", "video games", 7_678, 7_200, 60, 500, True),
    ("アイリスオーヤマ 布団乾燥機 カラリエ", "home appliances", 8_980, 7_400, 120, 3_500, False),
    ("パナソニック ナノケア ヘアドライヤー EH-NA0J", "beauty", 28_000, 26_500, 80, 1_400, False),
    ("ダイソン V8 Slim Fluffy", "home appliances", 39_800, 33_000, 140, 6_800, True),
    ("レゴ テクニック ポルシェ 911 RSR", "toys", 21_800, 24_500, 100, 2_900, False),
    ("ルクルーゼ ココット・ロンド 20cm", "kitchen", 35_200, 31_000, 80, 4_800, False),
    ("ヤマハ 電子キーボード PSR-E373", "musical instruments", 22_000, 19_800, 160, 6_900, False),
    ("山善 ホットカーペット 3畳", "home", 7_480, 5_900, 140, 4_100, False),
    ("コールマン タフスクリーン2ルームハウス", "sports", 52_800, 46_000, 180, 17_500, False),
    ("ニトリ 組立式 スチールラック 5段", "furniture", 6_990, 5_200, 200, 19_000, False),
    ("キヤノン インクカートリッジ BCI-381+380/6MP", "pc", 6_500, 5_900, 60, 350, False),
    ("ジェットストリーム 多機能ペン 4&1 (10本)", "stationery", 1_100, 1_300, 60, 150, False),
    ("鬼滅の刃 全巻セット 1-23巻", "books", 11_000, 8_500, 80, 4_200, False),
    ("リファ カラット フェイス", "beauty", 24_800, 18_000, 60, 400, False),
    ("シャープ 加湿空気清浄機 KI-PS40", "home appliances", 26_800, 22_000, 140, 8_400, False),
    ("モンベル ダウンジャケット スペリオダウン", "clothing", 17_600, 16_500, 80, 700, False),
]
# Days held: from days to months, so every aging bucket has stock.
AGES = [
    2,
    5,
    9,
    12,
    16,
    21,
    25,
    28,
    33,
    38,
    44,
    52,
    58,
    63,
    71,
    80,
    88,
    97,
    112,
    130,
    150,
    175,
    210,
    240,
]
SOURCES = ["ヨドバシ.com", "Amazon.co.jp", "楽天ブックス", "ビックカメラ", "公式ストア"]
SALES = [
    # catalogue index, channel, price as a share of market price, days before as-of
    (0, "yahoo", 0.80, 1),
    (3, "amazon_jp", 0.95, 2),
    (7, "kaitori", 0.45, 3),
    (10, "ebay", 1.10, 4),
    (12, "yahoo", 0.70, 5),
    (19, "supplier_return", 1.0, 6),
    (21, "yahoo", 0.55, 20),
]


ORDER_HEADER = (
    "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
    "sales-channel\tproduct-name\tquantity\tcurrency\titem-price\tis-buyer-requested-cancelation"
)


def demo_orders_report(*, as_of: dt.date, rng: random.Random) -> bytes:
    """A week of Amazon.com orders in the All Orders layout, with a few cancellations."""
    lines = [ORDER_HEADER]
    for n in range(64):
        placed = dt.datetime.combine(as_of - dt.timedelta(days=n % 7), dt.time(9 + n % 12), dt.UTC)
        status, buyer_asked = "Shipped", "false"
        if n in (5, 23):
            status, buyer_asked = "Cancelled", "true"  # asked through Amazon: does not count
        elif n == 40:
            status = "Canceled"  # the seller could not source it: counts
        title, *_ = CATALOGUE[n % len(CATALOGUE)]
        lines.append(
            "\t".join(
                [
                    f"11{rng.randint(1, 9)}-{rng.randint(1_000_000, 9_999_999)}-"
                    f"{rng.randint(1_000_000, 9_999_999)}",
                    placed.isoformat(),
                    (placed + dt.timedelta(hours=20)).isoformat(),
                    status,
                    "Merchant",
                    "Amazon.com",
                    title,
                    "1",
                    "USD",
                    f"{rng.uniform(15, 300):.2f}",
                    buyer_asked,
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def fill_demo(*, session: Session, as_of: dt.date) -> dict[str, int]:
    """Record the sample items, a few disposals and a week of orders. Caller commits."""
    from liquidator.amazon_orders import parse_orders_report
    from liquidator.field_values import parse_fields
    from liquidator.store.orders import save_orders

    rng = random.Random(20261126)
    ids = []
    for n, (title, category, cost, market, size, grams, hazmat) in enumerate(CATALOGUE):
        age = AGES[n % len(AGES)]
        purchased = as_of - dt.timedelta(days=age)
        return_by = purchased + dt.timedelta(days=30) if n % 5 == 0 else None
        order_id = (
            f"11{rng.randint(1, 9)}-{rng.randint(1_000_000, 9_999_999)}-"
            f"{rng.randint(1_000_000, 9_999_999)}"
        )
        typed = {
            "title": title, "qty": 3 if n % 7 == 3 else 1, "cost": cost,
            "purchased": purchased.isoformat(), "size": size, "weight": f"{grams}g",
            "category": category, "source": SOURCES[n % len(SOURCES)], "order_id": order_id,
            "market_price": market, "return_by": return_by and return_by.isoformat(),
            "hazmat": hazmat, "note": "買付後にキャンセル" if n % 4 == 0 else None,
        }  # fmt: skip
        values = parse_fields(typed, as_of=purchased, channels=DEFAULTS.quotable_channels)
        ids += insert_items(session=session, rows=[values], as_of=purchased, actor="demo")
    for index, channel, share, days_before in SALES:
        item = get_item(session=session, item_id=ids[index])
        sold_on = max(as_of - dt.timedelta(days=days_before), item.purchased_on)
        price = int(round((item.market_price or item.unit_cost) * share, -1))
        # Fees and shipping as the channel model estimates them.
        sale = SaleIn(channel=channel, unit_price=price, qty=None, sold_on=sold_on)
        record_sale(session=session, item_id=item.id, sale=sale, settings=DEFAULTS)
    report = parse_orders_report(demo_orders_report(as_of=as_of, rng=rng), source="demo orders")
    imported = save_orders(session=session, report=report, source="demo", actor="demo")
    return {"items": len(ids), "disposals": len(SALES), "orders": imported["orders"]}


@dataclass(frozen=True)
class DemoRun:
    """A demo workspace filled and reported on: where it is (``removed`` once a
    throw-away one is gone), what went in, and its weekly report."""

    workspace: Workspace
    counts: dict[str, int]
    report: dict
    removed: bool


def run_demo(*, home: str | None, keep: bool, as_of: dt.date) -> DemoRun:
    """``demo``: a new temporary folder (removed afterwards unless ``keep``), or the
    empty folder ``home`` (kept), filled with the sample stock in its own SQLite file,
    and its weekly report as of ``as_of``. InvalidInput when ``home`` already holds a
    workspace."""
    import shutil
    import tempfile
    from pathlib import Path

    from liquidator.db import open_database
    from liquidator.errors import InvalidInput
    from liquidator.i18n import _
    from liquidator.reports.weekly import weekly_report
    from liquidator.workspace import default_sqlite_url, resolve_workspace

    throw_away = home is None and not keep
    folder = Path(tempfile.mkdtemp(prefix="liquidator-demo-")) if home is None else Path(home)
    folder = folder.expanduser().resolve()
    if (folder / "data" / "liquidator.db").exists():
        raise InvalidInput(
            "home",
            _("{folder} already has a workspace; the demo needs an empty folder").format(
                folder=folder
            ),
        )
    # Always the embedded SQLite: demo data must never land in a real (team) database.
    ws = resolve_workspace(home=folder, db=default_sqlite_url(folder))
    database = open_database(ws)
    try:
        with database.transaction() as session:
            counts = fill_demo(session=session, as_of=as_of)
        with database.session() as session:
            report = weekly_report(session=session, settings=ws.settings, as_of=as_of).to_dict()
    finally:
        database.dispose()
    if throw_away:
        shutil.rmtree(folder, ignore_errors=True)
    return DemoRun(workspace=ws, counts=counts, report=report, removed=throw_away)

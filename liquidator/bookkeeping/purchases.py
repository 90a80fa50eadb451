"""The purchase side: each item's purchase as a journal entry, with its インボイス class.

A purchase is booked on its purchase day for the lot's whole cost (unit cost × the units
bought, and the remainder of a total cost): Dr 仕入高 (三分法) or 商品 (perpetual: never
仕入高, or cost of goods would count twice) / Cr 未払金. Its consumption-tax code follows
the invoice rules (適格請求書等保存方式, from 2023-10-01):

- a seller with a registration number (登録番号): a taxable purchase, full credit;
- used goods bought under 古物商特例 from a person who is not registered: full credit too,
  when the 帳簿 records the seller's name and address, the item, the day and the price
  (the 摘要 carries them);
- any other seller (not registered, or not stated): the transitional credit by purchase
  day (``TRANSITIONAL_CREDIT``), none after it ends; and in a 課税期間 that starts on or
  after ``CAP_FROM_PERIODS_STARTING``, none on what one such seller sold in a year
  beyond ``YEARLY_CAP_YEN`` (that part is booked as outside the tax).

Sources: docs/bookkeeping.md. The 課税期間 is taken to be the calendar year (a sole
trader's); a company with another business year is not handled.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from liquidator.bookkeeping.journal import (
    MEMO_WORDS,
    OUTSIDE,
    PURCHASE_10,
    PURCHASE_10_CREDIT_30,
    PURCHASE_10_CREDIT_50,
    PURCHASE_10_CREDIT_70,
    PURCHASE_10_CREDIT_80,
    Entry,
    Posting,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.settings import Settings

INVOICE_START = dt.date(2023, 10, 1)
# (first day, last day, tax code) of each step of the credit for purchases from a seller
# who is not registered: 80% to 2026-09-30, 70% to 2028-09-30, 50% to 2030-09-30, 30%
# to 2031-09-30 (令和8年度税制改正), nothing after.
TRANSITIONAL_CREDIT = (
    (INVOICE_START, dt.date(2026, 9, 30), PURCHASE_10_CREDIT_80),
    (dt.date(2026, 10, 1), dt.date(2028, 9, 30), PURCHASE_10_CREDIT_70),
    (dt.date(2028, 10, 1), dt.date(2030, 9, 30), PURCHASE_10_CREDIT_50),
    (dt.date(2030, 10, 1), dt.date(2031, 9, 30), PURCHASE_10_CREDIT_30),
)
# Purchases from one seller who is not registered beyond this in a 課税期間 get no
# transitional credit, in 課税期間 starting on or after the day below (for a
# calendar-year sole trader: from 2027).
YEARLY_CAP_YEN = 100_000_000
CAP_FROM_PERIODS_STARTING = dt.date(2026, 10, 1)
# Purchase entries are numbered apart from disposals: this plus the item's id.
PURCHASE_NUMBERS = 10_000_000


def credit_code(day: dt.date, registered: bool, used_goods: bool) -> str | None:
    """The tax code of a purchase on ``day`` (before any yearly cap)."""
    if registered or used_goods or day < INVOICE_START:
        return PURCHASE_10
    for first, last, code in TRANSITIONAL_CREDIT:
        if first <= day <= last:
            return code
    return OUTSIDE


def capped(day: dt.date) -> bool:
    """Whether the yearly cap applies in the 課税期間 (calendar year) of ``day``."""
    return dt.date(day.year, 1, 1) >= CAP_FROM_PERIODS_STARTING


def purchase_entries(session: Session, settings: Settings, start, end) -> list[Entry]:
    """One entry per item bought ``start``…``end`` (see the module docstring)."""
    rows = _purchases(session)
    books = settings.bookkeeping
    account = "inventory" if books.method == "perpetual" else "purchases"
    words = MEMO_WORDS[books.memo_lang]
    bought: dict[tuple[str, int], int] = defaultdict(int)  # (seller, year) → yen so far
    entries = []
    for row in rows:
        day, cost = row["purchased_on"], row["cost"]
        registered = bool(row["seller_invoice_no"]) and row["seller_invoice_no"] != "none"
        used_goods = bool(row["used_goods"]) and not registered
        code = credit_code(day, registered, used_goods)
        seller = row["seller_name"] or row["source"] or ""
        parts = [(code, cost)]
        if code not in (PURCHASE_10, OUTSIDE) and capped(day):
            so_far = bought[seller, day.year]
            within = max(min(cost, YEARLY_CAP_YEN - so_far), 0)
            bought[seller, day.year] = so_far + cost
            parts = [(code, within), (OUTSIDE, cost - within)]
        if not (start is None or day >= start) or not (end is None or day <= end):
            continue
        postings = []
        for tax, amount in parts:
            if amount:
                postings += [Posting(account, amount, tax, seller),
                             Posting("payable", -amount, None, seller)]  # fmt: skip
        # The 帳簿 names who sold it (弥生's format has no 取引先 column but the 摘要).
        details = [words["purchase"] + (row["title"] or "")]
        if used_goods:
            details.insert(0, " ".join(filter(None, ("古物商特例", row["seller_name"],
                                                      row["seller_address"]))))  # fmt: skip
        else:
            details.append(seller)
            details.append(row["seller_invoice_no"] if registered else "")
        entries.append(Entry(day, PURCHASE_NUMBERS + row["id"], " ".join(filter(None, details)),
                             tuple(postings), f"liquidator purchase {row['id']}", seller))  # fmt: skip
    return entries


def _purchases(session: Session) -> list[dict]:
    """Every item with what its lot cost (all units bought: those held and those
    disposed of), oldest purchase first."""
    from sqlalchemy import func, select

    from liquidator.models import Disposal, Item

    disposed = (
        select(Disposal.item_id, func.sum(Disposal.qty).label("units"))
        .group_by(Disposal.item_id)
        .subquery()
    )
    units = Item.qty + func.coalesce(disposed.c.units, 0)
    query = (
        select(Item.id, Item.title, Item.source, Item.purchased_on, Item.seller_invoice_no,
               Item.used_goods, Item.seller_name, Item.seller_address,
               (Item.unit_cost * units + func.coalesce(Item.cost_remainder, 0)).label("cost"))
        .outerjoin(disposed, disposed.c.item_id == Item.id)
        .order_by(Item.purchased_on, Item.id)
    )  # fmt: skip
    return [dict(row._mapping) for row in session.connection().execute(query)]

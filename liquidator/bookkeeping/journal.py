"""The journal model: each disposal as one balanced entry of postings (beancount's shape).

Pure: disposal columns and the settings in, ``Entry`` objects out. Which accounts an
entry touches depends on what the disposal was (its ``kind``: a sale, a supplier
refund, a write-off), its tax (``sales_tax``), how it paid (``paid_later``) and how its
costs were settled and taxed (``fees_settled``, ``shipping_settled``, ``paid_from``,
``fee_tax``, ``fee_account``), as recorded with it from its channel's settings on the
day (``disposal_facts``), and on the books' method (``[bookkeeping] method``); never on
a channel's name or on what the channel's settings say today. Amounts are
tax-inclusive whole yen (税込経理).

Every sale is booked gross, as pairs of equal debit and credit:

- the sale: Dr proceeds (a marketplace's receivable 売掛金, or cash 普通預金 when the
  buyer pays on the spot) / Cr sales, the full price (tax: the recorded ``sales_tax``);
- each cost: Dr its expense / Cr the proceeds when the platform deducted it from the
  payout (so what is left in 売掛金 is the payout, which clears against the bank feed),
  or Cr 未払金/現金 when the seller paid it (``paid_from``). The platform's fees are a
  taxable purchase (課税仕入 10%) or outside the tax (``fee_tax``: a municipal disposal
  fee, booked to 雑費); the payout's currency conversion (``payout_fee``) is outside the
  tax and always deducted; international transport (``intl_shipping``) is exempt
  (免税), not a taxable purchase; domestic shipping is a taxable purchase;
- a supplier refund is never a sale: Dr 未収入金 (or cash) / Cr purchase returns
  (三分法) or inventory (perpetual), tax "purchase return". Perpetual books also take
  the rest of the item's cost out of inventory (Dr cost of goods / Cr inventory for
  cost − refund), so inventory never keeps a cost the stock no longer holds;
- a write-off: Dr loss / Cr purchases (三分法: 他勘定振替) or inventory (perpetual);
- perpetual books post each sale's cost: Dr cost of goods / Cr inventory.

A posting holds the account's key (``cash``) and a neutral tax code; the export names
both as the layout's package does. The 摘要 is in ``[bookkeeping] memo_lang``, never the
interface's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liquidator.disposal_facts import stored_labels
from liquidator.vocab import DisposalKind

if TYPE_CHECKING:  # the layouts import this module, and ``export --help`` lists them
    from liquidator.settings.sections import Settings

# Neutral tax codes (a layout names them as its package does); None: outside the tax.
SALES_10, EXPORT, PURCHASE_10, PURCHASE_RETURN_10, EXEMPT_PURCHASE = (
    "sales_10", "export", "purchase_10", "purchase_return_10", "exempt_purchase",
)  # fmt: skip
# Purchases from a seller who is not a registered invoice issuer, by the share of the
# tax that may still be credited (bookkeeping/purchases.py).
PURCHASE_10_CREDIT_80, PURCHASE_10_CREDIT_70, PURCHASE_10_CREDIT_50, PURCHASE_10_CREDIT_30 = (
    "purchase_10_credit_80", "purchase_10_credit_70", "purchase_10_credit_50",
    "purchase_10_credit_30",
)  # fmt: skip
OUTSIDE = None
TAX_CODES = (SALES_10, EXPORT, PURCHASE_10, PURCHASE_RETURN_10, EXEMPT_PURCHASE,
             PURCHASE_10_CREDIT_80, PURCHASE_10_CREDIT_70, PURCHASE_10_CREDIT_50,
             PURCHASE_10_CREDIT_30, "outside")  # fmt: skip
TAX_OF_SALES = {"taxable_10": SALES_10, "export": EXPORT}
TAX_OF_FEES = {"taxable_10": PURCHASE_10, "outside": OUTSIDE}
# The words of a 摘要, by ``[bookkeeping] memo_lang``.
MEMO_WORDS = {
    "ja": {
        "item": "商品 {id}",
        "reversal": "取消 {date} ",
        "late": "{date}分 ",
        "purchase": "仕入 ",
    },
    "en": {
        "item": "item {id}",
        "reversal": "reversal of {date}: ",
        "late": "sold {date}: ",
        "purchase": "purchase: ",
    },
}


@dataclass(frozen=True)
class Posting:
    """One line of an entry: an account key, an amount (> 0 debit, < 0 credit) and its
    consumption-tax code (None: not subject to it)."""

    account: str
    amount: int
    tax: str | None = None
    # The other party of this line (取引先): the channel on its sale and its payout, a
    # purchase's supplier; "" for a cost paid to someone else.
    party: str = ""

    @property
    def debit(self) -> int:
        return max(self.amount, 0)

    @property
    def credit(self) -> int:
        return max(-self.amount, 0)


@dataclass(frozen=True)
class Entry:
    """One transaction: a date, its number (the disposal id), a memo, its postings."""

    date: dt.date
    number: int
    memo: str
    postings: tuple[Posting, ...]
    # Where it comes from, for a layout's note column (the number may be renumbered).
    source: str = ""
    # Who the other party is (the channel, or the supplier of a purchase): 取引先.
    counterparty: str = ""

    @property
    def balanced(self) -> bool:
        return sum(p.amount for p in self.postings) == 0

    def side_by_side(self) -> list[tuple[Posting | None, Posting | None]]:
        """The entry as rows of (debit, credit): the i-th debit beside the i-th credit,
        None where one side has run out (the shape Japanese journal imports take). The
        journal posts in pairs of equal amounts, so each row balances on its own."""
        from itertools import zip_longest

        debits = [p for p in self.postings if p.debit]
        credits = [p for p in self.postings if p.credit]
        return list(zip_longest(debits, credits))

    def reversed(self, day: dt.date, prefix: str) -> Entry:
        """The reversing entry (赤伝) dated ``day``: every posting on the other side."""
        postings = tuple(Posting(p.account, -p.amount, p.tax, p.party) for p in self.postings)
        return Entry(day, self.number, prefix + self.memo, postings,
                     f"{self.source} reversed", self.counterparty)  # fmt: skip


Pair = tuple[str, str | None, str, str | None, int]  # debit, its tax, credit, its tax, yen


def disposal_pairs(row: Mapping[str, Any], perpetual: bool, fx_account: str) -> list[Pair]:
    """The postings of one disposal as (debit, tax, credit, tax, amount) pairs; a
    negative amount swaps the sides, a zero one is left out by the caller."""
    kind, price, cost = row["kind"], row["price"], row["cost_basis"]
    refund = kind == DisposalKind.SUPPLIER_REFUND
    if refund:
        proceeds = "refund_receivable" if row["paid_later"] else "cash"
    else:
        proceeds = "receivable" if row["paid_later"] else "cash"
    separately = row["paid_from"]

    def settled(how: str) -> str:
        return proceeds if how == "deducted" else separately

    payout_fee = min(row["payout_fee"], row["fees"])
    intl = min(row["intl_shipping"], row["shipping"])
    other = price - row["fees"] - row["shipping"] - row["net_cash"]
    fee_tax = TAX_OF_FEES[row["fee_tax"]]
    pairs: list[Pair] = []
    if refund:
        returned_to = "inventory" if perpetual else "purchase_returns"
        pairs.append((proceeds, None, returned_to, PURCHASE_RETURN_10, price))
    else:
        pairs.append((proceeds, None, "sales", TAX_OF_SALES[row["sales_tax"]], price))
    pairs += [
        (row["fee_account"], fee_tax, settled(row["fees_settled"]), None,
         row["fees"] - payout_fee),
        (fx_account, OUTSIDE, proceeds, None, payout_fee),
        ("shipping", PURCHASE_10, settled(row["shipping_settled"]), None, row["shipping"] - intl),
        ("shipping", EXEMPT_PURCHASE, settled(row["shipping_settled"]), None, intl),
        ("other_costs", PURCHASE_10, proceeds, None, other),
    ]  # fmt: skip
    if kind == DisposalKind.WRITEOFF:
        pairs.append(("loss", None, "inventory" if perpetual else "purchases", None, cost))
    elif perpetual and refund:
        pairs.append(("cost_of_goods", None, "inventory", None, cost - price))
    elif perpetual:
        pairs.append(("cost_of_goods", None, "inventory", None, cost))
    return pairs


# Accounts whose lines are with the channel itself (its sale, what it owes or pays).
WITH_CHANNEL = ("receivable", "cash", "refund_receivable", "sales", "purchase_returns",
                "payable_to_supplier")  # fmt: skip


def postings_of(pairs: list[Pair], party: str = "") -> tuple[Posting, ...]:
    """Pairs as postings, debit then credit, zero pairs left out; ``party`` on the
    lines with the channel (``WITH_CHANNEL``)."""
    postings: list[Posting] = []
    for debit, debit_tax, credit, credit_tax, amount in pairs:
        if amount < 0:
            debit, debit_tax, credit, credit_tax, amount = (
                credit, credit_tax, debit, debit_tax, -amount,
            )  # fmt: skip
        if amount:
            postings += [
                Posting(debit, amount, debit_tax, party if debit in WITH_CHANNEL else ""),
                Posting(credit, -amount, credit_tax, party if credit in WITH_CHANNEL else ""),
            ]
    return tuple(postings)


JOURNAL_COLUMNS = ("id", "item_id", "title", "price", "fees", "shipping", "net_cash",
                   "cost_basis", "kind", "sales_tax", "paid_later", "fees_settled",
                   "shipping_settled", "paid_from", "fee_tax", "fee_account", "payout_fee",
                   "intl_shipping")  # fmt: skip


def journal_entries(disposals: Mapping[str, Any], settings: Settings) -> list[Entry]:
    """One balanced entry per disposal (columns as ``store.disposals.read_disposals``
    gives them, the recorded facts included), dated ``booked_on`` (``sold_on`` when the
    columns have no ``booked_on``), in the order given. Of ``settings`` the books'
    method, the memo language and the conversion charge's account are read."""
    books = settings.bookkeeping
    perpetual = books.method == "perpetual"
    fx_account = "fx_loss" if books.fx_fee_account == "fx_loss" else "fees"
    words = MEMO_WORDS[books.memo_lang]
    sold = [_day(day) for day in _values(disposals, "sold_on")]
    booked = [_day(day) for day in _values(disposals, "booked_on")] if "booked_on" in disposals \
        else sold  # fmt: skip
    columns = {name: list(_values(disposals, name)) for name in JOURNAL_COLUMNS}
    labels = stored_labels(disposals, books.memo_lang)
    entries = []
    for index, day in enumerate(booked):
        row = {name: values[index] for name, values in columns.items()}
        label = labels[index]
        title = row["title"] or words["item"].format(id=row["item_id"])
        memo, source = f"{title} ({label})", f"liquidator disposal {row['id']}"
        if day != sold[index]:  # sold in a period already closed: booked when recorded
            memo = words["late"].format(date=sold[index].isoformat()) + memo
            source += f" sold {sold[index].isoformat()}"
        postings = postings_of(disposal_pairs(row, perpetual, fx_account), label)
        entries.append(Entry(day, row["id"], memo, postings, source, label))
    return entries


def reversal_entries(
    reversals: list[tuple[dt.date, Mapping[str, Any]]], settings: Settings
) -> list[tuple[Entry, Entry]]:
    """For each disposal undone after its period was closed (the day it was undone and
    the copy of its columns kept then): its entry as it was booked, and the reversing
    entry dated the day it was undone."""
    words = MEMO_WORDS[settings.bookkeeping.memo_lang]
    pairs = []
    import numpy as np

    for day, copy in reversals:
        columns = {name: np.array([value], dtype=object) for name, value in copy.items()}
        (original,) = journal_entries(columns, settings)
        prefix = words["reversal"].format(date=original.date.isoformat())
        pairs.append((original, original.reversed(day, prefix)))
    return pairs


def _values(columns: Mapping[str, Any], name: str) -> list[Any]:
    values = columns[name]
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))

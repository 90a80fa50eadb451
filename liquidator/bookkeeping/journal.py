"""The journal model: each disposal as one balanced entry of postings (beancount's shape).

Pure: disposal columns and the settings in, ``Entry`` objects out. Which accounts an
entry touches depends on what the disposal was (its ``kind``: a sale, a supplier
refund, a write-off), its tax (``sales_tax``) and how it paid (``paid_later``), as
recorded with it from its channel's settings on the day (``disposal_facts``), and on
the books' method (``[bookkeeping] method``); never on a channel's name or on what the
channel's settings say today, so removing or changing a channel leaves past entries as
they were. Amounts are tax-inclusive whole yen (税込経理).

- a sale: Dr receivable (a marketplace pays out later; the payout is the bank feed's
  entry) or cash (a buy-back shop pays on the spot) for the net cash, Dr fees, Dr
  shipping / Cr sales (tax: the recorded ``sales_tax``: taxable 10% or export);
- a supplier refund is never a sale: Cr purchase returns (三分法) or Cr inventory
  (perpetual), tax "purchase return";
- a write-off: Dr loss / Cr purchases (三分法: 他勘定振替) or Cr inventory (perpetual);
- perpetual books also post each sale's cost: Dr cost of goods / Cr inventory. 三分法
  books do not (the purchase was expensed; the year-end stock count adjusts it).

Fees, shipping and other selling costs carry the tax category "purchase 10%" (課対仕入).
When net cash is not price − fees − shipping, the difference goes to ``other_costs`` so
the entry still balances. Zero postings are left out. A posting holds the account's key
(``cash``) and a neutral tax code; a layout looks up the names its package uses.
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
SALES_10, EXPORT, PURCHASE_10, PURCHASE_RETURN_10 = (
    "sales_10", "export", "purchase_10", "purchase_return_10",
)  # fmt: skip
TAX_OF_SALES = {"taxable_10": SALES_10, "export": EXPORT}


@dataclass(frozen=True)
class Posting:
    """One line of an entry: an account key, an amount (> 0 debit, < 0 credit) and its
    consumption-tax code (None: not subject to it)."""

    account: str
    amount: int
    tax: str | None = None

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

    @property
    def balanced(self) -> bool:
        return sum(p.amount for p in self.postings) == 0

    def side_by_side(self) -> list[tuple[Posting | None, Posting | None]]:
        """The entry as rows of (debit, credit): the i-th debit beside the i-th credit,
        None where one side has run out (the shape Japanese journal imports take)."""
        from itertools import zip_longest

        debits = [p for p in self.postings if p.debit]
        credits = [p for p in self.postings if p.credit]
        return list(zip_longest(debits, credits))


def journal_entries(disposals: Mapping[str, Any], settings: Settings) -> list[Entry]:
    """One balanced entry per disposal (columns as ``store.disposals.read_disposals``
    gives them, the recorded facts included), in the order given. Of ``settings`` only
    the books' method is read."""

    names = ("id", "item_id", "title", "price", "fees", "shipping", "net_cash", "cost_basis",
             "sold_on", "kind", "sales_tax", "paid_later")  # fmt: skip
    perpetual = settings.bookkeeping.method == "perpetual"
    entries = []
    rows = zip(*(list(disposals[name].tolist()) for name in names), stored_labels(disposals),
               strict=True)  # fmt: skip
    for *figures, label in rows:
        (number, item_id, title, price, fees, shipping, net_cash, cost, sold_on, kind, taxed,
         paid_later) = figures  # fmt: skip
        sales_tax = TAX_OF_SALES[taxed]
        memo = " ".join(part for part in (title or f"item {item_id}", f"({label})") if part)
        other = price - fees - shipping - net_cash
        lines = [
            ("receivable" if paid_later else "cash", net_cash, None),
            ("fees", fees, PURCHASE_10),
            ("shipping", shipping, PURCHASE_10),
            ("other_costs", other, PURCHASE_10),
        ]
        if kind == DisposalKind.SUPPLIER_REFUND:
            lines.append(("inventory" if perpetual else "purchase_returns", -price,
                          PURCHASE_RETURN_10))  # fmt: skip
        else:
            lines.append(("sales", -price, sales_tax))
        if kind == DisposalKind.WRITEOFF:
            lines += [
                ("loss", cost, None),
                ("inventory" if perpetual else "purchases", -cost, None),
            ]
        elif kind == DisposalKind.SALE and perpetual:
            lines += [("cost_of_goods", cost, None), ("inventory", -cost, None)]
        postings = tuple(Posting(account, amount, tax) for account, amount, tax in lines if amount)
        entries.append(Entry(sold_on, number, memo, postings, f"liquidator disposal {number}"))
    return entries

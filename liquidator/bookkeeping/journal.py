"""The journal model: each disposal as one balanced entry of postings (beancount's shape).

Pure: disposal columns and the settings in, ``Entry`` objects out. Which accounts an
entry touches depends on what the channel's disposal is (its ``disposal`` setting),
never on its name:

- a sale (and a buy-back, a refund …, any ``sale`` channel): Dr cash (net cash),
  Dr fees, Dr shipping / Cr sales (price); Dr cost of goods / Cr inventory (cost);
- a ``supplier_refund``: booked like a sale for now;
- a ``writeoff``: the cost goes to the loss account instead of cost of goods.

When net cash is not price − fees − shipping, the difference goes to ``other_costs`` so
the entry still balances. Zero postings are left out. Account names come from the
``[accounts]`` settings; a posting holds the account's key (``cash``), a layout looks
the name up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from liquidator.settings.sections import Settings


@dataclass(frozen=True)
class Posting:
    """One line of an entry: an account key and an amount (> 0 debit, < 0 credit)."""

    account: str
    amount: int

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

    @property
    def balanced(self) -> bool:
        return sum(p.amount for p in self.postings) == 0


def journal_entries(disposals: Mapping[str, Any], settings: Settings) -> list[Entry]:
    """One balanced entry per disposal (columns as ``store.disposals.read_disposals``
    gives them), in the order given."""
    names = ("id", "item_id", "title", "channel", "price", "fees", "shipping", "net_cash",
             "cost_basis", "sold_on")  # fmt: skip
    entries = []
    for row in zip(*(list(disposals[name].tolist()) for name in names), strict=True):
        number, item_id, title, channel, price, fees, shipping, net_cash, cost, sold_on = row
        kind = settings.channels[channel].disposal if channel in settings.channels else "sale"
        memo = " ".join(part for part in (f"item {item_id}", title or "", f"({channel})") if part)
        other = price - fees - shipping - net_cash
        lines = [
            ("cash", net_cash),
            ("fees", fees),
            ("shipping", shipping),
            ("other_costs", other),
            ("sales", -price),
            ("loss" if kind == "writeoff" else "cost_of_goods", cost),
            ("inventory", -cost),
        ]
        postings = tuple(Posting(account, amount) for account, amount in lines if amount)
        entries.append(Entry(sold_on, number, memo, postings))
    return entries

"""What the books need of a disposal, and the journal's closed periods.

A disposal now keeps how its costs were settled and taxed (its channel's
``fees_settled``, ``shipping_settled``, ``paid_from``, ``fee_tax`` and ``fee_account``,
copied when it is recorded like the facts of 0007), the parts of its costs that are
booked apart (``payout_fee``: the payout's currency conversion, part of ``fees``;
``intl_shipping``: international transport, part of ``shipping``), the evidence of an
export (ship-to country, carrier, tracking number, the foreign amount with its rate and
the rate's date) and ``booked_on``: the day its journal entry is dated (its sale day, or
the day it was recorded when that fell in a period already exported).

``journal_exports`` records each journal export that closed a period; ``journal_reversals``
keeps a copy of a disposal undone after its period was closed, so its entry and the
reversing entry (赤伝) stay in the books, and the units it took out of stock until it was
undone (the closed period's stock count stays as it was).

Existing disposals are filled from the built-in channels (never from a workspace's
liquidator.toml, as in 0007); a disposal on a channel no default knows takes the
channel defaults. Old export sales are taken to have shipped abroad: their shipping
becomes international (exempt). No old disposal has a conversion charge split out (it
stays inside its fees, as before). ``booked_on`` is the sale day.

Revision ID: 0012_i32_disposal_books
Revises: 0011_zoned_times
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_i32_disposal_books"
down_revision = "0011_zoned_times"
branch_labels = None
depends_on = None

FACTS = ("fees_settled", "shipping_settled", "paid_from", "fee_tax", "fee_account")
# What a disposal on a channel the defaults do not know is taken to be.
UNKNOWN = {"fees_settled": "deducted", "shipping_settled": "paid_separately",
           "paid_from": "payable", "fee_tax": "taxable_10", "fee_account": "fees"}  # fmt: skip
_NEW = (
    ("payout_fee", sa.Integer),
    ("intl_shipping", sa.Integer),
    *((name, sa.String(20)) for name in FACTS),
    ("ship_to", sa.String(2)),
    ("carrier", sa.String(200)),
    ("tracking", sa.String(200)),
    ("foreign_amount", sa.String(40)),
    ("currency", sa.String(3)),
    ("fx_rate", sa.String(40)),
    ("rate_date", sa.Date),
    ("booked_on", sa.Date),
)
NOT_NULL = ("payout_fee", "intl_shipping", *FACTS, "booked_on")


def upgrade() -> None:
    from liquidator.settings.defaults import CHANNELS

    with op.batch_alter_table("disposals") as batch:
        for name, kind in _NEW:
            batch.add_column(sa.Column(name, kind, nullable=True))
    disposals = sa.table(
        "disposals",
        *(sa.column(name) for name in ("channel", "sales_tax", "shipping", "sold_on")),
        *(sa.column(name) for name, _kind in _NEW),
    )
    for name, channel in CHANNELS.items():
        op.execute(
            disposals.update()
            .where(disposals.c.channel == name)
            .values(**{fact: getattr(channel, fact) for fact in FACTS})
        )
    op.execute(disposals.update().where(disposals.c.fee_tax.is_(None)).values(**UNKNOWN))
    op.execute(
        disposals.update().values(
            payout_fee=0,
            intl_shipping=sa.case((disposals.c.sales_tax == "export", disposals.c.shipping),
                                  else_=0),
            booked_on=disposals.c.sold_on,
        )
    )  # fmt: skip
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "disposals", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            for name in NOT_NULL:
                batch.alter_column(name, nullable=False)
    else:
        for name in NOT_NULL:
            op.alter_column("disposals", name, nullable=False)
    op.create_index("ix_disposals_booked_on", "disposals", ["booked_on"])
    op.create_table(
        "journal_exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date, nullable=False),
        sa.Column("exported_on", sa.Date, nullable=False),
        sa.Column("entries", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "journal_reversals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("disposal_id", sa.Integer, nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("qty", sa.Integer, nullable=False),
        sa.Column("cost_basis", sa.Integer, nullable=False),
        sa.Column("sold_on", sa.Date, nullable=False),
        sa.Column("reversed_on", sa.Date, nullable=False),
        sa.Column("disposal", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_journal_reversals_item_id", "journal_reversals", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_journal_reversals_item_id", table_name="journal_reversals")
    op.drop_table("journal_reversals")
    op.drop_table("journal_exports")
    op.drop_index("ix_disposals_booked_on", table_name="disposals")
    with op.batch_alter_table("disposals") as batch:
        for name, _kind in reversed(_NEW):
            batch.drop_column(name)

"""A disposal keeps what it was: its kind, tax treatment, payout and channel names.

Until now the journal, the sales list and the report asked today's settings what a
disposal's channel is, so removing a channel from liquidator.toml turned last
quarter's supplier refunds into taxable sales. These columns hold the channel's facts
as they were when the disposal was recorded (liquidator.disposal_facts.RECORDED).

Existing rows are filled from the built-in channels (liquidator.settings.defaults), never
from a workspace's liquidator.toml: a migration runs wherever the database is opened
and must not depend on which settings file happens to sit beside it. A disposal on a
channel the defaults do not know (one that was defined in liquidator.toml) is taken to
be a taxable sale paid later, named by its channel id.

Revision ID: 0007_disposal_facts
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_disposal_facts"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("kind", "sales_tax", "paid_later", "channel_label", "channel_label_ja")
# What a disposal on a channel no default knows is taken to be (the label: its id).
UNKNOWN = {"kind": "sale", "sales_tax": "taxable_10", "paid_later": True}


def _columns() -> list[sa.Column]:
    return [
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("sales_tax", sa.String(20), nullable=True),
        sa.Column("paid_later", sa.Boolean, nullable=True),
        sa.Column("channel_label", sa.String, nullable=True),
        sa.Column("channel_label_ja", sa.String, nullable=True),
    ]


def upgrade() -> None:
    from liquidator.settings.defaults import CHANNELS

    with op.batch_alter_table("disposals") as batch:
        for column in _columns():
            batch.add_column(column)
    disposals = sa.table("disposals", sa.column("channel"), *(sa.column(c) for c in COLUMNS))
    for name, channel in CHANNELS.items():
        op.execute(
            disposals.update()
            .where(disposals.c.channel == name)
            .values(
                kind=channel.disposal,
                sales_tax=channel.sales_tax,
                paid_later=channel.paid_later,
                channel_label=channel.label,
                channel_label_ja=channel.label_ja,
            )
        )
    op.execute(
        disposals.update()
        .where(disposals.c.kind.is_(None))
        .values(**UNKNOWN, channel_label=disposals.c.channel, channel_label_ja=disposals.c.channel)
    )
    if op.get_bind().dialect.name == "sqlite":
        # Making a column NOT NULL rebuilds the table there: keep AUTOINCREMENT (0004).
        with op.batch_alter_table(
            "disposals", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            for name in COLUMNS:
                batch.alter_column(name, nullable=False)
        return
    for name in COLUMNS:
        op.alter_column("disposals", name, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("disposals") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)

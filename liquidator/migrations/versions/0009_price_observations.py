"""Price observations: what an item (or its ASIN or JAN) was seen selling for, on
which channel, when and according to whom.

Append-only history: a fetch or an import adds rows and never changes one. An item
deleted later keeps its observations (``item_id`` becomes NULL; the ASIN and JAN stay).
The index serves "the freshest observation of each item on a channel".

Revision ID: 0009_price_observations
Revises: 0008_item_search
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_price_observations"
down_revision = "0008_item_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="SET NULL")),
        sa.Column("asin", sa.String(200)),
        sa.Column("jan", sa.String(200)),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("price", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("observed_on", sa.Date, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_price_observations_freshest",
        "price_observations",
        ["item_id", "channel", "observed_on"],
    )


def downgrade() -> None:
    op.drop_index("ix_price_observations_freshest", table_name="price_observations")
    op.drop_table("price_observations")

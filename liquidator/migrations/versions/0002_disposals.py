"""Disposals: what each sale, return, buy-back or write-off brought back.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disposals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id"), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("qty", sa.Integer, nullable=False),
        sa.Column("price", sa.Integer, nullable=False),
        sa.Column("fees", sa.Integer, nullable=False),
        sa.Column("shipping", sa.Integer, nullable=False),
        sa.Column("net_cash", sa.Integer, nullable=False),
        sa.Column("cost_basis", sa.Integer, nullable=False),
        sa.Column("profit", sa.Integer, nullable=False),
        sa.Column("reference_price", sa.Integer, nullable=False),
        sa.Column("sold_on", sa.Date, nullable=False),
        sa.Column("note", sa.String(10_000)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_disposals_item_id", "disposals", ["item_id"])
    op.create_index("ix_disposals_channel", "disposals", ["channel"])
    op.create_index("ix_disposals_sold_on", "disposals", ["sold_on"])


def downgrade() -> None:
    op.drop_table("disposals")

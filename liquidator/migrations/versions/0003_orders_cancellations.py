"""Imported Amazon orders and the cancellation desk's cases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("amazon_order_id", sa.String(200), nullable=False, unique=True),
        sa.Column("merchant_order_id", sa.String(200)),
        sa.Column("purchase_date", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purchased_on", sa.Date, nullable=False),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(200), nullable=False),
        sa.Column("fulfillment_channel", sa.String(200)),
        sa.Column("sales_channel", sa.String(200)),
        sa.Column("product_name", sa.String(2000)),
        sa.Column("sku", sa.String(1000)),
        sa.Column("asin", sa.String(1000)),
        sa.Column("quantity", sa.Integer),
        sa.Column("currency", sa.String(10)),
        sa.Column("item_price", sa.String(40)),
        sa.Column("buyer_requested", sa.Boolean),
        sa.Column("lines", sa.Integer, nullable=False, server_default="1"),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_orders_purchased_on", "orders", ["purchased_on"])
    op.create_table(
        "cancellations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order_id", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("stage", sa.String(20)),
        sa.Column("via", sa.String(20)),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("in_hand", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("seller", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("decision", sa.String(40), nullable=False),
        sa.Column("template", sa.String(60), nullable=False),
        sa.Column("counts_against_rate", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("buyer_requested", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("cancels_order", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("buyer", sa.String(200)),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", ondelete="SET NULL")),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_cancellations_order_id", "cancellations", ["order_id"])


def downgrade() -> None:
    op.drop_table("cancellations")
    op.drop_table("orders")

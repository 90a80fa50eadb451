"""Items and the append-only event log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("qty", sa.Integer, nullable=False),
        sa.Column("unit_cost", sa.Integer, nullable=False),
        sa.Column("purchased_on", sa.Date, nullable=False),
        sa.Column("size_class", sa.Integer, nullable=False),
        sa.Column("length_cm", sa.Float),
        sa.Column("width_cm", sa.Float),
        sa.Column("height_cm", sa.Float),
        sa.Column("weight_g", sa.Integer),
        sa.Column("sku", sa.String(200)),
        sa.Column("asin", sa.String(200)),
        sa.Column("jan", sa.String(200)),
        sa.Column("category", sa.String(200)),
        sa.Column("source", sa.String(200)),
        sa.Column("order_id", sa.String(200)),
        sa.Column("market_price", sa.Integer),
        sa.Column("return_by", sa.Date),
        sa.Column("hazmat", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("note", sa.String(10_000)),
        sa.Column("status", sa.String(20), nullable=False, server_default="in_stock"),
        sa.Column("listed_channel", sa.String(40)),
        sa.Column("listed_price", sa.Integer),
        sa.Column("listed_on", sa.Date),
        sa.Column("import_key", sa.String(80), unique=True),
        sa.Column("recorded_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_items_status", "items", ["status"])
    op.create_index("ix_items_order_id", "items", ["order_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_events_item_id", "events", ["item_id"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("items")

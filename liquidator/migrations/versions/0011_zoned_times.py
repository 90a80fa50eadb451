"""Every stored time is zoned: items, events and disposals join the later tables.

On PostgreSQL the first tables kept their times (``items.created_at`` and
``updated_at``, ``events.at``, ``disposals.created_at``) as ``timestamp without time
zone`` holding UTC, while the models, and every table made since 0003, say ``timestamp
with time zone``. The stored values are UTC, so each is read as UTC: the same instants,
nothing lost. SQLite has one kind of time column: nothing changes there.

Revision ID: 0011_zoned_times
Revises: 0010_i33_listing_fields
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_zoned_times"
down_revision = "0010_i33_listing_fields"
branch_labels = None
depends_on = None

ZONED = (("items", "created_at"), ("items", "updated_at"), ("events", "at"),
         ("disposals", "created_at"))  # fmt: skip


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in ZONED:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(timezone=True),
            existing_type=sa.DateTime(),
            existing_nullable=False,
            postgresql_using=f"{column} AT TIME ZONE 'UTC'",
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in ZONED:
        op.alter_column(
            table,
            column,
            type_=sa.DateTime(),
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=False,
            postgresql_using=f"{column} AT TIME ZONE 'UTC'",
        )

"""An index for "what is on sale on this channel, newest first".

Calibration reads each channel's newest open listings when an item is added. With only
the status index, a channel with no listings made SQLite walk every listed item (what
that cost on a million items is in benchmarks/README.md); by (status, listed_channel,
id) it is a seek on both engines, in id order. That index also serves every lookup by
status alone, so the status index it starts with is dropped: one index to keep up at
each write, not two.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_listings", "items", ["status", "listed_channel", "id"])
    op.drop_index("ix_items_status", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_status", "items", ["status"])
    op.drop_index("ix_items_listings", table_name="items")

"""What a listing needs: the item's condition, listing titles and descriptions in
Japanese and English, photos, the category ids eBay, ヤフオク! and メルカリShops ask for
(fields.ITEM_FIELDS), and the site's number for an open listing (an eBay ItemID).

Every new column is nullable: an older database keeps all its items as they were, with
nothing recorded yet for a listing.

Revision ID: 0010_i33_listing_fields
Revises: 0009_price_observations
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_i33_listing_fields"
down_revision = "0009_price_observations"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("condition", sa.String(20)),
    ("title_ja", sa.String(500)),
    ("title_en", sa.String(500)),
    ("description_ja", sa.String(10_000)),
    ("description_en", sa.String(10_000)),
    ("photos", sa.String(10_000)),
    ("ebay_category", sa.String(200)),
    ("yahoo_category", sa.String(200)),
    ("mercari_category", sa.String(200)),
    ("listing_id", sa.String(200)),
)


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)

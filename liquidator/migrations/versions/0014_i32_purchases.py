"""What the purchase side of the books needs of an item: the seller's invoice
registration number (登録番号, or ``none`` for a seller who is not registered), and for
used goods bought from a person under 古物商特例 the details its 帳簿 must show (the
seller's name and address; the item, the day and the price are the item's own).

Nullable: an item recorded before has nothing stated, as before.

Revision ID: 0014_i32_purchases
Revises: 0013_i32_lot_cost
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_i32_purchases"
down_revision = "0013_i32_lot_cost"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("seller_invoice_no", sa.String(20)),
    ("used_goods", sa.Boolean),
    ("seller_name", sa.String(200)),
    ("seller_address", sa.String(200)),
)


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)

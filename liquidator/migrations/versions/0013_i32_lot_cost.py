"""A lot's total cost, exact: ``cost_remainder`` is the yen of the total beyond
``unit_cost`` × its units (``add --total-cost 1000 --qty 3``: 333 a unit and 1 yen
over), carried one yen each by the lot's first units, so the cost of every sale and the
棚卸表 add up to what was paid.

Nullable: an item recorded before, or with a cost per unit, has none.

Revision ID: 0013_i32_lot_cost
Revises: 0012_i32_disposal_books
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_i32_lot_cost"
down_revision = "0012_i32_disposal_books"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("cost_remainder", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("cost_remainder")

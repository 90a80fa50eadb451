"""Scoring v2: items may be domestic-only and carry firm quotes; a disposal keeps the
date its item was listed on the channel it sold on, so calibration can learn how long
that channel takes from listing to sale.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("domestic_only", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("quotes", sa.String(200), nullable=True))
    with op.batch_alter_table("disposals") as batch:
        batch.add_column(sa.Column("listed_on", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("disposals") as batch:
        batch.drop_column("listed_on")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("quotes")
        batch.drop_column("domestic_only")

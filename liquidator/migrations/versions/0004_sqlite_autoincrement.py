"""SQLite: never reuse the id of a deleted item or an undone disposal.

Without AUTOINCREMENT, SQLite hands the highest deleted rowid to the next row, so a
new item would inherit a deleted one's history in the event log. PostgreSQL
sequences never reuse ids; nothing to do there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # liquidator.db runs migrations with foreign keys off on SQLite (a rebuilt table is
    # dropped while others point at it) and checks them all before committing.
    for table in ("items", "disposals"):
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    pass

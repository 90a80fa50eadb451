"""Items keep a search column: their searchable text, NFKC-case-folded, one definition.

``list --search`` compared lower(text) in SQL: SQLite's lower() folds ASCII only, so
"éclair" missed "ÉCLAIR bag" and "ｓｏｎｙ" missed "Sony" there while PostgreSQL found
them. ``search_text`` holds liquidator.fields.search_text of each item, computed in
Python when the item is written, so both engines compare the same folded text with a
plain LIKE and no per-row function. Existing items are filled in here, a few thousand
at a time. Nullable: adding a NOT NULL column would rebuild the items table on SQLite.

Revision ID: 0008_item_search
Revises: 0007_disposal_facts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_item_search"
down_revision = "0007_disposal_facts"
branch_labels = None
depends_on = None

BATCH = 5_000
# The searchable attributes at this revision: a field made searchable later adds its
# column after this runs, and recomputes the column in its own migration.
SEARCHABLE = ("title", "sku", "asin", "jan", "source", "order_id", "note")


def upgrade() -> None:
    from liquidator.fields import search_text

    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("search_text", sa.String, nullable=True))
    connection = op.get_bind()
    items = sa.table("items", sa.column("id"), sa.column("search_text"),
                     *(sa.column(name) for name in SEARCHABLE))  # fmt: skip
    update = (
        items.update()
        .where(items.c.id == sa.bindparam("item_id"))
        .values(search_text=sa.bindparam("text"))
    )
    last = None
    while True:
        query = sa.select(items.c.id, *(items.c[name] for name in SEARCHABLE)).order_by(items.c.id)
        if last is not None:
            query = query.where(items.c.id > last)
        rows = connection.execute(query.limit(BATCH)).all()
        if not rows:
            return
        connection.execute(
            update,
            [{"item_id": row.id, "text": search_text(row._mapping, SEARCHABLE)} for row in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("search_text")

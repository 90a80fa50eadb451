"""Alembic environment: always run on the connection liquidator hands over."""

from alembic import context
from sqlmodel import SQLModel

import liquidator.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()

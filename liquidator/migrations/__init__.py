"""Alembic migrations, applied automatically when a command opens the database.

``HEAD`` names the newest revision so that opening a current database costs one
SELECT and never imports Alembic. A test checks it against the scripts.
"""

HEAD = "0014_i32_purchases"

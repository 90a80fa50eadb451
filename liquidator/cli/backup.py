"""``backup`` and ``restore``: a consistent copy of the workspace database, and putting one back."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import console, emit_json, is_interactive, workspace
from liquidator.cli.options import Json
from liquidator.errors import LiquidatorError

app = typer.Typer()


def _sqlite_file(ctx: typer.Context, command: str) -> Path:
    """The workspace's SQLite file; other engines have their own backup tools."""
    from liquidator.db import sqlite_path

    url = workspace(ctx).db_url
    if url.startswith("postgresql"):
        from liquidator.backup import postgres_hint

        tool = "pg_dump" if command == "backup" else "pg_restore"
        example = postgres_hint(url, restore=command == "restore")
        raise LiquidatorError(
            f"{command}: this workspace uses PostgreSQL; use {tool} instead, e.g. {example}"
        )
    path = sqlite_path(url)
    if path is None:
        raise LiquidatorError(f"{command}: only a SQLite database file can be {command}d here")
    return path


@app.command()
def backup(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the copy here (a file, or a folder) [default: <home>/data/backups/].",
            show_default=False,
        ),
    ] = None,
    json_out: Json = False,
) -> None:
    """Make a consistent copy of the database, safe while other commands are running.

    The copy is checked with SQLite's integrity check before its path is printed.

    Example: liquidator backup -o ~/Dropbox/liquidator-monday.db
    """
    from liquidator.backup import backup_sqlite, default_backup_path

    source = _sqlite_file(ctx, "backup")
    ws = workspace(ctx)
    if output is None:
        destination = default_backup_path(backups_dir=ws.backups_dir)
    else:
        destination = Path(output).expanduser()
        if destination.is_dir():
            destination = default_backup_path(backups_dir=destination)
    info = backup_sqlite(source=source, destination=destination.resolve())
    if json_out:
        emit_json(info.as_dict())
        return
    from rich.markup import escape

    console().print(
        f"Backed up {_items(info.items)} to {escape(info.path)} "
        f"({info.size_bytes:,} bytes, integrity {info.integrity})."
    )


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A backup made by `liquidator backup`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json_out: Json = False,
) -> None:
    """Replace the database with a backup; the current one is backed up first.

    An older backup is upgraded to the current schema.

    Example: liquidator restore data/backups/liquidator-20261130-090000.db
    """
    from liquidator.backup import inspect_database, restore_sqlite, shown

    target = _sqlite_file(ctx, "restore")
    incoming = inspect_database(path=Path(file).expanduser())
    if not yes:
        if not is_interactive():
            raise LiquidatorError(f"not restoring {shown(Path(file))}: confirm with --yes")
        typer.confirm(
            f"Replace the database at {target} with {file} ({_items(incoming.items)})? "
            "The current database is backed up first.",
            abort=True,
        )
    restored, previous = restore_sqlite(
        backup=Path(file).expanduser(), target=target, backups_dir=workspace(ctx).backups_dir
    )
    if json_out:
        emit_json(
            {
                "restored": restored.as_dict() | {"from": incoming.path},
                "previous_backup": previous.as_dict() if previous else None,
            }
        )
        return
    from rich.markup import escape

    out = console()
    if previous:
        out.print(f"Backed up the database it replaced to {escape(previous.path)}.")
    out.print(
        f"Restored {_items(restored.items)} from {escape(incoming.path)} "
        f"(schema {restored.schema_revision}, integrity {restored.integrity})."
    )


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"

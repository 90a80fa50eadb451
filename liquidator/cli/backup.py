"""``backup`` and ``restore``: a consistent copy of the workspace database, and putting one back."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.context import console, emit_json, is_interactive, workspace
from liquidator.cli.options import Json
from liquidator.errors import LiquidatorError
from liquidator.i18n import _, ngettext

app = typer.Typer()


def _sqlite_file(ctx: typer.Context, command: str) -> Path:
    """The workspace's SQLite file; other engines have their own backup tools."""
    from liquidator.database_url import check_url
    from liquidator.db import sqlite_path

    url = workspace(ctx).db_url
    check_url(url)
    if url.startswith("postgresql"):
        from liquidator.backup import postgres_hint

        tool = "pg_dump" if command == "backup" else "pg_restore"
        example = postgres_hint(url, restore=command == "restore")
        raise LiquidatorError(
            _(
                "{command}: this workspace uses PostgreSQL; use {tool} instead, e.g. {example}"
            ).format(command=command, tool=tool, example=example)
        )
    path = sqlite_path(url)
    if path is None:
        raise LiquidatorError(
            _("{command}: only a SQLite database file can be {command}d here").format(
                command=command
            )
        )
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
    info = backup_sqlite(
        source=source, destination=destination.resolve(), backups_dir=ws.backups_dir
    )
    if json_out:
        emit_json(info.as_dict())
        return
    from rich.markup import escape

    console().print(
        _("Backed up {items} to {path} ({size:,} bytes, integrity {integrity}).").format(
            items=_items(info.items),
            path=escape(info.path),
            size=info.size_bytes,
            integrity=info.integrity,
        )
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
            raise LiquidatorError(
                _("not restoring {file}: confirm with --yes").format(file=shown(Path(file)))
            )
        typer.confirm(
            _(
                "Replace the database at {target} with {file} ({items})? "
                "The current database is backed up first."
            ).format(target=target, file=file, items=_items(incoming.items)),
            abort=True,
        )
    restored, previous, damaged_copy = restore_sqlite(
        backup=Path(file).expanduser(), target=target, backups_dir=workspace(ctx).backups_dir
    )
    if json_out:
        emit_json(
            {
                "restored": restored.as_dict() | {"from": incoming.path},
                "previous_backup": previous.as_dict() if previous else None,
                "damaged_copy": str(damaged_copy) if damaged_copy else None,
            }
        )
        return
    from rich.markup import escape

    out = console()
    if previous:
        out.print(
            _("Backed up the database it replaced to {path}.").format(path=escape(previous.path))
        )
    if damaged_copy:
        out.print(
            _("The damaged database it replaced was kept as {path}.").format(
                path=escape(str(damaged_copy))
            )
        )
    out.print(
        _("Restored {items} from {path} (schema {schema}, integrity {integrity}).").format(
            items=_items(restored.items),
            path=escape(incoming.path),
            schema=restored.schema_revision,
            integrity=restored.integrity,
        )
    )


def _items(count: int) -> str:
    return ngettext("{count} item", "{count} items", count).format(count=count)

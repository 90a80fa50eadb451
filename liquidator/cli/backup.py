"""``backup`` and ``restore``: a consistent copy of the workspace database, and putting one back."""

from pathlib import Path
from typing import Annotated

import typer

from liquidator.cli.base import App
from liquidator.cli.context import console, emit_json, is_interactive, workspace
from liquidator.cli.options import Json
from liquidator.errors import LiquidatorError
from liquidator.i18n import _, ngettext

app = App()


def _sqlite_file(ctx: typer.Context, command: str) -> Path:
    from liquidator.database_url import file_to_copy

    return file_to_copy(workspace(ctx).db_url, command)


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
    from liquidator.backup import backup_destination, backup_sqlite

    source = _sqlite_file(ctx, "backup")
    ws = workspace(ctx)
    destination = backup_destination(output, backups_dir=ws.backups_dir)
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
    else:
        _print_restored(restored, incoming.path, previous, damaged_copy)


def _print_restored(restored, source: str, previous, damaged_copy) -> None:
    """What a restore did: the copies it kept of what it replaced, and what it put back."""
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
            path=escape(source),
            schema=restored.schema_revision,
            integrity=restored.integrity,
        )
    )


def _items(count: int) -> str:
    return ngettext("{count} item", "{count} items", count).format(count=count)

"""What every command shares: the workspace, the database, dates and output helpers."""

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from typing import Any

import typer

from liquidator.errors import InvalidInput
from liquidator.workspace import Workspace, resolve_workspace


@dataclass
class AppState:
    """Options given before the subcommand, resolved lazily."""

    home: str | None = None
    db: str | None = None
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = resolve_workspace(home=self.home, db=self.db)
        return self._workspace


def state(ctx: typer.Context) -> AppState:
    """The root command's state (a default one when a sub-app is invoked alone in tests)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def workspace(ctx: typer.Context) -> Workspace:
    return state(ctx).workspace


def open_db(ctx: typer.Context, *, write: bool = False):
    """Open the workspace database (imports SQLAlchemy only now)."""
    from liquidator.db import open_database

    ws = workspace(ctx)
    ws.settings  # noqa: B018  (a broken liquidator.toml fails before anything is written)
    database = open_database(ws, write=write)
    ctx.call_on_close(database.dispose)
    return database


def as_of_date(value: str | None) -> dt.date:
    """The date a command works as of: ``--as-of`` or today."""
    if value is None:
        return dt.date.today()
    from liquidator.parsing import parse_date

    return parse_date(value, "--as-of")


def emit_json(data: Any) -> None:
    """Machine output: snake_case keys, integer yen, ISO dates, UTF-8 as is."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def console():
    """A rich console for human output."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def is_interactive() -> bool:
    return sys.stdin.isatty()


def required(value: Any, option: str, prompt: str, *, interactive: bool | None = None) -> Any:
    """A required value: given, else asked for on a terminal, else an error."""
    if value is not None and value != "":
        return value
    if interactive if interactive is not None else is_interactive():
        return typer.prompt(prompt)
    raise InvalidInput(option, "is required (no terminal to ask on)")


def yen(amount: int | float | None) -> str:
    """Money for people: ¥12,300."""
    if amount is None:
        return "—"
    amount = int(round(amount))
    return f"-¥{-amount:,}" if amount < 0 else f"¥{amount:,}"


def compact_table(title: str | None = None, **options):
    """A rich table that fits an 80-column terminal: a rule under the header, no frame."""
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        **options,
    )

"""What every command shares: the workspace, the database, dates and output helpers."""

import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer

from liquidator.errors import InvalidInput
from liquidator.workspace import Workspace, resolve_workspace

JSON_CHUNK_CHARS = 1 << 20  # emit_json writes a large result in pieces of about this size


# Options every command shares, defined once.
Json = Annotated[bool, typer.Option("--json", "-j", help="Print JSON (compact when piped).")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Work as of this date (YYYY-MM-DD) [default: today].", show_default=False
    ),
]


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
    """Machine output: snake_case keys, integer yen, ISO dates, UTF-8 as is.

    On a terminal it is indented for reading. Into a pipe or a file the top-level list
    (or dict) goes one member per line, each member compact, written as it is encoded:
    the C encoder is several times faster than the indenting one, and a result of
    100k items never exists as one 200 MB string.
    """
    if json_for_terminal():
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
        return
    from liquidator.render.json import iter_json

    write_json_pieces(iter_json(data, depth=1, default=_json_default))


def json_for_terminal() -> bool:
    """True when JSON output is read on a terminal (indented), False in a pipe or file."""
    return sys.stdout.isatty()


def write_json_pieces(pieces: Iterable[str]) -> None:
    """JSON text made in pieces, written to stdout in chunks of about 1 MB, then a newline."""
    # Straight to the stream: echo would scan each chunk for ANSI codes, and JSON has
    # none (it escapes every control character).
    out = typer.get_text_stream("stdout")
    chunk: list[str] = []
    size = 0
    for piece in pieces:
        chunk.append(piece)
        size += len(piece)
        if size >= JSON_CHUNK_CHARS:
            out.write("".join(chunk))
            chunk, size = [], 0
    chunk.append("\n")
    out.write("".join(chunk))
    out.flush()


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

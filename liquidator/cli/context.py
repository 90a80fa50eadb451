"""What every command shares: the workspace, the database, dates and output helpers."""

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import typer

from liquidator.workspace import Workspace, resolve_workspace

JSON_CHUNK_CHARS = 1 << 20  # emit_json writes a large result in pieces of about this size


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


def apply_language(app_state: AppState, option: str | None) -> None:
    """Choose the messages' language (see ``liquidator.i18n``) before any output."""
    import os

    from liquidator.errors import LiquidatorError
    from liquidator.i18n import LANG_ENV, LANGUAGES, language_from, set_language
    from liquidator.parsing import check_choice

    configured = None
    if not option and not os.environ.get(LANG_ENV):
        from liquidator.settings.loader import configured_language

        try:  # a broken liquidator.toml is reported by the command that needs it
            configured = configured_language(app_state.workspace.settings_path)
        except LiquidatorError:
            configured = None
    chosen = language_from(option, os.environ, configured) or "en"
    check_choice(chosen, LANGUAGES, "--lang")
    set_language(chosen)


def state(ctx: typer.Context) -> AppState:
    """The root command's state (a default one when a sub-app is invoked alone in tests)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def workspace(ctx: typer.Context) -> Workspace:
    return state(ctx).workspace


def open_db(ctx: typer.Context, *, write: bool = False) -> "LazyDatabase":
    """The workspace database, opened (and on a first write, created) when first used.

    Commands hand it to the core before their input is checked; a command that fails
    on bad input never touches the database, so it writes nothing, not even a file.
    """
    ws = workspace(ctx)
    ws.settings  # noqa: B018  (a broken liquidator.toml fails before anything is written)
    database = LazyDatabase(ws, write=write)
    ctx.call_on_close(database.dispose)
    return database


class LazyDatabase:
    """A ``db.Database`` opened on first use (SQLAlchemy is imported only then)."""

    def __init__(self, ws: Workspace, *, write: bool):
        self.ws, self.write = ws, write
        self._database = None

    def opened(self):
        if self._database is None:
            from liquidator.db import open_database

            self._database = open_database(self.ws, write=self.write)
        return self._database

    def transaction(self):
        return self.opened().transaction()

    def session(self):
        return self.opened().session()

    def dispose(self) -> None:
        if self._database is not None:
            self._database.dispose()


def as_of_date(value: str | None, field: str = "as_of") -> dt.date:
    """The date a command works as of: the option, else today."""
    if value is None:
        return dt.date.today()
    from liquidator.parsing import parse_date

    return parse_date(value, field)


def settings(ctx: typer.Context):
    """The workspace's settings (a broken liquidator.toml fails here, before any write)."""
    return workspace(ctx).settings


def ask_on_terminal(interactive: bool):
    """A function asking for a missing item field on a terminal (None without one)."""
    if not interactive:
        return None
    from liquidator.i18n import _

    # The option's help, without its "[default: …]", is the question.
    return lambda field: typer.prompt(_(field.help).split(" [")[0].rstrip(".。"))


def emit_json(data: Any) -> None:
    """Machine output: snake_case keys, integer yen, ISO dates, UTF-8 as is.

    On a terminal it is indented for reading. Into a pipe or a file the top-level list
    (or dict) goes one member per line, each member compact, written as it is encoded:
    the C encoder is several times faster than the indenting one, and a result of
    100k items never exists as one 200 MB string.
    """
    if json_for_terminal():
        data = list(data) if isinstance(data, Iterator) else data
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
        return
    from liquidator.render.json import iter_json

    write_json_pieces(iter_json(data, depth=1, default=_json_default, binary=True))


def json_for_terminal() -> bool:
    """True when JSON output is read on a terminal (indented), False in a pipe or file."""
    return sys.stdout.isatty()


def write_json_pieces(pieces: Iterable[bytes]) -> None:
    """JSON made in UTF-8 pieces, written to stdout in chunks of about 1 MB, then a newline."""
    # Straight to the stream's bytes: echo would scan each chunk for ANSI codes (JSON has
    # none: it escapes every control character), and text would be encoded once more.
    out = typer.get_text_stream("stdout")
    out.flush()
    raw = getattr(out, "buffer", None)
    write = raw.write if raw is not None else lambda data: out.write(data.decode())
    chunk: list[bytes] = []
    size = 0
    for piece in pieces:
        chunk.append(piece)
        size += len(piece)
        if size >= JSON_CHUNK_CHARS:
            write(b"".join(chunk))
            chunk, size = [], 0
    chunk.append(b"\n")
    write(b"".join(chunk))
    (raw or out).flush()


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)  # e.g. the report's actions, made as they are read
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def console():
    """A rich console for human output; no line ends in the padding rich puts after
    a table's last cell (piped output is exactly as wide as its text)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, file=TrimmedLines(sys.stdout))


_SPACE_AND_YEN = re.compile(r"  \u00a5")


def shows_yen(stream) -> bool:
    """Whether ``stream``'s encoding has the yen sign (cp932 has not: its ¥ byte is the
    backslash, and the screen gets the full-width ￥ instead)."""
    try:
        "\u00a5".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeError, LookupError):
        return False
    return True


def wide_yen(text: str) -> str:
    """``text`` with each ¥ after two spaces as ￥, two cells where the layout counted
    one, in place of one of those spaces: a table keeps its width and its right-aligned
    figures their edge, and a separating space stays (elsewhere the stream's encoder
    writes ￥ as it is)."""
    return _SPACE_AND_YEN.sub(" \uffe5", text) if "\u00a5" in text else text


class TrimmedLines:
    """A text stream that drops the spaces at the end of every line written to it
    (before a line's closing style codes, too). Spaces at the end of a write are held
    back until it is known whether the line goes on."""

    _END = re.compile(r" +((?:\x1b\[[0-9;]*m)*)(?=\n)")

    def __init__(self, stream):
        self.stream = stream
        self.held = ""
        self.wide_yen = not shows_yen(stream)

    def write(self, text: str) -> int:
        whole = self.held + text
        body = whole.rstrip(" ")
        self.held = whole[len(body) :]
        if self.wide_yen:
            body = wide_yen(body)
        self.stream.write(self._END.sub(r"\1", body))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")


def is_interactive() -> bool:
    return sys.stdin.isatty()


def waiting(message: str):
    """A spinner with ``message`` on stderr while a long read runs, when a person is
    watching (stderr is a terminal); otherwise nothing."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


def compact_table(title: str | None = None, **options):
    """A rich table that fits an 80-column terminal: a rule under the header, no frame."""
    from rich.table import Table

    from liquidator.render.fit import rule_box

    return Table(
        title=title,
        title_justify="left",
        box=rule_box(),
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        **options,
    )

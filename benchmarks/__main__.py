"""``python -m benchmarks``: build the synthetic workspaces, measure, print the table."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from benchmarks import everyday, figures, measure, pg, results, sixty, workspaces

DEFAULT_SIZES = "10k,100k"
FULL_FROM = 1_000_000  # at 1M only report, list --json, export items and add are measured
SCORING_MAX = 100_000


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time liquidator's commands on synthetic workspaces beside their floors.",
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"Workspace sizes, comma-separated: 2k, 10k, 100k, 1m … [default: {DEFAULT_SIZES}].",
    )
    parser.add_argument(
        "--quick", action="store_true", help="10k only, without the 60k checks (CI smoke)."
    )
    parser.add_argument(
        "--everyday",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="The everyday commands on a 2k workspace [default: on].",
    )
    parser.add_argument(
        "--sixty",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="The 60k checks: recommend --all | head, list [default: on].",
    )
    parser.add_argument(
        "--pg",
        metavar="URL",
        help=f"Also the PostgreSQL block at 100k on this SQLAlchemy URL (or ${pg.ENV}); "
        "its tables are emptied.",
    )
    parser.add_argument("--markdown", metavar="FILE", type=Path, help="Also write FILE (Markdown).")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed.")
    return parser.parse_args(argv)


def _shown(argv: list[str]) -> list[str]:
    """The arguments as RESULTS.md shows them: a ``--pg`` URL without its password."""
    from sqlalchemy.engine import make_url

    def hidden(url: str) -> str:
        try:
            return make_url(url).render_as_string(hide_password=True)
        except Exception:  # an unreadable URL: show none of it
            return "…"

    shown = list(argv)
    for i, arg in enumerate(shown):
        if arg.startswith("--pg="):
            shown[i] = "--pg=" + hidden(arg[5:])
        elif arg == "--pg" and i + 1 < len(shown):
            shown[i + 1] = hidden(shown[i + 1])
    return shown


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        sizes = sorted({workspaces.parse_size(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        print(f"--sizes: cannot read {args.sizes!r} (use e.g. 2k,10k,100k,1m)", file=sys.stderr)
        return 2
    if args.quick:
        sizes, args.sixty = [10_000], False
    pg_url = pg.url_from(args.pg)
    if pg_url and (problem := pg.check_url(pg_url)):
        print(problem, file=sys.stderr)
        return 2
    measure.compile_liquidator()
    load_start = os.getloadavg()
    started = time.monotonic()
    rows, notes = figures.startup(_log)
    if args.everyday:
        more_rows, more_notes = everyday.everyday(_log)
        rows += more_rows
        notes += more_notes
    for count in sizes:
        ws = workspaces.workspace(count, log=_log)
        add_rows, add_notes = figures.add(ws, _log)
        rows += add_rows
        notes += [f"{workspaces.size_label(count)} workspace: {n}" for n in add_notes]
        read_rows, read_notes = figures.reads(ws, _log, full=count < FULL_FROM)
        rows += read_rows
        notes += read_notes
        if count < FULL_FROM:
            rows.append(figures.import_items(count, _log))
    if args.sixty:
        rows += sixty.sixty(_log)
    if pg_url:
        pg_rows, pg_notes = pg.postgres(pg_url, _log)
        rows += pg_rows
        notes += pg_notes
    rows.append(figures.scoring(min(max(sizes), SCORING_MAX), _log))

    info = results.machine(load_start)
    print(results.text_table(rows))
    print()
    print(results.machine_line(info))
    for note in notes:
        print(note)
    _log(f"done in {time.monotonic() - started:.0f} s")
    if args.markdown is not None:
        command = "python -m benchmarks " + shlex.join(
            _shown(sys.argv[1:] if argv is None else argv)
        )
        text = results.markdown(rows, info, command=command.strip(), notes=notes)
        args.markdown.write_text(text, encoding="utf-8")
        _log(f"wrote {args.markdown}")
    missed = [row for row in rows if row.ok is False]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())

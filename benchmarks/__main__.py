"""``python -m benchmarks``: build the synthetic workspaces, measure, print the table."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from benchmarks import figures, results, workspaces

DEFAULT_SIZES = "10k,100k"
FULL_FROM = 1_000_000  # at 1M only report (time and memory) and add are measured
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
        help=f"Workspace sizes, comma-separated: 10k, 100k, 1m … [default: {DEFAULT_SIZES}].",
    )
    parser.add_argument("--quick", action="store_true", help="10k only (a CI smoke run).")
    parser.add_argument("--markdown", metavar="FILE", type=Path, help="Also write FILE (Markdown).")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        sizes = sorted({workspaces.parse_size(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        print(f"--sizes: cannot read {args.sizes!r} (use e.g. 10k,100k,1m)", file=sys.stderr)
        return 2
    if args.quick:
        sizes = [10_000]
    started = time.monotonic()
    rows, notes = figures.startup(_log)
    for count in sizes:
        ws = workspaces.workspace(count, log=_log)
        add_rows, add_notes = figures.add(ws, _log)
        rows += add_rows
        notes += [f"{workspaces.size_label(count)} workspace: {n}" for n in add_notes]
        rows += figures.reads(ws, _log, full=count < FULL_FROM)
        if count < FULL_FROM:
            rows.append(figures.import_items(count, _log))
    rows.append(figures.scoring(min(max(sizes), SCORING_MAX), _log))

    info = results.machine()
    print(results.text_table(rows))
    print()
    print(results.machine_line(info))
    for note in notes:
        print(note)
    _log(f"done in {time.monotonic() - started:.0f} s")
    if args.markdown is not None:
        command = "python -m benchmarks " + shlex.join(sys.argv[1:] if argv is None else argv)
        text = results.markdown(rows, info, command=command.strip(), notes=notes)
        args.markdown.write_text(text, encoding="utf-8")
        _log(f"wrote {args.markdown}")
    missed = [row for row in rows if row.ok is False]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())

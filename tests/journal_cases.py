"""Five disposals every journal layout is tested on (docs/bookkeeping.md): an eBay sale,
a Yahoo sale with fees and shipping, a partial lot to a buy-back shop, a supplier refund
and a write-off; and their journal as a layout writes it."""

import csv
import io
from pathlib import Path

TITLES = ("ポケモンカード 151 BOX", "ハリオ V60 ドリッパー", "トミカ 10台セット",
          "シリコンスチーマー", "割れたマグカップ")  # fmt: skip


def five_cases(cli) -> None:
    """Record the five disposals in ``cli``'s workspace."""

    def add(title, cost, qty="1"):
        return cli.json("add", "--title", title, "--cost", cost, "--qty", qty, "--size", "80",
                        "--purchased", "2026-09-01", "--return-by", "2026-12-31")["id"]  # fmt: skip

    ebay, yahoo, lot, refund, gone = TITLES
    cli.json("sell", str(add(ebay, "9000")), "-c", "ebay", "-p", "16000", "--date", "2026-11-02")
    cli.json("sell", str(add(yahoo, "1200")), "-c", "yahoo", "-p", "2500", "--fees", "250",
             "--shipping", "930", "--date", "2026-11-03")  # fmt: skip
    cli.json("sell", str(add(lot, "800", qty="10")), "-c", "kaitori", "-p", "500", "--qty", "4",
             "--date", "2026-11-04")  # fmt: skip
    cli.json("sell", str(add(refund, "2400")), "-c", "supplier_return", "-p", "2400",
             "--date", "2026-11-05")  # fmt: skip
    cli.json("sell", str(add(gone, "700")), "-c", "writeoff", "-p", "0", "--date", "2026-11-06")


def journal_file(cli, layout: str) -> bytes:
    """``export journal --layout LAYOUT --ids`` of ``cli``'s workspace, as written to a
    file: the layout as it defines itself (the generic one's words for a person, by
    ``[bookkeeping] memo_lang``, are tested in test_excel_csv and the month's checker)."""
    target = Path(cli.home) / f"journal-{layout}.csv"
    cli.ok("export", "journal", "--layout", layout, "--ids", "-o", str(target))
    return target.read_bytes()


def journal_body(data: bytes, layout) -> list[list[str]]:
    """The file's rows below its header (if the layout has one), decoded strictly."""
    rows = list(csv.reader(io.StringIO(data.decode(layout.encoding), newline="")))
    return rows[1:] if layout.header is not None else rows

"""CSV a person opens in Excel: headers and values in the reader's language.

Every CSV liquidator writes is first built with ids: English snake_case column names
(``unit_cost``) and ids as values (``supplier_return``, ``in_stock``). That is the
machine form, what a script reads. The human form (Japanese mode, unless ``--ids`` or
``--encoding utf-8`` asks for the machine one) is the same table with:

- each column named by the catalogue's translation of its name: an item's columns as
  ``show`` labels them (``item_output``), the others from ``COLUMN_NAMES`` below;
- the values that are ids (a channel, a status, a disposal's kind, a flag's
  true/false) as their words: a channel by its ``label_ja``/``label`` in the
  settings, the rest by the catalogue;
- the columns only a machine needs left out (``machine_only``: the channel id beside
  the channel's recorded name);
- written with a byte-order mark by default (``utf-8-sig``), so Excel on Japanese
  Windows reads it as UTF-8 rather than as cp932 (mojibake); ``--encoding cp932``
  writes Shift_JIS instead.

A vendor's journal layout is neither: its header is the vendor's (``bookkeeping/
layouts``) and stays as it is; only a header made of our own column names is ours to
translate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from liquidator.i18n import N_, _, current_language

if TYPE_CHECKING:
    from liquidator.exports.writer import CsvTable
    from liquidator.settings import Settings

# The encoding a human file gets unless one is chosen: Excel reads UTF-8 only with it.
HUMAN_ENCODING = "utf-8-sig"

# The column names CSV files use beyond an item's own (whose labels ``show`` has), each
# marked for the catalogue: the Japanese header is its translation.
COLUMN_NAMES = (
    N_("item_id"), N_("date"), N_("disposal_id"), N_("channel"), N_("channel_label"),
    N_("kind"), N_("price"), N_("fees"), N_("shipping"), N_("net_cash"), N_("cost_basis"),
    N_("profit"), N_("stock_value"), N_("entry"), N_("account"), N_("debit"), N_("credit"),
    N_("memo"), N_("section"), N_("key"), N_("value"), N_("label"), N_("min_days"),
    N_("max_days"), N_("items"), N_("units"), N_("cost"), N_("share"), N_("best_channel"),
    N_("listed_days"), N_("cut_price"), N_("reason"), N_("plan"), N_("last_seen"),
    N_("days_old"), N_("command"), N_("disposals"), N_("cash_recovered"), N_("loss"),
    N_("recovery_rate"),
)  # fmt: skip
# What a disposal was, as a person names it (``vocab.DisposalKind``'s values).
KIND_WORDS = {"sale": N_("sale"), "supplier_refund": N_("supplier refund"),
              "writeoff": N_("write-off")}  # fmt: skip
# The columns whose values are a channel's id.
CHANNEL_COLUMNS = ("channel", "best_channel", "listed_channel")


def wants_words(
    *, ids: bool = False, encoding: str | None = None, language: str | None = None
) -> bool:
    """Whether a CSV is written for a person (see the module docstring): in Japanese
    (``language``, else the current one), and neither ``--ids`` nor ``--encoding utf-8``
    asked for the machine form."""
    return (language or current_language()) == "ja" and not ids and encoding != "utf-8"


def value_words(settings: Settings | None) -> dict[str, Mapping[str, str]]:
    """For each column whose values are ids, the word each id is read as."""
    from liquidator.render import status_word
    from liquidator.vocab import ItemStatus

    channels: dict[str, str] = {}
    if settings is not None:
        japanese = current_language() == "ja"
        channels = {
            name: (channel.label_ja if japanese and channel.label_ja else channel.label) or name
            for name, channel in settings.channels.items()
        }
    from liquidator.fields import FLAG
    from liquidator.item_output import SHOWN

    words: dict[str, Mapping[str, str]] = dict.fromkeys(CHANNEL_COLUMNS, channels)
    words |= {entry.name: flag_words() for entry in SHOWN if entry.kind == FLAG}
    words["status"] = {status.value: status_word(status) for status in ItemStatus}
    words["kind"] = {kind: _(word) for kind, word in KIND_WORDS.items()}
    return words


def flag_words() -> dict[str, str]:
    """A true/false cell as a person reads it."""
    return {"true": _("yes"), "false": _("no")}


def in_words(table: CsvTable, settings: Settings | None) -> CsvTable:
    """``table`` (built with ids) for a person: its header translated, id values as
    words, machine-only columns left out. A table without a header of our own names
    (a vendor's layout) comes back as it is."""
    from liquidator.exports.writer import CsvTable

    if table.header is None or not all(_is_ours(name) for name in table.header):
        return table
    words = value_words(settings)
    keep = [p for p, name in enumerate(table.header) if name not in table.machine_only]
    header = [_(table.header_words.get(table.header[p], table.header[p])) for p in keep]
    columns = [_translated(table.columns[p], words.get(table.header[p])) for p in keep]
    return CsvTable(
        header, columns, table.labels, table.encoding, table.line_ending, report=table.report
    )


def _translated(column: Sequence[str], words: Mapping[str, str] | None) -> list[str]:
    if not words:
        return list(column)
    return [words.get(cell, cell) for cell in column]


def _is_ours(name: str) -> bool:
    from liquidator.item_output import EXPORTED, INVENTORY

    return name in COLUMN_NAMES or name in EXPORTED or name in {e.name for e in INVENTORY}

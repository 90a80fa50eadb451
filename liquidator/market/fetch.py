"""``prices fetch``: current prices of the held items from a market data source.

The items are the held ones (in stock or listed) with an ASIN or JAN, or the ids
given. Each distinct ASIN (else JAN) is asked for once; what comes back is stored as
observations of every item with that code, on the market channel (Amazon.co.jp). What
was fetched is saved even when the run stops part way (network down, throttled past
its retries); the caller fails (exit 1) only when nothing at all was fetched.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput, LiquidatorError, items_not_found
from liquidator.i18n import _

if TYPE_CHECKING:
    from liquidator.db import Database
    from liquidator.settings import Settings

# Problems named in the summary (the rest are counted).
SHOWN = 10


def source_module(source: str) -> Any:
    """The module that fetches from ``source`` (``sp-api``, ``keepa``)."""
    from liquidator.market.sources import SOURCES
    from liquidator.parsing import check_choice

    return importlib.import_module(SOURCES[check_choice(source, SOURCES, "source")])


def fetch_prices(
    *,
    database: Database,
    settings: Settings,
    source: str,
    ids: Sequence[int] | None,
    as_of: dt.date,
    environ: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Fetch and store prices; returns the run's summary::

        {"source", "items", "codes", "fetched", "added", "unknown": [codes],
         "no_offers": [codes], "no_code": [ids], "not_held": [ids], "stopped": text|None}

    NotFound for an id that is no item; InvalidInput (nothing fetched) for missing
    credentials or library; LiquidatorError when nothing could be fetched.
    """
    from liquidator.market import throttle
    from liquidator.market.observations import add_observations, held_codes
    from liquidator.market.sources import Code, Stopped, resolve_credentials, settings_for

    module = source_module(source)
    with database.session() as session:
        items = held_codes(session=session, ids=sorted(set(ids)) if ids else None)
    if ids:
        missing = sorted(set(ids) - {item["id"] for item in items})
        if missing:
            raise items_not_found(missing)
    not_held = [item["id"] for item in items if not item["held"]]
    held = [item for item in items if item["held"]]
    no_code = [item["id"] for item in held if not (item["asin"] or item["jan"])]
    by_code: dict[Code, list[int]] = {}
    for item in held:
        if item["asin"] or item["jan"]:
            asin = item["asin"].strip().upper() if item["asin"] else None
            by_code.setdefault(Code(asin, None if asin else item["jan"].strip()), []).append(
                item["id"]
            )
    summary: dict[str, Any] = {
        "source": module.NAME, "items": sum(len(v) for v in by_code.values()),
        "codes": len(by_code), "fetched": 0, "added": 0, "unknown": [], "no_offers": [],
        "no_code": no_code, "not_held": not_held, "stopped": None,
    }  # fmt: skip
    if not by_code:
        if ids:
            raise InvalidInput(
                "ID", _("none of these items is held with an ASIN or JAN to look up")
            )
        return summary
    credentials = resolve_credentials(
        settings_for(settings, module.SECTION), module.ENV,
        os.environ if environ is None else environ, module.SECTION,
    )  # fmt: skip
    rows: list[dict[str, Any]] = []
    fetched: set[Code] = set()
    found_codes = module.fetch(list(by_code), credentials=credentials, as_of=as_of,
                               clock=throttle.CLOCK)  # fmt: skip
    done: set[Code] = set()
    try:
        for found in found_codes:
            _collect(found, by_code[found.code], rows, settings.market.channel, module.NAME)
            if found.prices:
                fetched.add(found.code)
            elif found.problem:
                summary[found.problem].append(found.code.text)
            done.add(found.code)
            if progress is not None:
                progress(len(done), len(by_code))
    except Stopped as stop:
        summary["stopped"] = stop.message
    finally:
        with database.transaction() as session:
            summary["added"] = add_observations(session=session, rows=rows)
    summary["fetched"] = len(fetched)
    for name in ("unknown", "no_offers"):
        summary[name] = sorted(set(summary[name]) - {code.text for code in fetched})
    if not fetched:
        reason = summary["stopped"] or _("no prices for {codes}").format(
            codes=", ".join((summary["unknown"] + summary["no_offers"])[:SHOWN])
        )
        raise LiquidatorError(
            _("nothing fetched from {source}: {reason}").format(source=module.LABEL, reason=reason)
        )
    return summary


def _collect(found: Any, item_ids: list[int], rows: list, channel: str, source: str) -> None:
    from liquidator.market.observations import observation

    asin = found.asin or found.code.asin
    for kind, price, day in found.prices:
        rows.extend(
            observation(item_id=item_id, asin=asin, jan=found.code.jan, channel=channel,
                        price=price, kind=kind, observed_on=day, source=source)
            for item_id in item_ids
        )  # fmt: skip

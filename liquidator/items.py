"""Stranded items: record, correct and show them (what ``add``, ``edit``, ``show`` do).

Each function parses with ``fields.parse_fields`` and writes through the store, so an
item typed at ``add``, at the cancellation desk or in an imported CSV is checked and
stored the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from liquidator.errors import InvalidInput
from liquidator.field_values import parse_fields
from liquidator.fields import ITEM_ATTRIBUTES, ItemField
from liquidator.i18n import _, ngettext
from liquidator.item_output import NOT_SHOWN, PUBLIC, PUBLIC_DERIVED

if TYPE_CHECKING:
    from sqlmodel import Session

    from liquidator.db import Database
    from liquidator.models import Item
    from liquidator.settings import Settings
    from liquidator.workspace import Workspace


def add_item(
    *, database: Database, raw: Mapping[str, Any], as_of: dt.date, settings: Settings
) -> Item:
    """Record a stranded item from what was typed (``{field name: value}``); a quote
    names one of the ``settings``' scored channels.

    Checked before the database is opened: bad input writes nothing, not even a file.
    """
    from liquidator.store.items import get_item, insert_items

    values = parse_fields(raw, as_of=as_of, channels=settings.quotable_channels)
    with database.transaction() as session:
        [item_id] = insert_items(session=session, rows=[values], as_of=as_of)
        return get_item(session=session, item_id=item_id)


def edit_item(
    *, session: Session, item: Item, raw: Mapping[str, Any], as_of: dt.date, settings: Settings
) -> dict[str, list[Any]]:
    """Apply the typed fields to ``item``; returns ``{attribute: [old, new]}``. Caller commits.

    An edit keeps the stock's rules. ``qty`` is the lot's size, the units bought: the
    units held become that less those disposed of (never below 0), and the status
    follows (``store.disposals.status_for``: back in stock, or sold out as its latest
    disposal made it). A purchase date may not come after the day any unit was
    disposed of or put on sale.
    """
    from liquidator.store.items import update_item

    given = {name: value for name, value in raw.items() if value is not None}
    if not given:
        raise InvalidInput("edit", _("nothing to change: give at least one field"))
    current = {name: getattr(item, name) for name in ITEM_ATTRIBUTES}
    values = parse_fields(
        given, as_of=as_of, channels=settings.quotable_channels, partial=True, current=current
    )
    if "qty" in values or "purchased_on" in values:
        values.update(_within_history(session, item, values, "days_held" in given))
    return update_item(session=session, item=item, values=values)


def _within_history(
    session: Session, item: Item, values: Mapping[str, Any], by_days: bool
) -> dict[str, Any]:
    """The held ``qty`` and ``status`` an edited lot size gives, after checking the
    lot and the purchase date against what already happened to the item."""
    from liquidator.store.disposals import disposal_bounds, status_for

    disposed, first_day = disposal_bounds(session=session, item_id=item.id)
    purchased = values.get("purchased_on")
    if purchased is not None:
        listed = [day for day in (first_day, item.listed_on) if day is not None]
        if listed and purchased > min(listed):
            raise InvalidInput(
                "days_held" if by_days else "purchased",
                _(
                    "{day} is after item {id} was first disposed of or listed ({first}); "
                    "it was bought before that"
                ).format(day=purchased, id=item.id, first=min(listed)),
            )
    if "qty" not in values:
        return {}
    held = values["qty"] - disposed
    if held < 0:
        raise InvalidInput(
            "qty",
            ngettext(
                "item {id} has {disposed} unit disposed of; qty is the lot's size (units "
                "bought), so at least {disposed} (to take units back, undo a disposal: "
                "liquidator sales undo ID)",
                "item {id} has {disposed} units disposed of; qty is the lot's size (units "
                "bought), so at least {disposed} (to take units back, undo a disposal: "
                "liquidator sales undo ID)",
                disposed,
            ).format(id=item.id, disposed=disposed),
        )
    return {"qty": held, "status": status_for(session=session, item=item, qty=held)}


def derived_values(as_of: dt.date) -> dict[str, Callable[[Mapping[str, Any]], Any]]:
    """How each value ``item_output`` marks as worked out is had from an item row, on
    the day ``as_of``: its age, its dims as typed, its lot's value at cost."""
    return {
        "days_held": lambda row: (as_of - row["purchased_on"]).days,
        "dims": format_dims,
        "stock_value": lambda row: row["qty"] * row["unit_cost"],
    }


def format_dims(data: Mapping[str, Any]) -> str | None:
    """Dimensions as typed: ``30x20x10`` (cm)."""
    if data.get("length_cm") is None:
        return None
    return "x".join(f"{data[side]:g}" for side in ("length_cm", "width_cm", "height_cm"))


def item_public(item: Item | Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    """An item (a model object, or a row as ``store.items.find_items`` gives it) as
    commands print it in JSON: the public entries of ``item_output.SHOWN`` in their
    order, integer yen, its age (``days_held``) and dimensions (``dims``), never the
    import key. Dates and times stay
    ``date`` and ``datetime`` values: every JSON writer writes them as ISO 8601 text."""
    data = item if isinstance(item, Mapping) else item.model_dump()
    return next(items_public([data], as_of))


def items_public(rows: Iterable[Mapping[str, Any]], as_of: dt.date) -> Iterator[dict[str, Any]]:
    """``item_public`` of each row, made as they are consumed. The rows share one set
    of keys (they come from one query): the layout is worked out once, and each
    purchase day's age is counted once, not once a row."""
    template: dict[str, Any] | None = None
    held: dict[dt.date, int] = {}
    for row in rows:
        if template is None:
            shown = _public_layout((*row, *(key for key in PUBLIC_DERIVED if key not in row)))
            # Merged into a template of the shown keys, a row comes out in their order
            # (several times faster than building each dict key by key).
            template = dict.fromkeys(shown)
            hidden = [key for key in row if key not in template]
        data = {**template, **row}
        for key in hidden:
            del data[key]
        purchased = row["purchased_on"]
        days = held.get(purchased)
        if days is None:  # never stored: it changes daily
            days = held[purchased] = (as_of - purchased).days
        data["days_held"] = days
        data["dims"] = format_dims(row)
        yield data


@functools.cache
def _public_layout(names: tuple[str, ...]) -> tuple[str, ...]:
    """For rows with these keys: the keys shown, in order (``item_output.PUBLIC``, then
    any others as they come, never the import key or the search text). Worked out once
    per kind of row, not once per row of a long list."""
    first = [key for key in PUBLIC if key in names]
    rest = [key for key in names if key not in PUBLIC and key not in NOT_SHOWN]
    return (*first, *rest)


def as_they_stood(
    session: Session, rows: list[dict[str, Any]], as_of: dt.date
) -> list[dict[str, Any]]:
    """Item rows (``find_items`` or ``item_public`` ones) as they stood at the end of
    ``as_of``: items bought later
    are left out, and ``qty`` and ``status`` are that day's (``store.items.read_stock``,
    the one definition of "held on day D")."""
    from liquidator.store.items import read_stock

    stood = read_stock(session.connection(), as_of=as_of, names=(), include_gone=True)
    state = {
        item_id: (qty, status)
        for item_id, qty, status in zip(
            stood["item_id"].tolist(),
            stood["qty"].tolist(),
            stood["status"].tolist(),
            strict=True,
        )
    }
    kept = []
    for row in rows:
        if row["id"] in state:
            row["qty"], row["status"] = state[row["id"]]
            kept.append(row)
    return kept


def find_item(*, session: Session, item_id: int) -> Item:
    """The item with this id; NotFound (exit 1) when there is none."""
    from liquidator.errors import items_not_found
    from liquidator.store.items import get_item

    item = get_item(session=session, item_id=item_id)
    if item is None:
        raise items_not_found([item_id])
    return item


def record_item(
    *,
    database: Database,
    raw: Mapping[str, Any],
    as_of: dt.date,
    settings: Settings,
    ask: Callable[[ItemField], Any] | None = None,
) -> dict[str, Any]:
    """``add``: record an item from what was typed (``ask`` is called for a missing
    required field when there is a terminal to ask on). Returns the item as JSON
    (``item_public``) with its ``recommendation``."""
    from liquidator.fields import ask_missing
    from liquidator.recommend import item_recommendation

    item = add_item(database=database, raw=ask_missing(dict(raw), ask), as_of=as_of,
                    settings=settings)  # fmt: skip
    with database.session() as session:
        best = item_recommendation(session=session, settings=settings, item=item, as_of=as_of)
    return item_public(item, as_of) | {"recommendation": best}


def list_items(
    *,
    database: Database,
    as_of: dt.date,
    as_of_given: bool = True,
    status: str | None = None,
    older_than: str | None = None,
    search: str | None = None,
    every: bool = False,
) -> list[dict[str, Any]]:
    """``list``: the items as they stood at the end of ``as_of``, oldest purchase first.

    By default those held that day (in stock or listed, with units); ``status`` keeps
    those whose status was that one on that day, ``every`` keeps them all. ``status``
    and ``older_than`` (days held, as typed) are checked before the database is opened.
    A day after which nothing was bought, listed or sold is the stock as it is now; so
    is today when ``as_of_given`` is False (nothing can be dated later), read without
    asking the database.
    """
    from liquidator.parsing import parse_int
    from liquidator.store.items import changed_after, checked_status, find_items
    from liquidator.vocab import HELD_STATUSES

    if status is not None:
        checked_status(status)
    days = None if older_than is None else parse_int(older_than, "older_than", minimum=0)
    held_only = status is None and not every
    with database.session() as session:
        past = as_of_given and changed_after(session.connection(), as_of)
        # A status then is not the status now (sold since, returned since): a past day
        # reads every item and keeps those whose status that day was the one asked for.
        found = find_items(
            session=session, as_of=as_of, older_than=days, search=search,
            status=None if past else status, held_only=held_only and not past,
        )  # fmt: skip
        if not past:
            return found
        found = as_they_stood(session, found, as_of)
    if held_only:
        return [row for row in found if row["status"] in HELD_STATUSES and row["qty"] > 0]
    return found if status is None else [row for row in found if row["status"] == status]


def nothing_recorded_in(workspace: Workspace) -> str | None:
    """What ``list`` says instead of an empty table when the workspace has no database
    yet (a seller outside their workspace folder): the folder it looked in."""
    if workspace.db_file is None or workspace.db_file.exists():
        return None
    return _(
        "No items in {folder} yet (there is no database there; liquidator add records "
        "one, --home chooses another folder)."
    ).format(folder=workspace.home)


def item_details(
    *, session: Session, item_id: int, as_of: dt.date, settings: Settings
) -> dict[str, Any]:
    """``show``: the item as JSON (``item_public``) with its ``history``, its
    ``recommendation`` (None once no unit is left) and its price observations
    (``prices``). NotFound when there is no such item."""
    from liquidator.events import item_history
    from liquidator.market.observations import item_observations
    from liquidator.recommend import item_recommendation

    found = find_item(session=session, item_id=item_id)
    public = item_public(found, as_of)
    public["history"] = item_history(session=session, item_id=item_id)
    public["recommendation"] = item_recommendation(
        session=session, settings=settings, item=found, as_of=as_of
    )
    public["prices"] = item_observations(session=session, item_ids=[item_id])
    return public


def correct_item(
    *,
    database: Database,
    item_id: int,
    raw: Mapping[str, Any],
    as_of: dt.date,
    settings: Settings,
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """``edit``: apply the typed fields to the item (``edit_item``) in one transaction;
    returns the item as JSON and ``{attribute: [old, new]}`` of what changed."""
    with database.transaction() as session:
        found = find_item(session=session, item_id=item_id)
        changes = edit_item(session=session, item=found, raw=raw, as_of=as_of, settings=settings)
        return item_public(found, as_of), changes


def remove_item(
    *, database: Database, item_id: int, confirm: Callable[[str], None] | None = None
) -> str:
    """``delete``: delete the item's record (its history stays in the event log);
    ``confirm`` is called with its title first and raises to keep it. Returns the title."""
    from liquidator.store.items import delete_item

    with database.session() as session:
        title = find_item(session=session, item_id=item_id).title
    if confirm is not None:
        confirm(title)
    with database.transaction() as session:
        delete_item(session=session, item=find_item(session=session, item_id=item_id))
    return title

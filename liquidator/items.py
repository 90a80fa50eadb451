"""Stranded items: create, find, list, edit and delete, each with its event-log line."""

import datetime as dt
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from liquidator.errors import InvalidInput
from liquidator.events import record_event
from liquidator.models import ITEM_STATUSES, TEXT_MAX, Item, ItemCreate, ItemUpdate, utcnow
from liquidator.parsing import clean_text
from liquidator.sizes import SIZE_CLASSES

# The option a seller typed for each field, so errors name what they can fix.
OPTION_FOR_FIELD = {
    "title": "--title",
    "qty": "--qty",
    "unit_cost": "--cost",
    "purchased_on": "--purchased",
    "size_class": "--size",
    "length_cm": "--dims",
    "width_cm": "--dims",
    "height_cm": "--dims",
    "weight_g": "--weight",
    "sku": "--sku",
    "asin": "--asin",
    "jan": "--jan",
    "category": "--category",
    "source": "--source",
    "order_id": "--order-id",
    "market_price": "--market-price",
    "return_by": "--return-by",
    "hazmat": "--hazmat",
    "note": "--note",
}


def validated(model: type, data: dict[str, Any]):
    """Build a model from data, turning pydantic's errors into one InvalidInput."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "input"
        raise InvalidInput(OPTION_FOR_FIELD.get(field, field), first["msg"].lower()) from None


def check_item_dates(
    *, purchased_on: dt.date | None, as_of: dt.date, field: str = "--purchased"
) -> None:
    """A purchase date is never after the day the record is made (or as-of)."""
    if purchased_on is not None and purchased_on > as_of:
        raise InvalidInput(field, f"{purchased_on.isoformat()} is in the future (today is {as_of})")


# A lot larger than this is a typing slip; it also keeps qty × unit cost storable.
MAX_QTY = 1_000_000


def _check_qty(qty: int | None) -> None:
    if qty is not None and qty > MAX_QTY:
        raise InvalidInput("--qty", f"{qty} units is more than the limit of {MAX_QTY:,}")


def _check_size(size_class: int | None) -> None:
    if size_class is not None and size_class not in SIZE_CLASSES:
        raise InvalidInput("--size", f"{size_class} is not a parcel class")


def create_item(
    *, session: Session, item_in: ItemCreate, as_of: dt.date, actor: str | None = None
) -> Item:
    """Record a stranded item and its "created" event. Caller commits."""
    check_item_dates(purchased_on=item_in.purchased_on, as_of=as_of)
    _check_size(item_in.size_class)
    _check_qty(item_in.qty)
    item = Item.model_validate(item_in.model_dump() | {"recorded_on": as_of})
    session.add(item)
    session.flush()
    record_event(
        session=session,
        kind="created",
        item_id=item.id,
        data=item_in.model_dump(exclude_none=True, exclude={"import_key"}),
        actor=actor,
    )
    return item


# Ids beyond a 64-bit integer cannot exist, and SQLite refuses even to compare with them.
ID_RANGE = range(-(2**63), 2**63)


def get_item(*, session: Session, item_id: int) -> Item | None:
    """The item with this id, or None."""
    if item_id not in ID_RANGE:
        return None
    return session.get(Item, item_id)


def list_items(
    *,
    session: Session,
    as_of: dt.date,
    status: str | None = None,
    older_than: int | None = None,
    search: str | None = None,
) -> list[Item]:
    """Items, oldest purchase first; filters combine."""
    query = select(Item)
    if status is not None:
        if status not in ITEM_STATUSES:
            raise InvalidInput("--status", f"{status!r} is not one of {', '.join(ITEM_STATUSES)}")
        query = query.where(Item.status == status)
    if older_than is not None:
        try:
            cutoff = as_of - dt.timedelta(days=older_than)
        except OverflowError:
            raise InvalidInput("--older-than", f"{older_than} days is out of range") from None
        query = query.where(col(Item.purchased_on) < cutoff)
    if search:
        # PostgreSQL refuses NUL in any text, even a search pattern: same rule as input.
        search = clean_text(search, "--search", max_length=TEXT_MAX)
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(
                *(
                    func.lower(col(getattr(Item, name))).like(pattern)
                    for name in ("title", "sku", "asin", "jan", "order_id", "note", "source")
                )
            )
        )
    return list(session.exec(query.order_by(col(Item.purchased_on), col(Item.id))).all())


def update_item(
    *,
    session: Session,
    item: Item,
    item_in: ItemUpdate,
    as_of: dt.date,
    actor: str | None = None,
) -> dict[str, list[Any]]:
    """Apply the fields set in ``item_in``; returns ``{field: [old, new]}``. Caller commits."""
    changes = {}
    for field, new in item_in.model_dump(exclude_unset=True).items():
        old = getattr(item, field)
        if old != new:
            changes[field] = [old, new]
    if "purchased_on" in changes:
        check_item_dates(purchased_on=item_in.purchased_on, as_of=as_of)
    _check_size(item_in.size_class)
    _check_qty(item_in.qty)
    if not changes:
        return {}
    for field, (_, new) in changes.items():
        setattr(item, field, new)
    item.updated_at = utcnow()
    session.add(item)
    record_event(session=session, kind="edited", item_id=item.id, data=changes, actor=actor)
    return changes


def delete_item(*, session: Session, item: Item, actor: str | None = None) -> None:
    """Delete an item; the event log keeps a snapshot of it. Caller commits.

    An item with recorded disposals is refused: the books would lose their cost basis.
    """
    from liquidator.models import Disposal

    if session.exec(select(Disposal.id).where(Disposal.item_id == item.id).limit(1)).first():
        raise InvalidInput(
            "ID", f"item {item.id} has recorded disposals; undo them first (liquidator sales undo)"
        )
    snapshot = item.model_dump(exclude={"created_at", "updated_at"})
    record_event(session=session, kind="deleted", item_id=item.id, data=snapshot, actor=actor)
    session.delete(item)


def days_held(item: Item, as_of: dt.date) -> int:
    """Days since purchase as of a date (never stored: it changes every day)."""
    return (as_of - item.purchased_on).days


def format_dims(item: Item) -> str | None:
    """Dimensions as typed: ``30x20x10`` (cm)."""
    if item.length_cm is None:
        return None
    return "x".join(f"{side:g}" for side in (item.length_cm, item.width_cm, item.height_cm))


def item_public(item: Item, as_of: dt.date) -> dict[str, Any]:
    """An item as commands print it in JSON: snake_case, integer yen, ISO dates."""
    data = item.model_dump(exclude={"import_key"})
    data["days_held"] = days_held(item, as_of)
    data["dims"] = format_dims(item)
    ordered = {
        key: data.pop(key)
        for key in ("id", "title", "qty", "unit_cost", "purchased_on", "days_held", "size_class")
    }
    ordered.update(data)
    return {
        k: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for k, v in ordered.items()
    }

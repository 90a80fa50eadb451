"""The append-only event log: every change is written beside the change itself."""

import datetime as dt
import getpass
import json
import os
from typing import Any

from sqlmodel import Session, col, select

from liquidator.models import Event

ACTOR_ENV = "LIQUIDATOR_USER"


def current_actor() -> str:
    """Who is making the change: ``LIQUIDATOR_USER``, else the login name."""
    try:
        return os.environ.get(ACTOR_ENV) or getpass.getuser()
    except Exception:  # noqa: BLE001  (no login name in some containers)
        return "unknown"


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in an event")


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=_iso).encode


def event_json(data: dict[str, Any]) -> str:
    """An event's data as stored: JSON, non-ASCII as is, dates as ISO text.

    orjson writes it (an import writes one event per item, and it is several times
    faster); what it cannot write (an integer beyond 64 bits) goes through json.
    """
    import orjson

    try:
        return orjson.dumps(data).decode()
    except TypeError:
        return _ENCODE(data)


def record_event(
    *,
    session: Session,
    kind: str,
    item_id: int | None,
    data: dict[str, Any],
    actor: str | None = None,
) -> Event:
    """Add one event to the session (it commits with the change it describes)."""
    event = Event(
        item_id=item_id,
        kind=kind,
        actor=actor or current_actor(),
        data=event_json(data),
    )
    session.add(event)
    return event


def item_history(*, session: Session, item_id: int) -> list[dict[str, Any]]:
    """An item's events, oldest first, ready for JSON."""
    events = session.exec(
        select(Event).where(Event.item_id == item_id).order_by(col(Event.at), col(Event.id))
    ).all()
    return [
        {"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "data": json.loads(e.data)}
        for e in events
    ]

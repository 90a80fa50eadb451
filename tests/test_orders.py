"""The orders core: saving order reports and desk cases, the rate from both, bulk items."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import event, func, text
from sqlmodel import col, select

from liquidator.cancel_desk import decide
from liquidator.cancellations import CaseIn, clean_order_id, handle_cancellation
from liquidator.db import open_database
from liquidator.errors import InvalidInput
from liquidator.imports import import_items, import_orders
from liquidator.items import add_item
from liquidator.items_csv import parse_items_csv
from liquidator.models import Cancellation, Event, Item, Order
from liquidator.settings import load_settings
from liquidator.settings.defaults import DEFAULTS
from liquidator.store.items import insert_items
from liquidator.store.orders import cancel_rate, get_order, record_cancellation
from liquidator.workspace import resolve_workspace

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

FIXTURE = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
AS_OF = dt.date(2026, 11, 25)
UTC = dt.UTC
HEADER = (
    "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
    "product-name\tis-buyer-requested-cancelation"
)


def report_bytes(lines: list[tuple]) -> bytes:
    """A small All Orders report: (order id, purchased, last updated, status, buyer?, channel)."""
    rows = [HEADER]
    for order_id, purchased, updated, status, buyer, *channel in lines:
        rows.append(
            f"{order_id}\t{purchased}T10:00:00+00:00\t{updated}\t{status}\t"
            f"{channel[0] if channel else 'Merchant'}\tItem {order_id}\t{buyer}"
        )
    return ("\r\n".join(rows) + "\r\n").encode()


def generated(total: int, seller: int = 0, buyer: int = 0, day: str = "2026-11-24") -> bytes:
    """``total`` orders on one day, the first ``seller`` seller-cancelled, then ``buyer``."""
    lines = []
    for i in range(total):
        status, asked = "Shipped", "false"
        if i < seller:
            status = "Cancelled"
        elif i < seller + buyer:
            status, asked = "Canceled", "true"
        lines.append((f"111-0000000-{i:07d}", day, f"{day}T12:00:00+00:00", status, asked))
    return report_bytes(lines)


@pytest.fixture
def database(db_url, tmp_path):
    db = open_database(resolve_workspace(home=tmp_path, db=db_url))
    yield db
    db.dispose()


SETTINGS = load_settings(None)


def save_report(database, data: bytes, source: str = "orders.txt") -> dict:
    return import_orders(database=database, data=data, source=source)


def rate(database, window: int = 7, as_of: dt.date = AS_OF) -> dict:
    with database.session() as session:
        return cancel_rate(session=session, as_of=as_of, window_days=window, settings=SETTINGS)


def desk(database, order_id: str, *, as_of: dt.date = AS_OF, **facts) -> Cancellation:
    decision = decide(**facts)
    with database.transaction() as session:
        return record_cancellation(
            session=session,
            order_id=clean_order_id(order_id),  # as the desk (handle_cancellation) cleans it
            decision=decision,
            reason=facts["reason"],
            as_of=as_of,
            message="reply",
            stage=facts.get("stage"),
            via=facts.get("via"),
            seller=facts.get("seller", False),
        )


def orders_table(database) -> list[tuple]:
    with database.session() as session:
        return [
            (o.amazon_order_id, o.status, o.buyer_requested, o.last_updated, o.lines)
            for o in session.exec(select(Order).order_by(col(Order.amazon_order_id)))
        ]


# --- import_orders -----------------------------------------------------------------------


def test_the_40_order_report_is_saved_once(database):
    first = save_report(database, FIXTURE.read_bytes())
    assert first == {"rows": 41, "orders": 40, "cancelled": 3, "new": 40, "updated": 0,
                     "requests": []}  # fmt: skip
    saved = orders_table(database)
    assert len(saved) == 40
    again = save_report(database, FIXTURE.read_bytes())
    assert again == {"rows": 41, "orders": 40, "cancelled": 3, "new": 0, "updated": 0,
                     "requests": []}  # fmt: skip
    assert orders_table(database) == saved
    with database.session() as session:
        kinds = session.exec(select(Event.kind, Event.data)).all()
    assert [kind for kind, _ in kinds] == ["orders_imported"]  # the no-op re-import logs nothing
    assert json.loads(kinds[0][1])["new"] == 40


def test_saved_orders_keep_the_report_fields(database):
    save_report(database, FIXTURE.read_bytes())
    with database.session() as session:
        two_lines = get_order(session=session, amazon_order_id="114-6527088-9671682")
        buyer = get_order(session=session, amazon_order_id="113-4292094-7372099")
        assert get_order(session=session, amazon_order_id="nope") is None
    assert two_lines.lines == 2 and two_lines.quantity == 2
    assert two_lines.item_price == "81.99" and two_lines.currency == "USD"
    assert two_lines.sku == "PKM-SV-BOX | BAN-HG-191"
    assert two_lines.last_updated.replace(tzinfo=UTC) == dt.datetime(
        2026, 11, 18, 9, 34, 10, tzinfo=UTC
    )
    assert (buyer.status, buyer.buyer_requested) == ("Cancelled", True)
    assert buyer.purchased_on == dt.date(2026, 11, 5)


def test_a_newer_report_updates_status_and_an_older_one_does_not(database):
    opened = ("111-0000000-0000001", "2026-11-20", "2026-11-20T11:00:00+00:00", "Unshipped", "")
    cancelled = (*opened[:2], "2026-11-21T09:00:00+00:00", "Canceled", "true")
    stale = (*opened[:2], "2026-11-20T10:30:00+00:00", "Shipped", "false")
    assert save_report(database, report_bytes([opened]))["new"] == 1
    assert save_report(database, report_bytes([cancelled])) | {"rows": 0} == {
        "rows": 0, "orders": 1, "cancelled": 1, "new": 0, "updated": 1, "requests": [],
    }  # fmt: skip
    assert save_report(database, report_bytes([stale]))["updated"] == 0
    ((_, status, asked, updated, _),) = orders_table(database)
    assert (status, asked) == ("Cancelled", True)
    assert updated.replace(tzinfo=UTC) == dt.datetime(2026, 11, 21, 9, tzinfo=UTC)


# --- record_cancellation -----------------------------------------------------------------


def test_a_case_is_recorded_with_its_event(database):
    case = desk(
        database, " 111-0000001-0000001 ", stage="not-bought", via="request", reason="mistake"
    )
    assert (case.order_id, case.decision, case.cancels_order, case.buyer_requested) == (
        "111-0000001-0000001", "accept", True, True,
    )  # fmt: skip
    with database.session() as session:
        stored = session.exec(select(Cancellation)).one()
        (logged,) = session.exec(select(Event)).all()
    assert stored.recorded_on == AS_OF and stored.message == "reply" and stored.item_id is None
    assert logged.kind == "cancellation" and logged.item_id is None
    assert json.loads(logged.data)["decision"] == "accept"


def test_an_empty_order_id_is_refused(database):
    case = CaseIn(order_id="  ", stage="shipped", via="request", reason="other")
    with pytest.raises(InvalidInput, match="ORDER_ID"):
        handle_cancellation(
            database=database, case=case, as_of=AS_OF, settings=SETTINGS, templates_dir=None
        )
    assert stored(database, "SELECT count(*) AS n FROM cancellations") == [{"n": 0}]


# --- cancel_rate -------------------------------------------------------------------------


def test_the_rate_over_the_40_order_report(database):
    save_report(database, FIXTURE.read_bytes())
    assert rate(database, window=30) == {
        "window_days": 30,
        "start": "2026-10-27",
        "end": "2026-11-25",
        "orders": 40,
        "seller_cancelled": 2,
        "buyer_cancelled": 1,
        "rate": 0.05,
        "status": "alarm",
    }


def test_a_desk_seller_cancellation_counts_before_the_report_shows_it(database):
    save_report(database, generated(50))
    assert rate(database)["seller_cancelled"] == 0
    desk(database, "111-0000000-0000007", seller=True, reason="out-of-stock")
    got = rate(database)
    assert (got["orders"], got["seller_cancelled"], got["rate"], got["status"]) == (
        50, 1, 0.02, "warn",
    )  # fmt: skip


def test_the_desk_accepting_a_request_makes_it_buyer_cancelled(database):
    # The report says seller-cancelled (no buyer flag); the desk knows the buyer asked.
    save_report(database, generated(40, seller=1))
    assert rate(database)["seller_cancelled"] == 1
    desk(database, "111-0000000-0000000", stage="not-bought", via="request", reason="mistake")
    got = rate(database)
    assert (got["seller_cancelled"], got["buyer_cancelled"], got["status"]) == (0, 1, "ok")


def test_a_later_reply_does_not_undo_a_cancellation(database):
    save_report(database, generated(40))
    desk(database, "111-0000000-0000003", seller=True, reason="out-of-stock")
    desk(database, "111-0000000-0000003", stage="shipped", via="message", reason="other")
    assert rate(database)["seller_cancelled"] == 1


def test_a_desk_case_for_an_order_not_imported_yet_counts_on_its_day(database):
    save_report(database, generated(39))
    desk(database, "999-0000000-0000001", seller=True, reason="out-of-stock")
    got = rate(database)
    assert (got["orders"], got["seller_cancelled"], got["status"]) == (40, 1, "alarm")
    # Outside the window it is not counted at all.
    assert rate(database, as_of=AS_OF + dt.timedelta(days=30))["orders"] == 0


def test_amazon_fulfilled_orders_are_left_out(database):
    lines = [
        (
            "111-0000001-0000001",
            "2026-11-24",
            "2026-11-24T12:00:00+00:00",
            "Cancelled",
            "false",
            "Amazon",
        )
    ]
    save_report(database, report_bytes(lines))
    assert rate(database)["orders"] == 0


def test_a_bad_window_is_invalid_input(database):
    with pytest.raises(InvalidInput, match="^window: "):
        rate(database, window=0)


# --- import_items ------------------------------------------------------------------------

ITEMS_CSV = (
    "title,cost,qty,purchased,size,sku\n"
    "ハリオ V60,4980,1,2026-11-01,80,HAR-1\n"
    "Tamiya kit,3200,2,2026-11-02,100,TAM-1\n"
    "Tamiya kit,3200,2,2026-11-02,100,TAM-1\n"
)


def items_rows(text: str = ITEMS_CSV) -> list[dict]:
    return parse_items_csv(text.encode(), source="items.csv", today=AS_OF, channels=CHANNELS)


def import_csv(database, text: str = ITEMS_CSV, as_of: dt.date = AS_OF) -> dict:
    return import_items(
        database=database, data=text.encode(), source="items.csv", as_of=as_of, settings=DEFAULTS
    )


def test_items_are_imported_once_each_with_their_events(database):
    first = import_csv(database)
    assert first == {"rows": 3, "new": 3, "skipped": 0}
    again = import_csv(database)
    assert again == {"rows": 3, "new": 0, "skipped": 3}
    with database.session() as session:
        items = session.exec(select(Item).order_by(col(Item.id))).all()
        events = session.exec(select(Event).order_by(col(Event.id))).all()
    assert [(i.title, i.qty, i.status, i.recorded_on) for i in items] == [
        ("ハリオ V60", 1, "in_stock", AS_OF),
        ("Tamiya kit", 2, "in_stock", AS_OF),
        ("Tamiya kit", 2, "in_stock", AS_OF),
    ]
    assert [(e.kind, e.item_id) for e in events] == [
        ("created", items[0].id), ("created", items[1].id), ("created", items[2].id),
        ("items_imported", None),
    ]  # fmt: skip
    assert json.loads(events[0].data) == {
        "title": "ハリオ V60", "qty": 1, "unit_cost": 4980, "purchased_on": "2026-11-01",
        "size_class": 80, "sku": "HAR-1", "hazmat": False, "domestic_only": False,
    }  # fmt: skip
    assert json.loads(events[3].data) == {"file": "items.csv", "rows": 3, "new": 3, "skipped": 0}


def test_appending_rows_imports_only_the_new_ones(database):
    import_csv(database)
    longer = ITEMS_CSV + "Zojirushi mug,2100,1,2026-11-03,60,ZOJ-1\n"
    assert import_csv(database, longer) == {"rows": 4, "new": 1, "skipped": 3}


def test_item_import_is_set_based(database):
    rows = "title,cost,purchased,size\n" + "".join(
        f"Item {i},{100 + i},2026-11-01,60\n" for i in range(300)
    )
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        assert import_csv(database, rows)["new"] == 300
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert len(statements) < 15  # not one per row
    with database.session() as session:
        assert session.exec(select(func.count()).select_from(Event)).one() == 301


def test_rows_bought_after_the_import_day_are_refused(database):
    # Rows can only come from the parser now (import_items takes the file's bytes).
    with pytest.raises(InvalidInput, match="in the future"):
        import_csv(database, as_of=dt.date(2026, 10, 1))
    assert stored(database, "SELECT count(*) AS n FROM items") == [{"n": 0}]


FULL_ITEM_CSV = (
    "title,cost,qty,purchased,dims,weight,sku,asin,jan,category,source,order_id,"
    "market_price,return_by,hazmat,note\n"
    'トトロ "ぬいぐるみ" \\ 特大,3200,2,2026-11-01,45.5x0.1x12.25,800g,TOT-1,B0CJX2ABCD,'
    '4902370550733,toys,楽天,111-2223334-5556667,4000,2026-12-01,yes,"箱つぶれ\n\tです"\n'
)
SQLITE_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def stored(database, query: str) -> list[dict]:
    with database.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(query))]


def test_an_imported_item_is_stored_as_add_stores_it(database):
    (row,) = items_rows(FULL_ITEM_CSV)
    (typed,) = csv.DictReader(io.StringIO(FULL_ITEM_CSV, newline=""))
    add_item(
        database=database, raw=typed, as_of=AS_OF, settings=DEFAULTS
    )  # the same cells, typed at add
    import_csv(database, FULL_ITEM_CSV)

    added, imported = stored(database, "SELECT * FROM items ORDER BY id")
    assert imported["import_key"] == row["import_key"] and added["import_key"] is None
    same = [name for name in added if name not in ("id", "import_key")]
    assert {n: imported[n] for n in same if n not in ("created_at", "updated_at")} == {
        n: added[n] for n in same if n not in ("created_at", "updated_at")
    }
    created = stored(database, "SELECT * FROM events WHERE kind = 'created' ORDER BY id")
    assert created[1]["data"] == created[0]["data"]  # byte for byte, as add logs it
    assert (created[1]["item_id"], created[1]["actor"]) == (imported["id"], created[0]["actor"])
    with database.session() as session:
        items = session.exec(select(Item).order_by(col(Item.id))).all()
        events = session.exec(select(Event).order_by(col(Event.id))).all()
    assert items[1].created_at.tzinfo == items[0].created_at.tzinfo == dt.UTC
    assert events[1].at.tzinfo == dt.UTC
    assert items[1].model_dump(exclude={"id", "import_key", "created_at", "updated_at"}) == (
        items[0].model_dump(exclude={"id", "import_key", "created_at", "updated_at"})
    )
    if database.engine.dialect.name == "sqlite":  # same storage classes and text formats
        names = ", ".join(f"typeof({name})" for name in same)
        types = stored(database, f"SELECT {names} FROM items ORDER BY id")
        assert list(types[1].values()) == list(types[0].values())
        for value in (imported["created_at"], imported["updated_at"], created[1]["at"]):
            assert SQLITE_STAMP.fullmatch(value), value


def test_imported_ids_follow_the_stored_items_and_their_events_point_at_them(database):
    for title in ("first", "second"):
        raw = {"title": title, "cost": "100", "purchased": AS_OF.isoformat(), "size": "60"}
        add_item(database=database, raw=raw, as_of=AS_OF, settings=DEFAULTS)
    import_csv(database)
    import_csv(database, ITEMS_CSV + "Zojirushi mug,2100,1,2026-11-03,60,ZOJ-1\n")
    with database.session() as session:
        items = session.exec(select(Item).order_by(col(Item.id))).all()
        created = session.exec(
            select(Event).where(Event.kind == "created").order_by(col(Event.id))
        ).all()
    assert [i.title for i in items] == [
        "first", "second", "ハリオ V60", "Tamiya kit", "Tamiya kit", "Zojirushi mug",
    ]  # fmt: skip
    assert [e.item_id for e in created] == [i.id for i in items]
    assert [json.loads(e.data)["title"] for e in created] == [i.title for i in items]


def test_a_refusal_late_in_a_large_import_writes_nothing(database):
    rows = items_rows(
        "title,cost,purchased,size\n"
        + "".join(f"Item {i},{100 + i},2026-11-01,60\n" for i in range(6_000))
    )
    rows[-1]["unit_cost"] = 2**70  # past every engine's INTEGER: refused in the second chunk
    with (
        pytest.raises(InvalidInput, match="too large|cannot store"),
        database.transaction() as session,
    ):
        insert_items(session=session, rows=rows, as_of=AS_OF)  # import_items' write path
    assert stored(database, "SELECT count(*) AS n FROM items") == [{"n": 0}]
    assert stored(database, "SELECT count(*) AS n FROM events") == [{"n": 0}]

"""The core function each command calls, called directly: the rules that live there
(the as-of filter, the seller-cancel rule, the missing-item checks, a sale as typed,
the demo's workspace …) hold without the command line, and bad input is refused
before the database is opened."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.cancellations import (
    CaseIn,
    cancel_rate_report,
    handle_cancellation,
    seller_cancels,
    template_view,
)
from liquidator.db import open_database
from liquidator.errors import InvalidInput, LiquidatorError, NotFound
from liquidator.items import (
    add_item,
    correct_item,
    find_item,
    item_details,
    list_items,
    record_item,
    remove_item,
)
from liquidator.recommend import item_recommendation, recommend_for
from liquidator.sales import disposals_between, sale_from_text, sell_item, undo_disposal
from liquidator.settings import load_settings
from liquidator.workspace import resolve_workspace

SETTINGS = load_settings(None)
TODAY = dt.date(2026, 11, 26)
ORDER = "114-1234567-1234567"


class Unopened:
    """A database that fails the test when it is opened: input must be checked first."""

    def session(self):
        raise AssertionError("the database was opened")

    transaction = session


@pytest.fixture
def database(db_url, tmp_path):
    db = open_database(resolve_workspace(home=tmp_path, db=db_url))
    yield db
    db.dispose()


def _add(database, title: str, purchased: str, qty: int = 1) -> int:
    raw = {"title": title, "cost": "3000", "size": "60", "purchased": purchased, "qty": str(qty)}
    return add_item(database=database, raw=raw, as_of=TODAY, settings=SETTINGS).id


def _sell(database, item_id: int, day: str, qty: str | None = None) -> dict:
    typed = {"channel": "yahoo", "price": "5000", "date": day, "qty": qty}
    return sell_item(database=database, item_id=item_id, typed=typed, today=TODAY,
                     settings=SETTINGS)  # fmt: skip


def _listed(database, day: dt.date, **filters) -> dict[int, tuple[int, str]]:
    rows = list_items(database=database, as_of=day, **filters)
    return {row["id"]: (row["qty"], row["status"]) for row in rows}


def test_list_items_shows_the_stock_as_it_stood_on_a_past_day(database):
    lens = _add(database, "レンズ", "2026-10-01", qty=2)
    kettle = _add(database, "ケトル", "2026-11-15")
    _sell(database, lens, "2026-11-20")
    before_sale = dt.date(2026, 11, 10)
    assert _listed(database, before_sale) == {lens: (2, "in_stock")}  # the kettle came later
    assert _listed(database, TODAY) == {kettle: (1, "in_stock")}
    assert _listed(database, before_sale, status="sold") == {}
    assert _listed(database, TODAY, status="sold") == {lens: (0, "sold")}
    assert _listed(database, TODAY, every=True) == {lens: (0, "sold"), kettle: (1, "in_stock")}
    assert _listed(database, before_sale, older_than="30") == {lens: (2, "in_stock")}


def test_list_items_reads_the_stock_as_it_is_now_when_the_day_is_today_by_default(database):
    lens = _add(database, "レンズ", "2026-10-01")
    _sell(database, lens, "2026-11-20")
    kettle = _add(database, "ケトル", "2026-11-15")
    # Told the day is today's (nothing can be dated after it), it does not look back:
    # the sale on the 20th shows, and so does the kettle bought on the 15th.
    now = _listed(database, dt.date(2026, 11, 10), as_of_given=False)
    assert now == {kettle: (1, "in_stock")}


@pytest.mark.parametrize(
    ("filters", "field"), [({"status": "gone"}, "status"), ({"older_than": "x"}, "older_than")]
)
def test_list_items_checks_its_filters_before_opening_the_database(filters, field):
    with pytest.raises(InvalidInput) as raised:
        list_items(database=Unopened(), as_of=TODAY, **filters)
    assert raised.value.field == field


def test_a_missing_item_is_not_found_by_show_edit_delete_and_recommend(database):
    with database.session() as session, pytest.raises(NotFound, match="item 7 not found"):
        item_details(session=session, item_id=7, as_of=TODAY, settings=SETTINGS)
    for call in (
        lambda: correct_item(database=database, item_id=7, raw={"cost": "1"}, as_of=TODAY,
                             settings=SETTINGS),
        lambda: remove_item(database=database, item_id=7),
        lambda: recommend_for(database=database, settings=SETTINGS, as_of=TODAY, ids=[7]),
    ):  # fmt: skip
        with pytest.raises(NotFound, match="item 7 not found"):
            call()


def test_recommend_for_names_every_missing_id_and_keeps_the_order_given(database):
    first, second = _add(database, "a", "2026-11-01"), _add(database, "b", "2026-11-02")
    results = recommend_for(database=database, settings=SETTINGS, as_of=TODAY,
                            ids=[second, first, second])  # fmt: skip
    assert [r["item_id"] for r in results] == [second, first, second]
    with pytest.raises(NotFound) as raised:
        recommend_for(database=database, settings=SETTINGS, as_of=TODAY, ids=[first, 98, 99])
    assert raised.value.message == "items 98, 99 not found"


@pytest.mark.parametrize(
    ("ids", "all_items", "error", "field"),
    [
        (None, False, InvalidInput, "ID"),
        ([1], True, InvalidInput, "all_items"),
        ([2**70], False, NotFound, None),  # no item can have it
    ],
)
def test_recommend_for_refuses_what_no_database_can_answer_before_opening_it(
    ids, all_items, error, field
):
    with pytest.raises(error) as raised:
        recommend_for(database=Unopened(), settings=SETTINGS, as_of=TODAY, ids=ids,
                      all_items=all_items)  # fmt: skip
    assert getattr(raised.value, "field", None) == field


def test_an_item_with_no_units_left_has_no_recommendation(database):
    lens = _add(database, "レンズ", "2026-10-01")
    with database.session() as session:
        assert item_recommendation(
            session=session,
            settings=SETTINGS,
            item=find_item(session=session, item_id=lens),
            as_of=TODAY,
        )
    _sell(database, lens, "2026-11-20")
    with database.session() as session:
        item = find_item(session=session, item_id=lens)
        assert item_recommendation(session=session, settings=SETTINGS, item=item,
                                   as_of=TODAY) is None  # fmt: skip


def test_record_item_asks_for_a_missing_required_field_and_recommends(database):
    asked = []

    def ask(field):
        asked.append(field.name)
        return {"title": "ケトル", "cost": "2500"}[field.name]

    public = record_item(database=database, raw={"size": "60"}, as_of=TODAY, settings=SETTINGS,
                         ask=ask)  # fmt: skip
    assert asked == ["title", "cost"]
    assert (public["title"], public["unit_cost"]) == ("ケトル", 2500)
    assert public["recommendation"]["item_id"] == public["id"]


def test_remove_item_asks_with_the_title_and_keeps_the_item_when_refused(database):
    lens = _add(database, "レンズ", "2026-10-01")

    def refuse(title):
        raise LiquidatorError(f"kept {title}")

    with pytest.raises(LiquidatorError, match="kept レンズ"):
        remove_item(database=database, item_id=lens, confirm=refuse)
    with database.session() as session:
        assert find_item(session=session, item_id=lens).title == "レンズ"
    assert remove_item(database=database, item_id=lens, confirm=lambda title: None) == "レンズ"
    with database.session() as session, pytest.raises(NotFound):
        find_item(session=session, item_id=lens)


@given(st.text(max_size=20), st.booleans())
def test_the_seller_cancels_when_told_so_or_for_a_sellers_reason(reason, seller):
    case = CaseIn(order_id=ORDER, reason=reason, seller=seller)
    assert seller_cancels(case) == (seller or reason.strip().lower() == "out-of-stock")


def test_the_desk_asks_a_buyers_missing_answers_in_order_and_never_the_seller(database, tmp_path):
    asked = []

    def choose(label, choices):
        asked.append(label)
        return {"Stage": "not-bought", "Received via": "request", "Reason": "mistake"}[label]

    def handle(case):
        return handle_cancellation(database=database, case=case, as_of=TODAY, settings=SETTINGS,
                                   templates_dir=tmp_path, choose=choose)  # fmt: skip

    accepted = handle(CaseIn(order_id=ORDER, reason=None))
    assert asked == ["Stage", "Received via", "Reason"]
    assert accepted.decision.decision == "accept"
    asked.clear()
    seller = handle(CaseIn(order_id="114-7654321-7654321", reason=" Out-Of-Stock "))
    assert asked == []
    assert seller.decision.decision == "seller-cancel" and seller.cancel_rate is not None


def test_item_fields_typed_for_a_case_that_records_no_stock_are_flagged(database, tmp_path):
    case = CaseIn(order_id=ORDER, reason="mistake", stage="not-bought", via="request",
                  item={"title": "レンズ"})  # fmt: skip
    out = handle_cancellation(database=database, case=case, as_of=TODAY, settings=SETTINGS,
                              templates_dir=tmp_path)  # fmt: skip
    assert out.item is None and out.item_not_recorded


def test_a_rate_from_the_desks_own_cases_alone_says_there_is_no_order_data(database, tmp_path):
    with database.session() as session:
        assert cancel_rate_report(session=session, as_of=TODAY, window_days=7,
                                  settings=SETTINGS)["status"] == "ok"  # fmt: skip
    case = CaseIn(order_id=ORDER, reason="out-of-stock")
    handle_cancellation(database=database, case=case, as_of=TODAY, settings=SETTINGS,
                        templates_dir=tmp_path)  # fmt: skip
    with database.session() as session:
        rate = cancel_rate_report(session=session, as_of=TODAY, window_days=7, settings=SETTINGS)
    assert (rate["orders"], rate["status"]) == (1, "no_data")


def test_a_template_is_shown_as_written_under_its_own_name(tmp_path):
    view = template_view(" Accept.TXT ", tmp_path)
    assert (view["name"], view["source"]) == ("accept", "package")
    assert "{buyer}" in view["text"]


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({}, "price"),  # neither a price nor a total
        ({"price": "100", "total": "300"}, "price"),  # both
        ({"price": "-1"}, "price"),
        ({"price": "100", "qty": "0"}, "qty"),
        ({"price": "100", "date": "2026-11-27"}, "date"),  # after today
        ({"price": "100", "fees": "x"}, "fees"),
        ({"price": "100", "note": "a\x00b"}, "note"),
    ],
)
def test_a_sale_as_typed_is_checked_before_the_database_is_opened(typed, field):
    with pytest.raises(InvalidInput) as raised:
        sell_item(database=Unopened(), item_id=1, typed={"channel": "yahoo", **typed},
                  today=TODAY, settings=SETTINGS)  # fmt: skip
    assert raised.value.field == field


@given(st.text(max_size=12))
def test_any_typed_quantity_is_a_count_of_one_or_more_or_bad_input_naming_qty(text):
    try:
        sale = sale_from_text({"channel": "yahoo", "price": "100", "qty": text}, today=TODAY)
    except InvalidInput as error:
        assert error.field == "qty"
    else:
        assert sale.qty >= 1


def test_a_sale_recorded_lists_and_undoes_by_its_dates(database):
    lens = _add(database, "レンズ", "2026-10-01", qty=2)
    sold = _sell(database, lens, "2026-11-20", qty="1")
    assert (sold["qty"], sold["qty_left"], sold["status"]) == (1, 1, "in_stock")
    assert [r["id"] for r in disposals_between(database=database, start="2026-11-20")] == [
        sold["id"]
    ]
    assert disposals_between(database=database, end="2026-11-19") == []
    with pytest.raises(InvalidInput):
        disposals_between(database=Unopened(), start="2026-11-21", end="2026-11-20")
    undone = undo_disposal(database=database, disposal_id=sold["id"], as_of=TODAY)
    assert (undone["undone"], undone["item"]["qty"]) == (sold["id"], 2)


def test_the_demo_fills_an_empty_folder_once_and_keeps_it(tmp_path: Path):
    from liquidator.demo import CATALOGUE, SALES, run_demo

    home = tmp_path / "demo"
    run = run_demo(home=str(home), keep=False, as_of=TODAY)
    assert not run.removed and (home / "data" / "liquidator.db").exists()
    assert (run.counts["items"], run.counts["disposals"]) == (len(CATALOGUE), len(SALES))
    assert run.report["as_of"] == TODAY.isoformat()
    with pytest.raises(InvalidInput) as raised:
        run_demo(home=str(home), keep=False, as_of=TODAY)
    assert raised.value.field == "home"


def test_a_throw_away_demo_is_removed(tmp_path: Path, monkeypatch):
    import tempfile

    from liquidator.demo import run_demo

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert run_demo(home=None, keep=False, as_of=TODAY).removed
    assert not list(tmp_path.glob("liquidator-demo-*"))
    kept = run_demo(home=None, keep=True, as_of=TODAY)
    assert not kept.removed and kept.workspace.home.exists()


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"encoding": "latin-1"}, "encoding"),
        ({"errors": "ignore"}, "errors"),
        ({"start": "2026-11-30", "end": "2026-11-01"}, "start"),
        ({"start": "30/11/2026"}, "start"),
    ],
)
def test_an_export_checks_its_options_before_opening_the_database(options, field):
    from liquidator.exports.run import export_csv

    with pytest.raises(InvalidInput) as raised:
        export_csv(database=Unopened(), kind="items", settings=SETTINGS, as_of=TODAY, **options)
    assert raised.value.field == field


def test_an_export_is_the_csv_of_its_rows_in_the_layouts_encoding(database):
    from liquidator.exports.run import export_csv

    _add(database, "レンズ", "2026-10-01")
    exported = export_csv(database=database, kind="inventory", settings=SETTINGS, as_of=TODAY)
    assert exported.rows == 2  # the item and the total
    assert exported.data.startswith("\ufeff".encode())  # the 棚卸表 is for Excel


def test_only_a_sqlite_file_is_copied_by_backup_and_restore(tmp_path: Path):
    from liquidator.database_url import file_to_copy

    url = "postgresql+psycopg://me:secret@db.example/shop"
    for command, tool in (("backup", "pg_dump"), ("restore", "pg_restore")):
        with pytest.raises(LiquidatorError) as raised:
            file_to_copy(url, command)
        assert tool in raised.value.message and "secret" not in raised.value.message
    assert file_to_copy(f"sqlite:///{tmp_path}/a.db", "backup") == tmp_path / "a.db"


def test_a_backup_goes_to_a_new_dated_file_unless_a_file_is_named(tmp_path: Path):
    from liquidator.backup import backup_destination

    backups, folder = tmp_path / "backups", tmp_path / "elsewhere"
    folder.mkdir()
    assert backup_destination(None, backups_dir=backups).parent == backups
    assert backup_destination(str(folder), backups_dir=backups).parent == folder
    named = tmp_path / "monday.db"
    assert backup_destination(str(named), backups_dir=backups) == named


def test_the_settings_of_a_new_workspace_are_shown_without_making_its_database(tmp_path: Path):
    from liquidator.calibration import settings_in_use

    workspace = resolve_workspace(home=tmp_path)
    rows = settings_in_use(workspace=workspace, database=Unopened(), as_of=TODAY)
    assert rows and not (tmp_path / "data").exists()


def test_prices_of_items_not_held_are_not_found_by_id(database):
    from liquidator.market.observations import held_observations

    lens = _add(database, "レンズ", "2026-10-01")
    with database.session() as session:
        assert held_observations(session=session, ids=[lens]) == []
        with pytest.raises(NotFound) as raised:
            held_observations(session=session, ids=[lens, 41, 40])
    assert raised.value.message == "items 40, 41 not found"

"""The table models check their limits when a row object is made, as a pydantic model
does; the vocabularies (``liquidator.vocab``) are stored as the text they always were."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from liquidator.fields import TITLE_MAX
from liquidator.models import Cancellation, Disposal, Item
from liquidator.vocab import DeskDecision, DisposalKind, ItemStatus

NOV_1 = dt.date(2026, 11, 1)


def test_an_item_with_an_empty_title_negative_cost_and_negative_qty_is_refused():
    with pytest.raises(ValidationError) as raised:
        Item(title="", unit_cost=-5, qty=-3)
    refused = {error["loc"][0] for error in raised.value.errors()}
    assert {"title", "unit_cost", "qty"} <= refused


def test_an_item_within_its_limits_is_made_with_its_defaults():
    item = Item(
        title="Lamp", unit_cost=1200, qty=1, purchased_on=NOV_1, size_class=60, recorded_on=NOV_1
    )
    assert (item.title, item.unit_cost, item.status) == ("Lamp", 1200, ItemStatus.IN_STOCK)
    assert item.status == "in_stock"


@given(st.integers(max_value=-1))
def test_a_negative_cost_never_makes_an_item(cost):
    with pytest.raises(ValidationError):
        Item(
            title="Lamp",
            unit_cost=cost,
            qty=1,
            purchased_on=NOV_1,
            size_class=60,
            recorded_on=NOV_1,
        )


@given(st.text(min_size=TITLE_MAX + 1, max_size=TITLE_MAX + 5).filter(str.strip))
def test_a_title_over_its_limit_never_makes_an_item(title):
    with pytest.raises(ValidationError):
        Item(
            title=title, unit_cost=100, qty=1, purchased_on=NOV_1, size_class=60, recorded_on=NOV_1
        )


def test_a_status_outside_the_vocabulary_is_refused_and_its_text_becomes_the_member():
    with pytest.raises(ValidationError):
        Item(
            title="Lamp",
            unit_cost=1,
            qty=1,
            purchased_on=NOV_1,
            size_class=60,
            recorded_on=NOV_1,
            status="lost",
        )
    item = Item(title="Lamp", unit_cost=1, qty=0, purchased_on=NOV_1, size_class=60, recorded_on=NOV_1,
                status="sold")  # fmt: skip
    assert item.status is ItemStatus.SOLD


def test_a_disposal_and_a_desk_case_take_only_their_vocabularies():
    with pytest.raises(ValidationError) as raised:
        Disposal(item_id=1, channel="ebay", qty=1, price=1, fees=0, shipping=0, net_cash=1,
                 cost_basis=1, profit=0, reference_price=1, sold_on=dt.date(2026, 11, 1),
                 kind="gift", sales_tax="export", paid_later=False, channel_label="eBay",
                 channel_label_ja="eBay")  # fmt: skip
    assert "kind" in {error["loc"][0] for error in raised.value.errors()}
    with pytest.raises(ValidationError) as raised:
        Cancellation(order_id="114-0000000-0000001", recorded_on=dt.date(2026, 11, 1),
                     stage="bought", via="request", reason="mistake", decision="ignore",
                     template="x")  # fmt: skip
    assert "decision" in {error["loc"][0] for error in raised.value.errors()}


def test_each_vocabulary_member_is_the_text_the_database_has_always_stored():
    assert [s.value for s in ItemStatus] == ["in_stock", "listed", "sold", "returned",
                                             "written_off"]  # fmt: skip
    assert [k.value for k in DisposalKind] == ["sale", "supplier_refund", "writeoff"]
    assert {k.outcome for k in DisposalKind} == {ItemStatus.SOLD, ItemStatus.RETURNED,
                                                 ItemStatus.WRITTEN_OFF}  # fmt: skip
    assert DeskDecision.SELLER_CANCEL == "seller-cancel"

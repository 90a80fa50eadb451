"""The item options shared by ``add``, ``edit`` and ``cancel --stage bought``."""

import datetime as dt
from typing import Annotated, Any

import typer

from liquidator.errors import InvalidInput

Title = Annotated[str | None, typer.Option("--title", help="What the item is.", show_default=False)]
Cost = Annotated[
    str | None, typer.Option("--cost", help="Purchase cost per unit, in yen.", show_default=False)
]
Qty = Annotated[int | None, typer.Option("--qty", help="Units in this lot [default: 1].")]
Purchased = Annotated[
    str | None,
    typer.Option(
        "--purchased", help="Purchase date YYYY-MM-DD [default: today].", show_default=False
    ),
]
DaysHeld = Annotated[
    int | None,
    typer.Option("--days-held", help="Or: bought this many days ago.", show_default=False),
]
Size = Annotated[
    str | None,
    typer.Option("--size", help="Parcel class 60/80/100/120/140/160/180/200.", show_default=False),
]
Dims = Annotated[
    str | None,
    typer.Option("--dims", help="Or: sides in cm, like 30x20x10.", show_default=False),
]
Weight = Annotated[
    str | None, typer.Option("--weight", help="Weight like 1.2kg or 800g.", show_default=False)
]
Text = Annotated[str | None, typer.Option(show_default=False)]
MarketPrice = Annotated[
    str | None,
    typer.Option("--market-price", help="Going price per unit, in yen.", show_default=False),
]
ReturnBy = Annotated[
    str | None,
    typer.Option("--return-by", help="Last day the shop takes a return.", show_default=False),
]
Hazmat = Annotated[
    bool | None,
    typer.Option(
        "--hazmat/--no-hazmat",
        help="Batteries, aerosols…: no air shipping.",
        show_default=False,
    ),
]


def parse_item_options(
    *,
    title: str | None = None,
    cost: str | None = None,
    qty: int | None = None,
    purchased: str | None = None,
    days_held: int | None = None,
    size: str | None = None,
    dims: str | None = None,
    weight: str | None = None,
    market_price: str | None = None,
    return_by: str | None = None,
    hazmat: bool | None = None,
    as_of: dt.date,
    current: dict[str, Any] | None = None,
    **text_fields: str | None,
) -> dict[str, Any]:
    """Turn typed options into item fields; only the options given appear in the result.

    ``current`` is the item being edited: new dims or weight re-derive the size class
    from whatever the item already has.
    """
    from liquidator.items import check_item_dates
    from liquidator.models import NOTE_MAX, TEXT_MAX, TITLE_MAX
    from liquidator.parsing import (
        clean_text,
        parse_date,
        parse_dims,
        parse_size_class,
        parse_weight,
        parse_yen,
    )
    from liquidator.sizes import size_class_for

    fields: dict[str, Any] = {}
    if title is not None:
        fields["title"] = clean_text(title, "--title", max_length=TITLE_MAX)
        if not fields["title"]:
            raise InvalidInput("--title", "must not be empty")
    if cost is not None:
        fields["unit_cost"] = parse_yen(cost, "--cost")
    if qty is not None:
        if qty < 1:
            raise InvalidInput("--qty", f"must be at least 1, got {qty}")
        fields["qty"] = qty
    if purchased is not None and days_held is not None:
        raise InvalidInput("--purchased", "give either --purchased or --days-held, not both")
    if purchased is not None:
        fields["purchased_on"] = parse_date(purchased, "--purchased")
        check_item_dates(purchased_on=fields["purchased_on"], as_of=as_of)
    if days_held is not None:
        if days_held < 0:
            raise InvalidInput("--days-held", f"must be 0 or more, got {days_held}")
        if days_held > 36_500:
            raise InvalidInput("--days-held", f"{days_held} is more than a hundred years")
        fields["purchased_on"] = as_of - dt.timedelta(days=days_held)
    if size is not None:
        fields["size_class"] = parse_size_class(size, "--size")
    if dims is not None:
        fields["length_cm"], fields["width_cm"], fields["height_cm"] = parse_dims(dims, "--dims")
    if weight is not None:
        fields["weight_g"] = parse_weight(weight, "--weight")
    if size is None and (dims is not None or weight is not None):
        current = current or {}
        sides = (
            (fields["length_cm"], fields["width_cm"], fields["height_cm"])
            if dims is not None
            else (current.get("length_cm"), current.get("width_cm"), current.get("height_cm"))
        )
        if sides[0] is not None:
            fields["size_class"] = size_class_for(
                sides, fields.get("weight_g", current.get("weight_g"))
            )
        elif not current:
            raise InvalidInput("--size", "give --size, or --dims with --weight")
    if market_price is not None:
        fields["market_price"] = parse_yen(market_price, "--market-price")
    if return_by is not None:
        fields["return_by"] = parse_date(return_by, "--return-by")
    if hazmat is not None:
        fields["hazmat"] = hazmat
    for name, value in text_fields.items():
        if value is not None:
            limit = NOTE_MAX if name == "note" else TEXT_MAX
            fields[name] = (
                clean_text(value, "--" + name.replace("_", "-"), max_length=limit) or None
            )
    return fields

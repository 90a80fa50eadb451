"""The one column reader (``store.columns.read_columns``) across its fetch and chunk
boundaries: every row arrives once, in order, with NULLs where they were stored,
whichever batch a value fell in, on both engines."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from liquidator.db import open_database
from liquidator.field_values import parse_fields
from liquidator.settings.defaults import DEFAULTS
from liquidator.store import columns
from liquidator.store.items import insert_items, read_items
from liquidator.workspace import resolve_workspace

# The channels a quote may name: the default settings' scored ones.
CHANNELS = DEFAULTS.scored_channels

AS_OF = dt.date(2026, 12, 3)


def _rows(count: int) -> list[dict]:
    # NULLs only in some stretches, so one batch of a column may be all ints and the
    # next mixed: the joined column must still be right.
    rows = []
    for n in range(count):
        raw = {"title": f"品 {n}", "cost": str(100 + n), "size": "60", "days_held": str(n % 40)}
        if 5 <= n < 9 or n == count - 1:
            raw["market_price"] = str(1000 + n)
            raw["return_by"] = (AS_OF + dt.timedelta(days=n)).isoformat()
            raw["category"] = "books" if n % 2 else None
        rows.append(parse_fields(raw, as_of=AS_OF, channels=CHANNELS))
    return rows


@pytest.mark.parametrize("fetch, chunk", [(3, 7), (1, 1), (500, 50_000), (4, 4)])
def test_reads_every_row_once_across_batches(db_url, tmp_path, monkeypatch, fetch, chunk):
    monkeypatch.setattr(columns, "FETCH_ROWS", fetch)
    monkeypatch.setattr(columns, "CHUNK_ROWS", chunk)
    rows = _rows(23)
    database = open_database(resolve_workspace(home=tmp_path, db=db_url))
    try:
        with database.transaction() as session:
            ids = insert_items(session=session, rows=rows, as_of=AS_OF)
        with database.engine.connect() as connection:
            read = read_items(connection, as_of=AS_OF, ids=ids)
    finally:
        database.dispose()
    by_id = dict(zip(ids, rows, strict=True))
    order = sorted(ids, key=lambda i: (by_id[i]["purchased_on"], i))
    assert read["item_id"].tolist() == order
    assert read["unit_cost"].tolist() == [by_id[i]["unit_cost"] for i in order]
    assert read["title"].tolist() == [by_id[i]["title"] for i in order]
    assert read["category"].tolist() == [by_id[i]["category"] for i in order]
    market = [by_id[i]["market_price"] for i in order]
    assert np.array_equal(np.isnan(read["market_price"]), [m is None for m in market])
    assert [int(v) for v, m in zip(read["market_price"], market, strict=True) if m is not None] == [
        m for m in market if m is not None
    ]
    returns = [by_id[i]["return_by"] for i in order]
    assert read["return_by"].dtype == np.dtype("datetime64[D]")
    assert [None if np.isnat(v) else v.astype(dt.date) for v in read["return_by"]] == returns

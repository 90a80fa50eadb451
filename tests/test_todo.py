"""``liquidator todo``: the Monday work list."""


def test_todo_lists_waiting_buyers_closing_windows_and_stale_listings(any_cli):
    cli = any_cli
    # a buyer who wrote a message: asked to file Amazon's request, waiting since 11-20
    cli.ok("cancel", "111-0000001-0000001", "--via", "message", "--reason", "mistake",
           "--stage", "not-bought", "--buyer", "Alex", "--as-of", "2026-11-20")  # fmt: skip
    # an order that was handled twice: the later reply is no longer waiting
    cli.ok("cancel", "111-0000002-0000002", "--via", "message", "--reason", "mistake",
           "--stage", "not-bought", "--as-of", "2026-11-18")  # fmt: skip
    cli.ok("cancel", "111-0000002-0000002", "--via", "request", "--reason", "mistake",
           "--stage", "not-bought", "--as-of", "2026-11-19")  # fmt: skip
    closing = cli.json("add", "--title", "返品期限の近い品", "--cost", "900", "--size", "60",
                       "--purchased", "2026-11-20", "--return-by", "2026-11-30")["id"]  # fmt: skip
    cli.json("add", "--title", "まだ先", "--cost", "900", "--size", "60",
             "--purchased", "2026-11-20", "--return-by", "2026-12-31")  # fmt: skip
    stale = cli.json("add", "--title", "売れ残り", "--cost", "5000", "--size", "60",
                     "--purchased", "2026-10-01")["id"]  # fmt: skip
    cli.json("listed", str(stale), "-c", "yahoo", "-p", "9000", "--date", "2026-11-01")
    work = cli.json("todo", "--as-of", "2026-11-26")
    assert [(w["order_id"], w["decision"], w["days"]) for w in work["waiting"]] == [
        ("111-0000001-0000001", "ask-formal-request", 6)
    ]
    assert [(w["item_id"], w["days_left"]) for w in work["return_windows"]] == [(closing, 4)]
    assert [(w["item_id"], w["channel"], w["listed_days"]) for w in work["stale_listings"]] == [
        (stale, "yahoo", 25)
    ]
    text = cli.ok("todo", "--as-of", "2026-11-26").stdout
    for words in ("Waiting on the buyer", "111-0000001-0000001", "返品期限の近い品",
                  "Listings past their usual time", "Yahoo! Auctions"):  # fmt: skip
        assert words in text, words
    japanese = cli.ok("--lang", "ja", "todo", "--as-of", "2026-11-26").stdout
    assert "ヤフオク!" in japanese
    # the same list heads the weekly report, in every format
    report = cli.json("report", "--as-of", "2026-11-26")
    assert report["todo"] == {k: v for k, v in work.items() if k != "as_of"}
    for fmt, heading in (("md", "## To do"), ("html", "<h2>To do</h2>")):
        assert heading in cli.ok("report", "--as-of", "2026-11-26", "-O", fmt).stdout
    terminal = cli.ok("report", "--as-of", "2026-11-26").stdout
    assert "To do" in terminal and "111-0000001-0000001" in terminal
    assert terminal.index("To do") < terminal.index("Capital by age")


def test_todo_with_nothing_to_do_says_so(cli):
    assert "Nothing waiting" in cli.ok("todo", "--as-of", "2026-11-26").stdout
    assert cli.json("todo", "--as-of", "2026-11-26") == {
        "as_of": "2026-11-26",
        "requests": [],
        "waiting": [],
        "return_windows": [],
        "stale_listings": [],
    }

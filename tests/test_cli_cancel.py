"""The cancellation desk through the CLI: every branch, the reply, what lands in the DB."""

import json
import re
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "amazon_orders_40.txt"
AS_OF = "2026-11-25"
ORDER = "114-1234567-1234567"
ITEM = ["--title", "ハリオ V60", "--cost", "4980", "--size", "80"]
LEFTOVER = re.compile(r"[{}]")

# (options, decision, counts against the rate, records stock, words in the reply)
BRANCHES = [
    (["--stage", "shipped", "--via", "request", "--reason", "mistake"], "decline", False, False,
     "on its way"),
    (["--stage", "not-bought", "--via", "message", "--reason", "no-longer-needed"],
     "ask-formal-request", False, False, "1. Open Your Orders"),
    (["--stage", "bought", "--via", "message", "--reason", "too-slow", "--in-hand"],
     "offer-to-ship", False, False, "ship it today"),
    (["--stage", "not-bought", "--via", "request", "--reason", "found-cheaper"], "accept", False,
     False, "We have cancelled your order"),
    (["--stage", "bought", "--via", "request", "--reason", "arrives-too-late", *ITEM], "accept",
     False, True, "We have cancelled your order"),
    (["--seller", "--reason", "out-of-stock"], "seller-cancel", True, False, "out of stock"),
    # one way to say it: either alone is the same seller cancellation
    (["--reason", "out-of-stock"], "seller-cancel", True, False, "out of stock"),
    (["--seller"], "seller-cancel", True, False, "out of stock"),
]  # fmt: skip


def cancel(cli, *args):
    return cli.json("cancel", ORDER, "--as-of", AS_OF, *args)


@pytest.mark.parametrize(("args", "decision", "counts", "stock", "words"), BRANCHES)
def test_every_branch_end_to_end(any_cli, snapshot, args, decision, counts, stock, words):
    got = cancel(any_cli, *args, "--buyer", "Alex Morgan", "--shop", "Sakura Goods")
    assert set(got) >= {
        "order_id", "decision", "template", "message", "counts_against_rate", "item_id",
    }  # fmt: skip
    assert (got["order_id"], got["decision"], got["template"]) == (ORDER, decision, decision)
    assert got["counts_against_rate"] is counts
    assert words in got["message"]
    assert "Hello Alex Morgan," in got["message"]
    assert ORDER in got["message"]
    assert "Sakura Goods" in got["message"] or decision == "decline"  # decline names no shop
    assert not LEFTOVER.search(got["message"])

    tables = snapshot(any_cli)
    (case,) = tables["cancellations"]
    assert ORDER in case and decision in case and got["message"] in case
    kinds = [row[4] for row in tables["events"]]
    if stock:
        assert isinstance(got["item_id"], int)
        (item,) = tables["items"]
        assert "ハリオ V60" in item and ORDER in item  # the item keeps its order id
        assert kinds == ["created", "cancellation"]
        history = any_cli.json("show", str(got["item_id"]))["history"]
        assert [e["kind"] for e in history] == ["created", "cancellation"]
        assert got["recommendation"]["best_channel"]
    else:
        assert got["item_id"] is None
        assert tables["items"] == []
        assert kinds == ["cancellation"]


def test_human_output_has_the_decision_and_the_reply(cli):
    out = cli.ok(
        "cancel", ORDER, "--stage", "bought", "--via", "request", "--reason", "mistake", *ITEM,
        "--as-of", AS_OF,
    ).stdout  # fmt: skip
    assert "Decision: accept the cancellation." in out
    assert "Hello customer," in out
    assert f"We have cancelled your order {ORDER} for ハリオ V60 as you asked." in out
    assert "our shop" not in out and "see you again at" not in out  # no [replies] shop
    assert "Recorded case #1" in out
    assert "Recorded stranded item #1: ハリオ V60" in out
    assert "Recommended:" in out


def test_the_reply_names_the_imported_order_s_product(cli):
    cli.ok("import", "amazon-orders", str(FIXTURE))
    got = cli.json(
        "cancel", "111-4307830-5885249", "--stage", "not-bought", "--via", "request",
        "--reason", "mistake",
    )  # fmt: skip
    assert (
        "for Pokemon Card Game Scarlet & Violet Booster Box (Japanese) as you asked"
        in (got["message"])
    )
    got = cli.json(
        "cancel", "111-4307830-5885249", "--stage", "shipped", "--via", "request",
        "--reason", "mistake", "--item", "the booster box",
    )  # fmt: skip
    assert "the booster box has already left us" in got["message"]


def test_a_workspace_template_overrides_the_packaged_one(cli):
    folder = cli.home / "templates"
    folder.mkdir()
    (folder / "decline.txt").write_text("Dear {buyer}, order {order_id} has shipped. {shop}\n")
    got = cancel(cli, "--stage", "shipped", "--via", "request", "--reason", "other")
    assert got["message"] == f"Dear customer, order {ORDER} has shipped.\n"


def test_a_broken_template_writes_nothing(cli, snapshot):
    folder = cli.home / "templates"
    folder.mkdir()
    (folder / "decline.txt").write_text("Dear {name}\n")
    line = cli.fails(
        2, "cancel", ORDER, "--stage", "shipped", "--via", "request", "--reason", "other"
    )
    assert "unknown placeholder {name}" in line
    assert snapshot(cli) == {}


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_missing_title_without_a_terminal_exits_2_and_writes_nothing(cli, snapshot, json_flag):
    cancel(cli, "--stage", "shipped", "--via", "request", "--reason", "other")
    before = snapshot(cli)
    line = cli.fails(
        2, "cancel", ORDER, "--stage", "bought", "--via", "request", "--reason", "mistake",
        "--cost", "4980", "--size", "80", *json_flag,
    )  # fmt: skip
    assert line == "Error: --title: is required (no terminal to ask on)"
    assert snapshot(cli) == before


def test_missing_title_on_a_fresh_workspace_creates_nothing(cli):
    cli.fails(2, "cancel", ORDER, "--stage", "bought", "--via", "request", "--reason", "mistake")
    assert not (cli.home / "data").exists()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--via", "request", "--reason", "mistake"], "--stage"),
        (["--stage", "bought", "--reason", "mistake"], "--via"),
        (["--stage", "bought", "--via", "request"], "--reason"),
        (["--stage", "packed", "--via", "request", "--reason", "mistake"], "--stage"),
        (["--stage", "shipped", "--via", "fax", "--reason", "mistake"], "--via"),
        (["--stage", "shipped", "--via", "request", "--reason", "bored"], "--reason"),
        (["--stage", "not-bought", "--via", "request", "--reason", "mistake", "--in-hand"],
         "--in-hand"),
        (["--stage", "shipped", "--via", "request", "--reason", "out-of-stock"], "--stage"),
        (["--seller", "--stage", "shipped"], "--stage"),
        (["--stage", "bought", "--via", "request", "--reason", "mistake", "--title", "x",
          "--cost", "-5", "--size", "80"], "--cost"),
        (["--stage", "bought", "--via", "request", "--reason", "mistake", "--title", "x",
          "--cost", "5", "--size", "90"], "--size"),
        (["--stage", "bought", "--via", "request", "--reason", "mistake", "--title", "x",
          "--cost", "5"], "--size"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_names_the_option_and_writes_nothing(cli, snapshot, args, field):
    cancel(cli, "--stage", "shipped", "--via", "request", "--reason", "other")
    before = snapshot(cli)
    line = cli.fails(2, "cancel", ORDER, "--as-of", AS_OF, *args)
    assert line.startswith(f"Error: {field}"), line
    assert snapshot(cli) == before


def test_an_empty_order_id_is_refused(cli):
    line = cli.fails(
        2, "cancel", " ", "--stage", "shipped", "--via", "request", "--reason", "other"
    )
    assert line.startswith("Error: ORDER_ID")


def test_missing_answers_are_prompted_for_on_a_terminal(cli, monkeypatch):
    import liquidator.cli.cancel

    monkeypatch.setattr(liquidator.cli.cancel, "is_interactive", lambda: True)
    answers = "bought\nrequest\nmistake\nハリオ V60\n4980\n80\n"
    result = cli("cancel", ORDER, "--json", input=answers)
    assert result.exit_code == 0, result.stderr
    got = json.loads(result.stdout[result.stdout.index("{\n") :])
    assert got["decision"] == "accept" and isinstance(got["item_id"], int)
    item = cli.json("show", str(got["item_id"]))
    assert (item["title"], item["unit_cost"], item["size_class"]) == ("ハリオ V60", 4980, 80)


def test_item_options_are_not_used_when_the_order_stays_open(cli, snapshot):
    out = cli.ok(
        "cancel", ORDER, "--stage", "bought", "--via", "message", "--reason", "mistake", *ITEM
    ).stdout
    assert "No item recorded" in out
    assert snapshot(cli)["items"] == []


def test_a_desk_seller_cancel_counts_toward_the_rate(any_cli):
    any_cli.ok("import", "amazon-orders", str(FIXTURE))
    before = any_cli.json("cancel-rate", "--window", "30", "--as-of", AS_OF)
    shipped_order = "111-2881424-7222727"  # Shipped in the report, bought 2026-11-22
    got = any_cli.json("cancel", shipped_order, "--seller", "--as-of", AS_OF)
    assert got["decision"] == "seller-cancel" and got["counts_against_rate"] is True
    after = any_cli.json("cancel-rate", "--window", "30", "--as-of", AS_OF)
    assert after["seller_cancelled"] == before["seller_cancelled"] + 1 == 3
    assert after["orders"] == 40 and after["rate"] == 0.075


def test_a_seller_cancel_shows_the_rate(cli):
    cli.ok("import", "amazon-orders", str(FIXTURE))
    out = " ".join(
        cli.ok("cancel", "111-2881424-7222727", "--seller", "--as-of", AS_OF).stdout.split()
    )
    assert "Decision: cancel as the seller." in out
    assert "counts against your cancel rate" in out
    assert "Cancel rate" in out and "ALARM" in out


def test_accepting_the_buyer_s_request_takes_it_off_the_seller(any_cli):
    any_cli.ok("import", "amazon-orders", str(FIXTURE))
    # Cancelled in the report without the buyer-requested flag: counted as the seller's.
    any_cli.json(
        "cancel", "114-2441680-4223664", "--stage", "not-bought", "--via", "request",
        "--reason", "mistake", "--as-of", AS_OF,
    )  # fmt: skip
    rate = any_cli.json("cancel-rate", "--window", "30", "--as-of", AS_OF)
    assert (rate["seller_cancelled"], rate["buyer_cancelled"]) == (1, 2)


def test_deleting_an_item_from_a_case_keeps_the_case(any_cli, snapshot):
    got = cancel(any_cli, "--stage", "bought", "--via", "request", "--reason", "mistake", *ITEM)
    any_cli.ok("delete", str(got["item_id"]), "--yes")
    (case,) = snapshot(any_cli)["cancellations"]
    assert ORDER in case


# --- templates ---------------------------------------------------------------------------


def test_templates_lists_every_decision(cli):
    listed = cli.json("templates")
    assert [t["name"] for t in listed] == [
        "accept", "ask-formal-request", "decline", "decline-no-return", "offer-to-ship",
        "offer-to-ship-requested", "seller-cancel",
    ]  # fmt: skip

    assert {t["source"] for t in listed} == {"package"}
    out = cli.ok("templates").stdout
    assert "ask-formal-request" in out and "built in" in out


def test_templates_shows_one_with_its_placeholders(cli):
    text = cli.ok("templates", "accept").stdout
    assert text.startswith("Hello {buyer},\n")
    assert "your order {order_id} for {item}" in text and "{shop}" in text
    shown = cli.json("templates", "accept")
    assert shown["name"] == "accept" and shown["source"] == "package"
    assert shown["text"] == text


def test_templates_marks_workspace_overrides(cli):
    folder = cli.home / "templates"
    folder.mkdir()
    (folder / "accept.txt").write_text("Hi {buyer}, done.\n")
    (folder / "decline.txt").write_text("Hi {nobody}\n")
    listed = {t["name"]: t for t in cli.json("templates")}
    assert listed["accept"]["source"] == "workspace"
    assert "unknown placeholder" in listed["decline"]["problem"]
    assert cli.ok("templates", "accept").stdout == "Hi {buyer}, done.\n"
    assert "unusable" in cli.ok("templates").stdout
    assert "unknown placeholder" in cli.fails(2, "templates", "decline")


def test_an_unknown_template_is_not_found(cli):
    assert "no template named 'thanks'" in cli.fails(1, "templates", "thanks")


def test_every_command_help_has_an_example(cli):
    for command in (["cancel"], ["cancel-rate"], ["templates"], ["import", "amazon-orders"],
                    ["import", "items"]):  # fmt: skip
        assert "Example: liquidator" in cli.ok(*command, "--help").stdout


def test_a_second_item_for_the_same_order_is_flagged(cli):
    args = ["--stage", "bought", "--via", "request", "--reason", "mistake", *ITEM]
    first = cancel(cli, *args)
    result = cli("cancel", ORDER, "--as-of", AS_OF, *args, "--json")
    assert result.exit_code == 0, result.stderr
    second = result.json()["item_id"]
    assert second != first["item_id"]
    assert f"already had item #{first['item_id']}; item #{second} was recorded" in result.stderr


def test_an_overlong_buyer_name_is_refused_before_writing(any_cli, snapshot):
    line = any_cli.fails(
        2, "cancel", ORDER, "--stage", "shipped", "--via", "request", "--reason", "other",
        "--buyer", "x" * 300,
    )  # fmt: skip
    assert line.startswith("Error: --buyer")
    assert snapshot(any_cli) == {}


def test_the_reply_names_the_item_typed_at_stage_bought(cli):
    result = cli.json(
        "cancel", "114-0000000-0000001", "--stage", "bought", "--via", "request",
        "--reason", "mistake", "--title", "ハリオ V60", "--cost", "4980", "--size", "80",
    )  # fmt: skip
    assert "ハリオ V60" in result["message"]
    assert "your item" not in result["message"]


def test_a_second_case_after_an_offer_to_ship_accepts_and_records_the_item(cli, snapshot):
    order = "114-7777777-7777777"
    facts = ["--stage", "bought", "--via", "message", "--reason", "too-slow", "--in-hand"]
    first = cli.json("cancel", order, *facts, "--as-of", "2026-11-25")
    assert first["decision"] == "offer-to-ship"
    # The buyer turns the offer down and files Amazon's request: accept, record the item.
    facts[3] = "request"
    second = cli.json(
        "cancel", order, *facts, "--title", "Lamp", "--cost", "3000", "--size", "80",
        "--as-of", "2026-11-26",
    )  # fmt: skip
    assert second["decision"] == "accept" and second["item_id"] is not None
    rows = snapshot(cli)
    assert [r[1] for r in rows["items"]] == ["Lamp"]


def test_cancel_rate_without_order_data_says_so_instead_of_alarming(cli):
    cli.json("cancel", "114-1111111-1111111", "--seller", "--reason", "out-of-stock",
             "--as-of", "2026-11-25")  # fmt: skip
    text = cli.ok("cancel-rate", "--as-of", "2026-11-25").stdout
    assert "No order data" in text and "ALARM" not in text
    rate = cli.json("cancel-rate", "--as-of", "2026-11-25")
    assert rate["status"] == "no_data"


def test_replies_are_signed_with_the_shop_from_the_settings(cli, snapshot):
    (cli.home / "liquidator.toml").write_text(
        '[replies]\nshop = "Kyoto Camera Works"\n'
        'signature = "Taro Yamada\\nKyoto Camera Works, Kyoto, Japan"\n',
        encoding="utf-8",
    )
    got = cancel(cli, "--stage", "not-bought", "--via", "request", "--reason", "mistake")
    assert "We hope to see you again at Kyoto Camera Works." in got["message"]
    assert got["message"].endswith("Best regards\nTaro Yamada\nKyoto Camera Works, Kyoto, Japan\n")
    stored = snapshot(cli)["cancellations"]
    assert any("Taro Yamada" in str(row) for row in stored)  # the reply as sent is kept
    # --shop still wins for one reply
    got = cli.json("cancel", "114-7654321-7654321", "--as-of", AS_OF, "--stage", "not-bought",
                   "--via", "request", "--reason", "mistake", "--shop", "Osaka Branch")  # fmt: skip
    assert "again at Osaka Branch." in got["message"]


def test_a_reply_template_can_be_chosen_by_name(cli, snapshot):
    folder = cli.home / "templates"
    folder.mkdir()
    (folder / "accept-ja.txt").write_text(
        "Hello {buyer},\n\nOrder {order_id} is cancelled. Thank you for shopping at {shop}.\n",
        encoding="utf-8",
    )
    got = cancel(cli, "--stage", "not-bought", "--via", "request", "--reason", "mistake",
                 "--template", "accept-ja", "--buyer", "Ann")  # fmt: skip
    assert got["decision"] == "accept"
    assert got["message"].startswith(f"Hello Ann,\n\nOrder {ORDER} is cancelled.")
    before = snapshot(cli)
    line = cli.fails(2, "cancel", "114-7654321-7654321", "--as-of", AS_OF, "--stage",
                     "not-bought", "--via", "request", "--reason", "mistake",
                     "--template", "nope")  # fmt: skip
    assert line.startswith("Error: --template: 'nope' is not a template") and "accept-ja" in line
    assert snapshot(cli) == before


def test_the_note_and_the_reply_agree_through_the_command(any_cli, snapshot):
    shipped = cancel(any_cli, "--stage", "shipped", "--via", "request", "--reason", "mistake")
    assert "do not refuse" in shipped["message"].lower()
    assert "not to refuse" in shipped["next_step"] and "request a return" in shipped["next_step"]
    cheap = any_cli.json("cancel", "114-0000000-0000001", "--as-of", AS_OF, "--stage", "shipped",
                         "--via", "request", "--reason", "mistake", "--no-return")  # fmt: skip
    assert "without asking for the item back" in cheap["next_step"]
    assert "without a return" in cheap["message"]
    offer = any_cli.json("cancel", "114-0000000-0000002", "--as-of", AS_OF, "--stage", "bought",
                         "--via", "request", "--reason", "too-slow", "--in-hand")  # fmt: skip
    assert "--via request" not in offer["next_step"]
    assert "run this command again" in offer["next_step"]
    assert "sorry" in offer["message"] and "taking longer" in offer["message"]
    cases = snapshot(any_cli)["cancellations"]
    assert len(cases) == 3
    decisions = sorted(d for case in cases for d in ("decline", "offer-to-ship") if d in case)
    assert decisions == ["decline", "decline", "offer-to-ship"]


def test_a_reply_never_carries_a_brace_the_seller_did_not_write_as_one(any_cli, snapshot):
    folder = any_cli.home / "templates"
    folder.mkdir()
    (folder / "decline.txt").write_text("Order {order_id}, ref {{order_id}}. {shop}\n")
    got = cancel(any_cli, "--stage", "shipped", "--via", "request", "--reason", "other")
    assert got["message"] == f"Order {ORDER}, ref {{order_id}}.\n"
    assert "{" + ORDER not in got["message"]
    stored = snapshot(any_cli)["cancellations"]
    assert [row for row in stored if got["message"] in row]
    before = snapshot(any_cli)
    long_name = "{" + "x" * 61 + "}"
    (folder / "decline.txt").write_text(f"Dear {{buyer}}\n{long_name}\n")
    args = ("cancel", ORDER, "--stage", "shipped", "--via", "request", "--reason", "other")
    line = any_cli.fails(2, *args)
    assert str(folder / "decline.txt") in line and "line 2: unknown placeholder {xxx" in line
    (folder / "decline.txt").write_text("Dear {buyer {order_id}}\n")
    assert "line 1: a { that is not closed" in any_cli.fails(2, *args)
    assert snapshot(any_cli) == before


def test_a_template_that_signs_with_the_shop_is_not_signed_twice(cli):
    (cli.home / "liquidator.toml").write_text(
        '[replies]\nshop = "Tanaka Shop"\nsignature = "Tanaka Shop"\n', encoding="utf-8"
    )
    folder = cli.home / "templates"
    folder.mkdir()
    (folder / "decline.txt").write_text("Dear {buyer}, order {order_id} has shipped.\n\n{shop}\n")
    got = cancel(cli, "--stage", "shipped", "--via", "request", "--reason", "other")
    assert got["message"] == f"Dear customer, order {ORDER} has shipped.\n\nTanaka Shop\n"
    packaged = cancel(cli, "--stage", "bought", "--via", "request", "--reason", "mistake",
                      "--title", "ハリオ V60", "--cost", "3000", "--size", "60")  # fmt: skip
    assert packaged["message"].count("Tanaka Shop") == 2  # named in the text, then signed
    assert packaged["message"].endswith("Best regards\nTanaka Shop\n")

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liquidator.cancel_desk import (
    BUYER_REASONS,
    DECISIONS,
    NEXT_STEPS,
    STAGES,
    TEMPLATE_NAMES,
    VIAS,
    Decision,
    decide,
    next_step,
)
from liquidator.errors import InvalidInput, NotFound
from liquidator.reply_templates import PLACEHOLDERS, list_templates, render_template

VALUES = {
    "buyer": "Alex Morgan",
    "order_id": "111-2223334-5556667",
    "item": "Hario V60 Dripper",
    "shop": "Sakura Goods",
}
LEFTOVER = re.compile(r"[{}]|\$[A-Za-z_]")


# --- decide: every branch -------------------------------------------------------------


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("reason", BUYER_REASONS)
def test_shipped_is_always_declined(via, reason):
    decision = decide(stage="shipped", via=via, reason=reason)
    assert decision == Decision(
        decision="decline",
        template="decline",
        counts_against_rate=False,
        records_stock=False,
        buyer_requested=False,
        cancels_order=False,
    )


@pytest.mark.parametrize("stage", ["not-bought", "bought"])
@pytest.mark.parametrize("reason", [r for r in BUYER_REASONS if r != "too-slow"])
def test_plain_message_before_shipping_asks_for_the_formal_request(stage, reason):
    decision = decide(stage=stage, via="message", reason=reason, in_hand=stage == "bought")
    assert decision.decision == "ask-formal-request"
    assert decision.template == "ask-formal-request"
    assert not decision.cancels_order
    assert not decision.counts_against_rate
    assert not decision.records_stock


def test_too_slow_message_without_the_item_in_hand_asks_for_the_formal_request():
    decision = decide(stage="bought", via="message", reason="too-slow", in_hand=False)
    assert decision.decision == "ask-formal-request"


@pytest.mark.parametrize("via", VIAS)
def test_too_slow_with_the_item_in_hand_offers_to_ship(via):
    decision = decide(stage="bought", via=via, reason="too-slow", in_hand=True)
    assert decision.decision == "offer-to-ship"
    assert not decision.cancels_order
    assert not decision.records_stock


@pytest.mark.parametrize("reason", BUYER_REASONS)
def test_request_before_buying_is_accepted_without_stock(reason):
    decision = decide(stage="not-bought", via="request", reason=reason)
    assert decision == Decision(
        decision="accept",
        template="accept",
        counts_against_rate=False,
        records_stock=False,
        buyer_requested=True,
        cancels_order=True,
    )


@pytest.mark.parametrize("reason", BUYER_REASONS)
def test_request_after_buying_is_accepted_and_records_stock(reason):
    in_hand = reason != "too-slow"
    decision = decide(stage="bought", via="request", reason=reason, in_hand=in_hand)
    assert decision.decision == "accept"
    assert decision.records_stock
    assert decision.buyer_requested
    assert not decision.counts_against_rate


def test_too_slow_request_bought_but_not_in_hand_is_accepted():
    assert decide(stage="bought", via="request", reason="too-slow").decision == "accept"


def test_seller_cancel_counts_against_the_rate():
    decision = decide(reason="out-of-stock", seller=True)
    assert decision == Decision(
        decision="seller-cancel",
        template="seller-cancel",
        counts_against_rate=True,
        records_stock=False,
        buyer_requested=False,
        cancels_order=True,
    )
    assert decide(stage="not-bought", via="message", reason="out-of-stock", seller=True) == decision
    # one way to say it: the reason alone, or --seller alone, is the same decision
    assert decide(reason="out-of-stock") == decision
    assert decide(reason=None, seller=True) == decision


def test_options_are_forgiving_about_case_and_space():
    assert decide(stage=" Shipped ", via="REQUEST", reason="Mistake").decision == "decline"


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"stage": "packed", "via": "request", "reason": "mistake"}, "stage", "'packed'"),
        ({"stage": "bought", "via": "phone", "reason": "mistake"}, "via", "'phone'"),
        ({"stage": "bought", "via": "request", "reason": "bored"}, "reason", "'bored'"),
        ({"via": "request", "reason": "mistake"}, "stage", "required: one of"),
        ({"stage": "bought", "reason": "mistake"}, "via", "required: one of"),
        # out-of-stock is a seller cancellation, which happens before buying
        ({"stage": "bought", "via": "request", "reason": "out-of-stock"}, "stage", "bought"),
        (
            {"stage": "not-bought", "via": "request", "reason": "too-slow", "in_hand": True},
            "in_hand",
            "--stage bought",
        ),
        (
            {"stage": "shipped", "via": "message", "reason": "too-slow", "in_hand": True},
            "in_hand",
            "carrier",
        ),
        ({"reason": "mistake", "seller": True}, "reason", "out-of-stock"),
        ({"stage": "bought", "reason": "out-of-stock", "seller": True}, "stage", "bought"),
        ({"stage": "shipped", "reason": "out-of-stock", "seller": True}, "stage", "bought"),
        ({"reason": "out-of-stock", "seller": True, "in_hand": True}, "in_hand", "in hand"),
    ],
)
def test_invalid_combinations_name_the_field_never_an_option(kwargs, field, words):
    with pytest.raises(InvalidInput) as caught:
        decide(**kwargs)
    assert caught.value.field == field
    assert words in caught.value.message
    assert caught.value.message.startswith(f"{field}: ")


def test_every_combination_decides_or_refuses_cleanly():
    outcomes = set()
    for stage in STAGES:
        for via in VIAS:
            for reason in BUYER_REASONS:
                for in_hand in (False, True):
                    try:
                        outcomes.add(
                            decide(stage=stage, via=via, reason=reason, in_hand=in_hand).decision
                        )
                    except InvalidInput as exc:
                        assert exc.field == "in_hand"
    assert outcomes == set(DECISIONS) - {"seller-cancel"}


# --- templates -------------------------------------------------------------------------


@pytest.mark.parametrize("name", DECISIONS)
def test_each_template_renders_with_every_placeholder_filled(name):
    text = render_template(name, values=VALUES, workspace_templates_dir=None)
    assert not LEFTOVER.search(text)
    assert "Alex Morgan" in text
    assert "111-2223334-5556667" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("name", DECISIONS)
def test_each_template_renders_with_defaults_and_no_gaps(name):
    text = render_template(name, values={}, workspace_templates_dir=None)
    assert not LEFTOVER.search(text)
    assert "Hello customer," in text
    assert "  " not in text.replace("\n", " \n")
    assert " ." not in text and " :" not in text and " ," not in text


@pytest.mark.parametrize("name", DECISIONS)
def test_each_template_names_the_item(name):
    assert "ITEM" in render_template(name, values={"item": "ITEM"})


def test_ask_formal_request_gives_numbered_steps():
    text = render_template("ask-formal-request", values=VALUES)
    steps = re.findall(r"^(\d)\. ", text, flags=re.MULTILINE)
    assert steps == ["1", "2", "3", "4", "5"]
    assert "Your Orders" in text
    assert "Request cancellation" in text
    assert "Cancel items" in text


def test_decline_puts_accept_and_return_first():
    # A refused courier parcel usually comes back at the seller's cost.
    text = render_template("decline", values=VALUES).lower()
    assert "on its way" in text
    assert text.index("accept the parcel") < text.index("request a return") < text.index("refuse")
    assert "do not refuse" in text


def test_a_cheap_shipped_item_can_be_refunded_without_return():
    decision = decide(stage="shipped", via="request", reason="mistake", no_return=True)
    assert (decision.decision, decision.template) == ("decline", "decline-no-return")
    assert "without a return" in render_template(decision.template, values=VALUES)
    with pytest.raises(InvalidInput, match="^no_return: "):
        decide(stage="bought", via="request", reason="mistake", no_return=True)


def test_a_buyer_who_insists_after_an_offer_is_accepted():
    offer = decide(stage="bought", via="message", reason="too-slow", in_hand=True)
    assert offer.decision == "offer-to-ship"
    insisted = decide(stage="bought", via="request", reason="too-slow", in_hand=True, insists=True)
    assert insisted.decision == "accept" and insisted.records_stock
    # Insisting by plain message still needs Amazon's request, or the seller's rate pays.
    by_message = decide(stage="bought", via="message", reason="too-slow", in_hand=True,
                        insists=True)  # fmt: skip
    assert by_message.decision == "ask-formal-request"


def test_the_offer_does_not_ask_for_a_request_already_filed():
    decision = decide(stage="bought", via="request", reason="too-slow", in_hand=True)
    assert decision.template == "offer-to-ship-requested"
    text = render_template(decision.template, values=VALUES)
    assert "Request cancellation" not in text and "received your cancellation request" in text
    asked = render_template("offer-to-ship", values=VALUES)
    assert "Request cancellation" in asked


def test_offer_to_ship_apologises_and_asks_to_keep_the_order():
    text = render_template("offer-to-ship", values=VALUES).lower()
    assert "sorry" in text
    assert "ship it today" in text
    assert "keep the order" in text


def test_values_are_cleaned_and_unknown_keys_ignored():
    text = render_template(
        "accept", values={"buyer": "  Sam  ", "order_id": None, "color": "red", "shop": ""}
    )
    assert "Hello Sam," in text
    assert "our shop" not in text and "see you again" not in text  # no shop: no sentence
    assert "We hope to see you again at Tanaka Shop." in render_template(
        "accept", values={"shop": "Tanaka Shop"}
    )
    with pytest.raises(InvalidInput, match=r"^buyer: contains a control character"):
        render_template("accept", values={"buyer": "Sam\x1b[2J"})


def test_a_value_that_looks_like_a_placeholder_is_not_expanded():
    text = render_template("accept", values={"buyer": "{shop}", "shop": "Sakura"})
    assert "Hello {shop}," in text


def test_workspace_override_wins(tmp_path):
    (tmp_path / "accept.txt").write_text(
        "\ufeffDear {buyer},\r\nDone: {order_id} ({item}).\r\n-- {shop}\r\n\r\n", encoding="utf-8"
    )
    text = render_template("accept", values=VALUES, workspace_templates_dir=tmp_path)
    assert text == (
        "Dear Alex Morgan,\nDone: 111-2223334-5556667 (Hario V60 Dripper).\n-- Sakura Goods\n"
    )
    # other templates still come from the package
    assert "Your Orders" in render_template(
        "ask-formal-request", values=VALUES, workspace_templates_dir=tmp_path
    )


def test_workspace_may_add_a_new_template(tmp_path):
    (tmp_path / "thanks.txt").write_text("Thank you, { buyer }!\n", encoding="utf-8")
    assert render_template("thanks", values=VALUES, workspace_templates_dir=tmp_path) == (
        "Thank you, Alex Morgan!\n"
    )


def test_override_with_unknown_placeholder_names_file_and_placeholder(tmp_path):
    path = tmp_path / "decline.txt"
    path.write_text("Hello {buyer}, your {tracking} is ready\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        render_template("decline", values=VALUES, workspace_templates_dir=tmp_path)
    assert caught.value.field == str(path)
    assert "{tracking}" in caught.value.message


@pytest.mark.parametrize(
    ("content", "words"), [(b"\xff\xfe\x00junk", "not UTF-8"), (b"  \n\n", "is empty")]
)
def test_unreadable_override_is_invalid_input(tmp_path, content, words):
    (tmp_path / "accept.txt").write_bytes(content)
    with pytest.raises(InvalidInput, match=words):
        render_template("accept", workspace_templates_dir=tmp_path)


def test_missing_workspace_dir_falls_back_to_package(tmp_path):
    text = render_template("accept", workspace_templates_dir=tmp_path / "nope")
    assert text.startswith("Hello customer,")


def test_unknown_template_is_not_found():
    with pytest.raises(NotFound, match="no template named 'refund'"):
        render_template("refund")


@pytest.mark.parametrize("name", ["../errors", "a/b", "", "ACCEPT!"])
def test_template_names_cannot_escape_the_folder(name):
    with pytest.raises(InvalidInput, match=r"^template: "):
        render_template(name)


def test_accept_txt_suffix_is_forgiven():
    assert render_template("accept.txt") == render_template("accept")


def test_list_templates_package_only():
    entries = list_templates(None)
    assert [e["name"] for e in entries] == sorted(TEMPLATE_NAMES)
    assert set(DECISIONS) <= set(TEMPLATE_NAMES)
    for entry in entries:
        assert entry["source"] == "package"
        assert entry["problem"] is None
        assert entry["first_line"]
        assert not entry["first_line"].lower().startswith("hello")


def test_list_templates_marks_overrides_and_broken_ones(tmp_path):
    (tmp_path / "accept.txt").write_text("Hi {buyer},\n\nCancelled {order_id}.\n")
    (tmp_path / "decline.txt").write_text("Sorry {nope}\n")
    (tmp_path / "notes.md").write_text("ignored")
    entries = {e["name"]: e for e in list_templates(tmp_path)}
    assert set(entries) == set(TEMPLATE_NAMES)
    assert entries["accept"] == {
        "name": "accept",
        "source": "workspace",
        "first_line": "Cancelled {order_id}.",
        "problem": None,
    }
    assert entries["decline"]["source"] == "workspace"
    assert "{nope}" in entries["decline"]["problem"]
    assert entries["offer-to-ship"]["source"] == "package"


def test_placeholders_are_the_documented_four():
    assert PLACEHOLDERS == ("buyer", "order_id", "item", "shop")


# --- the seller's note agrees with the reply (issue 28, pattern 8) ---------------------


def test_both_offers_to_ship_apologise_for_the_slow_delivery():
    for via in ("message", "request"):
        decision = decide(stage="bought", via=via, reason="too-slow", in_hand=True)
        text = render_template(decision.template, values=VALUES).lower()
        assert "sorry" in text and "taking longer" in text, via


def test_every_reply_has_a_note_for_the_seller():
    assert set(NEXT_STEPS) == set(TEMPLATE_NAMES)


def test_the_shipped_note_gives_the_reply_s_advice_never_refusal():
    decision = decide(stage="shipped", via="request", reason="mistake")
    note = next_step(decision).lower()
    reply = render_template(decision.template, values=VALUES).lower()
    assert "do not refuse" in reply and "request a return" in reply
    assert "request a return" in note and "not to refuse" in note
    assert "refuse or" not in note and "refuse delivery" not in note


def test_no_return_changes_the_note_to_a_refund_without_return():
    decision = decide(stage="shipped", via="request", reason="mistake", no_return=True)
    note = next_step(decision).lower()
    assert "without asking for the item back" in note
    assert "request a return" not in note
    assert "without a return" in render_template(decision.template, values=VALUES)


def test_a_filed_request_is_never_told_to_be_recorded_with_via_request_again():
    decision = decide(stage="bought", via="request", reason="too-slow", in_hand=True)
    note = next_step(decision)
    assert "--via request" not in note
    assert "run this command again" in note and "Buyer Canceled" in note
    by_message = decide(stage="bought", via="message", reason="too-slow", in_hand=True)
    assert "--via request" in next_step(by_message)


@given(
    stage=st.sampled_from(STAGES), via=st.sampled_from(VIAS),
    reason=st.sampled_from(BUYER_REASONS), in_hand=st.booleans(), no_return=st.booleans(),
)  # fmt: skip
def test_a_note_never_says_to_refuse_a_parcel_and_never_repeats_the_via_given(
    stage, via, reason, in_hand, no_return
):
    try:
        decision = decide(stage=stage, via=via, reason=reason, in_hand=in_hand,
                          no_return=no_return)  # fmt: skip
    except InvalidInput:
        return
    note = next_step(decision)
    assert "refuse delivery" not in note and "refuse or" not in note
    if via == "request":
        assert "--via request" not in note


# --- braces: a reply holds only the braces the seller wrote as literal ones ---------------


def _override(tmp_path, text, name="accept"):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_doubled_braces_are_literal_and_never_a_filled_placeholder(tmp_path):
    _override(tmp_path, "Order {order_id}; code {{order_id}}; set {{ A }} {{{buyer}}}\n")
    text = render_template("accept", values=VALUES, workspace_templates_dir=tmp_path)
    assert text == "Order 111-2223334-5556667; code {order_id}; set { A } {Alex Morgan}\n"
    assert "{111-" not in text


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("Hello {buyer}, see {tracking}\n", "line 1: unknown placeholder {tracking}"),
        ("Hi\n{" + "x" * 61 + "}\n", "line 2: unknown placeholder {" + "x" * 60 + "…}"),
        ("Hi {" + "order_id" * 20 + "}\n", "unknown placeholder {order_id"),
        ("Hi {}\n", "line 1: unknown placeholder {}"),
        ("Hi {buyer!r}\n", "unknown placeholder {buyer!r}"),
        ("Hi {buyer:>9}\n", "unknown placeholder {buyer:>9}"),
        ("Hi {buyer\n}\n", "line 1: a { that is not closed"),
        ("Hi {buyer\n", "line 1: a { that is not closed"),
        ("Hi {{buyer}\n", "line 1: a } with no {"),
        ("Hi {order_{id}}\n", "line 1: a { that is not closed on its line, or braces inside"),
        ("Hi {{order_id}}}\n", "line 1: a } with no {"),
        ("Hi } there\n", "line 1: a } with no {"),
    ],
)
def test_a_brace_that_is_no_placeholder_refuses_the_template_naming_file_line_and_text(
    tmp_path, template, shown
):
    path = _override(tmp_path, template)
    with pytest.raises(InvalidInput) as refused:
        render_template("accept", values=VALUES, workspace_templates_dir=tmp_path)
    assert refused.value.field == str(path)
    assert shown in refused.value.problem, refused.value.problem
    assert "\n" not in refused.value.message
    [entry] = [e for e in list_templates(tmp_path) if e["name"] == "accept"]
    assert shown in entry["problem"]


_PIECES = st.one_of(
    st.text(alphabet=st.sampled_from("ab -.,\n{}"), max_size=6),
    st.sampled_from([f"{{{name}}}" for name in PLACEHOLDERS] + ["{{", "}}", "{nope}", "{ buyer }"]),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_a_rendered_reply_has_no_brace_the_template_did_not_double(tmp_path, pieces):
    template = "x" + "".join(pieces) + "\n"
    path = _override(tmp_path, template)
    try:
        text = render_template("accept", values=VALUES, workspace_templates_dir=tmp_path)
    except InvalidInput as refused:
        assert refused.field == str(path)
        return
    literal = template.replace("{{", "").replace("}}", "")
    doubled = (len(template) - len(literal)) // 2
    assert text.count("{") + text.count("}") == doubled
    if doubled == 0:
        assert not LEFTOVER.search(text)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_without_a_shop_name_no_reply_leaves_a_gap_or_a_stray_word(name):
    text = render_template(name, values={"order_id": "114-1234567-1234567"})
    assert "\x00" not in text and "  " not in text and "\n\n\n" not in text
    assert " ." not in text and "our shop" not in text and not text.startswith("\n")

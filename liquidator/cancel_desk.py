"""The cancellation desk: decide how to answer a cancellation, and word the reply.

Pure: :func:`decide` turns the facts of a case into a :class:`Decision`;
:func:`render_template` fills the reply for it. Recording the case (and the stranded
item when the decision says so) is the caller's job.

Rules, first match wins (docs/product.md, "The cancellation desk"):

1. ``seller=True`` (reason ``out-of-stock``) → ``seller-cancel``; it counts against the
   cancel rate. Only possible before the item is bought.
2. stage ``shipped`` → ``decline``: the parcel is on its way. The reply asks the buyer
   to accept it and request the return from Your Orders, and not to refuse it (a
   refused courier parcel from Japan comes back slowly, at the seller's cost, and
   holds up the refund); with ``no_return`` (a cheap item) it offers a refund without
   return instead (template ``decline-no-return``). The seller's note says the same.
3. ``too-slow`` with the item in hand → ``offer-to-ship``, unless the buyer insists
   (``insists``: they already turned the offer down, or this is a second case on the
   same order after an offer) — then rule 5 accepts. This wins over rule 4 on purpose: a
   buyer who writes only to complain about slow shipping is the case most often saved.
   When the buyer already filed Amazon's request (via ``request``) the offer does not
   ask them to file it again (template ``offer-to-ship-requested``).
4. via ``message`` → ``ask-formal-request``: numbered steps to file Amazon's request, so
   the cancellation is recorded as buyer-requested.
5. otherwise → ``accept`` as buyer-cancelled (does not count); at stage ``bought`` the
   caller records the item as stranded stock.

"In hand" means the seller physically holds the item. It contradicts ``not-bought``
(nothing to hold yet) and ``shipped`` (the carrier holds it), so both combinations are
refused rather than silently ignored: they usually mean the wrong ``--stage`` was given.

Templates are plain UTF-8 text with ``{name}`` placeholders: ``{buyer}``,
``{order_id}``, ``{item}``, ``{shop}``; ``{{`` and ``}}`` are literal braces, and any
other brace refuses the template (``template_syntax``). A workspace file
``templates/<name>.txt`` overrides the packaged one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from liquidator.errors import InvalidInput, NotFound
from liquidator.i18n import N_, _
from liquidator.parsing import clean_text
from liquidator.template_syntax import parse_template
from liquidator.vocab import DeskDecision

Stage = Literal["not-bought", "bought", "shipped"]
Via = Literal["request", "message"]
Reason = Literal[
    "too-slow",
    "mistake",
    "arrives-too-late",
    "no-longer-needed",
    "found-cheaper",
    "other",
    "out-of-stock",
]

STAGES: tuple[str, ...] = ("not-bought", "bought", "shipped")
VIAS: tuple[str, ...] = ("request", "message")
BUYER_REASONS: tuple[str, ...] = (
    "too-slow",
    "mistake",
    "arrives-too-late",
    "no-longer-needed",
    "found-cheaper",
    "other",
)
SELLER_REASONS: tuple[str, ...] = ("out-of-stock",)
REASONS: tuple[str, ...] = BUYER_REASONS + SELLER_REASONS
# The desk's answers (a case opened from a report waits as REQUESTED until answered).
DECISIONS: tuple[DeskDecision, ...] = tuple(
    decision for decision in DeskDecision if decision is not DeskDecision.REQUESTED
)

# Every packaged reply: one per decision, plus the variants a decision may use.
TEMPLATE_NAMES: tuple[str, ...] = tuple(
    sorted([*(d.value for d in DECISIONS), "decline-no-return", "offer-to-ship-requested"])
)

PLACEHOLDERS: tuple[str, ...] = ("buyer", "order_id", "item", "shop")
# An empty order id drops the placeholder and the space before it ("your order"). With
# no shop name the sentence that names the shop is left out ("our shop" reads as a
# form letter): every packaged reply names the shop in a sentence of its own.
PLACEHOLDER_DEFAULTS: dict[str, str] = {
    "buyer": "customer",
    "order_id": "",
    "item": "your item",
    "shop": "",
}
# Marks where an absent shop name was, so its sentence can be taken out.
_NO_SHOP = "\x00"
# A sentence holding the mark: from the previous sentence's end (or the line's start)
# to its own end, with the space before it.
_SHOP_SENTENCE = re.compile(r" ?[^.!?\n\x00]*\x00[^.!?\n]*[.!?]?")
_TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_GREETING = re.compile(r"^(hello|hi|dear|good (morning|afternoon|evening))\b", re.IGNORECASE)


# What the seller does in Seller Central after sending the reply, by the reply's
# template: each note says what its reply promises, no more and no other.
NEXT_STEPS: dict[str, str] = {
    DeskDecision.DECLINE: N_(
        "The order has shipped and cannot be cancelled. The reply asks the buyer to accept "
        "the parcel and request a return from Your Orders, not to refuse it; refund when "
        "the return is on its way."
    ),
    "decline-no-return": N_(
        "The order has shipped and cannot be cancelled. Refund it in full in Seller "
        "Central without asking for the item back, as the reply promises; nothing comes "
        "back to you."
    ),
    DeskDecision.ASK_FORMAL_REQUEST: N_(
        "Ask for Amazon's cancellation request; when it arrives, record it "
        "again with --via request so it is accepted as buyer-requested."
    ),
    DeskDecision.OFFER_TO_SHIP: N_(
        "Offer to ship today and keep the order; if the buyer still files a "
        "request, record it again with --via request."
    ),
    "offer-to-ship-requested": N_(
        "The buyer's request is already filed. If they keep the order, ship it today; if "
        "they do not answer or still want to cancel, run this command again: the second "
        'case accepts it, and you cancel it as "Buyer Canceled", which does not count '
        "against your cancel rate."
    ),
    DeskDecision.ACCEPT: N_(
        'Cancel the order in Seller Central as "Buyer Canceled"; it does not count '
        "against your cancel rate."
    ),
    DeskDecision.SELLER_CANCEL: N_(
        "Cancel the order in Seller Central; it counts against your cancel rate."
    ),
}


@dataclass(frozen=True)
class Decision:
    """What the desk decided for one case.

    ``cancels_order``: the order ends up cancelled (accept, seller-cancel).
    ``buyer_requested``: it is cancelled at the buyer's request (accept only).
    ``counts_against_rate``: it is a seller cancellation (seller-cancel only).
    ``records_stock``: the bought item becomes stranded stock (accept at ``bought``).
    """

    decision: DeskDecision
    template: str
    counts_against_rate: bool
    records_stock: bool
    buyer_requested: bool
    cancels_order: bool


def next_step(decision: Decision) -> str:
    """What to do in Seller Central once the reply is sent, in the current language."""
    return _(NEXT_STEPS[decision.template])


def _choice(value: str | None, allowed: tuple[str, ...], field: str) -> str:
    if value is None:
        raise InvalidInput(
            field, _("required: one of {choices}").format(choices=", ".join(allowed))
        )
    text = str(value).strip().lower()
    if text not in allowed:
        raise InvalidInput(
            field,
            _("{value!r} is not one of {choices}").format(value=value, choices=", ".join(allowed)),
        )
    return text


def _decision(
    name: DeskDecision, *, records_stock: bool = False, template: str | None = None
) -> Decision:
    return Decision(
        decision=name,
        template=template or name.value,
        counts_against_rate=name == DeskDecision.SELLER_CANCEL,
        records_stock=records_stock,
        buyer_requested=name == DeskDecision.ACCEPT,
        cancels_order=name in (DeskDecision.ACCEPT, DeskDecision.SELLER_CANCEL),
    )


def decide(
    *,
    stage: str | None = None,
    via: str | None = None,
    reason: str,
    in_hand: bool = False,
    seller: bool = False,
    insists: bool = False,
    no_return: bool = False,
) -> Decision:
    """Decide how to answer a cancellation (rules in the module docstring).

    Raises InvalidInput naming the option (``--stage``, ``--via``, ``--reason``,
    ``--in-hand``) for an unknown value or a combination that cannot happen. For a seller
    cancellation ``stage`` may be omitted and ``via`` is ignored: no buyer message is
    involved.
    """
    # One way to say it: --reason out-of-stock is a seller cancellation, --seller too.
    seller = seller or str(reason).strip().lower() in SELLER_REASONS
    if seller:
        reason_ = _choice(reason or SELLER_REASONS[0], SELLER_REASONS, "reason")
        if stage is not None and _choice(stage, STAGES, "stage") != "not-bought":
            raise InvalidInput(
                "stage",
                _(
                    "a seller cancellation for out-of-stock happens before the item is bought; "
                    "once it is bought or shipped, handle the buyer's request instead"
                ),
            )
        if in_hand:
            raise InvalidInput(
                "in_hand", _("an item that is {reason} cannot be in hand").format(reason=reason_)
            )
        return _decision(DeskDecision.SELLER_CANCEL)

    reason_ = _choice(reason, BUYER_REASONS, "reason")
    stage_ = _choice(stage, STAGES, "stage")
    via_ = _choice(via, VIAS, "via")
    if in_hand and stage_ == "not-bought":
        raise InvalidInput(
            "in_hand", _("an item not bought yet cannot be in hand; use --stage bought")
        )
    if in_hand and stage_ == "shipped":
        raise InvalidInput("in_hand", _("a shipped item is with the carrier, not in hand"))

    if no_return and stage_ != "shipped":
        raise InvalidInput("no_return", _("a refund without return is for shipped orders"))
    if stage_ == "shipped":
        return _decision(DeskDecision.DECLINE, template="decline-no-return" if no_return else None)
    if reason_ == "too-slow" and in_hand and not insists:
        requested = via_ == "request"
        return _decision(
            DeskDecision.OFFER_TO_SHIP, template="offer-to-ship-requested" if requested else None
        )
    if via_ == "message":
        return _decision(DeskDecision.ASK_FORMAL_REQUEST)
    return _decision(DeskDecision.ACCEPT, records_stock=stage_ == "bought")


def _check_name(name: str) -> str:
    text = str(name).strip().lower().removesuffix(".txt")
    if not _TEMPLATE_NAME.match(text):
        raise InvalidInput(
            "template", _("{name!r} is not a template name like accept").format(name=name)
        )
    return text


def _package_templates() -> dict[str, str]:
    folder = resources.files("liquidator").joinpath("templates")
    found = {}
    for entry in folder.iterdir():
        stem = entry.name.removesuffix(".txt")
        if entry.name.endswith(".txt") and _TEMPLATE_NAME.match(stem):
            found[stem] = entry.read_text(encoding="utf-8")
    return found


def _workspace_files(workspace_templates_dir: Path | None) -> dict[str, Path]:
    if workspace_templates_dir is None or not Path(workspace_templates_dir).is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(Path(workspace_templates_dir).glob("*.txt"))
        if (path.is_file() or path.is_symlink()) and _TEMPLATE_NAME.match(path.stem)
    }


MAX_TEMPLATE_BYTES = 64 * 1024


def _read_override(path: Path) -> str:
    folder = path.parent
    if (
        folder.is_symlink()
        or path.is_symlink()
        or not path.resolve().is_relative_to(folder.resolve())
    ):
        raise InvalidInput(
            str(path), _("is a symbolic link; a template must be a plain file in templates/")
        )
    try:
        # O_NOFOLLOW: a link swapped in after the check above is refused too.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise InvalidInput(
                str(path), _("is larger than {size} KB").format(size=MAX_TEMPLATE_BYTES // 1024)
            )
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(str(path), _("is not UTF-8 text")) from None
    except OSError as exc:
        raise InvalidInput(
            str(path), _("cannot be read ({reason})").format(reason=exc.strerror)
        ) from None
    if not text.strip():
        raise InvalidInput(str(path), _("is empty"))
    return text


def _source_text(name: str, workspace_templates_dir: Path | None) -> tuple[str, str]:
    override = _workspace_files(workspace_templates_dir).get(name)
    if override is not None:
        return _read_override(override), str(override)
    package = _package_templates()
    if name not in package:
        raise NotFound(
            _("no template named {name!r} (known: {known})").format(
                name=name, known=", ".join(sorted(package))
            )
        )
    return package[name], f"templates/{name}.txt"


def render_template(
    name: str,
    *,
    values: dict[str, object | None] | None = None,
    workspace_templates_dir: Path | None = None,
) -> str:
    """The reply ``name`` with its placeholders filled, without trailing blank lines.

    ``values`` may hold ``buyer``, ``order_id``, ``item`` and ``shop``; a missing or
    empty value gets its default (:data:`PLACEHOLDER_DEFAULTS`), and an empty one takes
    the space before it away. Values go in as they are, never read as a template. The
    workspace file ``<workspace_templates_dir>/<name>.txt`` wins over the packaged one.
    Raises InvalidInput naming the file for a brace that is not a placeholder of ours
    (``template_syntax.parse_template``), NotFound for an unknown template.
    """
    key = _check_name(name)
    text, origin = _source_text(key, workspace_templates_dir)
    pieces = parse_template(text.replace("\r\n", "\n"), origin, PLACEHOLDERS)

    filled = dict(PLACEHOLDER_DEFAULTS)
    for field, value in (values or {}).items():
        if field in PLACEHOLDERS and value is not None and str(value).strip():
            named = "item_name" if field == "item" else field  # the desk's name for it
            filled[field] = clean_text(str(value), named, max_length=500).replace("\n", " ")

    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif filled[piece.name]:
            out.append(filled[piece.name])
        elif piece.name == "shop":
            out.append(_NO_SHOP)
        elif out and out[-1].endswith(" "):  # "your order {order_id}" without an id
            out[-1] = out[-1][:-1]
    return _without_shop_sentences("".join(out)).rstrip() + "\n"


def _without_shop_sentences(text: str) -> str:
    """``text`` without the sentences naming a shop that has no name; a line left
    empty by that goes too (with the blank line after it)."""
    if _NO_SHOP not in text:
        return text
    kept: list[str] = []
    for line in text.split("\n"):
        if _NO_SHOP not in line:
            kept.append(line)
            continue
        line = _SHOP_SENTENCE.sub("", line).strip()
        if line:
            kept.append(line)
        elif kept and not kept[-1].strip():
            kept.pop()  # the paragraph is gone: so is the blank line before it
    return "\n".join(kept)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    body = [line for line in lines if not _GREETING.match(line)]
    return (body or lines or [""])[0]


def list_templates(workspace_templates_dir: Path | None = None) -> list[dict[str, str | None]]:
    """Every template by name: ``name``, ``source`` (package|workspace), ``first_line``.

    ``first_line`` is the first line of the message after the greeting, unfilled.
    ``problem`` is None, or why a workspace override cannot be used (so the listing
    flags a broken override before a reply is sent with it).
    """
    entries: dict[str, dict[str, str | None]] = {
        name: {"name": name, "source": "package", "first_line": _first_line(text), "problem": None}
        for name, text in _package_templates().items()
    }
    for name, path in _workspace_files(workspace_templates_dir).items():
        entry: dict[str, str | None] = {
            "name": name,
            "source": "workspace",
            "first_line": "",
            "problem": None,
        }
        try:
            text = _read_override(path)
            entry["first_line"] = _first_line(text)
            parse_template(text, str(path), PLACEHOLDERS)
        except InvalidInput as exc:
            entry["problem"] = exc.message
        entries[name] = entry
    return [entries[name] for name in sorted(entries)]

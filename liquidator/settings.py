"""Every tunable number liquidator uses, its default, and the ``liquidator.toml`` loader.

Stdlib only at import time: this module sits on fast start-up paths (``add``,
``--help``). Where each default comes from is in docs/scoring.md.

A ``liquidator.toml`` overrides any default, section by section::

    [channels.yahoo]
    fee_rate = 0.12
    [channels.mercari]
    enabled = false
    [holding]
    annual_rate = 0.30
    [shipping.domestic_rates]
    60 = 950

Unknown sections or keys and wrongly typed values raise InvalidInput naming the
file and the key.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liquidator.errors import InvalidInput
from liquidator.sizes import SIZE_CLASSES, WEIGHT_CAP_G

SHIPPING_TABLES = ("domestic", "mercari", "ebay", "none")
PRICE_BASES = ("market", "cost")


def _setting(kind: str, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    """A dataclass field that knows how to validate a value read from TOML."""
    metadata = {"kind": kind, **options}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ChannelSettings:
    """How one disposal channel prices, charges, ships and pays out (per unit sold)."""

    label: str = _setting("text")
    enabled: bool = _setting("bool")
    # "market": market price (or unit cost when unknown); "cost": the unit cost (refunds).
    price_basis: str = _setting("choice", choices=PRICE_BASES)
    price_ratio: float = _setting("nonneg")
    days_to_cash: int = _setting("days")
    fee_rate: float = _setting("fraction")
    fee_min: int = _setting("yen")
    fixed_fee: int = _setting("yen")
    payout_rate: float = _setting("fraction")
    packaging: int = _setting("yen")
    shipping: str = _setting("choice", choices=SHIPPING_TABLES)
    # Unit prices below this many yen pay low_price_rate instead (0 = no such rule).
    low_price_below: int = _setting("yen", 0)
    low_price_rate: float = _setting("fraction", 0.0)
    # Category word -> rate, or (rate, above_yen, rate_above) for tiered categories.
    category_rates: dict[str, Any] = _setting("categories", {})
    allows_hazmat: bool = _setting("bool", True)
    needs_return_window: bool = _setting("bool", False)


@dataclass(frozen=True)
class HoldingSettings:
    """What keeping an item costs per day, and how urgency grows past the target."""

    annual_rate: float = _setting("nonneg", 0.25)
    # 13,000 yen/month for one tatami (1.62 m2) x 2.0 m usable height = 3,240 L -> ~4.0.
    storage_yen_per_litre_month: float = _setting("nonneg", 4.0)
    target_days: int = _setting("posint", 30)
    # Extra multiple of holding cost per target period past the target (linear urgency).
    urgency_growth: float = _setting("nonneg", 1.0)

    @property
    def storage_yen_per_litre_day(self) -> float:
        """Storage rent per litre per day (a month is 365/12 days)."""
        return self.storage_yen_per_litre_month * 12 / 365


@dataclass(frozen=True)
class ShippingSettings:
    """Shipping tables: domestic parcels, compact mail, Mercari, eBay couriers and ePacket."""

    domestic_rates: dict[int, int] = _setting(
        "class_yen",
        {
            60: 900,
            80: 1_150,
            100: 1_450,
            120: 1_750,
            140: 2_100,
            160: 2_400,
            180: 2_900,
            200: 3_400,
        },
    )
    compact_rate: int = _setting("yen", 185)
    compact_max_cm: tuple[float, float, float] = _setting("dims", (34.0, 25.0, 3.0))
    compact_max_g: int = _setting("posint", 1_000)
    mercari_rates: dict[int, int] = _setting(
        "class_yen",
        {60: 750, 80: 850, 100: 1_050, 120: 1_200, 140: 1_450, 160: 1_700, 180: 2_100, 200: 2_500},
    )
    mercari_compact_rate: int = _setting("yen", 210)
    mercari_compact_max_cm: tuple[float, float, float] = _setting("dims", (31.2, 22.8, 3.0))
    estimated_weight_g: dict[int, int] = _setting(
        "class_grams",
        {
            60: 1_000,
            80: 2_000,
            100: 4_000,
            120: 6_000,
            140: 8_000,
            160: 10_000,
            180: 12_000,
            200: 15_000,
        },
    )
    ebay_destination: str = _setting("code", "US")
    # Japan Post stopped commercial parcels to the US on 2025-08-27: couriers only there.
    courier_destinations: tuple[str, ...] = _setting("codes", ("US",))
    # (billable weight up to g, yen); over the last bracket the courier route is refused.
    ebay_courier_rates: tuple[tuple[int, int], ...] = _setting(
        "brackets",
        (
            (500, 2_400),
            (1_000, 3_200),
            (1_500, 4_000),
            (2_000, 4_800),
            (3_000, 6_300),
            (5_000, 9_300),
            (7_500, 12_800),
            (10_000, 16_000),
        ),
    )
    ebay_volumetric_divisor: float = _setting("positive", 5_000.0)
    epacket_rates: tuple[tuple[int, int], ...] = _setting(
        "brackets", ((250, 900), (500, 1_300), (1_000, 2_100), (1_500, 2_900), (2_000, 3_700))
    )
    epacket_max_side_sum_cm: float = _setting("positive", 90.0)
    epacket_max_longest_cm: float = _setting("positive", 60.0)

    @property
    def ebay_uses_courier(self) -> bool:
        """Whether eBay parcels to the configured destination must go by courier."""
        return self.ebay_destination in self.courier_destinations


@dataclass(frozen=True)
class CalibrationSettings:
    """How far learned channel ratios move away from the defaults."""

    # Pseudo-count: with n recorded sales, learned = (n*observed + k*default) / (n + k).
    k: float = _setting("nonneg", 5.0)


@dataclass(frozen=True)
class CancelRateSettings:
    """Seller-cancel rate thresholds over Amazon's 7-day window."""

    private_limit: float = _setting("fraction", 0.02)
    amazon_limit: float = _setting("fraction", 0.025)


@dataclass(frozen=True)
class AccountsSettings:
    """Account names used in the bookkeeping journal export."""

    cash: str = _setting("text", "Cash")
    fees: str = _setting("text", "Selling Fees")
    shipping: str = _setting("text", "Shipping Expense")
    sales: str = _setting("text", "Sales")
    cost_of_goods: str = _setting("text", "Cost of Goods Sold")
    inventory: str = _setting("text", "Inventory")
    loss: str = _setting("text", "Loss on Inventory Disposal")


@dataclass(frozen=True)
class ReportSettings:
    """Weekly report options."""

    buckets: tuple[int, ...] = _setting("buckets", (30, 60, 90))


@dataclass(frozen=True)
class Settings:
    """All settings. ``channels`` keeps the channel order (it breaks ties in scoring).

    ``sources`` maps a dotted key (``channels.yahoo.fee_rate``) to where its value came
    from when that was not the default: the TOML file's path, or ``calibration``.
    """

    channels: dict[str, ChannelSettings]
    holding: HoldingSettings = field(default_factory=HoldingSettings)
    shipping: ShippingSettings = field(default_factory=ShippingSettings)
    calibration: CalibrationSettings = field(default_factory=CalibrationSettings)
    cancel_rate: CancelRateSettings = field(default_factory=CancelRateSettings)
    accounts: AccountsSettings = field(default_factory=AccountsSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    sources: dict[str, str] = field(default_factory=dict, compare=False)


_DEFAULT_CHANNELS = {
    "yahoo": ChannelSettings(
        label="Yahoo! Auctions",
        enabled=True,
        price_basis="market",
        price_ratio=0.85,
        days_to_cash=10,
        fee_rate=0.10,
        fee_min=0,
        fixed_fee=0,
        payout_rate=0.0,
        packaging=100,
        shipping="domestic",
    ),
    "amazon_jp": ChannelSettings(
        label="Amazon.co.jp",
        enabled=True,
        price_basis="market",
        price_ratio=0.95,
        days_to_cash=21,
        fee_rate=0.10,
        fee_min=30,
        fixed_fee=100,
        payout_rate=0.0,
        packaging=100,
        shipping="domestic",
        low_price_below=750,
        low_price_rate=0.05,
        category_rates={
            "electronics": 0.08,
            "家電": 0.08,
            "camera": 0.08,
            "cameras": 0.08,
            "カメラ": 0.08,
            "pc": 0.08,
            "computers": 0.08,
            "パソコン": 0.08,
            "toys": 0.10,
            "toy": 0.10,
            "おもちゃ": 0.10,
            "hobby": 0.10,
            "ホビー": 0.10,
            "sports": 0.10,
            "スポーツ": 0.10,
            "car": 0.10,
            "カー用品": 0.10,
            "books": 0.15,
            "book": 0.15,
            "本": 0.15,
            "media": 0.15,
            "music": 0.15,
            "dvd": 0.15,
            "beauty": (0.08, 1_500, 0.10),
            "ビューティー": (0.08, 1_500, 0.10),
        },
    ),
    "ebay": ChannelSettings(
        label="eBay",
        enabled=True,
        price_basis="market",
        price_ratio=1.20,
        days_to_cash=30,
        # 13.6% final value fee + 1.65% international fee.
        fee_rate=0.1525,
        fee_min=0,
        # 0.40 USD per order at about 150 JPY/USD.
        fixed_fee=60,
        # Payoneer conversion to JPY.
        payout_rate=0.02,
        packaging=300,
        shipping="ebay",
        allows_hazmat=False,
    ),
    "mercari": ChannelSettings(
        label="Mercari",
        # Off by default: Mercari is meant for personal sellers (businesses are steered to
        # メルカリShops). Switch on with [channels.mercari] enabled = true.
        enabled=False,
        price_basis="market",
        price_ratio=0.85,
        days_to_cash=14,
        fee_rate=0.10,
        fee_min=0,
        fixed_fee=0,
        payout_rate=0.0,
        packaging=50,
        shipping="mercari",
    ),
    "kaitori": ChannelSettings(
        label="Buy-back shop",
        enabled=True,
        price_basis="market",
        price_ratio=0.25,
        days_to_cash=3,
        fee_rate=0.0,
        fee_min=0,
        fixed_fee=0,
        payout_rate=0.0,
        packaging=0,
        shipping="none",
    ),
    "supplier_return": ChannelSettings(
        label="Return to supplier",
        enabled=True,
        price_basis="cost",
        price_ratio=1.0,
        days_to_cash=14,
        # fee_rate here is the shop's restocking fee.
        fee_rate=0.0,
        fee_min=0,
        fixed_fee=0,
        payout_rate=0.0,
        packaging=100,
        shipping="domestic",
        needs_return_window=True,
    ),
}

DEFAULTS = Settings(channels=_DEFAULT_CHANNELS)

_SECTIONS: dict[str, str] = {
    "holding": "holding",
    "shipping": "shipping",
    "calibration": "calibration",
    "cancel_rate": "cancel_rate",
    "accounts": "accounts",
    "report": "report",
}
_MAPPING_KINDS = ("class_yen", "class_grams", "categories")


# --- loading ---------------------------------------------------------------------------


def load_settings(path: Path | None) -> Settings:
    """DEFAULTS overlaid with ``path`` (a liquidator.toml) when it exists.

    Raises InvalidInput naming the file and the key for invalid TOML, an unknown
    section, channel or key, or a value of the wrong type or range.
    """
    if path is None or not Path(path).is_file():
        return DEFAULTS
    path = Path(path)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(path.name, f"not valid TOML: {_located(exc, path)}") from None
    except OSError as exc:
        raise InvalidInput(path.name, f"cannot be read: {exc.strerror or exc}") from None
    return _apply_document(DEFAULTS, document, path)


def _located(exc: tomllib.TOMLDecodeError, path: Path) -> str:
    # tomllib says "(at end of document)" for unterminated input; name the line anyway.
    message = str(exc)
    if message.endswith("(at end of document)"):
        last_line = max(1, len(path.read_bytes().splitlines()))
        message = message.replace("(at end of document)", f"(at the end, line {last_line})")
    return message


def _apply_document(base: Settings, document: dict[str, Any], path: Path) -> Settings:
    sources = dict(base.sources)
    source = str(path)
    changes: dict[str, Any] = {}
    for section, table in document.items():
        if section == "channels":
            _require_table(table, path, "channels")
            changes["channels"] = _apply_channels(base.channels, table, path, sources, source)
        elif section in _SECTIONS:
            _require_table(table, path, section)
            current = getattr(base, section)
            changes[section] = _apply_table(current, table, path, section, sources, source)
        else:
            known = ["channels", *_SECTIONS]
            raise InvalidInput(f"{path.name} [{section}]", _unknown("section", section, known))
    merged = dataclasses.replace(base, **changes, sources=sources)
    _check_across_sections(merged, path)
    return merged


def _apply_channels(
    channels: dict[str, ChannelSettings],
    table: dict[str, Any],
    path: Path,
    sources: dict[str, str],
    source: str,
) -> dict[str, ChannelSettings]:
    result = dict(channels)
    for name, channel_table in table.items():
        section = f"channels.{name}"
        if name not in channels:
            raise InvalidInput(f"{path.name} [{section}]", _unknown("channel", name, channels))
        _require_table(channel_table, path, section)
        result[name] = _apply_table(channels[name], channel_table, path, section, sources, source)
    return result


def _apply_table(
    current: Any,
    table: dict[str, Any],
    path: Path,
    section: str,
    sources: dict[str, str],
    source: str,
) -> Any:
    fields = {f.name: f for f in dataclasses.fields(current)}
    changes: dict[str, Any] = {}
    for key, raw in table.items():
        where = f"{path.name} [{section}] {key}"
        if key not in fields:
            raise InvalidInput(where, _unknown("key", key, fields))
        kind = fields[key].metadata["kind"]
        if kind in _MAPPING_KINDS:
            if not isinstance(raw, dict):
                raise InvalidInput(
                    where, f"expected a table ([{section}.{key}]), got {_shown(raw)}"
                )
            merged = _merge_mapping(
                getattr(current, key), raw, kind, f"{path.name} [{section}.{key}]"
            )
            changes[key] = merged
            for entry in raw:
                sources[f"{section}.{key}.{_entry_key(entry, kind)}"] = source
        else:
            changes[key] = _validate(raw, fields[key], where)
            sources[f"{section}.{key}"] = source
    return dataclasses.replace(current, **changes)


def _require_table(value: Any, path: Path, section: str) -> None:
    if not isinstance(value, dict):
        raise InvalidInput(f"{path.name} [{section}]", f"expected a table, got {_shown(value)}")


def _check_across_sections(settings: Settings, path: Path) -> None:
    limits = settings.cancel_rate
    if limits.private_limit > limits.amazon_limit:
        raise InvalidInput(
            f"{path.name} [cancel_rate] private_limit",
            f"{limits.private_limit:g} is above amazon_limit ({limits.amazon_limit:g})",
        )


def _unknown(what: str, name: str, known: Any) -> str:
    import difflib  # only on the error path

    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    return f"unknown {what}; {hint}known: {', '.join(known)}"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# --- validation ------------------------------------------------------------------------


def _validate(raw: Any, spec: dataclasses.Field, where: str) -> Any:
    kind = spec.metadata["kind"]
    if kind == "bool":
        if not isinstance(raw, bool):
            raise InvalidInput(where, f"expected true or false, got {_shown(raw)}")
        return raw
    if kind in ("fraction", "nonneg", "positive"):
        return _number(raw, where, kind)
    if kind in ("yen", "days", "posint"):
        return _whole(raw, where, minimum=1 if kind == "posint" else 0)
    if kind == "choice":
        choices = spec.metadata["choices"]
        if raw not in choices:
            raise InvalidInput(where, f"expected one of {', '.join(choices)}, got {_shown(raw)}")
        return raw
    if kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            raise InvalidInput(where, f"expected non-empty text, got {_shown(raw)}")
        return raw.strip()
    if kind == "code":
        return _code(raw, where)
    if kind == "codes":
        if not isinstance(raw, list):
            raise InvalidInput(where, f"expected a list of country codes, got {_shown(raw)}")
        return tuple(_code(item, where) for item in raw)
    if kind == "dims":
        if not isinstance(raw, list) or len(raw) != 3:
            raise InvalidInput(
                where, f"expected three sides in cm like [34, 25, 3], got {_shown(raw)}"
            )
        sides = [_number(side, where, "positive") for side in raw]
        return tuple(sorted(sides, reverse=True))
    if kind == "brackets":
        return _brackets(raw, where)
    if kind == "buckets":
        return _buckets(raw, where)
    raise AssertionError(f"no validator for {kind}")  # a settings field without a kind


def _number(raw: Any, where: str, kind: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidInput(where, f"expected a number, got {_shown(raw)}")
    value = float(raw)
    if not math.isfinite(value):
        raise InvalidInput(where, f"expected a finite number, got {raw}")
    if value < 0:
        raise InvalidInput(where, f"must not be negative, got {raw}")
    if kind == "positive" and value == 0:
        raise InvalidInput(where, "must be above 0")
    if kind == "fraction" and value > 1:
        raise InvalidInput(where, f"is a fraction (0.10 means 10%), got {raw}")
    return value


def _whole(raw: Any, where: str, *, minimum: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InvalidInput(where, f"expected a whole number, got {_shown(raw)}")
    if raw < minimum:
        raise InvalidInput(where, f"must be at least {minimum}, got {raw}")
    return raw


def _code(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip().isalpha():
        raise InvalidInput(where, f'expected a country code like "US", got {_shown(raw)}')
    return raw.strip().upper()


def _brackets(raw: Any, where: str) -> tuple[tuple[int, int], ...]:
    example = "[[500, 2400], [1000, 3200]] (up to grams, yen)"
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(where, f"expected a list like {example}, got {_shown(raw)}")
    brackets = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2:
            raise InvalidInput(where, f"expected a list like {example}, got {_shown(pair)}")
        brackets.append((_whole(pair[0], where, minimum=1), _whole(pair[1], where, minimum=0)))
    for (grams_before, yen_before), (grams, yen) in zip(brackets, brackets[1:], strict=False):
        if grams <= grams_before or yen < yen_before:
            raise InvalidInput(where, "brackets must go up in grams, and never down in yen")
    return tuple(brackets)


def _buckets(raw: Any, where: str) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(where, f"expected a list of days like [30, 60, 90], got {_shown(raw)}")
    days = [_whole(item, where, minimum=1) for item in raw]
    if any(later <= earlier for earlier, later in zip(days, days[1:], strict=False)):
        raise InvalidInput(where, "bucket limits must go up")
    return tuple(days)


def _entry_key(raw_key: str, kind: str) -> str:
    return raw_key.strip().lower() if kind == "categories" else raw_key


def _merge_mapping(current: dict, raw: dict, kind: str, where: str) -> dict:
    merged = dict(current)
    for raw_key, value in raw.items():
        entry_where = f"{where} {raw_key}"
        if kind == "categories":
            key = raw_key.strip().lower()
            if not key:
                raise InvalidInput(entry_where, "category words must not be empty")
            merged[key] = _category_rule(value, entry_where)
            continue
        if not raw_key.isdigit() or int(raw_key) not in SIZE_CLASSES:
            allowed = ", ".join(str(c) for c in SIZE_CLASSES)
            raise InvalidInput(entry_where, f"unknown parcel class; known: {allowed}")
        size_class = int(raw_key)
        minimum = 1 if kind == "class_grams" else 0
        merged[size_class] = _whole(value, entry_where, minimum=minimum)
        if kind == "class_grams" and value > WEIGHT_CAP_G[size_class]:
            raise InvalidInput(
                entry_where, f"above the class's {WEIGHT_CAP_G[size_class]} g weight cap"
            )
    if kind != "categories":
        _check_rises_with_class(merged, where)
    return merged


def _category_rule(value: Any, where: str) -> float | tuple[float, int, float]:
    if isinstance(value, list):
        if len(value) != 3:
            raise InvalidInput(where, "expected a rate or [rate, above_yen, rate_above]")
        return (
            _number(value[0], where, "fraction"),
            _whole(value[1], where, minimum=0),
            _number(value[2], where, "fraction"),
        )
    return _number(value, where, "fraction")


def _check_rises_with_class(table: dict[int, int], where: str) -> None:
    # A bigger parcel must never cost less, or a bigger item could score better.
    previous = None
    for size_class in SIZE_CLASSES:
        value = table[size_class]
        if previous is not None and value < table[previous]:
            raise InvalidInput(
                f"{where} {size_class}",
                f"{value} is below class {previous}'s {table[previous]}; "
                "values must not fall as parcels grow",
            )
        previous = size_class


# --- describing and overriding ---------------------------------------------------------


def describe_settings(settings: Settings) -> list[dict[str, Any]]:
    """Every effective setting as ``{key, value, source}`` rows, in a stable order.

    ``source`` is ``"default"``, the TOML file path the value came from, or
    ``"calibration"``. Table-valued settings get one row per entry
    (``shipping.domestic_rates.60``). Values are JSON-ready (tuples become lists).
    """
    rows: list[dict[str, Any]] = []
    for name, channel in settings.channels.items():
        rows.extend(_describe_section(channel, f"channels.{name}", settings.sources))
    for section in _SECTIONS:
        rows.extend(_describe_section(getattr(settings, section), section, settings.sources))
    return rows


def _describe_section(values: Any, prefix: str, sources: Mapping[str, str]) -> list[dict]:
    rows = []
    for spec in dataclasses.fields(values):
        value = getattr(values, spec.name)
        key = f"{prefix}.{spec.name}"
        if isinstance(value, dict):
            for entry, entry_value in value.items():
                entry_key = f"{key}.{entry}"
                rows.append(
                    {
                        "key": entry_key,
                        "value": _jsonable(entry_value),
                        "source": sources.get(entry_key, "default"),
                    }
                )
        else:
            rows.append(
                {"key": key, "value": _jsonable(value), "source": sources.get(key, "default")}
            )
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


def with_channel_overrides(
    settings: Settings,
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    source: str = "calibration",
) -> Settings:
    """Settings with some channel values replaced, e.g. learned price ratios.

    ``overrides`` is ``{channel: {field: value}}``. Values are validated like TOML
    values, except that a fractional ``days_to_cash`` (an average) is rounded to
    whole days. ``describe_settings`` reports these keys with ``source``.
    """
    channels = dict(settings.channels)
    sources = dict(settings.sources)
    for name, values in overrides.items():
        if name not in channels:
            raise InvalidInput(f"channels.{name}", _unknown("channel", name, channels))
        fields = {f.name: f for f in dataclasses.fields(ChannelSettings)}
        changes = {}
        for key, raw in values.items():
            where = f"channels.{name}.{key}"
            if key not in fields:
                raise InvalidInput(where, _unknown("key", key, fields))
            spec = fields[key]
            if spec.metadata["kind"] in _MAPPING_KINDS:
                raise InvalidInput(where, "table-valued settings cannot be overridden here")
            if hasattr(raw, "item") and not isinstance(raw, bool | int | float):
                raw = raw.item()  # a numpy scalar from a calibration query
            if spec.metadata["kind"] in ("days", "yen", "posint") and isinstance(raw, float):
                raw = round(raw) if math.isfinite(raw) else raw
            changes[key] = _validate(raw, spec, where)
            sources[where] = source
        channels[name] = dataclasses.replace(channels[name], **changes)
    return dataclasses.replace(settings, channels=channels, sources=sources)

"""Items with everything a listing needs, and the settings the listing tests use."""

from pathlib import Path

AS_OF = "2026-12-01"
SETTINGS = """\
[channels.mercari]
enabled = true
[listings.ebay]
usd_rate = 150.0
shipping_profile = "Courier DDP"
return_profile = "30 days"
payment_profile = "eBay payments"
[listings.yahoo]
prefecture = "東京都"
[listings.mercari_shops]
ship_from = "jp13"
"""


def workspace(cli, extra: str = "") -> Path:
    """The CLI's workspace with the listing settings and one photo file."""
    cli.home.mkdir(parents=True, exist_ok=True)
    (cli.home / "liquidator.toml").write_text(SETTINGS + extra, encoding="utf-8")
    photo = cli.home / "v60.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo \xff\xd9")
    return photo


def add_listable(cli, photo: Path, *, title="ハリオ V60 ドリッパー 02", **fields) -> int:
    """An item every listing file takes; ``fields`` (option name → value) replace
    or add to its listing facts."""
    values = {
        "cost": "1500", "size": "60", "market-price": "2500", "asin": "B000P4D2S4",
        "condition": "new", "title-en": 'Hario V60 "02" dripper, ceramic',
        "description-en": "Brand new, unopened.\nShips from Japan.",
        "description-ja": "新品・未開封です。\n日本から発送します。",
        "ebay-category": "38252", "yahoo-category": "2084005394", "mercari-category": "704",
        "sku": "V60-02",
    } | {name.replace("_", "-"): value for name, value in fields.items()}  # fmt: skip
    args = ["add", "--title", title, "--as-of", AS_OF, "--photo", str(photo),
            "--photo", "https://img.example.com/v60.jpg"]  # fmt: skip
    for name, value in values.items():
        if value is not None:
            args += [f"--{name}", value]
    return cli.json(*args)["id"]

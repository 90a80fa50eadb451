"""``prices fetch`` against recorded SP-API and Keepa answers (mocked at the HTTP layer:
respx for the SP-API library's httpx, responses for Keepa's requests), never the network.

The fixtures in fixtures/market/ follow the documented shapes: Product Pricing v0
getCompetitivePricing and getItemOffers, Catalog Items 2022-04-01 searchCatalogItems,
the Login with Amazon token answer, and Keepa's /token and /product (``csv`` history in
Keepa minutes, ``stats``) for a dozen Japanese export goods.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import responses
import respx

FIXTURES = Path(__file__).parent / "fixtures" / "market"
AS_OF = "2026-12-05"
SP_API = "https://sellingpartnerapi-fe.amazon.com"
SP_ENV = {"SP_API_REFRESH_TOKEN": "Atzr|secret-refresh", "LWA_APP_ID": "amzn1.application-oa2-client.x",
          "LWA_CLIENT_SECRET": "secret-client-value"}  # fmt: skip
KEEPA_ENV = {"KEEPA_API_KEY": "k" * 64}


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeClock:
    """A clock whose sleeps pass at once (and are remembered)."""

    def __init__(self):
        self.now, self.slept = 0.0, []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr("liquidator.market.throttle.CLOCK", fake)
    return fake


@pytest.fixture(autouse=True)
def no_cached_tokens(monkeypatch):
    """The SP-API library caches access tokens per process; each test starts clean,
    and no credential of the machine's leaks in."""
    from sp_api.auth import access_token_client

    access_token_client.cache.clear()
    for name in (*SP_ENV, *KEEPA_ENV, "SP_API_DEFAULT_MARKETPLACE"):
        monkeypatch.delenv(name, raising=False)


def stock(cli) -> None:
    cli.ok("import", "items", str(FIXTURES / "stranded_items.csv"), "--as-of", AS_OF)


def keepa_mock(*, product=None, first_status=None):
    """Keepa's API: /token, and /product answering the ASIN or the code fixture."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.get("https://api.keepa.com/token/", json=load("keepa_token.json"))
    answers = []
    if first_status == 429:
        answers.append((429, load("keepa_not_enough_tokens.json")))

    def product_answer(request):
        query = parse_qs(urlparse(request.url).query)
        assert query["domain"] == ["5"] and query["history"] == ["1"]
        if answers:
            status, body = answers.pop(0)
            return status, {}, json.dumps(body)
        name = "keepa_product_asins.json" if "asin" in query else "keepa_product_codes.json"
        return 200, {}, json.dumps(product or load(name), ensure_ascii=False)

    mock.add_callback(responses.GET, re.compile(r"https://api\.keepa\.com/product/.*"),
                      callback=product_answer)  # fmt: skip
    return mock


def sp_api_mock(*, offers_fail_after=None, throttle_first=0):
    """The SP-API: the LWA token, the catalogue, competitive pricing and item offers."""
    router = respx.mock(assert_all_called=False)
    router.post("https://api.amazon.com/auth/o2/token").respond(json=load("lwa_token.json"))
    router.get(f"{SP_API}/catalog/2022-04-01/items", name="catalog").respond(
        json=load("sp_api_catalog_items.json")
    )
    refusals = [throttle_first]

    def competitive(request):
        if refusals[0]:
            refusals[0] -= 1
            return httpx.Response(429, json=load("sp_api_quota_exceeded.json"))
        assert request.url.params["MarketplaceId"] == "A1VC38T7YXB528"
        return httpx.Response(200, json=load("sp_api_competitive_pricing.json"))

    router.get(f"{SP_API}/products/pricing/v0/competitivePrice", name="competitive").mock(
        side_effect=competitive
    )
    offers = load("sp_api_item_offers.json")
    served = []

    def item_offers(request, asin):
        if offers_fail_after is not None and len(served) >= offers_fail_after:
            raise httpx.ConnectError("connection refused", request=request)
        served.append(asin)
        return httpx.Response(offers[asin]["status"], json=offers[asin]["body"])

    router.get(url__regex=rf"{SP_API}/products/pricing/v0/items/(?P<asin>\w+)/offers").mock(
        side_effect=item_offers
    )
    return router


def observations(snapshot, cli) -> list[tuple]:
    return snapshot(cli).get("price_observations", [])


def test_keepa_keeps_90_days_of_daily_prices_and_today_for_every_item(any_cli, snapshot, clock):
    stock(any_cli)
    with keepa_mock():
        summary = any_cli.json("prices", "fetch", "--source", "keepa", "--as-of", AS_OF,
                               env=KEEPA_ENV)  # fmt: skip
    assert summary["fetched"] == 10 and summary["codes"] == 12
    assert summary["unknown"] == ["B0UNKNOWN1"] and summary["no_offers"] == ["B0NOOFFER1"]
    assert summary["added"] == len(observations(snapshot, any_cli)) > 10
    shown = any_cli.json("show", "4", "--as-of", AS_OF)  # the figure whose price collapsed
    assert [(p["observed_on"], p["price"]) for p in shown["prices"]] == [
        ("2026-12-05", 9000), ("2026-12-02", 9000), ("2026-11-15", 12500),
        ("2026-10-31", 16000), ("2026-10-06", 16500),
    ]  # fmt: skip
    assert {p["source"] for p in shown["prices"]} == {"keepa"}
    assert {p["kind"] for p in shown["prices"]} == {"lowest_new"}
    aroma = any_cli.json("show", "12", "--as-of", AS_OF)  # recorded by JAN only
    assert aroma["prices"][0]["asin"] == "B0AROMA001" and aroma["prices"][0]["price"] == 6490
    # fetched again the same day: nothing new
    before = observations(snapshot, any_cli)
    with keepa_mock():
        again = any_cli.json("prices", "fetch", "--source", "keepa", "--as-of", AS_OF,
                             env=KEEPA_ENV)  # fmt: skip
    assert again["added"] == 0 and observations(snapshot, any_cli) == before
    assert clock.slept == []


def test_sp_api_gives_the_buy_box_and_lowest_new_offer_and_finds_a_jan(any_cli, snapshot, clock):
    stock(any_cli)
    with sp_api_mock() as router:
        summary = any_cli.json("prices", "fetch", "--as-of", AS_OF, env=SP_ENV)
        catalog = router.routes["catalog"].calls.last.request.url.params
        # one competitive-pricing call for the 11 ASINs; paced at 0.5 a second
        assert router.routes["competitive"].call_count == 1
    assert catalog["identifiersType"] == "JAN" and catalog["identifiers"] == "4901234567894"
    assert summary["source"] == "sp-api" and summary["fetched"] == 10
    assert summary["unknown"] == ["B0UNKNOWN1"] and summary["no_offers"] == ["B0NOOFFER1"]
    knife = any_cli.json("show", "1", "--as-of", AS_OF)["prices"]
    assert sorted((p["kind"], p["price"]) for p in knife) == [("buy_box", 12800),
                                                             ("lowest_new", 12800)]  # fmt: skip
    hario = any_cli.json("show", "8", "--as-of", AS_OF)["prices"]  # no buy box: lowest new
    assert [(p["kind"], p["price"]) for p in hario] == [("lowest_new", 620)]
    aroma = any_cli.json("show", "12", "--as-of", AS_OF)["prices"]
    assert {p["asin"] for p in aroma} == {"B0AROMA001"}
    assert clock.slept and max(clock.slept) <= 2.0
    assert len(observations(snapshot, any_cli)) == summary["added"]


def test_throttled_calls_back_off_and_retry(cli, clock):
    stock(cli)
    with sp_api_mock(throttle_first=2):
        summary = cli.json("prices", "fetch", "1", "--as-of", AS_OF, env=SP_ENV)
    assert summary["fetched"] == 1
    assert 2.0 in clock.slept and 4.0 in clock.slept  # waits grow after each refusal


def test_keepa_out_of_tokens_waits_for_the_refill_it_announces(cli, clock):
    stock(cli)
    with keepa_mock(first_status=429):
        summary = cli.json("prices", "fetch", "-s", "keepa", "--as-of", AS_OF, env=KEEPA_ENV)
    assert summary["fetched"] == 10
    assert clock.slept == [2.5]  # the refill Keepa announced (2,500 ms), not the 2 s back-off


def test_a_network_failure_part_way_keeps_what_was_fetched(cli, snapshot, clock):
    stock(cli)
    with sp_api_mock(offers_fail_after=3):
        result = cli.ok("prices", "fetch", "--as-of", AS_OF, env=SP_ENV)
    assert "stopped early: network error talking to SP-API: ConnectError" in result.stdout
    kept = observations(snapshot, cli)
    assert {row[1] for row in kept} == {1, 2, 3}  # the items fetched before the failure


def test_nothing_fetched_is_exit_1_and_names_the_reason(cli, snapshot, clock):
    stock(cli)
    before = snapshot(cli)
    with respx.mock(assert_all_called=False) as router:
        router.post("https://api.amazon.com/auth/o2/token").mock(
            side_effect=httpx.ConnectError("no route to host")
        )
        line = cli.fails(1, "prices", "fetch", "--as-of", AS_OF, env=SP_ENV)
    assert (
        line == "Error: nothing fetched from SP-API: network error talking to SP-API: ConnectError"
    )
    assert snapshot(cli) == before


@pytest.mark.parametrize("source", ["sp-api", "keepa"])
def test_missing_credentials_name_what_and_where_and_write_nothing(cli, snapshot, source):
    stock(cli)
    before = snapshot(cli)
    line = cli.fails(2, "prices", "fetch", "--source", source, "--as-of", AS_OF,
                     env={"LWA_APP_ID": "amzn1.only-this"})  # fmt: skip
    if source == "sp-api":
        assert line == (
            "Error: --source: missing SP_API_REFRESH_TOKEN, LWA_CLIENT_SECRET: set them in the "
            "environment, or in liquidator.toml under [sources.sp_api] (refresh_token = …, "
            "lwa_client_secret = …)"
        )
    else:
        assert "missing KEEPA_API_KEY" in line and "[sources.keepa] (api_key = …)" in line
    assert "amzn1.only-this" not in line
    assert snapshot(cli) == before


def test_credentials_from_the_settings_file_work_and_are_never_printed(cli, clock):
    stock(cli)
    (cli.home / "liquidator.toml").write_text(
        '[sources.keepa]\napi_key = "file-secret-key-1234567890"\n', encoding="utf-8"
    )
    with keepa_mock():
        summary = cli.json("prices", "fetch", "7", "-s", "keepa", "--as-of", AS_OF)
    assert summary["fetched"] == 1
    shown = cli.ok("settings", "--json").stdout
    assert "file-secret-key" not in shown
    rows = {row["key"]: row["value"] for row in json.loads(shown)}
    assert (
        rows["sources.keepa.api_key"] == "set" and rows["sources.sp_api.refresh_token"] == "not set"
    )
    (cli.home / "liquidator.toml").write_text("[sources.keepa]\napi_key = 12345\n")
    line = cli.fails(2, "settings")
    assert "api_key" in line and "12345" not in line


def test_an_unknown_source_or_item_is_a_clear_error(cli):
    stock(cli)
    assert cli.fails(2, "prices", "fetch", "--source", "rakuten").startswith(
        "Error: --source: 'rakuten' is not one of sp-api, keepa"
    )
    assert cli.fails(1, "prices", "fetch", "99", "--source", "keepa") == "Error: item 99 not found"


def test_only_prices_fetch_imports_the_fetch_libraries(tmp_path):
    """The everyday commands and --help never load sp_api, keepa, requests or httpx.

    One process runs them in turn and says what is loaded after each: a module once
    loaded stays in sys.modules, so an empty list after the last means none loaded one."""
    code = (
        "import json, sys\n"
        "from liquidator.cli import app\n"
        "heavy = ('sp_api', 'keepa', 'requests', 'httpx', 'respx', 'responses')\n"
        "for args in json.loads(sys.argv[1]):\n"
        "    try:\n"
        "        app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    print(json.dumps([args, sorted(m for m in heavy if m in sys.modules)]))\n"
    )
    home = ["--home", str(tmp_path)]
    runs = [["--help"], ["add", "--title", "x", "--cost", "100", "--size", "60"], ["show", "1"],
            ["recommend", "1"], ["report"], ["prices", "list"]]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps([[*home, *args] for args in runs])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[[")]
    assert [args for args, _ in seen] == [[*home, *args] for args in runs], done.stdout
    assert [loaded for _, loaded in seen] == [[]] * len(runs), seen

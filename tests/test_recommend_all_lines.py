"""``recommend --all`` for a person: one line per item, streamed (issue 31 point 8)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.render.summary_lines import cells, clipped, summary_lines
from liquidator.settings import load_settings

AS_OF = "2026-11-30"
TITLES = [
    "シャープ 加湿空気清浄機 KI-PS40 プラズマクラスター 高濃度",
    "Lamp",
    "象印 圧力IH炊飯ジャー 5.5合",
]


@pytest.mark.parametrize(("lang", "width"), [("ja", 80), ("en", 80), ("ja", 120), ("en", 60)])
def test_one_line_per_held_item_with_its_best_channel_and_figures(cli, lang, width):
    ids = [cli.json("add", "--title", title, "--cost", "4980", "--size", "80",
                    "--purchased", "2026-09-01")["id"] for title in TITLES]  # fmt: skip
    full = {r["item_id"]: r for r in cli.json("--lang", lang, "recommend", "--all",
                                              "--as-of", AS_OF)}  # fmt: skip
    out = cli.ok("--lang", lang, "recommend", "--all", "--as-of", AS_OF,
                 env={"COLUMNS": str(width)}).stdout  # fmt: skip
    header, *lines = out.splitlines()
    assert len(lines) == len(ids)
    assert all(cells(line) <= width for line in [header, *lines]), out
    channels = load_settings(None).channels
    for item_id, line in zip(ids, lines, strict=True):
        best = full[item_id]["best_channel"]
        winner = next(c for c in full[item_id]["channels"] if c["channel"] == best)
        assert line.startswith(f"#{item_id} ")
        assert f"¥{winner['net_cash']:,}" in line.split()  # the net cash, never cut
        assert (channels[best].label_ja if lang == "ja" else channels[best].label) in line

    assert "★" not in out and "─" not in out  # no per-item table any more


def test_the_lines_are_written_as_items_are_scored():
    consumed = []

    def results():
        for n in range(3):
            consumed.append(n)
            yield {"item_id": n, "title": "x", "best_channel": None, "channels": []}

    lines = summary_lines(results(), labels={}, width=80)
    next(lines)  # the header needs no item
    assert consumed == []
    next(lines)
    assert consumed == [0]


def test_no_held_item_says_so(cli):
    assert cli.ok("recommend", "--all", "--as-of", AS_OF).stdout == "No items in stock.\n"


@given(st.text(min_size=0, max_size=40), st.integers(2, 40))
def test_a_clipped_text_fits_its_width_and_says_it_was_cut(text, width):
    cut = clipped(text, width)
    assert cells(cut) <= width
    assert cut == text or cut.endswith("…")


def test_the_short_why_stops_at_the_first_clause_in_either_language():
    from liquidator.i18n import speaking
    from liquidator.render.summary_lines import short_why

    assert short_why("most cash back; quick to sell") == "most cash back"
    with speaking("ja"):
        assert short_why("手取りが最も多い／国内の購入者に売れる") == "手取りが最も多い"

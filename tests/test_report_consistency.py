"""The HTML report agrees with itself (issue 31 point 10): the "move now" card counts the
rows of the "move now" table, and that table reads on a 400 px phone."""

import re

from liquidator.render.html_style import CSS

AS_OF = "2026-12-01"


def _week(cli):
    """One item far past its target, one inside it whose shop takes it back only until
    in three days (a closing return window), one fresh."""
    old = cli.json("add", "--title", "シマノ スピニングリール ステラ C3000XG 2022年モデル",
                   "--cost", "38000", "--size", "80", "--purchased", "2026-06-01")["id"]  # fmt: skip
    returned = cli.json("add", "--title", "ハリオ V60 透過ドリッパー", "--cost", "12000",
                        "--size", "60", "--purchased", "2026-11-25",
                        "--return-by", "2026-12-04")["id"]  # fmt: skip
    cli.json("add", "--title", "新しい品", "--cost", "900", "--size", "60",
             "--purchased", "2026-11-30")  # fmt: skip
    return old, returned


def _card(html: str) -> tuple[str, str]:
    match = re.search(
        r'<div class="label">([^<]*)</div><div class="value[^"]*">([^<]*)</div>'
        r'<div class="note">([^<]*)</div>',
        html[html.index("今すぐ処分") - 40 :],
    )
    return match[2], match[3]


def test_the_move_now_card_counts_the_rows_of_the_move_now_table(any_cli, tmp_path):
    _week(any_cli)
    data = any_cli.json("report", "--as-of", AS_OF)
    path = tmp_path / "week.html"
    any_cli.ok("--lang", "ja", "report", "--as-of", AS_OF, "-o", path)
    html = path.read_text(encoding="utf-8")
    table = html[html.index('<table class="actions">') :]
    rows = table[: table.index("</table>")].count("<tr><td")
    value, note = _card(html)
    assert int(value) == rows == len(data["actions"]) == 2
    assert data["totals"]["past_target"] == 1 and note == "うち目標超過 1点"


def test_an_empty_move_now_table_has_a_zero_card(cli, tmp_path):
    cli.json("add", "--title", "新しい品", "--cost", "900", "--size", "60",
             "--purchased", "2026-11-30")  # fmt: skip
    path = tmp_path / "week.html"
    cli.ok("--lang", "ja", "report", "--as-of", AS_OF, "-o", path)
    html = path.read_text(encoding="utf-8")
    assert _card(html)[0] == "0" and '<table class="actions">' not in html


def test_on_a_phone_the_move_now_table_becomes_one_block_per_item(cli, tmp_path):
    _week(cli)
    path = tmp_path / "week.html"
    cli.ok("--lang", "ja", "report", "--as-of", AS_OF, "-o", path)
    html = path.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    phone = CSS[CSS.index("@media (max-width: 560px)") :]
    phone = phone[: phone.index("\n}\n")]
    assert "table.actions thead { display: none; }" in phone
    assert re.search(r"table\.actions tr, table\.actions td \{ display: block; \}", phone)
    assert "content: attr(data-label)" in phone and "overflow-wrap: anywhere" in phone
    table = html[html.index('<table class="actions">') : html.index("</table>")]
    for word in ("日数", "手取り"):
        assert table.count(f'data-label="{word}"') == 2
    # every figure cell is labelled, so stacked it still says what it is
    assert table.count('<td class="num"') == table.count('<td class="num" data-label=')

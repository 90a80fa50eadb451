"""The HTML report's style sheet (inlined into the page; ``FONT`` is the font stack)."""

CSS = """
:root { --font: FONT; --ink: #1f2933; --muted: #6b7785; --line: #e4e8ee;
  --bg: #f4f6f9; --card: #ffffff; --accent: #2f7fc1; --good: #2e8b57;
  --warn: #c98a0b; --bad: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-family: var(--font);
  font-size: 15px; line-height: 1.5; -webkit-font-smoothing: antialiased; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
header { display: flex; justify-content: space-between; align-items: flex-end;
  flex-wrap: wrap; gap: 12px; margin-bottom: 20px; }
h1 { font-size: 26px; margin: 0; letter-spacing: -0.01em; }
h1 small { display: block; font-size: 14px; font-weight: 400; color: var(--muted); }
h2 { font-size: 17px; margin: 0 0 12px; }
.pill { display: inline-block; padding: 4px 12px; border-radius: 999px; font-size: 13px;
  font-weight: 600; background: #e8f5ee; color: var(--good); }
.pill.warn { background: #fdf3dc; color: var(--warn); }
.pill.alarm { background: #fbe4e1; color: var(--bad); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr));
  gap: 14px; margin-bottom: 18px; }
.kpi { background: var(--card); border-radius: 14px; padding: 16px 18px;
  box-shadow: 0 1px 3px rgba(16, 24, 40, .06); border: 1px solid var(--line); }
.kpi .label { color: var(--muted); font-size: 13px; }
.kpi .value { font-size: 25px; font-weight: 700; margin-top: 2px; white-space: nowrap; }
.kpi .note { color: var(--muted); font-size: 12.5px; }
.kpi.main { background: linear-gradient(135deg, #2f7fc1, #245f94); color: #fff; border: 0; }
.kpi.main .label, .kpi.main .note { color: rgba(255, 255, 255, .82); }
.kpi .value.good { color: var(--good); } .kpi .value.bad { color: var(--bad); }
.kpi .value.warn { color: var(--warn); }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-bottom: 18px; }
@media (max-width: 820px) { .row { grid-template-columns: 1fr; } }
.card { background: var(--card); border-radius: 14px; padding: 18px 20px;
  border: 1px solid var(--line); box-shadow: 0 1px 3px rgba(16, 24, 40, .06);
  margin-bottom: 18px; }
.row .card { margin-bottom: 0; }
.chart svg { width: 100%; height: auto; display: block; }
.chart svg text { font-family: var(--font) !important; }
.empty { color: var(--muted); padding: 40px 0; text-align: center; }
.sub { color: var(--muted); font-size: 13px; margin: -8px 0 10px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12.5px;
  text-transform: uppercase; letter-spacing: .03em; border-bottom: 1px solid var(--line);
  padding: 8px 10px; }
td { padding: 9px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--line); }
.title { font-weight: 600; }
.why { color: var(--muted); font-size: 13px; }
.more { color: var(--muted); font-size: 13px; margin: 10px 0 0; }
.chan { display: inline-block; padding: 1px 9px; border-radius: 6px; background: #eaf2fa;
  color: #245f94; font-size: 13px; font-weight: 600; white-space: nowrap; }
.tag { display: inline-block; margin-left: 6px; padding: 1px 8px; border-radius: 6px;
  background: #fdf3dc; color: var(--warn); font-size: 12px; font-weight: 700; }
.rank { color: var(--muted); width: 28px; }
.bar { height: 8px; background: #edf1f5; border-radius: 4px; min-width: 80px; }
.bar span { display: block; height: 8px; border-radius: 4px; }
/* A phone (400 px): the "move now" table becomes one block per item, the title on its
   own line, each figure under its name; nothing is squeezed or pushed off-screen. */
@media (max-width: 560px) {
  main { padding: 18px 12px 32px; }
  table.actions thead { display: none; }
  table.actions, table.actions tbody, table.actions tr, table.actions td { display: block; }
  table.actions tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
  table.actions td { border: 0; padding: 2px 0; }
  table.actions td.rank { display: none; }
  table.actions td.item { overflow-wrap: anywhere; }
  table.actions td[data-label] { display: flex; justify-content: space-between; gap: 12px;
    text-align: right; }
  table.actions td[data-label]::before { content: attr(data-label); color: var(--muted);
    font-size: 12.5px; text-align: left; }
}
footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 28px; }
"""

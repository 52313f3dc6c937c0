/**
 * The report's stylesheet, inlined by html.ts: the screen layout and, for a printed or PDF copy,
 * A4 pages that keep figures, table rows and the summary whole. The accent (#0072B2) and the
 * warning border (#D55E00) are Okabe–Ito colours, as the charts' (charts/svg.ts OKABE_ITO).
 */
export const REPORT_CSS = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0072B2; --hl: #fff4d6; --bad: #b42318; --good: #1a7f37; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 28px 64px; }
header.report { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 24px; }
header.report .kicker { color: var(--accent); font-weight: 600; font-size: 13px; letter-spacing: .06em; text-transform: uppercase; margin: 0; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 6px; }
h2 { font-size: 21px; margin: 40px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
p { margin: 8px 0; }
.meta { color: var(--muted); font-size: 13px; margin: 0; }
nav.toc { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
.summary { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 8px; padding: 18px 22px; background: var(--soft); }
.summary.status-none, .summary.status-within-budget-late { border-left-color: #D55E00; }
.summary .headline { font-size: 18px; font-weight: 600; margin: 0 0 6px; }
.summary ul { margin: 6px 0 0; padding-left: 20px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0 4px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi .sub { color: var(--muted); font-size: 12px; }
figure { margin: 18px 0 8px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.table-wrap { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
table.compact { width: auto; min-width: 60%; }
table.options td:first-child, table.ranges td:first-child { min-width: 9em; }
table.hardware td:first-child, table.hardware td:nth-child(2), table.prices td:nth-child(-n+2), table.prices td:nth-child(4), table.prices td:nth-child(5) { white-space: nowrap; }
td { overflow-wrap: break-word; }
table.hardware td:last-child, table.prices td:nth-child(7), table.inputs td { overflow-wrap: anywhere; }
table.options span.meets, table.short-labels td:first-child { white-space: nowrap; }
table.options td:last-child { min-width: 7em; }
.gpu { margin: 10px 0 22px; }
h4 { font-size: 15px; margin: 18px 0 4px; }
h4 code { color: var(--muted); font-weight: 400; margin-left: 4px; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
tr.recommended td { background: var(--hl) !important; font-weight: 600; }
.badge { display: inline-block; font-size: 11px; line-height: 1.4; padding: 0 6px; border-radius: 9px; border: 1px solid var(--line); margin: 0 3px 2px 0; white-space: nowrap; background: #fff; font-weight: 500; }
.badge.rec { background: var(--accent); color: #fff; border-color: var(--accent); }
.yes { color: var(--good); }
.no { color: var(--bad); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11.5px; word-break: break-all; }
.conf { font-size: 11px; padding: 0 6px; border-radius: 9px; white-space: nowrap; }
.conf-datasheet { background: #dff3e4; }
.conf-secondary-source { background: #e3eefa; }
.conf-uncertain { background: #fde7d9; }
.note { color: var(--muted); font-size: 12px; }
ul.sources { font-size: 13px; padding-left: 20px; }
ul.sources li { margin: 2px 0; word-break: break-word; }
.warnings { border: 1px solid #f0c36d; background: #fff8e6; border-radius: 6px; padding: 10px 16px; font-size: 13px; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, .summary, .kpis, tr { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
  .summary, .kpi, th, tr.recommended td, .badge.rec { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/**
 * The page `flopcast ui` serves: one HTML document with its CSS, its script (the browser bundle of
 * the core, scripts/bundle.mjs) and its data (presets and profiles) inline. It fetches nothing:
 * the Content-Security-Policy forbids every request but the page itself. Pure.
 */
import type { UiData } from './data.js';

/** Also sent as a header by the server (src/cli/commands/ui.ts). */
export const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0072B2; --hl: #fff4d6; --bad: #b42318; --good: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 8px; margin-bottom: 16px; display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 16px; margin: 22px 0 8px; }
.muted, .meta { color: var(--muted); font-size: 12.5px; }
.fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 12px 18px; }
label { display: block; font-weight: 600; font-size: 12.5px; margin-bottom: 3px; }
input, select, textarea { font: inherit; padding: 5px 7px; border: 1px solid var(--line); border-radius: 5px; width: 100%; background: #fff; color: var(--ink); }
textarea { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; min-height: 90px; }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); background: #fff6f5; }
.err { color: var(--bad); font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; margin-top: 3px; }
.err:empty { display: none; }
details.config { margin-top: 6px; }
details.config summary { cursor: pointer; color: var(--accent); font-size: 12.5px; }
/* The options' eleven columns need about 1,200 px at auto: narrower, they scroll in their box (they widened the whole page, the × off screen at 1,024 px). */
.table-wrap { overflow-x: auto; }
table.options { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.options th, table.options td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: left; vertical-align: top; }
table.options th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
table.options td.num, table.options th.num { text-align: right; white-space: nowrap; }
table.options td.in { width: 1%; }
table.options td.in select { min-width: 150px; }
table.options td.in input { width: 96px; }
table.options td.in input[data-field="price"] { width: 108px; }
table.options tr.error-row td { padding-top: 0; }
table.options tr.error-row:has(.err:empty) { display: none; }
table.options tr.recommended td { background: var(--hl); }
.marks span { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 8px; background: var(--soft); border: 1px solid var(--line); margin: 0 2px 2px 0; }
button { font: inherit; padding: 5px 11px; border: 1px solid var(--line); border-radius: 5px; background: var(--soft); cursor: pointer; color: var(--ink); }
button:hover { border-color: var(--accent); }
button.remove { padding: 2px 8px; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px; max-width: 960px; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
.charts figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
.charts svg { width: 100%; height: auto; display: block; }
.actions { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
#general { margin: 10px 0; }
.price-from { color: var(--muted); font-size: 11.5px; line-height: 1.3; margin-top: 2px; min-width: 190px; max-width: 230px; }
.warnings { border: 1px solid #f0c36d; background: #fff8e6; border-radius: 6px; padding: 8px 14px; margin: 12px 0; font-size: 13px; }
.warnings ul { margin: 4px 0 0; padding-left: 18px; }
`;

/** `</script` cannot appear inside an inline script; `<` in the JSON is written as \\u003c. */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

export function renderPage(clientJs: string, data: UiData): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="generator" content="flopcast ${data.version.replace(/[^\w.+-]/g, '')}">
<link rel="icon" href="data:,">
<title>flopcast ui</title>
<style>${CSS}</style>
</head>
<body>
<main id="app"><header><h1>flopcast</h1><span class="muted">training time, GPU-hours, cost and energy</span></header><p id="loading">Loading…</p>
<noscript>This page computes in the browser and needs JavaScript.</noscript></main>
<script type="application/json" id="flopcast-data">${json}</script>
<script>${inlineScript(clientJs)}</script>
</body>
</html>
`;
}

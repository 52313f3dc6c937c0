/**
 * Issue 13, items 5 and 6: one escaping layer per output format (src/report/escape.ts), each tested
 * with the same hostile-name corpus, first as functions, then through every renderer of the CLI.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, htmlText, jsonText, markdownText, terminalLine, terminalText } from '../../src/report/escape.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD, expectOneError, tempDir, writeFile } from './helpers.js';
import { HOSTILE_NAMES, RAW_CONTROL } from './hostile-names.js';

const dir = tempDir('escaping');
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV record (RFC 4180) -> its fields. */
function parseCsvRecord(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const j = line.indexOf('"', i);
        if (j === -1) throw new Error(`unterminated quote in ${JSON.stringify(line)}`);
        v += line.slice(i, j);
        if (line[j + 1] === '"') {
          v += '"';
          i = j + 2;
        } else {
          i = j + 1;
          break;
        }
      }
      out.push(v);
      if (i < line.length && line[i] !== ',') throw new Error(`text after a quoted field in ${JSON.stringify(line)}`);
      i++;
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j === -1 ? line.length : j));
      i = j === -1 ? line.length + 1 : j + 1;
    }
  }
  return out;
}

/** The CSV cell's text as a spreadsheet would read it; a leading ' marks text (the formula is not run). */
const neutral = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

describe.each(HOSTILE_NAMES.map((name) => ({ name, shown: JSON.stringify(name) })))('escaping layers: $shown', ({ name }) => {
  it('terminal: no control character reaches the terminal (one-line form: not even a newline)', () => {
    expect(terminalLine(name)).not.toMatch(RAW_CONTROL);
    expect(terminalLine(name)).not.toContain('\n');
    expect(terminalText(name)).not.toMatch(RAW_CONTROL);
  });
  it('CSV: one quoted-or-plain field, a formula start neutralised with a leading quote', () => {
    const cell = csvCell(name);
    const [field, ...rest] = parseCsvRecord(cell);
    expect(rest).toEqual([]);
    expect(FORMULA_START.test(field!)).toBe(false);
    if (!RAW_CONTROL.test(name.replace(/[\t\r\n]/g, ''))) expect(field).toBe(neutral(name));
  });
  it('Markdown: no raw HTML, no table or link syntax, one line', () => {
    const md = markdownText(name);
    expect(md).not.toMatch(/[<>\n\r]/);
    expect(md).not.toMatch(/(^|[^\\])\|/);
    expect(md).not.toMatch(/(^|[^\\])\[/);
    expect(md).not.toMatch(RAW_CONTROL);
  });
  it('HTML: no markup characters left', () => {
    expect(htmlText(name)).not.toMatch(/[<>"']/);
    expect(htmlText(name).replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  });
  it('JSON: the same string back, nothing raw a terminal acts on', () => {
    const text = jsonText({ name });
    expect((JSON.parse(text) as { name: string }).name).toBe(name);
    expect(text).not.toMatch(RAW_CONTROL);
  });
});

// Markdown text may start a line (the report's FLOP section starts a paragraph with the model's name): what
// would be block syntax there is neutralised (sweep 11; a model named `1. x` made an ordered list). Expected
// texts written by hand from CommonMark's backslash escapes (§2.4) and character references (§2.5).
describe('Markdown: no block syntax where the text starts a line', () => {
  it.each([
    ['1. listed', '1\\. listed'],
    ['2) paren', '2\\) paren'],
    ['- dash', '\\- dash'],
    ['+ plus', '\\+ plus'],
    ['===', '\\==='],
    ['---', '\\---'],
    ['- - -', '\\- - -'],
    ['= not an underline', '= not an underline'],
    ['7.5 s', '7.5 s'],
    ['    indented', '&#32;&#32;&#32;&#32;indented'],
    [' - spaced dash', '&#32;- spaced dash'],
    ['-2+3', '-2+3'],
    ['> quote', '&gt; quote'],
    ['plain - 1. x', 'plain - 1. x'],
    ['2026 run', '2026 run'],
    // sweep33: trailing spaces ended no emphasis around the name (`**x **`), so the report printed its asterisks
    ['spaced ', 'spaced&#32;'],
    ['1.  ', '1\\.&#32;&#32;'],
  ])('%j -> %j', (name, md) => {
    expect(markdownText(name)).toBe(md);
    // Read as the start of a line: no list item, indented code, block quote or setext underline (CommonMark §4-5).
    expect(markdownText(name)).not.toMatch(/^( {4}| {0,3}([-+*]|\d{1,9}[.)])( |$)| {0,3}>| {0,3}=+ *$| {0,3}(- *){3,}$)/);
  });
});

describe('CSV numbers stay numbers', () => {
  it.each([[-5, '-5'], [0, '0'], [1.5e21, '1.5e+21'], [-0.25, '-0.25'], [true, 'true'], [null, '']] as const)('%s -> %s', (v, cell) => {
    expect(csvCell(v)).toBe(cell);
  });
});

describe('through the CLI: every renderer uses its layer', () => {
  const printable = HOSTILE_NAMES.filter((n) => !RAW_CONTROL.test(n) && !n.includes('\n'));
  const withControl = HOSTILE_NAMES.filter((n) => RAW_CONTROL.test(n) || n.includes('\n'));
  const scenario = (name: string) => writeFile(dir, 'hostile.yaml', GOOD.replace('name: test', `name: ${JSON.stringify(name)}`) + 'matrix:\n  cluster.count: [512, 1024]\n');

  it.each(printable)('name %j: table, JSON, CSV, Markdown, HTML and Markdown reports', async (name) => {
    const f = scenario(name);
    for (const format of ['table', 'json', 'csv', 'markdown']) {
      const r = await runCli(['run', f, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
      if (format === 'json') expect((JSON.parse(r.stdout) as { results: { name: string }[] }).results[0]!.name).toBe(`${name} [count=512]`);
      if (format === 'csv') {
        const cell = parseCsvRecord(r.stdout.split('\n')[1]!)[0]!;
        expect(cell).toBe(neutral(`${name} [count=512]`));
      }
      if (format === 'markdown') expect(r.stdout).not.toMatch(/<(script|img|javascript)/i);
    }
    for (const out of ['r.html', 'r.md']) {
      const r = await runCli(['report', f, '--out', join(dir, out)]);
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(join(dir, out), 'utf8');
      expect(text).not.toMatch(/<(script|img)\b/i);
      expect(text).not.toMatch(RAW_CONTROL);
    }
  });

  it.each(withControl)('name %j: refused at input (exit 2), the error itself escaped', async (name) => {
    const r = await runCli(['run', scenario(name)]);
    expect(r.code).toBe(2);
    expectOneError(r.stderr);
    expect(r.stderr).toContain('name holds a control character');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it.each(withControl)('a path with %j in an error message is escaped', async (name) => {
    const r = await runCli(['flops', `./${name}.yaml`]);
    expect(r.code).toBe(2);
    expectOneError(r.stderr);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('a provider name from a user\'s hardware profile, through every renderer and stderr', () => {
  // A profile next to the scenario, its one on-demand price dated long ago: the default price names the
  // provider in the price's source (run's footnotes) and in the stale-price warning (run, budget).
  const profile = (provider: string) => {
    const hw = join(dir, 'provider', 'hardware-profiles');
    mkdirSync(hw, { recursive: true });
    writeFile(hw, 'evil.yaml', `extends: h100-sxm\nprices:\n  - {provider: ${JSON.stringify(provider)}, offer: x, tier: specialist, usd_per_hour: 2, unit: gpu-hour, kind: on-demand, date: "2020-01-01", confidence: secondary source, source: s}\n`);
    return { hw, scenario: writeFile(join(dir, 'provider'), 's.yaml', GOOD.replace('h100-sxm', 'evil').replace(/pricing:\n.*\n/, 'pricing: {kind: on_demand}\n') + 'matrix:\n  cluster.count: [512, 1024]\n') };
  };
  const printable = HOSTILE_NAMES.filter((n) => !RAW_CONTROL.test(n) && !n.includes('\n'));
  const withControl = HOSTILE_NAMES.filter((n) => RAW_CONTROL.test(n) || n.includes('\n'));

  it.each(printable)('provider %j: run --format markdown, its footnotes too, holds no raw HTML or control', async (name) => {
    const { scenario } = profile(name);
    const r = await runCli(['run', scenario, '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    // The footnotes (the price's source, the stale-price warning) are Markdown lines as the table's cells are.
    const notes = r.stdout.split('\n').filter((l) => /^(price |warning: )/.test(l));
    expect(notes.length, r.stdout).toBeGreaterThanOrEqual(2);
    for (const line of notes) {
      expect(line).not.toMatch(/[<>]/);
      expect(line).not.toMatch(/(^|[^\\])[[|]/);
      expect(line).not.toMatch(RAW_CONTROL);
    }
  });

  it.each(printable)('provider %j: budget\'s stale-price warning on stderr holds no raw control', async (name) => {
    const { hw } = profile(name);
    const r = await runCli(['budget', '--usd', '1M', '--gpu', 'evil', '--count', '8', '--hardware-dir', hw]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: evil: the on-demand price from /);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  // A profile's texts are one line (src/input/name.ts lineText): one with a control character is refused
  // at its key, as a name is; it reached budget's warning raw, and the tables as a fake line.
  it.each(withControl)('provider %j: refused at input (exit 2), the error itself escaped', async (name) => {
    const { hw } = profile(name);
    for (const args of [['budget', '--usd', '1M', '--gpu', 'evil', '--count', '8', '--hardware-dir', hw], ['prices', 'evil', '--hardware-dir', hw]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expectOneError(r.stderr);
      expect(r.stderr).toContain('prices[0].provider: text holds a control character');
      expect(r.stderr).not.toMatch(RAW_CONTROL);
    }
  });
});

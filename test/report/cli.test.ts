import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand, reportInputs, reproduceCommand, sha256File } from '../../src/cli/commands/report.js';
import { resetInputsRead, STDIN_ARG } from '../../src/cli/load/files.js';
import { loadScenarioFiles } from '../../src/cli/load/scenario.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCommand } from './cli-harness.js';
import { BAD_NUMBER, CLUSTER_OPTIONS } from './helpers.js';

/** The bundled comparison copied to a scenario file of this name in a fresh folder, reported as r.md there. */
async function reportOfScenarioNamed(name: string): Promise<{ dir: string; scenario: string; md: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
  const scenario = join(dir, name);
  writeFileSync(scenario, readFileSync(CLUSTER_OPTIONS));
  const r = await runCommand(reportCommand, ['report', scenario, '--out', join(dir, 'r.md')]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, scenario, md: readFileSync(join(dir, 'r.md'), 'utf8') };
}

describe('flopcast report', () => {
  it('writes one self-contained HTML file with the version and input hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const out = join(dir, 'report.html');
    const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(html).toContain(`flopcast ${pkg.version}`);
    expect(html).toContain(sha256File(CLUSTER_OPTIONS));
    expect(html).not.toMatch(BAD_NUMBER);
  });
  it('writes Markdown and its SVG charts next to it, linked relatively', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const out = join(dir, 'plan.md');
    const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    const assets = readdirSync(join(dir, 'plan-assets')).sort();
    expect(assets).toEqual(expect.arrayContaining(['cost-breakdown.svg', 'cost-vs-time.svg', 'flops.svg']));
    for (const a of assets) {
      expect(md).toContain(`](plan-assets/${a})`);
      // Each chart file: the mark with the SHA-256 of the rest (computed here), then the SVG.
      const text = readFileSync(join(dir, 'plan-assets', a), 'utf8');
      const [mark, ...rest] = text.split('\n');
      expect(rest.join('\n')).toMatch(/^<svg xmlns/);
      expect(mark).toBe(`<!-- flopcast chart sha256:${createHash('sha256').update(rest.join('\n')).digest('hex')} (of what follows: a report replaces this file only while it is unchanged) -->`);
    }
  });

  // The brief (inputs 2): a Markdown report overwrote files already in its chart folder ("nothing the user wrote is
  // ever modified"). It replaces its own charts, unchanged; anything else there refuses the report, exit 2, before
  // anything is written, and is left as it was. Each refusal wrote over the file on the old code.
  describe('the chart folder beside a Markdown report', () => {
    const fresh = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flopcast-assets-'));
      const first = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, 'r.md')]);
      expect(first.code, first.stderr).toBe(0);
      return dir;
    };
    it('a report again replaces its own charts, and leaves other files there alone', async () => {
      const dir = await fresh();
      writeFileSync(join(dir, 'r-assets', 'notes.txt'), 'mine\n');
      const again = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, 'r.md')]);
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(join(dir, 'r-assets', 'notes.txt'), 'utf8')).toBe('mine\n');
    });
    it.each([
      ['a file of the user\'s under a chart\'s name', () => '<svg xmlns="http://www.w3.org/2000/svg"><text>mine</text></svg>\n', 'a file flopcast did not write'],
      ['a chart of flopcast\'s, edited', (svg: string) => svg.replace('<title', '<title data-edited="1"'), 'a chart of flopcast\'s changed since it was written'],
      ['an empty file', () => '', 'a file flopcast did not write'],
    ])('%s is left as it was, and the report refused', async (_, edit, what) => {
      const dir = await fresh();
      const chart = join(dir, 'r-assets', 'flops.svg');
      const before = edit(readFileSync(chart, 'utf8'));
      writeFileSync(chart, before);
      const md = readFileSync(join(dir, 'r.md'), 'utf8');
      const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, 'r.md')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${chart}: --out: the report's chart would replace ${what}: nothing is written, and the file is left as it was\n  hint: move it, or give --out another name: a Markdown report writes its charts in NAME-assets/ beside NAME.md\n`);
      expect(readFileSync(chart, 'utf8')).toBe(before);
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe(md);
    });
    it('a folder of the user\'s without the charts gets them, its files untouched', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flopcast-assets-'));
      mkdirSync(join(dir, 'r-assets'));
      writeFileSync(join(dir, 'r-assets', 'logo.svg'), '<svg/>\n');
      const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, 'r.md')]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'r-assets', 'logo.svg'), 'utf8')).toBe('<svg/>\n');
      expect(readdirSync(join(dir, 'r-assets')).sort()).toEqual(['cost-breakdown.svg', 'cost-vs-time.svg', 'flops.svg', 'logo.svg']);
    });
  });
  // The chart folder is named after --out: its links were encodeURI's, which leaves parentheses (one ends a
  // Markdown link destination: 'r)x.md' linked `](r)x-assets/flops.svg)`, a link to `r`) and # and ?
  // (a fragment or a query to a viewer).
  it.each(['r)x.md', 'r(x.md', 'r#1.md', 'r?x.md', 'a b (1).md'])('--out %j: every chart link leads to its file', async (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, name)]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, name), 'utf8');
    // A destination without spaces or parentheses runs to the first `)` (CommonMark 6.3).
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(3);
    for (const link of links) {
      expect(link).not.toMatch(/[\s#?()<>]/);
      expect(existsSync(join(dir, decodeURIComponent(link)))).toBe(true);
    }
  });
  // The inputs table names each file in a code span: a pipe in the name split the row (GFM reads it as a
  // border even there) and a newline broke the table.
  it.each(['a|b.yaml', 'n\nl.yaml', 'a`b.yaml', 'x\\|y.yaml'])('a scenario named %j: its row of the inputs table is one line of three cells', async (name) => {
    const { dir, scenario, md } = await reportOfScenarioNamed(name);
    const row = md.split('\n').find((l) => l.includes(sha256File(scenario)))!;
    // GFM cells: split on pipes not escaped by a backslash.
    expect(row.split(/(?<!\\)\|/).slice(1, -1)).toHaveLength(3);
    expect(md).not.toContain(`${dir}/n\nl`);
  });
  // "Reproduce this report" printed the command with its words unquoted: `flopcast report a b (1).yaml`,
  // which a shell splits (and refuses at the parenthesis). Read back by sh, it gives the path again.
  it.each(['a b (1).yaml', "it's.yaml", '$(touch x).yaml', 'a|b.yaml'])('a scenario named %j: the report\'s command reads back, by sh, as its path', async (name) => {
    const { dir, scenario, md } = await reportOfScenarioNamed(name);
    const command = /Command: `(.*)`\.$/m.exec(md)![1]!;
    const words = execFileSync('sh', ['-c', `printf '%s\\n' ${command}`], { cwd: dir, encoding: 'utf8' }).split('\n').slice(0, -1);
    expect(words).toEqual(['flopcast', 'report', scenario, '--out', 'r.md']);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
  // A path that starts with `-` was printed bare: `flopcast report -x.yaml --out -r.md`, which flopcast reads as
  // options ('missing its argument'). Written as its own hint says (./-x.yaml); cwd-relative paths as display() gives them.
  it.each([
    { files: ['-x.yaml'], dirs: [], out: '-r.md', want: 'flopcast report ./-x.yaml --out ./-r.md' },
    { files: ['a/-x.yaml', STDIN_ARG], dirs: ['-hw'], out: undefined, want: 'flopcast report a/-x.yaml - --hardware-dir ./-hw' },
    { files: ['x.yaml'], dirs: [], out: '/tmp/d/-r.html', want: 'flopcast report x.yaml --out ./-r.html' },
  ])('the command names a path that starts with - so that flopcast reads it as one: $want', ({ files, dirs, out, want }) => {
    expect(reproduceCommand(files, dirs, out)).toBe(want);
  });
  // The format was left out of the command: a Markdown report on stdout said `flopcast report x.yaml`, which prints HTML.
  it.each([
    { out: undefined, format: 'markdown', want: 'flopcast report x.yaml --format markdown' },
    { out: undefined, format: 'html', want: 'flopcast report x.yaml' },
    { out: '/tmp/d/r.html', format: 'markdown', want: 'flopcast report x.yaml --format markdown --out r.html' },
    { out: '/tmp/d/r.md', format: 'html', want: 'flopcast report x.yaml --format html --out r.md' },
    { out: '/tmp/d/r.MARKDOWN', format: 'markdown', want: 'flopcast report x.yaml --out r.MARKDOWN' },
  ] as const)('the command names --format where --out would give another: $want', ({ out, format, want }) => {
    expect(reproduceCommand(['x.yaml'], [], out, format)).toBe(want);
  });
  it('a report written to -r.md says so in its command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS, '--out', join(dir, '-r.md')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '-r.md'), 'utf8')).toMatch(/Command: `flopcast report \S+ --out \.\/-r\.md`\.$/m);
  });
  // The inputs were hashed by reading them again after the numbers were computed: a scenario changed in
  // between was named by bytes the numbers did not come from, and a model file deleted in between was left out.
  it('names its inputs by the bytes the numbers came from, whatever happens to the files after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const model = join(dir, 'm.yaml');
    const scenario = join(dir, 's.yaml');
    writeFileSync(model, readFileSync(join(PACKAGE_ROOT, 'models', 'gpt2.yaml')));
    writeFileSync(scenario, 'model: m.yaml\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n');
    const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const want = [{ file: scenario, sha256: hash(scenario), role: 'scenario' }, { file: model, sha256: hash(model), role: 'model' }];
    resetInputsRead();
    const loaded = loadScenarioFiles([scenario], []);
    writeFileSync(scenario, 'model: gpt2\ntraining: {tokens: 2B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n');
    rmSync(model);
    expect(reportInputs(loaded)).toEqual(want);
  });
  // A user profile's parent was left out: my-child.yaml was named, my-base.yaml, whose price the numbers used, was not.
  it.each([
    { gpu: 'my-child', want: ['my-child.yaml', 'my-base.yaml'] },
    { gpu: 'my-base', want: ['my-base.yaml'] },
    { gpu: 'h100-sxm', want: [] },
  ])('names a user hardware profile and each user profile it extends: $gpu', ({ gpu, want }) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-cli-'));
    const hw = join(dir, 'hw');
    mkdirSync(hw);
    writeFileSync(join(hw, 'my-base.yaml'), 'extends: h100-sxm\nprices:\n  - {provider: Us, tier: specialist, usd_per_hour: 1.5, unit: gpu-hour, kind: on-demand, date: "2026-05-01", confidence: datasheet, source: our quote}\n');
    writeFileSync(join(hw, 'my-child.yaml'), 'extends: my-base\nname: child\n');
    const scenario = join(dir, 's.yaml');
    writeFileSync(scenario, `model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: ${gpu}, count: 8, utilization: 0.4}\n`);
    resetInputsRead();
    const profiles = reportInputs(loadScenarioFiles([scenario], [hw])).filter((i) => i.role === 'hardware profile');
    expect(profiles.map((i) => i.file)).toEqual(want.map((f) => join(hw, f)));
  });
  it('prints HTML to stdout without --out, and fails with exit 2 on a missing file', async () => {
    const r = await runCommand(reportCommand, ['report', CLUSTER_OPTIONS]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    const bad = await runCommand(reportCommand, ['report', '/nonexistent/x.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no such file/);
    expect(existsSync('/nonexistent')).toBe(false);
  });
});

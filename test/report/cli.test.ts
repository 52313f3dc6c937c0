import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand, sha256File } from '../../src/cli/commands/report.js';
import { runCommand } from './cli-harness.js';
import { BAD_NUMBER, CLUSTER_OPTIONS } from './helpers.js';

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
      expect(readFileSync(join(dir, 'plan-assets', a), 'utf8')).toMatch(/^<svg xmlns/);
    }
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

/**
 * Issue 4, bullet 2: hostile YAML is refused with a message and exit 2 before anything reads the
 * data, and the user's files are never written. parseYaml's own refusals are unit-tested in
 * test/input/yaml.test.ts; this is the CLI path, for a scenario and for a model file.
 */
import { cpSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/input/limits.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD, SCENARIOS_DIR, bundledScenarios, expectOneError, tempDir, writeFile } from './helpers.js';

const dir = tempDir('yaml');

function aliasBomb(): string {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

const nested = (depth: number) => 'description: ' + '['.repeat(depth) + ']'.repeat(depth) + '\n';

interface Case {
  case: string;
  content: string | Uint8Array;
  /** What stderr must start with after `error: <file>`. */
  where: string;
  message: string;
  hint?: string;
}

const CASES: Case[] = [
  // The alias that crosses the limit is named by its place: b's aliases expand to 110 values, c's to 1,110, and d's eighth crosses 10,000.
  { case: 'alias bomb', content: GOOD + aliasBomb(), where: ':14:36: d[7]: ', message: `aliases expand to more than ${LIMITS.yamlAliasValues} values by this one; refusing a possible alias bomb`, hint: 'write the repeated values out' },
  { case: 'oversize file', content: GOOD + '#'.repeat(LIMITS.inputBytes) + '\n', where: ': ', message: 'has more than 1,000,000 bytes; the limit is 1,000,000' },
  // Refused by the lexical pre-check, before the yaml library parses: a place, no key path.
  { case: 'deep nesting', content: GOOD + nested(LIMITS.yamlDepth + 2), where: ':11:', message: `nesting deeper than ${LIMITS.yamlDepth} levels` },
  { case: 'duplicate key', content: GOOD + 'name: again\n', where: ':11:1: name: ', message: 'duplicate key', hint: 'each key may appear once' },
  { case: 'duplicate nested key', content: GOOD.replace('  count: 1024\n', '  count: 1024\n  count: 512\n'), where: ':8:3: cluster.count: ', message: 'duplicate key' },
  { case: '__proto__ key', content: GOOD + '__proto__: {polluted: 1}\n', where: ':11:1: ', message: 'key `__proto__` is not allowed', hint: 'rename the key; prototype keys are refused for safety' },
  { case: 'nested __proto__ key', content: GOOD.replace('  count: 1024\n', '  count: 1024\n  __proto__: 1\n'), where: ':8:3: cluster: ', message: 'key `__proto__` is not allowed' },
  { case: 'constructor key', content: GOOD + 'constructor: 1\n', where: ':11:1: ', message: 'key `constructor` is not allowed' },
  { case: 'prototype key', content: GOOD.replace('training:\n', 'training:\n  prototype: 1\n'), where: ':4:3: training: ', message: 'key `prototype` is not allowed' },
  // placed at the first byte that breaks UTF-8, and named (src/input/utf8.ts): 'file is not valid UTF-8' alone before
  { case: 'Latin-1 bytes', content: Buffer.concat([Buffer.from(GOOD), Buffer.from('description: caf\xe9\n', 'latin1')]), where: ':11:17: ', message: 'file is not valid UTF-8: byte 0xE9 (`é` in Latin-1)', hint: 'save the file as UTF-8' },
  { case: 'UTF-16 file', content: Buffer.from('\ufeff' + GOOD, 'utf16le'), where: ': ', message: 'file is UTF-16 (little-endian), not UTF-8: it starts with a UTF-16 byte-order mark' },
  // UTF-16 without a byte-order mark is ASCII and NULs, valid UTF-8: it was 'a scenario is a mapping ..., found text'.
  { case: 'UTF-16 file without a byte-order mark', content: Buffer.from(GOOD, 'utf16le'), where: ': ', message: 'file is UTF-16 (little-endian), not UTF-8: its first character is written with NUL bytes (no byte-order mark)', hint: 'save the file as UTF-8' },
  { case: 'random bytes', content: Uint8Array.from([0xfe, 0x00, 0x80, 0xc3, 0x28]), where: ':1:1: ', message: 'file is not valid UTF-8: byte 0xFE (`þ` in Latin-1)' },
  { case: 'a list as a key', content: GOOD + '? [a, b]\n: 1\n', where: ':11:3: ', message: 'a key must be a plain name, not a list, mapping, alias or binary' },
  { case: 'two documents', content: GOOD + '---\nname: other\n', where: ':11:1: ', message: 'file holds more than one YAML document', hint: 'remove the `---` separator' },
];

describe('hostile YAML is refused (CLI, exit 2)', () => {
  it.each(CASES)('scenario: $case', async (c) => {
    const f = writeFile(dir, 'scenario.yaml', c.content);
    const r = await runCli(['run', f, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneError(r.stderr);
    const first = r.stderr.split('\n')[0]!;
    expect(first.startsWith(`error: ${f}${c.where}`)).toBe(true);
    expect(first).toContain(c.message);
    if (c.hint) expect(r.stderr).toContain(`\n  hint: ${c.hint}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(CASES.filter((c) => !/ key$|two documents|nesting/.test(c.case)))('model file: $case', async (c) => {
    const m = writeFile(dir, 'model.yaml', c.content);
    const r = await runCli(['flops', m]);
    expect(r.code).toBe(2);
    expectOneError(r.stderr);
    expect(r.stderr.split('\n')[0]).toContain(c.message);
    expect(r.stderr.startsWith(`error: ${m}`)).toBe(true);
  });
});

describe('the user\'s files are never written', () => {
  it('running every bundled scenario, in every format, leaves the copies\' bytes and mtimes unchanged', async () => {
    const copy = tempDir('copies');
    cpSync(SCENARIOS_DIR, copy, { recursive: true });
    const files = bundledScenarios().map((f) => join(copy, f));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const past = new Date('2020-01-02T03:04:05Z');
    for (const f of files) utimesSync(f, past, past);
    const before = new Map(files.map((f) => [f, { bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs }]));
    const listing = readdirSync(copy).sort();
    for (const f of files) {
      for (const format of ['table', 'json', 'csv', 'markdown']) {
        const r = await runCli(['run', f, '--format', format]);
        expect(r.code, `${f} ${format}: ${r.stderr}`).toBe(0);
      }
    }
    const out = join(tempDir('out'), 'all.csv');
    expect((await runCli(['run', ...files, '--format', 'csv', '--out', out])).code).toBe(0);
    for (const f of files) {
      const b = before.get(f)!;
      expect(readFileSync(f).equals(b.bytes), f).toBe(true);
      expect(statSync(f).mtimeMs, f).toBe(b.mtimeMs);
    }
    expect(readdirSync(copy).sort()).toEqual(listing); // nothing created next to them either
  });
});

/**
 * src/cli/load/scenario.ts: the scenarios of one invocation. Hostile sweep 19: two files whose runs carry one name
 * (`d1/s.yaml` and `d2/s.yaml`, both named `s` from the file; or one `name:` in both) printed rows no one could tell
 * apart (the CSV and JSON hold no file), where one file's options of one name are refused; both rows fail on the old code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

const S = (name: string, count: number) => `${name}model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: ${count}, utilization: 0.4}\n`;

function files(a: string, b: string, aName = 's.yaml', bName = 's.yaml'): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-names-'));
  mkdirSync(join(dir, 'd1'));
  mkdirSync(join(dir, 'd2'));
  writeFileSync(join(dir, 'd1', aName), a);
  writeFileSync(join(dir, 'd2', bName), b);
  return [join(dir, 'd1', aName), join(dir, 'd2', bName)];
}

describe('runs of two files with one name', () => {
  it.each([
    ['named from the file', files(S('', 8), S('', 16)), 's'],
    ['one name: in both', files(S('name: same\n', 8), S('name: same\n', 16), 'a.yaml', 'b.yaml'), 'same'],
    // Hostile sweep 22: names told apart as options' are (labelKey): a space after one, or a no-break space, printed
    // alike; fails on the old code.
    ['one name but for a space after it', files(S('name: same\n', 8), S('name: "same "\n', 16), 'a.yaml', 'b.yaml'), 'same '],
    ['one name but for a no-break space', files(S('name: new run\n', 8), S('name: "new\\u00a0run"\n', 16), 'a.yaml', 'b.yaml'), 'new\u00a0run'],
  ])('%s: refused, naming both files', async (_, [a, b], name) => {
    for (const command of ['run', 'report']) {
      const r = await runCli([command, a, b, ...(command === 'report' ? ['--out', join(tmpdir(), 'flopcast-names.md')] : [])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${b}: a run is named \`${name}\`, as one of ${a} is\n  hint: names label the rows: give one file its own name: (a top-level key)\n`);
    }
  });
  it('two names: both run', async () => {
    const [a, b] = files(S('name: one\n', 8), S('name: two\n', 16));
    expect((await runCli(['run', a, b])).code).toBe(0);
  });
});

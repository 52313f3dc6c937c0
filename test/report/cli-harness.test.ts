/** test/report/cli-harness.ts: runCommand runs one invocation, as main.ts does. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from './cli-harness.js';
import { runCommand as run } from '../../src/cli/commands/run.js';

// Hostile sweep 25: the files one runCommand read stayed the inputs of every later one in the worker, which main.ts forgets
// at each invocation; `npm test` failed a report row now and then, a chart refused as an input by a deleted file's inode
// reused. A file an earlier invocation read is no input of the next: the second run writes over it (refused on the old code).
describe('runCommand: each call one invocation', () => {
  it('an earlier call\'s input is no input of the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-harness-'));
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const scenario = 'model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n';
    writeFileSync(a, scenario);
    writeFileSync(b, scenario);
    expect((await runCommand(run, ['run', a])).code).toBe(0);
    const second = await runCommand(run, ['run', b, '--out', a, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(readFileSync(a, 'utf8')).results).toHaveLength(1);
  });
});

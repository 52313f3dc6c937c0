/**
 * ep_comm_overlap under a stack without the switch (perf/stackRules.ts epOverlapOfStackProblem): the zero-bubble fork
 * (sail-sg/zero-bubble-pipeline-parallelism, megatron/training/arguments.py @ 05e4c45) has no
 * --overlap-moe-expert-parallel-comm, which came with Megatron-Core v0.14. It inherited Megatron-Core's switch and ran
 * the overlap as if the fork had it (polish 23); now run, plan and validate FILE refuse it naming the stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../../src/cli/errors.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-ep-overlap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, stringify(value));
  return path;
};

const training = (stack: string, overlap?: boolean) => ({ tokens: '1B', seq_len: 4096, global_batch: 512, precision: 'bf16', stack, ...(overlap === undefined ? {} : { ep_comm_overlap: overlap }) });
const scenario = (stack: string, overlap?: boolean) => ({ model: 'mixtral-8x7b', training: training(stack, overlap), cluster: { gpu: 'h100-sxm', count: 64, utilization: 'auto' } });
const refusal = /stack zero-bubble has no expert-parallel all-to-all overlap \([^)]+\): sail-sg\/zero-bubble-pipeline-parallelism megatron\/training\/arguments\.py @ 05e4c45: _add_moe_args has no --overlap-moe-expert-parallel-comm/;

describe('ep_comm_overlap under the zero-bubble stack', () => {
  it.each([
    ['run, the file\'s switch', () => ['run', file('run.yaml', scenario('zero-bubble', true))], /^error: [^\n]*run\.yaml:\d+:\d+: training\.ep_comm_overlap: /],
    ['plan, the options', () => ['plan', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--stack', 'zero-bubble', '--ep-comm-overlap'], /^error: --ep-comm-overlap: /],
    ['plan FILE --ep-comm-overlap, the file\'s stack', () => ['plan', file('plan-overlap.yaml', scenario('zero-bubble')), '--ep-comm-overlap'], /^error: --ep-comm-overlap: /],
    ['plan FILE --stack, the file\'s switch', () => ['plan', file('plan-stack.yaml', scenario('megatron-core', true)), '--stack', 'zero-bubble'], /^error: --stack: /],
  ])('%s: refused at the key, naming the stack (exit 2)', async (_, args, at) => {
    const r = await runCli(args());
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(at);
    expect(r.stderr).toMatch(refusal);
    expect(r.stderr).toMatch(/\n {2}hint: leave \S+ out, or set \S+ to megatron-core/);
  });

  it('validate FILE: a row asking for it is refused at its key, as a scenario is (scenario/trainingRules.ts, one rule)', async () => {
    const row = { name: 'zb overlap', source: 'ours', model: 'mixtral-8x7b', training: { seq_len: 4096, global_batch: 512, precision: 'bf16', stack: 'zero-bubble', ep_comm_overlap: true }, cluster: { gpu: 'h100-sxm', count: 64 }, reported: { mfu: 0.3 } };
    const r = await runCli(['validate', file('rows.yaml', { rows: [row] })]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^error: [^\n]*rows\.yaml:\d+:\d+: rows\[0\]\.training\.ep_comm_overlap: /);
    expect(r.stderr).toMatch(refusal);
  });

  it('a matrix that puts the switch under the stack is refused at the switch', async () => {
    const s = { ...scenario('megatron-core', true), training: { ...training('megatron-core', true), stack: undefined }, matrix: { 'training.stack': ['megatron-core', 'zero-bubble'] } };
    const r = await runCli(['run', file('matrix.yaml', s)]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(refusal);
  });

  it.each([
    ['zero-bubble without the switch', scenario('zero-bubble', false)],
    ['megatron-core with it', scenario('megatron-core', true)],
  ])('%s: runs', async (name, s) => {
    const r = await runCli(['run', file(`${name}.yaml`, s), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
  });
});

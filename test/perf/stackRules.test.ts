/**
 * Switches a stack may lack (perf/stackRules.ts switchOfStackProblem), under the zero-bubble fork
 * (sail-sg/zero-bubble-pipeline-parallelism, megatron/training/arguments.py @ 05e4c45, _add_moe_args):
 * - ep_comm_overlap: the fork has no --overlap-moe-expert-parallel-comm, which came with Megatron-Core v0.14. It inherited
 *   Megatron-Core's switch and ran the overlap as if the fork had it (polish 23);
 * - moe_dispatcher: deepep: the fork's --moe-token-dispatcher-type offers choices=['allgather', 'alltoall'] (default
 *   'allgather'), no flex dispatcher, --moe-enable-deepep or --moe-flex-dispatcher-backend (DeepEP came to Megatron-Core
 *   v0.12, HybridEP v0.15: NVIDIA/Megatron-LM megatron/core/transformer/moe/README.md). It was modelled as DeepEP's
 *   hierarchical dispatch under the fork.
 * Now run, plan and validate FILE refuse each naming the stack, by one rule (scenario/trainingRules.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../../src/cli/errors.js';
import { runCli } from '../cli/run-cli.js';
import { scenarioError } from '../input/scenarioError.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-stack-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (name: string, value: unknown) => {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, stringify(value));
  return path;
};

const FORK = 'sail-sg\\/zero-bubble-pipeline-parallelism megatron\\/training\\/arguments\\.py @ 05e4c45: _add_moe_args';
const SWITCHES = [
  {
    key: 'ep_comm_overlap', on: true, off: false, flag: ['--ep-comm-overlap'], flagName: '--ep-comm-overlap',
    refusal: new RegExp(`stack zero-bubble has no expert-parallel all-to-all overlap \\([^)]+\\): ${FORK} has no --overlap-moe-expert-parallel-comm`),
  },
  {
    key: 'moe_dispatcher', on: 'deepep', off: 'alltoall', flag: ['--moe-dispatcher', 'deepep'], flagName: '--moe-dispatcher',
    refusal: new RegExp(`stack zero-bubble has no flex token dispatcher for DeepEP or HybridEP \\([^)]+: deepep\\): ${FORK} has no flex dispatcher \\(--moe-token-dispatcher-type allgather or alltoall only\\) nor --moe-enable-deepep or --moe-flex-dispatcher-backend`),
  },
] as const;
type Switch = (typeof SWITCHES)[number];

const training = (stack: string, sw: Switch, value?: boolean | string) => ({ tokens: '1B', seq_len: 4096, global_batch: 512, precision: 'bf16', stack, ...(value === undefined ? {} : { [sw.key]: value }) });
const scenario = (stack: string, sw: Switch, value?: boolean | string) => ({ model: 'mixtral-8x7b', training: training(stack, sw, value), cluster: { gpu: 'h100-sxm', count: 64, utilization: 'auto' } });

describe.each(SWITCHES)('$key under the zero-bubble stack', (sw) => {
  const keyAt = new RegExp(`^error: [^\\n]*\\.yaml:\\d+:\\d+: training\\.${sw.key}: `);
  const flagAt = new RegExp(`^error: ${sw.flagName}: `);
  it.each([
    ['run, the file\'s switch', () => ['run', file('run.yaml', scenario('zero-bubble', sw, sw.on))], keyAt],
    ['plan, the options', () => ['plan', '--model', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--stack', 'zero-bubble', ...sw.flag], flagAt],
    ['plan FILE with the option, the file\'s stack', () => ['plan', file('plan-switch.yaml', scenario('zero-bubble', sw)), ...sw.flag], flagAt],
    ['plan FILE --stack, the file\'s switch', () => ['plan', file('plan-stack.yaml', scenario('megatron-core', sw, sw.on)), '--stack', 'zero-bubble'], /^error: --stack: /],
  ])('%s: refused at the key, naming the stack (exit 2)', async (_, args, at) => {
    const r = await runCli(args());
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(at);
    expect(r.stderr).toMatch(sw.refusal);
    expect(r.stderr).toMatch(/\n {2}hint: leave \S+ out, or set \S+ to megatron-core/);
  });

  it('validate FILE: a row asking for it is refused at its key, as a scenario is (scenario/trainingRules.ts, one rule)', async () => {
    const row = { name: 'zb switch', source: 'ours', model: 'mixtral-8x7b', training: { seq_len: 4096, global_batch: 512, precision: 'bf16', stack: 'zero-bubble', [sw.key]: sw.on }, cluster: { gpu: 'h100-sxm', count: 64 }, reported: { mfu: 0.3 } };
    const r = await runCli(['validate', file('rows.yaml', { rows: [row] })]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(new RegExp(`^error: [^\\n]*rows\\.yaml:\\d+:\\d+: rows\\[0\\]\\.training\\.${sw.key}: `));
    expect(r.stderr).toMatch(sw.refusal);
  });

  // Polish 29: the matrix's combination under the stack is infeasible, refused at the switch (it stopped the file, exit 2),
  // as a stack without a schedule the run fixes is (the layout rule stack-schedule); the other combination runs.
  it('a matrix that puts the switch under the stack: that combination infeasible, refused at the switch', async () => {
    const s = { ...scenario('megatron-core', sw, sw.on), training: { ...training('megatron-core', sw, sw.on), stack: undefined }, matrix: { 'training.stack': ['megatron-core', 'zero-bubble'] } };
    const r = await runCli(['run', file('matrix.yaml', s), '--json']);
    expect(r.code).toBe(EXIT.ok);
    const out = JSON.parse(r.stdout) as { results: { name: string }[]; infeasible: { name: string; error: string }[] };
    expect(out.results.map((x) => x.name)).toEqual([expect.stringMatching(/\[stack=megatron-core\]$/)]);
    expect(out.infeasible.map((x) => x.name)).toEqual([expect.stringMatching(/\[stack=zero-bubble\]$/)]);
    expect(out.infeasible[0]!.error).toMatch(new RegExp(`\\.yaml:\\d+:\\d+: training\\.${sw.key}: `));
    expect(out.infeasible[0]!.error).toMatch(sw.refusal);
  });

  it.each([
    ['zero-bubble without it', () => scenario('zero-bubble', sw, sw.off)],
    ['megatron-core with it', () => scenario('megatron-core', sw, sw.on)],
  ])('%s: runs', async (name, s) => {
    const r = await runCli(['run', file(`${name}.yaml`, s()), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
  });
});

/**
 * A sharding written where a stack goes (perf/stackRules.ts shardingAsStackHint): `stack: fsdp`, `zero3`, `deepspeed-zero3`
 * had no hint (hostile sweep 29), `megatron` alone one. The stacks that run ZeRO-3 (and ZeRO-1) are stackProfiles.ts's
 * can.zeroStages, listed here by hand: every stack but megatron-lm-2021 (no distributed optimizer in 2021) and hai-llm
 * (DeepSeek-V3 §3.2: ZeRO-1) runs ZeRO-3; megatron-core, zero-bubble, deepspeed and hai-llm ZeRO-1. One rule for a
 * scenario's training.stack and plan's --stack (and the library's `stack`).
 */
describe('a sharding written as a stack is told how to write it', () => {
  const ZERO3 = 'megatron-core, zero-bubble, deepspeed, torchtitan, olmo-core, llm-foundry, llm-foundry-2023 or maxtext';
  const scenarioText = (stack: string) => `model: gpt2\ntraining: {tokens: 1B, global_batch: 512, stack: ${stack}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`;
  it.each([
    { stack: 'fsdp', file: `\`fsdp\` is a sharding (ZeRO-3), not a stack: write cluster.parallelism.zero_stage: 3, under a stack that runs it (${ZERO3})`, flag: `\`fsdp\` is a sharding (ZeRO-3), not a stack: write --zero 3, under a stack that runs it (${ZERO3})` },
    { stack: 'zero3', file: `\`zero3\` is a sharding (ZeRO-3), not a stack: write cluster.parallelism.zero_stage: 3, under a stack that runs it (${ZERO3})`, flag: `\`zero3\` is a sharding (ZeRO-3), not a stack: write --zero 3, under a stack that runs it (${ZERO3})` },
    { stack: 'ZeRO-1', file: '`ZeRO-1` is a sharding (ZeRO-1), not a stack: write cluster.parallelism.zero_stage: 1, under a stack that runs it (megatron-core, zero-bubble, deepspeed or hai-llm)', flag: '`ZeRO-1` is a sharding (ZeRO-1), not a stack: write --zero 1, under a stack that runs it (megatron-core, zero-bubble, deepspeed or hai-llm)' },
    { stack: 'deepspeed-zero3', file: '`deepspeed-zero3` is a stack and a ZeRO stage: write training.stack: deepspeed and cluster.parallelism.zero_stage: 3', flag: '`deepspeed-zero3` is a stack and a ZeRO stage: write --stack deepspeed and --zero 3' },
    { stack: 'hai-llm-zero3', file: `\`hai-llm-zero3\` is a stack and a ZeRO stage: write training.stack: hai-llm and cluster.parallelism.zero_stage: 3 (hai-llm runs no ZeRO-3; ${ZERO3.replace(' or ', ' and ')} do)`, flag: `\`hai-llm-zero3\` is a stack and a ZeRO stage: write --stack hai-llm and --zero 3 (hai-llm runs no ZeRO-3; ${ZERO3.replace(' or ', ' and ')} do)` },
    // not a sharding: the near spelling, as before
    { stack: 'megatron', file: 'did you mean `megatron-core` or `megatron-lm-2021`?', flag: 'did you mean `megatron-core` or `megatron-lm-2021`?' },
  ])('stack $stack', async ({ stack, file: fileHint, flag }) => {
    const e = scenarioError(scenarioText(stack));
    expect(e).toMatch(/^s\.yaml:2:\d+: training\.stack: expected one of `megatron-core`, .*`hai-llm`, found /);
    expect(e.split('\n  hint: ')[1]).toBe(fileHint);
    const r = await runCli(['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--stack', stack]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`error: --stack: unknown stack "${stack}"; known stacks: megatron-core, zero-bubble, megatron-lm-2021, deepspeed, torchtitan, olmo-core, llm-foundry, llm-foundry-2023, maxtext, hai-llm\n  hint: ${flag}\n`);
  });
});

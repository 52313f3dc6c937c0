/**
 * The library's plan options that configure MoE layers (src/library/planQuery.ts MOE_QUERY_OPTIONS): on a model
 * without experts they are refused at their name, as ep and etp are (perf/degreeRules.ts ep-dense).
 * `plan --model gpt2 --moe-max-nodes 2` (and --moe-capacity-factor, --moe-dispatcher, --moe-balance,
 * --moe-capacity-padding, --ep-comm-overlap) planned GPT-2 with the option dropped, exit 0.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

const DENSE = { model: 'gpt2', gpu: 'h100-sxm', count: 8, globalBatch: 8, top: 1 } as const;
const MOE = { model: 'mixtral-8x7b', gpu: 'h100-sxm', count: 64, globalBatch: 256, seqLen: 4096, tp: 1, pp: 1, dp: 64, ep: 8, microBatch: 1, zero: 1 as const, recompute: 'full' as const, top: 1 };

describe('MoE options on a model without experts', () => {
  it.each([
    ['moeMaxNodes', 2],
    ['moeCapacityFactor', 1.25],
    ['moeDispatcher', 'deepep'],
    ['moeBalance', 'forced'],
    ['moeCapacityPadding', true],
    ['epCommOverlap', true],
  ] as const)('%s is refused at its name', (option, value) => {
    const e = thrownInputError(() => plan({ ...DENSE, [option]: value }));
    expect(e.details.keyPath).toBe(option);
    expect(e.message).toBe(`${option} configures MoE layers, but GPT-2 (124M) has no experts`);
  });
  it('turning one off asks nothing of the model', () => {
    expect(plan({ ...DENSE, epCommOverlap: false, moeCapacityPadding: false }).best).toHaveLength(1);
  });
  it('on an MoE model each is read', () => {
    expect(plan({ ...MOE, moeBalance: 'forced', moeMaxNodes: 2 }).moe).toMatchObject({ balance: 'forced', max_nodes: 2 });
  });
  it('the command line names the flag', async () => {
    const r = await runCli(['plan', '--model', 'gpt2', '--gpu', 'h100-sxm', '--count', '8', '--global-batch', '8', '--moe-max-nodes', '2']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('error: --moe-max-nodes: --moe-max-nodes configures MoE layers, but GPT-2 (124M) has no experts\n  hint: leave --moe-max-nodes out, or plan an MoE model\n');
  });
});

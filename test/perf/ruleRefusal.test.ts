/**
 * A search whose fixed fields leave no layout the rules allow (src/perf/ruleRefusal.ts): the rules that refused them,
 * the stack where its rules are the cause, and what to change, in plan's report and in run's error alike.
 * Sweep 32: `plan --stack deepspeed --cp 16` on Llama 3 8B ended "no layout fits with cp=16" / "relax the fixed
 * parallelism fields", the rule named only in the skipped line. DeepSpeed-Ulysses (deepspeed's cp_comm_type a2a,
 * stackProfiles.ts) scatters a tp rank's heads over cp: Llama 3.1 8B's 8 key/value heads (its config.json) do not divide
 * by 16, which the ring (p2p, no stack's default) does not ask. The stack rows fail on the old code.
 */
import { describe, expect, it } from 'vitest';
import { planFor } from '../../src/perf/index.js';
import { noLayoutWhy } from '../../src/perf/render.js';
import { predict } from '../../src/perf/predict.js';
import { loadModel } from '../../src/cli/load/model.js';
import { thrownInputError } from '../helpers.js';
import { loadProfile } from './helpers.js';
import type { CpCommType } from '../../src/perf/cpComm.js';
import type { StackId } from '../../src/perf/stack.js';

const h100 = loadProfile('h100-sxm');
const A2A_RULE = 'the a2a group of cp_comm_type does not divide the heads of a tensor-parallel rank (';
const ULYSSES_HINT = 'use cp (or its a2a group) dividing the 32 heads and 8 key/value heads of a tp rank (stack deepspeed runs no cp_comm_type p2p), or set training.stack to another stack';

describe('every layout with the fixed fields refused by the rules', () => {
  it.each([
    { name: 'deepspeed, cp 16: the stack, its rule and what to change', stack: 'deepspeed' as StackId, cpCommType: undefined, under: ' under stack deepspeed', hint: ULYSSES_HINT, stackOf: 'deepspeed' },
    // The user's own a2a, no stack: the rule named, the fixed field to relax (no stack to blame).
    { name: 'cp_comm_type a2a given, no stack: the rule, and the field to relax', stack: undefined, cpCommType: 'a2a' as CpCommType, under: '', hint: 'relax the fixed parallelism fields', stackOf: null },
    // megatron-core runs the ring: the same cp with its a2a given is not the stack's doing.
    { name: 'megatron-core with cp_comm_type a2a given: not the stack\'s', stack: 'megatron-core' as StackId, cpCommType: 'a2a' as CpCommType, under: '', hint: 'relax the fixed parallelism fields', stackOf: null },
  ])('$name', ({ stack, cpCommType, under, hint, stackOf }) => {
    const o = { seqLen: 8192, globalBatchSequences: 512, gpuCount: 64, partialLayout: { cp: 16 }, ...(stack ? { stack } : {}), ...(cpCommType ? { cpCommType } : {}) };
    const arch = loadModel('llama-3.1-8b');
    // plan: the report's why and its hint.
    const r = planFor({ arch, hw: h100, ...o });
    expect(r.best).toEqual([]);
    const why = noLayoutWhy(r)!;
    expect(why.message.startsWith(`no layout fits with cp=16${under}: the layout rules refuse every one: ${A2A_RULE}`)).toBe(true);
    expect(why.hint).toBe(hint);
    expect(r.refusal?.stack).toBe(stackOf);
    // run: the same hint, the stack named where it is the cause.
    const e = thrownInputError(() => predict(arch, h100, o));
    expect(e.message).toContain(`with cp=16${under} can run: ${A2A_RULE}`);
    expect(e.details.hint).toBe(hint);
  });
});

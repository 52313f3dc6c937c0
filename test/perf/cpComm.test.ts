/**
 * Context parallelism's communication types (src/perf/cpComm.ts): each type's collectives against hand counts of the
 * tensors Transformer Engine moves (context_parallel.py) and DeepSpeed-Ulysses' volume (Jacobs et al. 2023,
 * arXiv:2309.14509 §3.2: all-to-alls of aggregate size 3Nh (Q, K, V) and Nh (the output) per layer forward, each
 * moving M(P − 1)/P² per link: 4Nh·μ/P with μ = (P − 1)/P);
 * what is exposed; the validity rules; the stacks' default; the scenario keys' refusals.
 */
import { describe, expect, it } from 'vitest';
import { activationBytesPerLayer, attentionWidths } from '../../src/perf/activations.js';
import { cpCollectives, cpExposedSeconds, type CpComm } from '../../src/perf/cpComm.js';
import { runContext } from '../../src/perf/evaluate.js';
import { checkLayout } from '../../src/perf/layoutCheck.js';
import type { Network } from '../../src/perf/network.js';
import { plan } from '../../src/perf/plan.js';
import { STACK_IDS } from '../../src/perf/stack.js';
import { STACKS } from '../../src/perf/stackProfiles.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { validationSchemas } from '../../src/perf/validateSchema.js';
import { arch, dsv3Mtp, layout, loadProfile } from './helpers.js';
import { runCli } from '../cli/run-cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Llama-3-8B-shaped model: 32 heads and 8 key/value heads of 128 (GQA). */
const gqa = arch({ layers: 32, d_model: 4096, heads: 32, kv_heads: 8, d_ff: 14336, ffn: 'swiglu', vocab: 128256, seq_len: 8192, position: 'rotary', norm: 'rmsnorm', bias: false }, 'gqa-8b');
/** Multi-head attention (h = 32·128 = 4096), for the Ulysses paper's MHA count. */
const mha = arch({ layers: 32, d_model: 4096, heads: 32, d_ff: 16384, vocab: 50257, seq_len: 8192 }, 'mha');
/** A Llama-3-70B-shaped model: 64 heads, 8 key/value heads. */
const gqa70 = arch({ layers: 80, d_model: 8192, heads: 64, kv_heads: 8, d_ff: 28672, ffn: 'swiglu', vocab: 128256, seq_len: 8192, position: 'rotary', norm: 'rmsnorm', bias: false }, 'gqa-70b');

const s = 8192;
const shape = { tp: 2, cp: 4, microBatch: 1, seqLen: s };
const w = attentionWidths(gqa);
// Hand counts, in bytes (16-bit values). One tp rank of 2 holds 16 query heads and 4 key/value heads of 128.
const KV_FULL = 2 * s * (4 * 128) * 2; // K and V of the whole sequence, 4 heads: 16,777,216
const QKV_LOCAL = (s / 4) * (16 + 4 + 4) * 128 * 2; // Q, K, V of the rank's s/cp tokens: 12,582,912
const O_LOCAL = (s / 4) * 16 * 128 * 2; // the core's output, s/cp tokens: 8,388,608

describe('the collectives of each cp_comm_type (one layer, forward)', () => {
  const cases: [string, CpComm, { kind: string; bytes: number; n: number; stride: number; hidden: boolean }[]][] = [
    ['p2p: the whole sequence\'s K/V round a ring of cp, under the core', { type: 'p2p' }, [{ kind: 'ring', bytes: KV_FULL, n: 4, stride: 2, hidden: true }]],
    ['all_gather: the same K/V gathered, exposed', { type: 'all_gather' }, [{ kind: 'all-gather', bytes: KV_FULL, n: 4, stride: 2, hidden: false }]],
    ['a2a: Q, K, V and the output all-to-all over cp, exposed', { type: 'a2a' }, [
      { kind: 'all-to-all', bytes: QKV_LOCAL, n: 4, stride: 2, hidden: false },
      { kind: 'all-to-all', bytes: O_LOCAL, n: 4, stride: 2, hidden: false },
    ]],
    ['a2a+p2p [2, 2]: a2a over 2 consecutive cp ranks, then the ring of 2 on half the heads', { type: 'a2a+p2p', hierarchical: [2, 2] }, [
      { kind: 'all-to-all', bytes: QKV_LOCAL, n: 2, stride: 2, hidden: false },
      { kind: 'all-to-all', bytes: O_LOCAL, n: 2, stride: 2, hidden: false },
      { kind: 'ring', bytes: KV_FULL / 2, n: 2, stride: 4, hidden: true },
    ]],
    ['a2a+p2p [4, 1]: no ring left, a2a alone (TE falls back to a2a)', { type: 'a2a+p2p', hierarchical: [4, 1] }, [
      { kind: 'all-to-all', bytes: QKV_LOCAL, n: 4, stride: 2, hidden: false },
      { kind: 'all-to-all', bytes: O_LOCAL, n: 4, stride: 2, hidden: false },
    ]],
  ];
  it.each(cases)('%s', (_, c, want) => {
    expect(cpCollectives(gqa, w, shape, c)).toEqual(want);
  });

  it('nothing at cp 1, whatever the type', () => {
    for (const type of ['p2p', 'all_gather', 'a2a'] as const) expect(cpCollectives(gqa, w, { ...shape, cp: 1 }, { type })).toEqual([]);
  });

  it('a2a sends DeepSpeed-Ulysses\' volume per rank: 4Nh·μ/P values, μ = (P − 1)/P (MHA)', () => {
    const P = 8;
    const N = s; // tokens of one sequence (micro-batch 1)
    const h = 4096;
    const sent = cpCollectives(mha, attentionWidths(mha), { tp: 1, cp: P, microBatch: 1, seqLen: s }, { type: 'a2a' })
      .reduce((a, k) => a + ((k.n - 1) / k.n) * k.bytes, 0);
    expect(sent).toBeCloseTo(((P - 1) / P) * ((4 * N * h) / P) * 2, 0);
  });

  it('MLA: the keys are per head after the up-projection, so K/V are the query heads\' width', () => {
    const m = dsv3Mtp.mla!;
    const [ring] = cpCollectives(dsv3Mtp, attentionWidths(dsv3Mtp), { tp: 8, cp: 2, microBatch: 1, seqLen: 4096 }, { type: 'p2p' });
    expect(ring!.bytes).toBe(4096 * (128 / 8) * (m.qkNopeHeadDim + m.qkRopeHeadDim + m.vHeadDim) * 2);
  });
});

describe('what each type leaves exposed', () => {
  const B = 100e9;
  const up = { bandwidthBytesPerSecond: B, latencySeconds: 0 };
  const out = { bandwidthBytesPerSecond: B / 10, latencySeconds: 0 };
  const net: Network = { domainSize: 8, scaleUp: up, scaleOut: out };
  // Forward volumes a layer moves: the ring and the all-gather 1 forward + 2 backward (K/V and dK/dV; a gather and a
  // reduce-scatter), the all-to-alls 1 + 1 (Transformer Engine's AttnFuncWithCPAndQKVOA2A.backward all-to-alls dout, then
  // [dq, dk, dv]: the forward's out and q, k, v), and each 1 more under full recomputation.
  const ring = 3 * (3 / 4) * KV_FULL / B;
  const a2a = 2 * (3 / 4) * (QKV_LOCAL + O_LOCAL) / B;

  it.each([
    ['p2p under a longer core: nothing', { type: 'p2p' } as CpComm, false, 1, 0],
    ['p2p under a shorter core: the excess', { type: 'p2p' } as CpComm, false, ring / 2, ring / 2],
    ['all_gather: all of it, whatever the core', { type: 'all_gather' } as CpComm, false, 1, ring],
    ['all_gather, full recomputation: a fourth forward volume', { type: 'all_gather' } as CpComm, true, 1, (ring * 4) / 3],
    ['a2a: both all-to-alls forward and backward, the same bytes each way', { type: 'a2a' } as CpComm, false, 1, a2a],
    ['a2a, full recomputation: the forward\'s again', { type: 'a2a' } as CpComm, true, 1, (a2a * 3) / 2],
  ])('%s', (_, c, full, core, want) => {
    expect(cpExposedSeconds(gqa, w, net, shape, c, full, core)).toBeCloseTo(want, 12);
  });

  it('a group reaching past the scale-up domain (tp·cp > 8) runs on the scale-out link', () => {
    const wide = { ...shape, tp: 4 }; // cp 4 over ranks 4 apart: 16 GPUs
    const bytes = cpCollectives(gqa, w, wide, { type: 'all_gather' })[0]!.bytes;
    expect(cpExposedSeconds(gqa, w, net, wide, { type: 'all_gather' }, false, 0)).toBeCloseTo(3 * (3 / 4) * bytes / (B / 10), 12);
  });

  it('a2a+p2p keeps its a2a inside the domain and only the ring crosses it', () => {
    const c: CpComm = { type: 'a2a+p2p', hierarchical: [4, 2] };
    const x = { tp: 2, cp: 8, microBatch: 1, seqLen: s };
    const [qkv, o, r] = cpCollectives(gqa, w, x, c);
    // a2a over 4 ranks 2 apart: 8 GPUs, NVLink; the ring of 2 spaced 8 apart: scale-out, hidden under a core of 1 s.
    expect(cpExposedSeconds(gqa, w, net, x, c, false, 1)).toBeCloseTo(2 * (3 / 4) * (qkv!.bytes + o!.bytes) / B, 12);
    expect(cpExposedSeconds(gqa, w, net, x, c, false, 0)).toBeCloseTo(2 * (3 / 4) * (qkv!.bytes + o!.bytes) / B + 3 * (1 / 2) * r!.bytes / (B / 10), 12);
  });
});

describe('all_gather holds the gathered K/V', () => {
  it('2 × the whole sequence\'s K/V of a tp rank (k_ag, v_ag and dk, dv in the backward), beside the stored activations', () => {
    const l = layout({ tp: 2, cp: 4 });
    const base = { seqLen: s, microBatch: 1, flashAttention: true };
    const p2p = activationBytesPerLayer(gqa, l, base);
    const ag = activationBytesPerLayer(gqa, l, { ...base, cpComm: { type: 'all_gather' } });
    expect(p2p.transient).toBe(0);
    expect(ag.transient).toBe(2 * KV_FULL);
    expect(ag.stored).toBe(p2p.stored);
    expect(activationBytesPerLayer(gqa, l, { ...base, cpComm: { type: 'a2a' } }).stored).toBe(p2p.stored);
  });
});

describe('layout rules of cp_comm_type', () => {
  const check = (a: typeof gqa, l: Parameters<typeof layout>[0], cpComm: CpComm, n: number) => checkLayout(a, n, 64, layout(l), { seqLen: 8192, cpComm }).map((i) => i.rule);
  it.each([
    ['a2a: 16 heads and 4 key/value heads of a tp rank over cp 4', gqa, { tp: 2, cp: 4, dp: 1 }, { type: 'a2a' } as CpComm, 8, []],
    ['a2a: 4 key/value heads do not split over cp 8', gqa, { tp: 2, cp: 8 }, { type: 'a2a' } as CpComm, 16, ['cp-a2a-heads']],
    ['a2a: tp 8 leaves the 70B one key/value head a rank, cp 2 cannot split it', gqa70, { tp: 8, cp: 2 }, { type: 'a2a' } as CpComm, 16, ['cp-a2a-heads']],
    ['a2a: tp 16 replicates the 70B key/value heads (1 a rank)', gqa70, { tp: 16, cp: 2 }, { type: 'a2a' } as CpComm, 32, ['cp-a2a-heads']],
    ['p2p: the same layout runs', gqa70, { tp: 8, cp: 2 }, { type: 'p2p' } as CpComm, 16, []],
    ['MLA: 16 heads a tp rank over cp 16', dsv3Mtp, { tp: 8, cp: 16 }, { type: 'a2a' } as CpComm, 128, []],
    ['MLA: not over cp 32', dsv3Mtp, { tp: 8, cp: 32 }, { type: 'a2a' } as CpComm, 256, ['cp-a2a-heads']],
    ['a2a+p2p: the a2a group of 8 does not divide 4 key/value heads', gqa, { tp: 2, cp: 16 }, { type: 'a2a+p2p', hierarchical: [8, 2] } as CpComm, 32, ['cp-a2a-heads']],
    ['a2a+p2p: [4, 2] is cp 8, not 4', gqa, { tp: 2, cp: 4 }, { type: 'a2a+p2p', hierarchical: [4, 2] } as CpComm, 8, ['cp-hierarchical']],
    ['a2a+p2p: [4, 2] at cp 8', gqa, { tp: 2, cp: 8 }, { type: 'a2a+p2p', hierarchical: [4, 2] } as CpComm, 16, []],
  ])('%s', (_, a, l, c, n, want) => {
    expect(check(a, l, c, n)).toEqual(want);
  });

  it('the planner searches only the cp an a2a group can split (and says why the others were skipped)', () => {
    const ctx = runContext(gqa, loadProfile('h100-sxm'), { globalBatchSequences: 64, gpuCount: 64, seqLen: 8192, stack: 'megatron-core', cpCommType: 'a2a' });
    const r = plan(ctx, { tp: 2 }, { top: 50 });
    expect(r.best.length).toBeGreaterThan(0);
    for (const e of r.best) expect(4 % e.layout.cp).toBe(0);
    expect(Object.keys(r.skipped).some((k) => k.includes('a2a'))).toBe(true);
  });
});

// Each stack's default, as its own source states it: MaxText's context_parallel_strategy defaults to "all_gather"
// (configs/base.yml, configs/types.py); Megatron-LM's --cp-comm-type to ["p2p"]; the rest run the ring or no cp.
// deepspeed: DeepSpeed-Ulysses, all-to-alls only (deepspeed/sequence/layer.py; newuser32).
const CP_DEFAULT: Partial<Record<(typeof STACK_IDS)[number], string>> = { maxtext: 'all_gather', deepspeed: 'a2a' };
describe('the default: the stack\'s (the ring but where a stack\'s source says otherwise)', () => {
  it.each(STACK_IDS.map((id) => [id]))('%s', (id) => {
    const type = CP_DEFAULT[id] ?? 'p2p';
    expect(STACKS[id].defaults.cpCommType.value).toBe(type);
    const ctx = runContext(gqa, loadProfile('h100-sxm'), { globalBatchSequences: 64, gpuCount: 64, stack: id });
    expect(ctx.cpComm).toEqual({ type });
  });
  it('maxtext cites its context_parallel_strategy default', () => {
    expect(STACKS.maxtext.defaults.cpCommType.source).toContain('context_parallel_strategy defaults to "all_gather"');
  });
  it('megatron-core cites Megatron-LM\'s --cp-comm-type default', () => {
    expect(STACKS['megatron-core'].defaults.cpCommType.source).toContain('--cp-comm-type default ["p2p"]');
  });
  it('a run\'s own type overrides the stack\'s', () => {
    const ctx = runContext(gqa, loadProfile('h100-sxm'), { globalBatchSequences: 64, gpuCount: 64, stack: 'megatron-core', cpCommType: 'a2a+p2p', cpHierarchical: [2, 2] });
    expect(ctx.cpComm).toEqual({ type: 'a2a+p2p', hierarchical: [2, 2] });
  });
});

describe('the scenario keys (one schema for scenarios and validation rows)', () => {
  const scenario = (parallelism: Record<string, unknown>) => ({
    model: 'llama-3.1-8b', training: { tokens: '1B', global_batch: 64 }, cluster: { gpu: 'h100-sxm', count: 64, utilization: 'auto', parallelism },
  });
  const row = (parallelism: Record<string, unknown>) => ({
    name: 'r', source: 's', model: 'llama-3.1-8b', training: { stack: 'megatron-core', global_batch: 64 }, cluster: { gpu: 'h100-sxm', count: 64, parallelism }, reported: { mfu: 0.4 },
  });
  it.each([
    ['a2a+p2p without its sizes', { cp: 4, cp_comm_type: 'a2a+p2p' }, 'cp_comm_type', 'needs hierarchical_context_parallel_sizes'],
    ['sizes without a2a+p2p', { cp: 4, cp_comm_type: 'a2a', hierarchical_context_parallel_sizes: [2, 2] }, 'hierarchical_context_parallel_sizes', 'are the group sizes of cp_comm_type a2a+p2p'],
    ['sizes under the stack\'s type', { cp: 4, hierarchical_context_parallel_sizes: [2, 2] }, 'hierarchical_context_parallel_sizes', "the stack's default"],
    ['three sizes', { cp: 8, cp_comm_type: 'a2a+p2p', hierarchical_context_parallel_sizes: [2, 2, 2] }, 'hierarchical_context_parallel_sizes', ''],
    ['an unknown type', { cp: 4, cp_comm_type: 'ring' }, 'cp_comm_type', ''],
  ])('refuses %s', (_, par, key, text) => {
    for (const [schema, value, path] of [[ScenarioSchema, scenario(par), ['cluster', 'parallelism', key]], [validationSchemas().row, row(par), ['cluster', 'parallelism', key]]] as const) {
      const r = schema.safeParse(value);
      expect(r.success).toBe(false);
      const issue = r.error!.issues.find((i) => i.path.join('.') === path.join('.'));
      expect(issue, JSON.stringify(r.error!.issues)).toBeDefined();
      expect(issue!.message).toContain(text);
    }
  });
  it('takes each type, and a2a+p2p with two sizes', () => {
    for (const t of ['p2p', 'all_gather', 'a2a']) expect(ScenarioSchema.safeParse(scenario({ cp: 4, cp_comm_type: t })).success).toBe(true);
    expect(ScenarioSchema.safeParse(scenario({ cp: 4, cp_comm_type: 'a2a+p2p', hierarchical_context_parallel_sizes: [2, 2] })).success).toBe(true);
  });
});

describe('plan --cp-comm-type', () => {
  const base = ['plan', '--model', 'llama-3.1-70b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '64', '--seq-len', '32768', '--top', '1'];
  it('refuses a2a where a tp rank\'s key/value heads do not split over cp, naming the rule\'s cause and the way out (exit 2)', async () => {
    const r = await runCli([...base, '--tp', '8', '--cp', '2', '--cp-comm-type', 'a2a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cp');
    expect(r.stderr).toContain('1 key/value head over cp = 2');
    expect(r.stderr).toContain('--cp-comm-type p2p');
  });
  it('refuses a2a+p2p without --hierarchical-cp-sizes at the flag', async () => {
    const r = await runCli([...base, '--tp', '2', '--cp', '4', '--cp-comm-type', 'a2a+p2p']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--hierarchical-cp-sizes');
  });
  // A file of a2a+p2p with its sizes, given its own type again: the sizes stay (hostile sweep 26: refused as 'it needs
  // hierarchical_context_parallel_sizes', the file's dropped with the type the flag replaced); a type of its own drops them.
  it('plan FILE --cp-comm-type a2a+p2p over the file\'s a2a+p2p keeps the file\'s sizes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cpcomm-')), 'f.yaml');
    writeFileSync(file, 'model: llama-3.1-70b\ntraining: {tokens: 1T, global_batch: 64, seq_len: 32768}\ncluster:\n  gpu: h100-sxm\n  count: 64\n  utilization: auto\n  parallelism: {tp: 2, cp: 4, cp_comm_type: a2a+p2p, hierarchical_context_parallel_sizes: [2, 2]}\n');
    const planned = async (...a: string[]) => runCli(['plan', file, '--top', '1', '--json', ...a]);
    const [own, again, other] = [await planned(), await planned('--cp-comm-type', 'a2a+p2p'), await planned('--cp-comm-type', 'p2p')];
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(own.stdout);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).not.toBe(own.stdout);
  }, 60_000);
  it('all_gather exposes what the ring hid: the same layout, a longer step', async () => {
    const step = async (t: string) => JSON.parse((await runCli([...base, '--tp', '2', '--cp', '4', '--pp', '1', '--micro-batch', '1', '--recompute', 'full', '--cp-comm-type', t, '--json'])).stdout).best[0].prediction.comm.context_parallel as number;
    const [p2p, ag] = [await step('p2p'), await step('all_gather')];
    expect(ag).toBeGreaterThan(p2p);
  });
});

// Transformer Engine's context-parallel attention (context_parallel.py attn_forward_func_with_cp) asserts the
// cp_comm_type for sliding-window layers (a2a or all_gather) and for learned softmax sinks (a2a only); Megatron-Core
// runs it. GPT-OSS-20B's shape (config.json: 24 layers, 64 heads, 8 key/value heads, window 128 on every other layer, sinks).
describe('cp_comm_type with sliding windows and sinks (Transformer Engine, megatron-core)', () => {
  const base = { layers: 24, d_model: 2880, heads: 64, kv_heads: 8, d_head: 64, d_ff: 2880, ffn: 'swiglu', vocab: 201088, seq_len: 8192, position: 'rotary', norm: 'rmsnorm', bias: false } as const;
  const window = { sliding_window: 128, layer_types: ['sliding_attention', 'full_attention'] as ('sliding_attention' | 'full_attention')[] };
  const swa = arch({ ...base, ...window }, 'swa');
  const sinks = arch({ ...base, attention_sinks: true }, 'sinks');
  const both = arch({ ...base, ...window, attention_sinks: true }, 'gpt-oss-shape');
  const mc = STACKS['megatron-core'];
  const check = (a: typeof gqa, cp: number, cpComm: CpComm, stack = mc) =>
    checkLayout(a, 8 * cp, 64, layout({ tp: 1, cp, dp: 8 }), { seqLen: 8192, cpComm, stack }).map((i) => i.rule).filter((r) => r.startsWith('stack-cp'));
  it.each([
    ['sliding window, p2p: refused', swa, 2, { type: 'p2p' }, ['stack-cp-sliding-window']],
    ['sliding window, a2a+p2p [1, 2] runs as p2p: refused', swa, 2, { type: 'a2a+p2p', hierarchical: [1, 2] }, ['stack-cp-sliding-window']],
    ['sliding window, a2a+p2p [2, 2]: refused', swa, 4, { type: 'a2a+p2p', hierarchical: [2, 2] }, ['stack-cp-sliding-window']],
    ['sliding window, a2a+p2p [2, 1] runs as a2a', swa, 2, { type: 'a2a+p2p', hierarchical: [2, 1] }, []],
    ['sliding window, a2a', swa, 2, { type: 'a2a' }, []],
    ['sliding window, all_gather', swa, 2, { type: 'all_gather' }, []],
    ['sliding window, cp 1: nothing to refuse', swa, 1, { type: 'p2p' }, []],
    ['sinks, all_gather: refused', sinks, 2, { type: 'all_gather' }, ['stack-cp-sinks']],
    ['sinks, a2a', sinks, 2, { type: 'a2a' }, []],
    ['GPT-OSS shape, p2p: both', both, 2, { type: 'p2p' }, ['stack-cp-sliding-window', 'stack-cp-sinks']],
    ['GPT-OSS shape, a2a', both, 2, { type: 'a2a' }, []],
    ['no window, no sinks, p2p', gqa, 2, { type: 'p2p' }, []],
  ] as const)('%s', (_, a, cp, c, want) => {
    expect(check(a, cp, c as CpComm)).toEqual(want);
  });
  // Each rule's hint names only the types every rule the model meets accepts (hostile sweep 26: GPT-OSS under p2p was
  // told 'set cp_comm_type a2a (or all_gather)', and all_gather is then refused for the sinks).
  it.each([
    ['sliding window alone: a2a or all_gather', swa, { type: 'p2p' }, 'set cp_comm_type a2a (or all_gather), or cp 1'],
    ['sinks alone: a2a', sinks, { type: 'all_gather' }, 'set cp_comm_type a2a, or cp 1'],
    ['GPT-OSS shape (both): a2a alone, in the first rule\'s hint', both, { type: 'p2p' }, 'set cp_comm_type a2a, or cp 1'],
  ] as const)('the hint: %s', (_, a, c, want) => {
    const [issue] = checkLayout(a, 16, 64, layout({ tp: 1, cp: 2, dp: 8 }), { seqLen: 8192, cpComm: c as CpComm, stack: mc });
    expect(issue!.hint).toBe(want);
  });
  it('a stack that states nothing (maxtext) is not checked; nor is a run without a stack', () => {
    expect(check(swa, 2, { type: 'p2p' }, STACKS.maxtext)).toEqual([]);
    expect(checkLayout(swa, 16, 64, layout({ tp: 1, cp: 2, dp: 8 }), { seqLen: 8192, cpComm: { type: 'p2p' } }).map((i) => i.rule)).not.toContain('stack-cp-sliding-window');
  });
  it('the refusal names the rule, the types Transformer Engine accepts and the hint', () => {
    const [issue] = checkLayout(swa, 16, 64, layout({ tp: 1, cp: 2, dp: 8 }), { seqLen: 8192, cpComm: { type: 'p2p' }, stack: mc });
    expect(issue!.rule).toBe('stack-cp-sliding-window');
    expect(issue!.message).toContain('only with cp_comm_type a2a or all_gather');
    expect(issue!.message).toContain('cannot support sliding window');
    expect(issue!.hint).toContain('cp_comm_type a2a');
  });
});

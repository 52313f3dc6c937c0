import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidation } from '../cliLoad.js';
import { fromHfConfig } from '../helpers.js';
import { countParams } from '../../src/model/params.js';
import { ModelSchema, toArchitecture, type ModelInput } from '../../src/model/schema.js';
import { runCli } from '../cli/run-cli.js';

/** nvidia/Nemotron-H-8B-Base-8K's config.json (test/fixtures/hf/README.md says where it is from). */
const NEMOTRON_H_8B_CONFIG: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hf', 'nemotron-h-8b-base-8k.json'), 'utf8'));

/** A small hybrid written out by hand: every count below is worked from these numbers. */
const TINY: ModelInput = {
  layers: 4, d_model: 16, heads: 2, kv_heads: 1, d_ff: 32, vocab: 100, seq_len: 64, norm: 'rmsnorm', ffn: 'gelu',
  layer_pattern: 'M*-E', mamba: { heads: 4, head_dim: 8, state_size: 4, groups: 2, conv_kernel: 4, chunk_size: 16 },
  moe: { experts: 4, top_k: 2, d_ff_expert: 8, shared_experts: 1, d_ff_shared: 8, router_bias: true },
};

const arch = (m: ModelInput) => toArchitecture(ModelSchema.parse(m));

describe('Mamba-2 mixer parameters (mamba2.py, modeling_nemotron_h.py)', () => {
  // d_inner = H·P; in_proj d·(2·d_inner + 2·G·N + H); conv (d_inner + 2·G·N)·K + bias; 3·H (dt_bias, A_log, D);
  // gated-norm weight d_inner; out_proj d_inner·d.
  const rows: [string, ModelInput, number][] = [
    // Nemotron-H 8B: in_proj 4096 × (16384 + 2048 + 128) = 4096 × 18,560 = 76,021,760; conv 10,240 × 4 + 10,240 = 51,200;
    // 3 × 128 = 384; norm 8,192; out_proj 8,192 × 4,096 = 33,554,432. Sum 109,635,968.
    ['Nemotron-H 8B', fromHfConfig(NEMOTRON_H_8B_CONFIG, 'config.json'), 109_635_968],
    // TINY: d_inner 32; in_proj 16 × (64 + 16 + 4) = 1,344; conv 48 × 4 + 48 = 240; 12; norm 32; out_proj 512. Sum 2,140.
    ['tiny', TINY, 2_140],
    // the same with biases on in_proj (+84) and out_proj (+16), and no conv bias (−48): 2,192.
    ['tiny, biased projections', { ...TINY, mamba: { ...TINY.mamba!, proj_bias: true, conv_bias: false } }, 2_192],
  ];
  // Read through countParams, as every caller counts them: its mamba component is one mixer a Mamba-2 layer.
  it.each(rows)('%s', (_name, m, expected) => {
    const a = arch(m);
    expect(countParams(a).byComponent.mamba).toBe(a.hybrid!.mamba * expected);
  });
});

describe('whole hybrid models', () => {
  it('Nemotron-H 8B from its config.json: 8,100,852,736, the checkpoint\'s named_parameters() sum', () => {
    // embedding and head 2 × 131,072 × 4,096 = 1,073,741,824; 24 mixers 2,631,263,232; 4 attention blocks
    // 4 × (2 × 4096² + 2 × 4096 × 1024) = 167,772,160; 24 MLPs 24 × 2 × 4096 × 21504 = 4,227,858,432;
    // 53 RMSNorms (one per layer + final) 217,088. Total 8,100,852,736; the public analysis of the
    // checkpoint (see test/model/presets.test.ts) prints the same, component by component.
    const p = countParams(arch(fromHfConfig(NEMOTRON_H_8B_CONFIG, 'config.json')));
    expect(p.byComponent).toMatchObject({ embedding: 536_870_912, attention: 167_772_160, mamba: 2_631_263_232, ffn: 4_227_858_432, norms: 217_088, output_head: 536_870_912 });
    expect(p.total).toBe(8_100_852_736);
  });

  it('counts each kind on its own layers only (TINY: M * - E)', () => {
    const p = countParams(arch(TINY));
    // one attention block: q 16×16 + k, v 2 × 16×8 + o 16×16 = 768
    expect(p.byComponent.attention).toBe(768);
    // one MLP (-): 2 × 16 × 32 = 1,024; one MoE (E): router 16×4 + 4 bias = 68, experts 4 × 2 × 16 × 8 = 1,024, shared 256
    expect(p.byComponent.ffn).toBe(1_024);
    expect([p.byComponent.router, p.byComponent.experts, p.byComponent.shared_experts]).toEqual([68, 1_024, 256]);
    expect(p.byComponent.mamba).toBe(2_140);
    // 4 layer norms + final, 16 each
    expect(p.byComponent.norms).toBe(80);
    // embedding and head 2 × 1,600; total 3,200 + 768 + 1,024 + 1,348 + 2,140 + 80 = 8,560; 2 of 4 experts idle: −512
    expect([p.total, p.active]).toEqual([8_560, 8_048]);
  });
});

describe('model-file errors', () => {
  const issue = (m: unknown) => {
    const r = ModelSchema.safeParse(m);
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  };
  const rows: [string, unknown, RegExp][] = [
    ['unknown pattern character', { ...TINY, layer_pattern: 'M*-m' }, /layer_pattern: unknown layer type "m" at position 4 \| did you mean "M"\?/],
    ['pattern length vs layers', { ...TINY, layer_pattern: 'M*-EM' }, /layer_pattern: 5 layer types for 4 layers/],
    ['E without moe', { ...TINY, moe: undefined }, /moe: required block is missing/],
    ['M without mamba', { ...TINY, mamba: undefined }, /mamba: required block is missing/],
    // As moe without an E layer is refused: a mamba block no layer uses was accepted silently.
    ['mamba without an M layer', { ...TINY, layer_pattern: '**-E' }, /mamba: no M layer in layer_pattern uses mamba \| mark the Mamba-2 layers M, or remove mamba/],
    ['mamba without a pattern', { ...TINY, layer_pattern: undefined, moe: undefined }, /mamba: mamba applies to the M layers/],
    ['groups not dividing heads', { ...TINY, mamba: { ...TINY.mamba!, groups: 3 } }, /mamba.groups: groups \(3\) does not divide heads \(4\)/],
    ['dense_layers with a pattern', { ...TINY, moe: { ...TINY.moe!, dense_layers: 1 } }, /moe.dense_layers: with layer_pattern/],
    ['a whole-model rule the pattern replaces', { ...TINY, parallel_block: true }, /parallel_block: parallel_block is not supported with layer_pattern/],
    ['- without d_ff', { ...TINY, d_ff: undefined }, /d_ff: required number is missing/],
  ];
  it.each(rows)('%s', (_name, m, expected) => {
    expect(issue(m)).toMatch(expected);
  });

  it('a pattern with no - needs no d_ff', () => {
    expect(ModelSchema.safeParse({ ...TINY, d_ff: undefined, layer_pattern: 'M*EE' }).success).toBe(true);
  });
});

describe('the performance model refuses hybrid models at the model key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-hybrid-'));
  const scenario = (utilization: string) => {
    const f = join(dir, `s-${utilization}.yaml`);
    writeFileSync(f, `model: nemotron-h-8b\ntraining:\n  tokens: 1T\n  global_batch: 768\ncluster:\n  gpu: h100-sxm\n  count: 1024\n  utilization: ${utilization}\n`);
    return f;
  };
  it('utilization: auto is an input error (exit 2, file:line:col, no stack trace)', async () => {
    const r = await runCli(['run', scenario('auto')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s-auto\.yaml:1:\d+: model: a hybrid Mamba-2 model cannot be predicted: the performance model has no Mamba-2 layer cost\n  hint: give cluster\.utilization/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('plan is refused at --model', async () => {
    const r = await runCli(['plan', '--model', 'nemotron-h-8b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '256']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model: a hybrid Mamba-2 model cannot be predicted: the performance model has no Mamba-2 layer cost\n  hint: plan searches layouts/);
  });
  it('a validation row with a hybrid model is listed as not predicted, with the reason, and left out of the summaries', () => {
    const vdir = mkdtempSync(join(tmpdir(), 'flopcast-hybrid-validation-'));
    writeFileSync(join(vdir, 'v.yaml'), 'split: test\nrows:\n  - name: hybrid row\n    source: test fixture, not a measurement\n    model: nemotron-h-8b\n'
      + '    training: {seq_len: 8192, global_batch: 768, stack: megatron-core}\n    cluster: {gpu: h100-sxm, count: 64}\n    reported: {tokens_per_second_per_gpu: 10000}\n');
    const r = runValidation(vdir);
    expect(r.rows).toEqual([]);
    expect(r.unpredicted).toEqual([{ name: 'hybrid row', split: 'test', reason: 'a hybrid Mamba-2 model cannot be predicted: the performance model has no Mamba-2 layer cost' }]);
    expect(r.summary.test.rows).toBe(0);
  });
  it('a given utilization runs', async () => {
    const r = await runCli(['run', scenario('0.4'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTruthy();
  });
});

/**
 * The attention-convention note on each face: run's text (a `note:` line, its option named where not every run has
 * it), run --json (`attention_convention_note`, absent where there is none), plan's text and --json
 * (`attention_convention`), the report's FLOP conventions. The model and counts are
 * test/flops/conventionShift.test.ts's, worked by hand there: at seq_len 2,048 QKᵀ and A·V are 1,048,576 of 1,257,984
 * forward FLOPs per token (83%), and the causal count is 733,696 / 1,257,984 = 0.58323 of the full one; at 272 the
 * ratio is 0.80029, under the threshold of 0.8.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plan, report, run } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

const RATIO = 733_696 / 1_257_984;
const MODEL = '{name: tiny, layers: 2, d_model: 64, heads: 4, d_ff: 256, ffn: gelu, vocab: 100, seq_len: 2048, position: rotary, tied_embeddings: true}';
const scenario = (training: string, cluster = 'utilization: auto', options = '') =>
  `name: tiny\nmodel: ${MODEL}\ntraining: {tokens: 1B, global_batch: 8${training}}\ncluster: {gpu: h100-sxm, count: 8, ${cluster}}\npricing: {usd_per_gpu_hour: 2}\n${options}`;

type Note = { counted: string; other: string; attention_share: number; model_flops_ratio: number; other_mfu: number; other_hfu: number; given: { key: string; other_wall_clock_seconds: number } | null; text: string };
type Row = { name: string; mfu: number; hfu: number; wall_clock_seconds: number; attention_convention_note?: Note };

describe('run --json: attention_convention_note', () => {
  it.each<[string, string, string, { given: string | null } | null]>([
    ['predicted, the convention defaulted', ', seq_len: 2048', 'utilization: auto', { given: null }],
    ['a given utilization, defaulted', ', seq_len: 2048', 'utilization: 0.4', { given: 'utilization' }],
    ['the convention written full', ', seq_len: 2048, attention: full', 'utilization: 0.4', null],
    ['the convention written causal', ', seq_len: 2048, attention: causal', 'utilization: auto', null],
    ['seq_len 272: under the threshold', ', seq_len: 272', 'utilization: 0.4', null],
  ])('%s', (_, training, cluster, want) => {
    const r = run(scenario(training, cluster)).results[0] as unknown as Row;
    if (want === null) return expect('attention_convention_note' in r).toBe(false);
    const n = r.attention_convention_note!;
    expect([n.counted, n.other]).toEqual(['full', 'causal']);
    expect(n.attention_share).toBeCloseTo(1_048_576 / 1_257_984, 12);
    expect(n.model_flops_ratio).toBeCloseTo(RATIO, 12);
    expect(n.other_mfu).toBeCloseTo(r.mfu * RATIO, 12);
    expect(n.other_hfu).toBeCloseTo(r.hfu * RATIO, 12);
    expect(n.given?.key ?? null).toBe(want.given);
    if (n.given) expect(n.given.other_wall_clock_seconds).toBeCloseTo(r.wall_clock_seconds * RATIO, 12);
    expect(n.text).toMatch(/83% of the model FLOPs here at seq_len 2,048/);
  });
});

describe('run\'s text and the report: one note, named by option where not every run has it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-attention-note-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = 'options:\n  - {name: a}\n  - {name: b, training: {attention: causal}}\n  - {name: c, cluster: {utilization: 0.4}}\n';
  it('run FILE', async () => {
    const file = join(dir, 'three.yaml');
    writeFileSync(file, scenario(', seq_len: 2048', 'utilization: auto', options));
    const { code, stdout } = await runCli(['run', file]);
    expect(code).toBe(0);
    const notes = stdout.split('\n').filter((l) => l.startsWith('note: '));
    const rows = (run(scenario(', seq_len: 2048', 'utilization: auto', options)).results as unknown as Row[]);
    const [a, c] = [rows[0]!, rows[2]!];
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    expect(notes).toEqual([
      `note: a: attention full (the default) counts QKᵀ and A·V over every key of the window, not its causal half: 83% of the model FLOPs here at seq_len 2,048, and a causal kernel computes about half of them; under attention: causal (Megatron-LM since 2025, DeepSeek-V3's causal MFU) the same step is MFU ${pct(a.mfu * RATIO)} / HFU ${pct(a.hfu * RATIO)} (write training.attention to choose)`,
      `note: c: cluster.utilization 40.0% is read as MFU under attention full (the default), which counts QKᵀ and A·V over every key of the window, not its causal half: 83% of the model FLOPs here at seq_len 2,048; read as MFU under attention: causal (Megatron-LM since 2025, DeepSeek-V3's causal MFU), the same figure gives ${c.attention_convention_note!.text.match(/gives (\S+ \S+),/)![1]}, not ${c.attention_convention_note!.text.match(/, not (\S+ \S+):/)![1]}: write training.attention to say which convention the figure counts`,
    ]);
    expect(rows[1]!.attention_convention_note).toBeUndefined();
  });
  it('run FILE --format csv: on stderr, the CSV holding results only', async () => {
    const file = join(dir, 'three-csv.yaml');
    writeFileSync(file, scenario(', seq_len: 2048', 'utilization: auto', options));
    const { code, stderr } = await runCli(['run', file, '--format', 'csv']);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((l) => / \(the default\)/.test(l)).map((l) => l.slice(0, l.indexOf(':', 'warning: '.length) + 1))).toEqual(['warning: tiny [a]:', 'warning: tiny [c]:']);
  });
  it('the report lists it under the FLOP conventions', () => {
    const md = report(scenario(', seq_len: 2048'), { format: 'markdown' }).text;
    expect(md).toMatch(/\n- Attention full \(the default\) counts QKᵀ and A·V over every key of the window, not its causal half: 83% of the model FLOPs/);
    expect(report(scenario(', seq_len: 2048, attention: full'), { format: 'markdown' }).text).not.toMatch(/\(the default\) counts/);
  });
});

describe('plan: attention_convention for the best layout', () => {
  it.each<[string, Parameters<typeof plan>[0], boolean]>([
    ['a scenario that leaves the convention out', { scenario: scenario(', seq_len: 2048'), top: 1 }, true],
    ['the scenario\'s written full', { scenario: scenario(', seq_len: 2048, attention: full'), top: 1 }, false],
    ['the query\'s attention over a defaulted scenario', { scenario: scenario(', seq_len: 2048'), attention: 'full', top: 1 }, false],
    ['seq_len 272', { scenario: scenario(', seq_len: 272'), top: 1 }, false],
  ])('%s', (_, query, noted) => {
    const r = plan(query) as unknown as { best: { prediction: { mfu: number; hfu: number } }[]; attention_convention?: Note };
    if (!noted) return expect('attention_convention' in r).toBe(false);
    const n = r.attention_convention!;
    expect(n.model_flops_ratio).toBeCloseTo(RATIO, 12);
    expect(n.other_mfu).toBeCloseTo(r.best[0]!.prediction.mfu * RATIO, 12);
  });
  it('plan FILE prints it as a note', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-attention-plan-'));
    try {
      const file = join(dir, 'p.yaml');
      writeFileSync(file, scenario(', seq_len: 2048'));
      const { code, stdout } = await runCli(['plan', file, '--top', '1']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/\nnote: attention full \(the default\) counts QKᵀ and A·V over every key of the window, not its causal half: 83% of the model FLOPs here at seq_len 2,048, and a causal kernel computes about half of them; under attention: causal \(Megatron-LM since 2025, DeepSeek-V3's causal MFU\) the best layout's step is MFU \S+ \/ HFU \S+ \(give --attention, or training.attention, to choose\)\n/);
      expect((await runCli(['plan', file, '--top', '1', '--attention', 'full'])).stdout).not.toMatch(/\(the default\) counts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

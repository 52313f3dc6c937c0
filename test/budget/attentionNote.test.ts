/**
 * budget's attention-convention note (budget/plan.ts costModel, estimate/attentionNote.ts): a given MFU is read under
 * the counted convention (`full` by default), so where a causal count is at most 0.8 × the full one the answer moves
 * with the reading, and budget says so as run does. The model and counts are test/flops/conventionShift.test.ts's,
 * worked by hand there: at seq_len 2,048 QKᵀ and A·V are 1,048,576 of 1,257,984 forward FLOPs per token (83%), and the
 * causal count is 733,696 / 1,257,984 = 0.58323 of the full one; at 272 the ratio is 0.80029, under the threshold.
 *
 * Read as a causal MFU, the same figure sets compute seconds = causal FLOPs / (GPUs × MFU × peak): a given model's
 * tokens take × 0.58323 the time and the dollars (GPU-hours × price); a budget's fixed GPU-hours buy ÷ 0.58323 the
 * tokens, which is what `--attention causal` answers for the same figure (an independent run of the CLI).
 * Fails on the old code: budget printed no note and no `attention_convention_note`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const RATIO = 733_696 / 1_257_984;
const MODEL = '{name: tiny, layers: 2, d_model: 64, heads: 4, d_ff: 256, ffn: gelu, vocab: 100, seq_len: 2048, position: rotary, tied_embeddings: true}';
const dir = mkdtempSync(join(tmpdir(), 'flopcast-budget-attention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = join(dir, 'tiny.yaml');
writeFileSync(model, `${MODEL.slice(1, -1).split(', ').join('\n')}\n`);
const CLUSTER = ['--gpu', 'h100-sxm', '--count', '8', '--price', '2'];

type Note = { counted: string; other: string; model_flops_ratio: number; other_mfu: number; given: { key: string; other_wall_clock_seconds: number; cost_usd?: number; other_cost_usd?: number; tokens?: number; other_tokens?: number } | null; text: string };
type Answer = { tokens: number; utilization: number; wall_clock_seconds: number; cost_usd: number; attention_convention_note?: Note };
async function budget(args: string[], json = true): Promise<Answer & { options?: (Answer & { option: string })[]; stdout: string }> {
  const r = await runCli(['budget', ...args, ...(json ? ['--json'] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return json ? JSON.parse(r.stdout) : ({ stdout: r.stdout } as never);
}

describe('budget --model: attention_convention_note on a given MFU', () => {
  it.each<[string, string[], 'cost' | 'bought' | null]>([
    ['--tokens: the time and the dollars', ['--tokens', '1B', '--seq-len', '2048'], 'cost'],
    ['--usd: the tokens', ['--usd', '10k', '--seq-len', '2048'], 'bought'],
    ['--deadline: the tokens', ['--deadline', '2 days', '--seq-len', '2048'], 'bought'],
    ['--attention full given: none', ['--tokens', '1B', '--seq-len', '2048', '--attention', 'full'], null],
    ['--attention causal given: none', ['--usd', '10k', '--seq-len', '2048', '--attention', 'causal'], null],
    ['seq_len 272, under the threshold: none', ['--tokens', '1B', '--seq-len', '272'], null],
  ])('%s', async (_, args, want) => {
    const b = await budget(['--model', model, ...CLUSTER, ...args]);
    if (want === null) return expect('attention_convention_note' in b).toBe(false);
    const n = b.attention_convention_note!;
    expect([n.counted, n.other, n.given?.key]).toEqual(['full', 'causal', 'utilization']);
    expect(n.model_flops_ratio).toBeCloseTo(RATIO, 12);
    expect(n.other_mfu).toBeCloseTo(0.4 * RATIO, 12);
    expect(n.given!.other_wall_clock_seconds).toBeCloseTo(b.wall_clock_seconds * RATIO, 6);
    if (want === 'cost') {
      expect([n.given!.cost_usd, n.given!.other_cost_usd! / RATIO]).toEqual([b.cost_usd, expect.closeTo(b.cost_usd, 6)]);
      // --utilization left out: its default is named as one (review35: "--utilization 40.0%" was never given).
      expect(n.text).toMatch(/^the default --utilization \(40\.0%\) is read as MFU under attention full \(the default\), .* 83% of the model FLOPs here at seq_len 2,048; read as MFU under attention: causal \(.*\), the same figure gives \S+ \S+ and \$\S+, not \S+ \S+ and \$\S+: give --attention to say which convention the figure counts$/);
      return;
    }
    // The same figure read as a causal MFU is what --attention causal answers.
    const causal = await budget(['--model', model, ...CLUSTER, ...args, '--attention', 'causal']);
    expect(n.given!.tokens).toBe(b.tokens);
    expect(Math.abs(n.given!.other_tokens! - causal.tokens)).toBeLessThanOrEqual(1);
    expect(n.given!.other_tokens! * RATIO / b.tokens).toBeCloseTo(1, 6);
    expect(n.text).toMatch(/, the same figure buys \S+ tokens, not \S+: give --attention to say which convention the figure counts$/);
  });
  it('the text prints the JSON\'s text as a note', async () => {
    const args = ['--model', model, ...CLUSTER, '--usd', '10k', '--seq-len', '2048'];
    const { stdout } = await budget(args, false);
    expect(stdout.split('\n').filter((l) => l.startsWith('note: '))).toEqual([`note: ${(await budget(args)).attention_convention_note!.text}`]);
  });
});

// review35 finding 5: with --usd and --deadline between the two readings' figures, the full reading misses both and the
// causal one meets both; the note said "20.3 days and $150,456, not 34.4 days and $255,171" without saying the checks
// turn. The other reading's checks are what `--attention causal` itself answers (an independent run of the CLI).
describe('budget --model --tokens: the checks the other reading turns', () => {
  type Within = { within: { meets_usd?: boolean; meets_deadline?: boolean } };
  const ARGS = ['--model', model, ...CLUSTER, '--tokens', '1B', '--seq-len', '2048'];
  it.each([
    { what: 'both turned', between: { usd: true, deadline: true }, says: ', and meets --usd and --deadline, which the full reading misses: give --attention' },
    { what: '--deadline alone turned', between: { usd: false, deadline: true }, says: ', and meets --deadline, which the full reading misses: give --attention' },
    { what: 'none turned', between: { usd: false, deadline: false }, says: ', not ' },
  ])('$what', async ({ between, says }) => {
    const full = await budget([...ARGS, '--attention', 'full']);
    const causal = await budget([...ARGS, '--attention', 'causal']);
    // Between the two readings, or above both (met either way).
    const usdAt = between.usd ? (full.cost_usd + causal.cost_usd) / 2 : full.cost_usd * 2;
    const hours = (between.deadline ? (full.wall_clock_seconds + causal.wall_clock_seconds) / 2 : full.wall_clock_seconds * 2) / 3600;
    const limits = ['--usd', String(usdAt), '--deadline', `${hours} hours`];
    const b = await budget([...ARGS, ...limits]) as unknown as Answer & Within;
    const c = await budget([...ARGS, ...limits, '--attention', 'causal']) as unknown as Answer & Within;
    const g = b.attention_convention_note!.given! as Record<string, unknown>;
    expect([g.meets_usd, g.meets_deadline]).toEqual([b.within.meets_usd, b.within.meets_deadline]);
    expect([g.other_meets_usd, g.other_meets_deadline]).toEqual([c.within.meets_usd, c.within.meets_deadline]);
    expect([b.within.meets_usd, c.within.meets_usd]).toEqual(between.usd ? [false, true] : [true, true]);
    expect(b.attention_convention_note!.text).toContain(says);
    if (!between.usd && !between.deadline) expect(b.attention_convention_note!.text).not.toMatch(/meets|misses/);
  });
  it('--utilization given: named as given', async () => {
    const b = await budget([...ARGS, '--utilization', '0.4']);
    expect(b.attention_convention_note!.text).toMatch(/^--utilization 40\.0% is read as MFU/);
  });
});

describe('budget FILE: the note per run, as run FILE notes it', () => {
  const file = join(dir, 'options.yaml');
  writeFileSync(file, `name: tiny\nmodel: ${MODEL}\ntraining: {tokens: 1B, global_batch: 8, seq_len: 2048}\ncluster: {gpu: h100-sxm, count: 8}\npricing: {usd_per_gpu_hour: 2}\noptions:
  - {name: a, cluster: {utilization: 0.4}}
  - {name: b, training: {attention: causal}, cluster: {utilization: 0.4}}
  - {name: c, cluster: {utilization: auto}}
  - {name: d, cluster: {achieved_tflops: 300}}\n`);
  it('--json: a given figure moves the tokens, a predicted step does not, a written convention has none', async () => {
    const o = (await budget([file, '--usd', '1M'])).options!;
    const [a, b, c, d] = o;
    expect(a!.attention_convention_note!.given!.key).toBe('utilization');
    // Option b is option a's figure read as a causal MFU: its tokens are a's note's.
    expect(b!.attention_convention_note).toBeUndefined();
    expect(a!.attention_convention_note!.given!.other_tokens! / b!.tokens).toBeCloseTo(1, 9);
    expect(c!.attention_convention_note!.given).toBeNull();
    expect(c!.attention_convention_note!.other_mfu).toBeCloseTo(c!.utilization * RATIO, 12);
    // No recomputation: the hardware ratio is the model's.
    expect(d!.attention_convention_note!.given!.key).toBe('achieved_tflops');
    expect(d!.attention_convention_note!.given!.other_tokens! * RATIO / d!.tokens).toBeCloseTo(1, 6);
  });
  it('text: one note a run that has one, named, in run\'s words', async () => {
    const { stdout } = await budget([file, '--usd', '1M'], false);
    const notes = stdout.split('\n').filter((l) => l.startsWith('note: '));
    expect(notes.map((l) => l.slice(0, 'note: a: '.length))).toEqual(['note: a: ', 'note: c: ', 'note: d: ']);
    expect(notes[0]).toMatch(/^note: a: cluster\.utilization 40\.0% is read as MFU under attention full \(the default\), .*, the same figure buys \S+ tokens, not \S+: write training\.attention to say which convention the figure counts$/);
    expect(notes[1]).toMatch(/the same step is MFU \S+ \/ HFU \S+ \(write training\.attention to choose\)$/);
  });
});

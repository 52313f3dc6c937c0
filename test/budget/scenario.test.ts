/**
 * budget FILE (src/cli/commands/budgetScenario.ts): the tokens dollars and/or a deadline buy for a scenario's model, at
 * the MFU, price and goodput the scenario runs at. Checked by independent arithmetic from `run FILE --json` of the same
 * file and overrides (its model FLOPs per token, peak, MFU, goodput, count and price), never from budget's own figures:
 *   cost = tokens × FLOPs per token / (count × peak × MFU × goodput) × count × price / 3600 = X (or the deadline binds,
 *   and the wall-clock is the deadline),
 * and round trip: run FILE --tokens T, T budget's answer, costs X. Fails on the old code: budget took no file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

type Row = Record<string, any>;
const json = async (args: string[]): Promise<any> => {
  const r = await runCli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const DAY = 86_400;

describe('budget FILE --usd X [--deadline D]', () => {
  it.each([
    // tokens/s per GPU (its MFU implied), no goodput, one run
    { file: 'scenarios/llama-65b.yaml', usd: 1e6, flags: ['--count', '512'] },
    // utilization: auto (the predicted MFU), one run
    { file: 'scenarios/deepseek-v3.yaml', usd: 5e6, flags: [] },
    // tokens/s over-ridden by auto: the MFU run predicts
    { file: 'scenarios/llama-65b.yaml', usd: 2e6, flags: ['--utilization', 'auto'] },
    // 15 runs, goodput 0.9, a deadline that binds on some
    { file: 'scenarios/cluster-options.yaml', usd: 5e6, deadline: 90, flags: [] },
    // every value over-ridden
    { file: 'scenarios/cluster-options.yaml', usd: 2e6, flags: ['--gpu', 'b200', '--count', '256', '--price', '3', '--utilization', '0.35', '--goodput', '0.8'] },
  ])('$file $usd $flags', async ({ file, usd, deadline, flags }) => {
    const target = ['--usd', String(usd), ...(deadline ? ['--deadline', `${deadline} days`] : [])];
    const b = await json(['budget', file, ...target, ...flags]);
    const answers: Row[] = b.options ?? [b];
    const runs: Row[] = (await json(['run', file, ...flags])).results;
    expect(answers).toHaveLength(runs.length);
    answers.forEach((a, i) => {
      const r = runs[i]!;
      if (b.options) expect(r.name).toContain(a.option);
      const perToken = r.model_flops / r.tokens; // the scenario's own FLOPs per token, as run counts them
      const hours = (a.tokens * perToken) / (r.count * r.peak_flops_per_gpu * r.mfu * r.goodput) / 3600;
      const cost = hours * r.count * r.usd_per_gpu_hour;
      expect(a.utilization).toBe(r.mfu);
      expect(a.goodput).toBe(r.goodput);
      if (a.binding === 'usd') expect(cost / usd).toBeCloseTo(1, 6);
      else {
        expect(a.binding).toBe('deadline');
        expect(cost).toBeLessThan(usd);
        expect(hours * 3600 / (deadline! * DAY)).toBeCloseTo(1, 6);
      }
      // Whole tokens, rounded down: one token more would pass the budget.
      expect(Number.isInteger(a.tokens)).toBe(true);
      expect(((a.tokens + 1) * perToken) / (r.count * r.peak_flops_per_gpu * r.mfu * r.goodput) * r.count * r.usd_per_gpu_hour / 3600).toBeGreaterThan(a.binding === 'usd' ? usd : 0);
    });
    // The overrides are the run's: each flag's value in every answer.
    const named: Record<string, (a: Row) => unknown> = { '--gpu': (a) => a.gpu, '--count': (a) => String(a.count), '--price': (a) => String(a.usd_per_gpu_hour), '--utilization': (a) => String(a.utilization), '--goodput': (a) => String(a.goodput) };
    for (let k = 0; k < flags.length; k += 2) if (flags[k + 1] !== 'auto') for (const a of answers) expect(named[flags[k]!]!(a)).toBe(flags[k + 1]);
  }, 120_000);

  it.each([
    { file: 'scenarios/llama-65b.yaml', usd: 1e6, flags: ['--count', '512'] },
    { file: 'scenarios/deepseek-v3.yaml', usd: 5e6, flags: [] },
  ])('round trip: run $file --tokens T, T what $usd buys, costs $usd', async ({ file, usd, flags }) => {
    const b = await json(['budget', file, '--usd', String(usd), ...flags]);
    const [r] = (await json(['run', file, '--tokens', String(b.tokens), ...flags])).results;
    expect(r.tokens).toBe(b.tokens);
    expect(r.cost.compute_usd / usd).toBeCloseTo(1, 6);
    expect(r.wall_clock_seconds / b.wall_clock_seconds).toBeCloseTo(1, 9);
  }, 120_000);

  // budget FILE of a `utilization: auto` file printed the MFU it predicted and none of its basis, which run --json gives for
  // the same prediction: the answer now has run's keys with run's values (report/runJson.ts throughputBasisJson, and
  // scenario/predict.ts runPredictionJson's layout, step and memory), and the one run's text run's `layout` line. Held
  // against run --json of the same file and flags; `predicted`: how many runs the performance model ran for, so that no
  // row passes by having none. Fails on the old code: budget's JSON had none of the keys, its text no layout line.
  const BASIS = ['throughput_from', 'throughput_scale', 'unseen_median_abs_error', 'kind_record'];
  const PREDICTION = ['step_time_seconds', 'predicted_tokens_per_second', 'predicted_mfu', 'predicted_hfu', 'memory_per_gpu_bytes', 'memory_capacity_bytes', 'memory_breakdown', 'step_breakdown', 'layout', 'layouts_evaluated'];
  it.each([
    { file: 'scenarios/deepseek-v3.yaml', flags: [], predicted: 1 },
    { file: 'scenarios/llama-65b.yaml', flags: ['--utilization', 'auto'], predicted: 1 },
    // four options: given utilization, the same with attention causal, auto, achieved_tflops
    { file: 'test/fixtures/scenarios/tiny-long-context.yaml', flags: [], predicted: 1 },
    // tokens/s per GPU given: the figure it came from, and no prediction
    { file: 'scenarios/llama-65b.yaml', flags: ['--count', '512'], predicted: 0 },
  ])('the basis of the MFU: $file $flags has run --json\'s keys for the same prediction', async ({ file, flags, predicted }) => {
    const b = await json(['budget', file, '--usd', '1M', ...flags]);
    const answers: Row[] = b.options ?? [b];
    const runs: Row[] = (await json(['run', file, ...flags])).results;
    expect(runs.filter((r) => r.step_time_seconds !== undefined)).toHaveLength(predicted);
    answers.forEach((a, i) => {
      const r = runs[i]!;
      for (const k of BASIS) expect(a[k], k).toEqual(r[k]);
      if (r.step_time_seconds === undefined) for (const k of PREDICTION) expect(a, k).not.toHaveProperty(k);
      else for (const k of PREDICTION) expect(a[k], k).toEqual(r[k]);
    });
    // The one run's layout, in run's words; none where run names none.
    if (answers.length === 1) {
      const line = (out: string) => /^ {2}layout +(.+)$/m.exec(out)?.[1];
      const [bt, rt] = [await runCli(['budget', file, '--usd', '1M', ...flags]), await runCli(['run', file, ...flags])];
      expect(line(bt.stdout)).toBe(line(rt.stdout));
      expect(line(rt.stdout) !== undefined).toBe(predicted === 1);
    }
  }, 120_000);

  // walk31: budget FILE counted the energy at PUE 1 and the full TDP whatever the file's energy block said, so run FILE
  // --tokens T printed other MWh for the same tokens (llama-65b.yaml, PUE 1.1: 148.1 MWh against run's 163). Now the
  // file's PUE and power_fraction, said in the text. Fails on the old code.
  it.each([
    { file: 'scenarios/llama-65b.yaml', flags: ['--count', '512'] },
    { file: 'scenarios/gpt3-175b-v100.yaml', flags: [] },
  ])('energy: $file counts it as run does, at its PUE and power_fraction', async ({ file, flags }) => {
    const b = await json(['budget', file, '--usd', '1M', ...flags]);
    const [r] = (await json(['run', file, '--tokens', String(b.tokens), ...flags])).results;
    expect(b.energy_kwh / r.energy_kwh).toBeCloseTo(1, 9);
  }, 60_000);
  it.each([
    { args: ['scenarios/llama-65b.yaml', '--count', '512'], said: "MWh at the GPUs' TDP, PUE 1.1\n" },
    { args: ['scenarios/gpt3-175b-v100.yaml'], said: "MWh at 110% of the GPUs' TDP, PUE 1.1\n" },
    { args: ['--model', 'llama-3-70b', '--gpu', 'h100-sxm', '--count', '1024', '--price', '2.5'], said: "MWh at the GPUs' TDP, PUE 1\n" },
  ])('energy: budget $args says the PUE and share of the TDP it counts', async ({ args, said }) => {
    const r = await runCli(['budget', ...args, '--usd', '1M']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(said);
  }, 60_000);

  it('several runs: a table, one row a run, and the note that every run took the overrides', async () => {
    const r = await runCli(['budget', 'scenarios/cluster-options.yaml', '--usd', '5M', '--price', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Llama 3 70B: 70\.55B parameters; a budget of \$5M buys, on each run of the scenario\n/);
    expect(r.stdout.match(/^gpu=\S+, count=\d+ /gm)).toHaveLength(15);
    expect(r.stderr).toMatch(/--price 3 applied to each of the scenario's 15 runs/);
    // The scenario's fixed costs are not in the dollars: said.
    expect(r.stderr).toMatch(/the dollars buy compute alone: the scenario's fixed costs \(\$250,000\) are not in them/);
  }, 60_000);

  // What the answer leaves out, in words that fit the question (hostile sweep 26: 'the scenario's energy are not in them',
  // and 'the dollars' under a deadline where none were given). rent-or-buy.yaml prices its energy (usd_per_kwh 0.08);
  // four-clusters.yaml has fixed_usd 250k.
  it.each([
    [['scenarios/rent-or-buy.yaml', '--usd', '5M'], "warning: the dollars buy compute alone: the scenario's energy costs are not in them; flopcast run scenarios/rent-or-buy.yaml --tokens TOKENS adds them\n"],
    [['scenarios/rent-or-buy.yaml', '--deadline', '30 days'], "warning: the cost is of the compute alone: the scenario's energy costs are not in it; flopcast run scenarios/rent-or-buy.yaml --tokens TOKENS adds them\n"],
    [['scenarios/four-clusters.yaml', '--deadline', '30 days'], "warning: the cost is of the compute alone: the scenario's fixed costs ($250,000) are not in it; flopcast run scenarios/four-clusters.yaml --tokens TOKENS adds them\n"],
  ])('budget %j says what its cost leaves out', async (args, line) => {
    const r = await runCli(['budget', ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(line);
  }, 60_000);

  // The table's days read as run's (duration.ts dayCell): hostile sweep 26 found a deadline of an hour printed '0.04' days
  // and $100B's wall-clocks '1322180.5' (512 H100 at $6.155 an hour: 1e11 / 6.155 / 512 / 24 = 1,322,180.5 days).
  it.each([
    [['--deadline', '1 hour'], /\n512 H100 +h100-sxm +512 .* 1 hour +512 /],
    [['--usd', '100B'], /\n512 H100 +h100-sxm +512 .* 1,322,180\.5 +16\.25B /],
    // 61.5P tokens, past 2^53 (9.007e15): the footnote says they are not exact, as budget of one run does.
    [['--usd', '100B'], /\nTokens rounded down to whole tokens \(not exact past 2\^53\), at /],
    [['--usd', '5M'], /\nTokens rounded down to whole tokens, at /],
  ])('budget four-clusters.yaml %j: days as run prints them', async (args, row) => {
    const r = await runCli(['budget', 'scenarios/four-clusters.yaml', ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(row);
  }, 60_000);

  // Bad input: exit 2 at the flag, with what was found.
  it.each([
    [['scenarios/cluster-options.yaml', '--usd', '5M', '--count', '0'], /^error: --count: expected a value > 0, found 0\n/],
    [['scenarios/cluster-options.yaml', '--usd', '5M', '--price', '-1'], /^error: --price: expected a positive value, found -1\n/],
    // $0 an hour, as budget's options refuse it (hostile sweep 26: 'has no price per GPU-hour ... give --price' to a --price given).
    [['scenarios/llama-65b.yaml', '--usd', '1M', '--price', '0'], /^error: --price: expected a positive value, found 0\n/],
    [['scenarios/llama-65b.yaml', '--deadline', '1 day', '--price', '0'], /^error: --price: expected a positive value, found 0\n/],
    [['scenarios/cluster-options.yaml', '--usd', '5M', '--deadline', 'yesterday'], /^error: --deadline: unknown name `yesterday`/],
    [['scenarios/cluster-options.yaml', '--usd', '5M', '--goodput', '0.01'], /^error: --goodput: expected a goodput above 5\.0%, found 0\.01/],
    [['scenarios/deepseek-v3.yaml', '--usd', '5M', '--count', '1000'], /^error: scenarios\/deepseek-v3\.yaml:\d+:\d+: cluster\.parallelism\.pp: impossible layout: pp = 16 does not divide the 1000 GPUs.*\n  hint: .*with --count 1000 over the scenario's values\n/],
    [['scenarios/llama-65b.yaml'], /^error: give --usd and\/or --deadline: budget FILE gives the tokens they buy for the scenario's model\n/],
    [['scenarios/llama-65b.yaml', '--usd', '1M', '--tokens', '1T'], /^error: budget FILE gives the tokens --usd and\/or --deadline buy; --tokens asks whether they cover the tokens given\n  hint: flopcast run scenarios\/llama-65b\.yaml --tokens 1T --budget 1M says so/],
    [['scenarios/llama-65b.yaml', '--usd', '1M', '--model', 'gpt2'], /^error: --model is not read with a scenario file\n/],
    [['scenarios/llama-65b.yaml', '--usd', '1M', '--flops', '1e23'], /^error: --flops is not read with a scenario file\n/],
  ])('budget %j', async (args, message) => {
    const r = await runCli(['budget', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  }, 60_000);
});

describe('budget --goodput (options alone): the compute is the GPU-hours times it', () => {
  it.each([0.9, 0.5])('--goodput %d', async (g) => {
    const base = ['budget', '--model', 'llama-3-70b', '--usd', '5M', '--gpu', 'h100-sxm', '--count', '1024', '--price', '2'];
    const [full, part] = [await json(base), await json([...base, '--goodput', String(g)])];
    expect(part.goodput).toBe(g);
    expect(part.tokens / (full.tokens * g)).toBeCloseTo(1, 9);
    expect(part.cost_usd / 5e6).toBeCloseTo(1, 9); // the same dollars, fewer tokens
    const c = ['budget', '--usd', '5M', '--gpu', 'h100-sxm', '--count', '1024', '--price', '2'];
    expect((await json([...c, '--goodput', String(g)])).compute_flops / ((await json(c)).compute_flops * g)).toBeCloseTo(1, 12);
  });
  it.each([['0', /--goodput: expected a positive value, found 0/], ['1.5', /--goodput: expected a fraction in \(0, 1\], found 1\.5/], ['0.05', /--goodput: expected a goodput above 5\.0%/]])('--goodput %s: exit 2', async (v, message) => {
    const r = await runCli(['budget', '--usd', '5M', '--gpu', 'h100-sxm', '--count', '1024', '--goodput', v]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

// budget --help's scenario line listed '--precision and --tokens override its values', and budget FILE refuses --tokens
// (above): the list is now BUDGET_SCENARIO_FLAGS, the flags budget FILE takes. Each flag --help names is taken over the
// file (exit 0); --tokens is not named. Fails on the old code (its list named --tokens).
describe("budget --help names the flags budget FILE takes over the file's values", () => {
  const VALUES: Record<string, string> = { '--gpu': 'h100-sxm', '--count': '512', '--price': '2', '--utilization': '0.4', '--goodput': '0.9', '--seq-len': '2048', '--precision': 'bf16' };
  it('each named flag is taken, --tokens is not named', async () => {
    const help = (await runCli(['budget', '--help'])).stdout.replace(/\s+/g, ' ');
    const named = /price and goodput; (.*?) override its values/.exec(help)?.[1]?.match(/--[a-z-]+/g) ?? [];
    expect(named).not.toContain('--tokens');
    expect(named.sort()).toEqual(Object.keys(VALUES).sort());
    for (const flag of named) {
      const r = await runCli(['budget', 'scenarios/llama-65b.yaml', '--usd', '1M', flag, VALUES[flag]!, '--json']);
      expect(r.code, `${flag}: ${r.stderr}`).toBe(0);
    }
  }, 60_000);
});

// A range the scenario gives is answered at its expected value, the middle of two ends, and said so (walk31: budget
// printed 'at MFU 40.0%' for utilization: [0.35, 0.45] without a word of the range). The answer is budget's at the
// middle given as a flag (0.40, $2.50), by that independent run.
describe('budget FILE with ranges', () => {
  it('answers at the middle and says which ranges it took it from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-budget-'));
    try {
      const file = join(dir, 'ranged.yaml');
      writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T}\ncluster: {gpu: h100-sxm, count: 64, utilization: [0.35, 0.45]}\npricing: {usd_per_gpu_hour: [2, 3]}\n');
      const r = await runCli(['budget', file, '--usd', '100k']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^warning: the scenario gives ranges \(MFU 35%–45%; price per GPU-hour \$2\.00\/GPU-h–\$3\.00\/GPU-h\): budget answers at each one's expected value, the middle where only the ends are given; --utilization, --price or --goodput answers at a value you choose\n/m);
      const ranged = await json(['budget', file, '--usd', '100k']);
      const middle = await json(['budget', file, '--usd', '100k', '--utilization', '0.4', '--price', '2.5']);
      expect(ranged.tokens).toBe(middle.tokens);
      // Without a range, nothing is said of one.
      expect((await runCli(['budget', 'scenarios/llama-65b.yaml', '--usd', '1M'])).stderr).not.toMatch(/ranges/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// newuser35 B6: budget FILE printed none of the run's warnings on its price (a stale list price, a given price far above
// the list) where run prints them. The warnings expected are run's own (run --format csv puts them on stderr), each
// found in budget's stderr after the option's name; the old code printed neither.
describe("budget FILE prints the run's warnings on its price, as run does", () => {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-budget-warn-'));
  const file = join(dir, 'w.yaml');
  // Google Cloud's reserved 1y H100 price (hardware-profiles/h100-sxm.yaml) is dated 2025-03-17: stale on the test clock.
  writeFileSync(file, 'model: llama-3-8b\ntraining: {tokens: 1T, seq_len: 8192, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\n' +
    'pricing: {kind: reserved, term: 1y}\noptions:\n  - name: reserved\n  - name: quoted\n    pricing: {usd_per_gpu_hour: 98.32}\n');
  it.each([
    { option: 'reserved', warning: /the reserved 1y price from Google Cloud is dated 2025-03-17/ },
    { option: 'quoted', warning: /pricing\.usd_per_gpu_hour \$98\.32 per GPU-hour is [\d.]+× the highest price h100-sxm lists/ },
  ])('$option', async ({ option, warning }) => {
    const run = await runCli(['run', file, '--format', 'csv']);
    const b = await runCli(['budget', file, '--usd', '1M']);
    expect(b.code, b.stderr).toBe(0);
    const ofRun = run.stderr.split('\n').find((l) => warning.test(l));
    expect(ofRun).toBeDefined();
    const said = ofRun!.replace(/^warning: [^:]*\[[^\]]*\]: /, '');
    expect(b.stderr.split('\n')).toContain(`warning: ${option}: ${said}`);
  });
  it('once each, not per option, where every option has it', async () => {
    const b = await runCli(['budget', file, '--usd', '1M', '--price', '98.32']);
    expect(b.stderr.match(/highest price h100-sxm lists/g)).toHaveLength(1);
  });
});

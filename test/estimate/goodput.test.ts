/** src/estimate/goodput.ts: how a goodput built from checkpoints is told (the model itself: run.test.ts). */
import { describe, expect, it } from 'vitest';
import { givenGoodputProblem, goodputDetail, goodputFor, MIN_GOODPUT } from '../../src/estimate/goodput.js';
import { thrownInputError } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';
import { GOOD_SCENARIO } from '../helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOUR = 3600;

// Checkpoints without failures printed "cluster MTBF 0 h" (a cluster that fails all the time, for one
// that never does), in the run's text and the report alike; and their error's hint "the cluster fails
// every ? hours".
describe('goodputDetail', () => {
  it.each([
    ['given directly', { goodput: 0.9 }, ''],
    ['checkpoints alone', { checkpoint: { intervalSeconds: HOUR, costSeconds: 2 * HOUR } }, ' (checkpoint every 60 min, no failures given)'],
    ['checkpoints and failures', { checkpoint: { intervalSeconds: HOUR, costSeconds: 60 }, failures: { gpuMtbfSeconds: 1000 * HOUR, restartSeconds: 60 } }, ' (checkpoint every 60 min, cluster MTBF 125 h)'],
  ] as const)('%s', (_, overheads, text) => expect(goodputDetail(goodputFor(overheads, 8))).toBe(text));

  it('checkpoints that consume the run alone are told so, not a failure rate of "?"', () => {
    const e = thrownInputError(() => goodputFor({ checkpoint: { intervalSeconds: 60, costSeconds: 2 * HOUR } }, 8));
    expect(e.details.hint).toBe('each checkpoint costs 2 hours every 0.02 hours; checkpoint less often or more cheaply');
  });

  // hostile sweep 17: with failures the hint was always "shorten restarts or checkpoint more cheaply", also where only a
  // shorter interval helps. It now names the largest wasted share (goodput.ts wasteHint). Llama 3's rate on 16,384 GPUs:
  // a cluster MTBF of 54 days / 466 = 2.78 hours (Dubey et al. 2024 §3.3.4).
  it.each([
    // I = 24 h: a failure loses (I/2)/M = 12 / 2.78 = 4.3 of the time between failures; writing 60 s an hour is 0.07%
    ['an interval much longer than the cluster MTBF', { intervalSeconds: 24 * HOUR, costSeconds: 60 }, 180, 'the cluster fails every 2.78 hours and loses half a 24-hour checkpoint interval of work each time; checkpoint more often'],
    // R/M = 10 / 2.78 = 3.6, above (I/2)/M = 0.18 and c/(I + c) = 0.016
    ['a restart longer than the MTBF', { intervalSeconds: HOUR, costSeconds: 60 }, 10 * HOUR, 'the cluster fails every 2.78 hours and each restart takes 10 hours; shorten restarts'],
    // auto: I = sqrt(2 · 86,400 s · 10,012 s) = 41,593 s = 11.55 h; (I/2)/M = 2.08 above c/(I + c) = 0.68
    ['auto, a checkpoint of a day', { intervalSeconds: 'auto', costSeconds: 24 * HOUR }, 180, 'the cluster fails every 2.78 hours and loses half a 11.55-hour checkpoint interval of work each time; checkpoint more cheaply (the optimum interval grows with the cost)'],
  ] as const)('with failures, the largest waste is named: %s', (_, checkpoint, restartSeconds, hint) => {
    const e = thrownInputError(() => goodputFor({ checkpoint, failures: { gpuMtbfSeconds: (54 * 24 * HOUR * 16384) / 466, restartSeconds } }, 16384));
    expect(e.details.hint).toBe(hint);
  });

  it('flopcast run prints it', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-goodput-')), 's.yaml');
    writeFileSync(f, GOOD_SCENARIO + 'overheads: {checkpoint: {cost: 2 hours, interval: 1 hour}}\n');
    const r = await runCli(['run', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}goodput {9}33\.3% \(checkpoint every 60 min, no failures given\)$/m);
  });
});

// hostile sweep 17: a goodput built from checkpoints and failures at 5% or below was refused, a given one was not
// (`overheads.goodput: 1e-6` ran, 20.8 million days; 1e-300 was blamed on the GPU-hours' overflow). One rule: MIN_GOODPUT.
describe('MIN_GOODPUT: one bound for a given goodput and a built one', () => {
  it.each([
    [1e-300, true],
    [0.01, true],
    [MIN_GOODPUT, true],
    [0.051, false],
    [0.9, false],
    [1, false],
  ])('given %s: refused %s', (goodput, refused) => {
    expect(givenGoodputProblem(goodput) !== undefined).toBe(refused);
    if (refused) expect(thrownInputError(() => goodputFor({ goodput }, 8)).details.keyPath).toBe('overheads.goodput');
    else expect(goodputFor({ goodput }, 8).goodput).toBe(goodput);
  });

  it.each([
    ['a value', '0.01', 'overheads.goodput', 'found 0.01'],
    ['the low end of a range', '[0.01, 0.9]', 'overheads.goodput[0]', 'found 0.01'],
    ['the low of {low, high}', '{low: 1e-300, high: 0.9}', 'overheads.goodput.low', 'found 1e-300'],
  ])('in a scenario, %s is refused at its key (exit 2, run and report alike)', async (_, goodput, keyPath, found) => {
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-goodput-')), 's.yaml');
    writeFileSync(f, GOOD_SCENARIO + `overheads: {goodput: ${goodput}}\n`);
    for (const command of ['run', 'report']) {
      const r = await runCli([command, f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`s.yaml:`);
      expect(r.stderr).toContain(`${keyPath}: expected a goodput above 5.0%, ${found}: overheads would consume the run\n`);
    }
  });

  // The bound holds after spot preemptions too (review): goodput 0.9 under an interruption_overhead of 0.999999 ran
  // 3,472 days at a goodput of 0.0001%. Goodput × (1 − spot), by hand: 0.9 × 0.05 = 0.045 (refused), 0.9 × 0.06 = 0.054.
  it.each<[{ goodput?: number; spotInterruption: number }, boolean]>([
    [{ goodput: 0.9, spotInterruption: 0.999999 }, true],
    [{ goodput: 0.9, spotInterruption: 0.95 }, true],
    [{ spotInterruption: 0.96 }, true],
    [{ goodput: 0.9, spotInterruption: 0.94 }, false],
    [{ spotInterruption: 0.9 }, false],
  ])('%j: refused at pricing.interruption_overhead %s', (o, refused) => {
    if (refused) expect(thrownInputError(() => goodputFor(o, 8)).details.keyPath).toBe('pricing.interruption_overhead');
    else expect(goodputFor(o, 8).goodput).toBeCloseTo((o.goodput ?? 1) * (1 - o.spotInterruption), 12);
  });
});

/** src/estimate/goodput.ts: how a goodput built from checkpoints is told (the model itself: run.test.ts). */
import { describe, expect, it } from 'vitest';
import { goodputDetail, goodputFor } from '../../src/estimate/goodput.js';
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

  it('flopcast run prints it', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'flopcast-goodput-')), 's.yaml');
    writeFileSync(f, GOOD_SCENARIO + 'overheads: {checkpoint: {cost: 2 hours, interval: 1 hour}}\n');
    const r = await runCli(['run', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}goodput {9}33\.3% \(checkpoint every 60 min, no failures given\)$/m);
  });
});

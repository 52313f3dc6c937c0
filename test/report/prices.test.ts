/** `flopcast prices`: every entry with its unit, age and status, and the default per kind. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const saved = process.env.SOURCE_DATE_EPOCH;
beforeAll(() => void (process.env.SOURCE_DATE_EPOCH = '1795910400')); // 2026-11-29
afterAll(() => {
  if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = saved;
});

describe('flopcast prices', () => {
  it('--json lists every entry normalised to per GPU-hour, with its age, and the defaults with their providers', async () => {
    const r = await runCli(['prices', 'h100-sxm', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.today).toBe('2026-11-29');
    const [h] = j.hardware;
    const aws = h.prices.find((p: any) => p.provider === 'AWS' && p.kind === 'on-demand' && !p.expired);
    expect(aws).toMatchObject({ stated_usd: 55.04, stated_unit: 'instance-hour', gpus_per_instance: 8, usd_per_gpu_hour: 6.88, stale: false });
    const block = h.prices.find((p: any) => p.kind === 'capacity-block');
    expect(block).toMatchObject({ expired: true, expires: '2025-01-01' });
    const od = h.defaults.find((d: any) => d.kind === 'on-demand');
    expect(od.price_providers).toEqual(['RunPod', 'Nebius', 'Lambda', 'CoreWeave', 'AWS', 'Azure']);
    expect(h.defaults.map((d: any) => d.kind)).not.toContain('capacity-block');
  });

  it('text marks expired, stale and non-default entries', async () => {
    const r = await runCli(['prices', 'h100-sxm']);
    expect(r.stdout).toMatch(/expired 2025-01-01/);
    expect(r.stdout).toMatch(/over 12 months old/);
    expect(r.stdout).toMatch(/Vast\.ai .*not a default \(tier\)/);
    expect(r.stdout).toMatch(/on-demand: \$4\.822\/GPU-h, median of 6 on-demand list prices/);
  });

  // `run` warned of a price dated after today (a pinned SOURCE_DATE_EPOCH before the source) while `prices` listed it,
  // and built its defaults from it, with no mark.
  it('marks a price dated after today, in text and JSON (future), and none when today is after every date', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000'; // 2023-11-14: before every h100-sxm price
    try {
      const text = await runCli(['prices', 'h100-sxm']);
      expect(text.stdout).toMatch(/CoreWeave .*dated after 2023-11-14/);
      const j = JSON.parse((await runCli(['prices', 'h100-sxm', '--json'])).stdout);
      const dated = j.hardware[0].prices.filter((p: any) => p.date > '2023-11-14');
      expect(dated.length).toBeGreaterThan(0);
      expect(dated.every((p: any) => p.future === true)).toBe(true);
    } finally {
      process.env.SOURCE_DATE_EPOCH = '1795910400';
    }
    const j = JSON.parse((await runCli(['prices', 'h100-sxm', '--json'])).stdout);
    expect(j.hardware[0].prices.map((p: any) => p.future)).not.toContain(true);
  });

  it('an unknown GPU is refused with exit 2', async () => {
    const r = await runCli(['prices', 'h100-sxn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean `h100-sxm`/);
  });

  // It listed every profile with exit 0, as if no id had been given.
  it.each([[''], [' ']])('an empty id %j is an unknown GPU', async (id) => {
    const r = await runCli(['prices', id, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: gpu: unknown GPU `\s*`\n  hint: run `flopcast hardware` for the profiles\n$/);
  });
});

import { describe, expect, it } from 'vitest';
import { report } from '../../../src/index.js';
import { GOOD_SCENARIO } from '../../helpers.js';

/**
 * The FLOP chart's caption names the tokens as every other line of the report does (format.ts count,
 * the suffixes users write). It wrote them in trillions to three decimals: 1.5B tokens as "0.002T"
 * (2B), 1M as "1.000e-6T". Expected values are the scenario's own `tokens:` as written.
 */
describe('flopFigures caption', () => {
  it.each([
    { tokens: '1.5B', shown: '1.5B' },
    { tokens: '1M', shown: '1M' },
    { tokens: '300B', shown: '300B' },
    { tokens: '15T', shown: '15T' },
    { tokens: '2.25T', shown: '2.25T' },
  ])('$tokens tokens', ({ tokens, shown }) => {
    const text = GOOD_SCENARIO.replace('tokens: 300B', `tokens: ${tokens}`);
    const { text: md } = report(text, { format: 'markdown' });
    expect(md).toContain(`Training FLOPs by component for GPT-3 175B on ${shown} tokens (`);
  });
});

// Hostile sweep 12: two options differing only in training.recompute_modules drew two FLOP charts with one caption,
// 'recompute selective' each, though their recomputation differs; the caption names the modules as run's training
// line does (flops/recomputeModules.ts recomputeText). Fails on the old code.
describe('flopFigures caption: the recompute modules', () => {
  const text = `name: t\nmodel: llama-3-70b\ntraining:\n  tokens: 1T\n  recompute: selective\ncluster: {gpu: h100-sxm, count: 64, utilization: 0.4}\noptions:\n  - {name: a, training: {recompute_modules: [mlp]}}\n  - {name: b}\n`;
  it.each([
    { option: 'a', shown: 'recompute selective (mlp))' },
    { option: 'b (the default, core_attn, not named)', shown: 'recompute selective)' },
  ])('$option', ({ shown }) => {
    const { text: md } = report(text, { format: 'markdown' });
    expect(md).toContain(`Training FLOPs by component for Llama 3 70B on 1T tokens (seq\\_len 8192, attention full, ${shown}; the percentage`);
  });
});

// The cost-vs-time chart's axis was in days whatever the runs' length: a run of 45 minutes sat at 0.0 days, its ticks
// 0.0 to 0.1. It takes the largest unit its longest time reaches, by the rule of durations in words (format.ts
// durationUnit). Expected units from the runs' sizes: GPT-3 175B trains 6 × 174.6e9 ≈ 1.05e12 FLOPs a token (6N; the
// attention adds 2.7%); 1,024 H100 at MFU 0.4 do 1,024 × 989e12 × 0.4 ≈ 4.05e17 FLOP/s: 1B tokens ≈ 2,660 s
// (44 minutes), 30B ≈ 22 hours, 300B ≈ 9.2 days.
describe('costScatter: the time axis in the unit the runs reach', () => {
  it.each([
    { tokens: '1B', unit: 'minutes' },
    { tokens: '30B', unit: 'hours' },
    { tokens: '300B', unit: 'days' },
  ])('$tokens tokens: $unit', ({ tokens, unit }) => {
    const { text: html } = report(GOOD_SCENARIO.replace('tokens: 300B', `tokens: ${tokens}`), { format: 'html' });
    expect(html.match(/Wall-clock time \((\w+)\)/)?.[1]).toBe(unit);
  });
  it('a deadline beyond the runs sets the unit, and its line stands where it falls: 2 days with a 43-minute run', () => {
    const { text: html } = report(GOOD_SCENARIO.replace('tokens: 300B', 'tokens: 1B') + 'constraints: {deadline: 2 days}\n', { format: 'html' });
    expect(html.match(/Wall-clock time \((\w+)\)/)?.[1]).toBe('days');
    expect(html.match(/>deadline [^<]+</)?.[0]).toBe('>deadline 2 days<');
  });
});

// Lead trial 23: the cost axes labelled their ticks by usd, whole dollars from $10, so a run of hours costing about $11
// had the ticks 0, 2.5, ..., 12.5 read '$0 $2.50 $5.00 $7.50 $10 $13' (12.5 as $13), and a step of 0.5 wrote 10.5 and 11
// both '$11'. GPT-2 (124.4M parameters) on 2B tokens is about 6 × 124.4e6 × 2e9 ≈ 1.5e18 FLOPs plus attention: at
// 8 × 989e12 × 0.4 FLOP/s about 1.2 GPU-hours, so $9 a GPU-hour costs about $11 and the other option about $5.
describe('the cost charts: an axis tick shows its value to the cent', () => {
  const text = `name: t\nmodel: gpt2\ntraining: {tokens: 2B, seq_len: 1024, global_batch: 512}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n` +
    `pricing: {usd_per_gpu_hour: 4}\noptions:\n  - {name: cheap}\n  - {name: dear, pricing: {usd_per_gpu_hour: 9}}\n`;
  const { text: html } = report(text, { format: 'html' });
  const ticks = (id: string) => {
    const svg = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</svg>', html.indexOf(`id="${id}"`)));
    return [...svg.matchAll(/<text[^>]*>(\$[^<]*)<\/text>/g)].map((m) => m[1]!);
  };
  it.each(['fig-cost-vs-time', 'fig-cost-breakdown'])('%s', (id) => {
    const labels = ticks(id);
    expect(labels).toContain('$12.50');
    expect(labels).not.toContain('$13');
  });
  it('a bar\'s total keeps usd\'s rounding, as the table writes the cost', () => {
    expect(ticks('fig-cost-breakdown')).toContain('$11');
  });
});

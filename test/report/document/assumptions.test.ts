import { describe, expect, it } from 'vitest';
import { flops, report } from '../../../src/index.js';
import { sci } from '../../../src/report/format.js';

/**
 * Hostile sweep 13: "Where the FLOPs go" grouped the options by the model's name, tokens and count options, so
 * options differing only in training.mtp_layers (the model's name unchanged) shared one chart, the first option's:
 * a matrix of mtp_layers [0, 1] on DeepSeek-V3 showed only the count without the MTP module (2.812e23 model FLOPs),
 * none for the option that trains it. The expected counts are the library's flops() of the same model, tokens and
 * sequence length at each depth (an independent path: no report, no scenario). Fails on the old code.
 */
describe('assumptionsOf: the FLOP groups', () => {
  const text = `name: t\nmodel: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 1024}\ncluster: {gpu: h800-sxm, count: 512, utilization: 0.4}\npricing: {usd_per_gpu_hour: 2}\nmatrix:\n  training.mtp_layers: [0, 1]\n`;
  const md = report(text, { format: 'markdown' }).text;
  it.each([
    { mtpLayers: 0, caption: 'recompute none);' },
    { mtpLayers: 1, caption: 'recompute none, mtp_layers 1);' },
  ])('mtp_layers $mtpLayers has its own count and caption', ({ mtpLayers, caption }) => {
    const f = flops('deepseek-v3', { tokens: 1e12, seqLen: 4096, mtpLayers });
    expect(md).toContain(`Model FLOPs ${sci(f.flops.model)}, hardware FLOPs ${sci(f.flops.hardware)}.`);
    expect(md).toContain(`on 1T tokens (seq\\_len 4096, attention full, ${caption.replace('mtp_layers', 'mtp\\_layers')}`);
  });
});

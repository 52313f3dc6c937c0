/**
 * The library's plan option `pipelineLayout` (src/library/plan.ts, args.ts layoutArg): text the layout
 * rules read; anything else refused at the option's name, as the CLI refuses it at --pipeline-layout.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';

const GPT3 = { model: 'gpt3-175b', gpu: 'a100-sxm4-80gb', count: 1024, globalBatch: 1536, pp: 8 } as const;

describe('plan({ pipelineLayout })', () => {
  it.each([
    [5, 'expected a pipeline layout such as Et*4|(t*4|)*14tmL, found a number (5)'],
    [['Et*96L'], 'expected a pipeline layout such as Et*4|(t*4|)*14tmL, found a list'],
  ])('%j: refused at pipelineLayout', (value, message) => {
    const e = thrownInputError(() => plan({ ...GPT3, pipelineLayout: value as unknown as string }));
    expect(e.details.keyPath).toBe('pipelineLayout');
    expect(e.message).toBe(message);
  });

  it('a layout that does not fit the model: refused at pipelineLayout with the rule\'s message', () => {
    const e = thrownInputError(() => plan({ ...GPT3, pipelineLayout: 'Et*95L' }));
    expect(e.details.keyPath).toBe('pipelineLayout');
    expect(e.message).toMatch(/the layout has 95 decoder layers \(t\), the model GPT-3 175B has 96/);
  });

  it('a layout that fits: every layout found holds it and its 1 virtual stage per rank', () => {
    const r = plan({ ...GPT3, pipelineLayout: 'Et*12|(t*12|)*6t*12L', top: 2 });
    expect(r.best.length).toBe(2);
    for (const e of r.best) expect(e.layout).toMatchObject({ pp: 8, virtualStages: 1, schedule: '1f1b', pipelineLayout: 'Et*12|(t*12|)*6t*12L' });
  });
});

// Writability sweep: the file's training.mtp_layers and Megatron-Core's split fields are the file's run; plan reads them
// as run does, and --model (the query's model) is trained with the file's MTP modules too (before: 'the layout has 1 MTP
// layers (m), the model DeepSeek-V3 (671B) has 0' for a preset the file trains one on).
describe('plan(scenario) with the file\'s mtp_layers and split fields', () => {
  const scenario = (model: string, parallelism: string) => `model: ${model}\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster: {gpu: h100-sxm, count: 2048, utilization: auto, parallelism: {tp: 2, pp: 16, ep: 64, etp: 1, micro_batch: 1, zero_stage: 1, ${parallelism}}}\n`;
  it.each([
    { name: 'the file\'s model', query: {}, model: 'deepseek-v3', parallelism: 'pipeline_layout: \'Et*4|(t*4|)*14tmL\'' },
    { name: '--model over it', query: { model: 'deepseek-v3' }, model: 'mixtral-8x7b', parallelism: 'pipeline_layout: \'Et*4|(t*4|)*14tmL\'' },
    { name: 'the split fields with MTP', query: {}, model: 'deepseek-v3', parallelism: 'num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1' },
  ])('$name: the layout holds the MTP module', ({ query, model, parallelism }) => {
    const r = plan({ scenario: scenario(model, parallelism), ...query, top: 1 });
    expect(r.best[0]!.layout.pipelineLayout).toBe('Et*4|(t*4|)*14tmL');
  });
});

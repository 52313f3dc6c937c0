/**
 * Megatron-Core's split fields as the pipeline layout that places the same layers (src/perf/pipelineSplit.ts).
 * Writability sweep: recipes print them (Megatron-Bridge llama31_405b.py: account_for_embedding_in_pipeline_split and
 * account_for_loss_in_pipeline_split True on pp 8 × vp 2), and a scenario could only hand-translate them into a
 * pipeline_layout (unknown keys before). Expected layouts are Megatron-Core's get_num_layers_to_build done by hand
 * (and, for DeepSeek-V3's stage sizes, the layout Megatron-Bridge's deepseek_v3.py prints for pp 16).
 */
import { describe, expect, it } from 'vitest';
import { pipelineSplitLayout, type PipelineSplitFields } from '../../src/perf/pipelineSplit.js';
import { pipelinePlacement } from '../../src/perf/pipelineLayout.js';
import { arch, GPT3_175B } from './helpers.js';
import { thrownInputError } from '../helpers.js';

const llama405 = { layers: 126, mtpDepth: 0 };
const dsv3 = { layers: 61, mtpDepth: 1 };

describe('pipelineSplitLayout', () => {
  it.each([
    // (126 + 2) / 8 = 16 a rank, 8 a chunk; the first chunk gives one to E, the last one to L.
    { name: 'Llama 3.1 405B, both accounted, pp 8 × vp 2', model: llama405, f: { pp: 8, virtual_stages: 2, account_for_embedding_in_pipeline_split: true, account_for_loss_in_pipeline_split: true }, layout: 'Et*7|(t*8|)*14t*7L' },
    // 61 = 4 + 14·4 + 1: Megatron-Bridge deepseek_v3.py layout_map[(16, 1)], the MTP layer before the loss.
    { name: 'DeepSeek-V3, first 4 and last 1, pp 16', model: dsv3, f: { pp: 16, num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1 }, layout: 'Et*4|(t*4|)*14tmL' },
    // pp 1: 126 + 1 on one rank, which gives one to L.
    { name: 'the loss alone, pp 1', model: llama405, f: { pp: 1, account_for_loss_in_pipeline_split: true }, layout: 'Et*126L' },
    { name: 'the first stage alone, pp 4 × vp 2', model: { layers: 30, mtpDepth: 0 }, f: { pp: 4, virtual_stages: 2, num_layers_in_first_pipeline_stage: 6 }, layout: 'Et*3|(t*4|)*3t*3|(t*4|)*2t*4L' },
    { name: 'both flags false: no layout', model: llama405, f: { pp: 8, account_for_embedding_in_pipeline_split: false, account_for_loss_in_pipeline_split: false }, layout: undefined },
  ])('$name', ({ model, f, layout }) => {
    const l = pipelineSplitLayout(model, f as PipelineSplitFields);
    expect(l).toBe(layout);
    // and the layout rules take it for the model (every layer placed once, E first, MTP and L last).
    const a = arch({ ...GPT3_175B, layers: model.layers, ...(model.mtpDepth ? { mtp: { depth: model.mtpDepth } } : {}) });
    if (l !== undefined) expect(pipelinePlacement(a, l, f.pp)).not.toHaveProperty('message');
  });

  it.each([
    { f: { pp: 8, num_layers_in_first_pipeline_stage: 4, account_for_embedding_in_pipeline_split: true }, key: 'account_for_embedding_in_pipeline_split', message: /Does not support standalone embedding stage/ },
    { f: { pp: 8, num_layers_in_first_pipeline_stage: 5, num_layers_in_last_pipeline_stage: 5 }, key: 'num_layers_in_first_pipeline_stage', message: /leave 51 of the 61 layers for 6 stages, not an even share/ },
    { f: { pp: 8, account_for_loss_in_pipeline_split: true }, key: 'account_for_loss_in_pipeline_split', message: /the 61 layers plus the loss \(62\) do not divide over pp 8/ },
    { f: { pp: 2, virtual_stages: 4, num_layers_in_first_pipeline_stage: 30 }, key: 'virtual_stages', message: /pipeline rank 0 holds 30 layers, which do not divide over 4 virtual stages/ },
    { f: { num_layers_in_first_pipeline_stage: 4 }, key: 'num_layers_in_first_pipeline_stage', message: /it needs pp/ },
    { f: { pp: 16, num_layers_in_first_pipeline_stage: 4, pipeline_layout: 'Et*4|(t*4|)*14tmL' }, key: 'num_layers_in_first_pipeline_stage', message: /both place the layers/ },
    { f: { pp: 16, schedule: 'dualpipe', num_layers_in_first_pipeline_stage: 4, num_layers_in_last_pipeline_stage: 1 }, key: 'num_layers_in_first_pipeline_stage', message: /^num_layers_in_first_pipeline_stage splits the layers for Megatron-Core's 1F1B or interleaved schedule, found schedule dualpipe$/ },
    { f: { pp: 1, num_layers_in_first_pipeline_stage: 30, num_layers_in_last_pipeline_stage: 31 }, key: 'num_layers_in_last_pipeline_stage', message: /name two stages, pp is 1/ },
    // a billion empty middle stages were built before the layout rules could refuse them
    { f: { pp: 1e9, num_layers_in_first_pipeline_stage: 60, num_layers_in_last_pipeline_stage: 1 }, key: 'pp', message: /pp × virtual_stages is 1000000000 chunks, more than a layout of this model's 61 layers can hold \(128\)/ },
  ])('refuses $key: $message', ({ f, key, message }) => {
    const e = thrownInputError(() => pipelineSplitLayout(dsv3, f as PipelineSplitFields));
    expect(e.details.keyPath).toBe(`cluster.parallelism.${key}`);
    expect(e.message).toMatch(message);
  });
});

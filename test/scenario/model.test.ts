/**
 * A scenario's inline model (src/scenario/model.ts): its number fields may be arithmetic over its own sizes
 * (`d_ff: 4 * d_model`), its text and boolean fields are read as the model file reads them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flops, run, type PredictionJson } from '../../src/index.js';
import type { ModelInput } from '../../src/model/schema.js';
import { fromHfConfig, thrownInputError } from '../helpers.js';

const BASE = { layers: 4, d_model: 64, heads: 4, d_ff: 256, vocab: 1000, seq_len: 128 };
const scenario = (fields: string) => `model: {layers: 4, d_model: 64, heads: 4, d_ff: 256, vocab: 1000, seq_len: 128, ${fields}}\ntraining: {tokens: 1B}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`;

// Hostile sweep 10: the fields not evaluated as arithmetic were a hand-kept list that missed the text and boolean ones
// added since: an inline hybrid's layer_pattern was parsed as arithmetic (no inline hybrid model resolved), a boolean
// written `yes` offered `abs`. Each resolving row is counted as the library counts the same model given as an object
// (no arithmetic there). The first three rows failed on the old code; the last pins the arithmetic.
describe('an inline model\'s fields', () => {
  it.each([
    { fields: 'layer_pattern: "M*M-", mamba: {heads: 4, groups: 1, chunk_size: 64}', same: { layer_pattern: 'M*M-', mamba: { heads: 4, groups: 1, chunk_size: 64 } } },
    { fields: 'layer_pattern: "EEEE", moe: {experts: 4, top_k: 1}', same: { layer_pattern: 'EEEE', moe: { experts: 4, top_k: 1 } } },
    { fields: 'head_bias: yes', refused: 'model.head_bias: expected true or false, found "yes"' },
    { fields: 'd_head: d_model / heads * 2', same: { d_head: 32 } },
  ])('$fields', ({ fields, same, refused }) => {
    if (refused) {
      const e = thrownInputError(() => run(scenario(fields)));
      expect(`${e.details.keyPath}: ${e.message}`).toBe(refused);
    } else {
      expect(run(scenario(fields)).results[0]!.params).toBe(flops({ ...BASE, ...same } as ModelInput).params.total);
    }
  });
});

// Writability sweep: Megatron-Bridge's DeepSeek-V3 and GLM-4.5 pretrain recipes train one MTP module (mtp_num_layers 1)
// on a preset or a config.json, and could be written only by copying the model into a file of its own with
// `mtp: {depth: 1}` (training.mtp_layers was refused as an unknown key). The model the run trains must be the model
// file's: each row is counted against the same model given with `mtp` (the library's count, not this code's).
// Hostile sweep 19: `model: {name: llama-3-8b}`, a preset named in a mapping, was 'model.layers: required number is
// missing' alone, as if an inline model were meant; fails on the old code (no hint).
describe('an inline model of a name alone', () => {
  it.each([['llama-3-8b'], ['models/ours.yaml']])('model: {name: %s} is told how a preset or a file is named', (name) => {
    const e = thrownInputError(() => run(`model: {name: ${name}}\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`, { file: 's.yaml' }));
    expect(`${e.details.keyPath}: ${e.message}`).toBe('model: an inline model gives its sizes (layers, d_model, heads, d_ff, vocab, seq_len), found `name` alone');
    expect(e.details.hint).toBe(`a preset or a model file is named as the value of \`model:\` itself: write \`model: ${name}\``);
    expect(e.details.line).toBe(1);
  });
});

describe('training.mtp_layers', () => {
  const deepseek = readFileSync('models/deepseek-v3.yaml', 'utf8');
  const glm = fromHfConfig(JSON.parse(readFileSync('test/fixtures/hf/glm-4.5.json', 'utf8')), 'glm-4.5.json');
  const runOf = (model: string, training: string) => run(`model: ${model}\ntraining: {tokens: 1T, seq_len: 4096, ${training}}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n`).results[0]!;
  const same = (model: ModelInput) => flops(model, { tokens: 1e12, seqLen: 4096 });
  const isMtpNote = (w: string) => /multi-token-prediction/.test(w);
  it.each([
    { name: 'a preset trains DeepSeek-V3\'s MTP module', model: 'deepseek-v3', training: 'mtp_layers: 1', as: { ...(parse(deepseek) as ModelInput), mtp: { depth: 1 } } },
    { name: 'a config.json trains GLM-4.5\'s (its num_nextn_predict_layers note dropped)', model: 'test/fixtures/hf/glm-4.5.json', training: 'mtp_layers: 1', as: { ...glm, mtp: { depth: 1 } } },
    { name: '0 trains none of a model\'s own', model: `{${Object.entries(BASE).map(([k, v]) => `${k}: ${v}`).join(', ')}, mtp: {depth: 2}}`, training: 'mtp_layers: 0', as: BASE as ModelInput },
  ])('$name', ({ model, training, as }) => {
    const r = runOf(model, training);
    const f = same(as);
    expect([r.params, r.model_flops]).toEqual([f.params.total, f.flops.total]);
    expect(r.warnings.filter(isMtpNote)).toEqual([]);
  });
  // The note dropped is the one the importer flagged (model/hf/read.ts HfConfig.noteUncountedMtp), not any note in its
  // words: a model's own assumption saying so was dropped by a word match (the first row fails on the old code).
  it('a model\'s own assumption in those words is kept; an imported config\'s flagged note, of any importer, is dropped', () => {
    const own = 'the multi-token-prediction module is not counted';
    const inline = `{${Object.entries(BASE).map(([k, v]) => `${k}: ${v}`).join(', ')}, assumptions: ["${own}"]}`;
    expect(runOf(inline, 'mtp_layers: 1').warnings.filter((w) => w.endsWith(`: ${own}`))).toHaveLength(1);
    expect(runOf('test/fixtures/hf/minimax-m2.json', 'global_batch: 1').warnings.filter(isMtpNote)).toHaveLength(1);
    expect(runOf('test/fixtures/hf/minimax-m2.json', 'global_batch: 1, mtp_layers: 3').warnings.filter(isMtpNote)).toEqual([]);
  });
  it('without it a config.json\'s MTP modules stay uncounted, with their note', () => {
    expect(runOf('test/fixtures/hf/glm-4.5.json', 'global_batch: 1').warnings.filter(isMtpNote)).toHaveLength(1);
  });
  it('places the MTP module a pipeline layout prints (`m`) on a preset', () => {
    const r = run(`model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, recompute: selective, mtp_layers: 1}\ncluster: {gpu: h100-sxm, count: 2048, utilization: auto, parallelism: {tp: 2, pp: 16, cp: 1, ep: 64, etp: 1, micro_batch: 1, zero_stage: 1, pipeline_layout: 'Et*4|(t*4|)*14tmL'}}\n`).results[0]!;
    expect((r as unknown as PredictionJson).layout.pipeline_layout).toBe('Et*4|(t*4|)*14tmL');
  });
  it.each([
    { training: 'mtp_layers: 1', model: 'nemotron-h-8b', refused: 'training.mtp_layers: multi-token prediction is not supported with a hybrid model (layer_pattern)' },
    { training: 'mtp_layers: layers / 61', model: 'deepseek-v3', refused: 'training.mtp_layers: mtp_layers changes the model the scenario\'s expressions count, so it is read before them: write the number itself, not an expression (found 1)' },
    { training: 'mtp_layers: 1.5', model: 'deepseek-v3', refused: 'training.mtp_layers: expected an integer, found 1.5' },
    // was blamed on the model: 'too large to count exactly'
    { training: 'mtp_layers: 100000000', model: 'deepseek-v3', refused: 'training.mtp_layers: mtp_layers (100000000) is more multi-token-prediction modules than the model has layers (61): each is one more block like its last' },
  ])('refuses $training on $model', ({ training, model, refused }) => {
    const e = thrownInputError(() => runOf(model, training));
    expect(`${e.details.keyPath}: ${e.message}`).toBe(refused);
  });
});

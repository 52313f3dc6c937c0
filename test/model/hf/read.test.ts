/**
 * How a config.json's keys are read (src/model/hf/read.ts) where a value given differs from one left out:
 * `tie_word_embeddings: null` is transformers' None, which ties nothing (PreTrainedModel.tie_weights ties only
 * `if getattr(config, "tie_word_embeddings", True)`), not the type's default. It was read as missing: a
 * tied-by-default type counted one table where transformers builds two.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHfConfig } from '../../../src/model/hf.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;

describe('tie_word_embeddings', () => {
  // The defaults when the key is left out are each type's (configuration_<type>.py): GPT2Config and GemmaConfig tie,
  // LlamaConfig does not.
  it.each([
    { fixture: 'gpt2', leftOut: true },
    { fixture: 'gemma-7b', leftOut: true },
    { fixture: 'llama-2-7b', leftOut: false },
    // The importers that read the key themselves (moreDense.ts: MptConfig and ExaoneConfig tie, Baichuan's remote code does not).
    { fixture: 'mpt-7b-instruct', leftOut: true },
    { fixture: 'exaone-3.0-7.8b-instruct', leftOut: true },
    { fixture: 'disc-finllm-baichuan-13b', leftOut: false },
  ])('$fixture: left out, the type\'s default ($leftOut); null, untied, said where that is not the default', ({ fixture, leftOut }) => {
    const { tie_word_embeddings: _given, ...without } = load(fixture);
    void _given;
    expect(fromHfConfig(without, 'x.json').tied_embeddings).toBe(leftOut);
    const nulled = fromHfConfig({ ...without, tie_word_embeddings: null }, 'x.json');
    expect(nulled.tied_embeddings).toBe(false);
    const note = (nulled.assumptions ?? []).filter((a) => a.startsWith('tie_word_embeddings null'));
    expect(note).toEqual([`tie_word_embeddings null: transformers keeps the None and ties the head only when the value is true, so the head is counted untied${leftOut ? " (the type's default, when the key is left out, is tied)" : ''}.`]);
  });

  it.each([true, false])('given %s, read as given, with no note', (tied) => {
    const m = fromHfConfig({ ...load('gpt2'), tie_word_embeddings: tied }, 'x.json');
    expect(m.tied_embeddings).toBe(tied);
    expect((m.assumptions ?? []).some((a) => a.startsWith('tie_word_embeddings'))).toBe(false);
  });

  it('a type that reads the key twice (ERNIE 4.5 MoE: use_bias against a tied head) says it once', () => {
    const m = fromHfConfig({ ...load('ernie-4.5-21b-a3b'), use_bias: true, tie_word_embeddings: null }, 'x.json');
    expect(m.tied_embeddings).toBe(false);
    expect((m.assumptions ?? []).filter((a) => a.startsWith('tie_word_embeddings null'))).toHaveLength(1);
  });
});

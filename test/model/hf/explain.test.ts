/** src/model/hf/explain.ts: schema errors about an imported model, in the config's keys. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFromText } from '../../../src/model/text.js';
import { thrownInputError } from '../../helpers.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'hf', `${name}.json`), 'utf8')) as Record<string, unknown>;
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe('a schema error about a value the file leaves out names it as its type\'s default', () => {
  // The file has no num_key_value_heads: the error said `num_key_value_heads (2) does not divide ...` and nothing more.
  it.each([
    ['starcoder2, 25 heads over Starcoder2Config\'s 2', { ...without(load('starcoder2-15b'), 'num_key_value_heads'), num_attention_heads: 25, hidden_size: 6400 }, 'num_key_value_heads', /^the file has no num_key_value_heads: 2 is its model_type's default; give num_key_value_heads; grouped-query attention needs/],
    ['qwen2_5_vl, 28 heads over Qwen2_5_VLTextConfig\'s 8', without(load('qwen2.5-vl-7b-instruct'), 'num_key_value_heads'), 'num_key_value_heads', /^the file has no num_key_value_heads: 8 is its model_type's default; give num_key_value_heads; /],
  ])('%s', (_what, config, keyPath, hint) => {
    const e = thrownInputError(() => modelFromText(JSON.stringify(config, null, 2), 'c.json', 'c'));
    expect(e.message).toMatch(/^num_key_value_heads \(\d+\) does not divide num_attention_heads/);
    expect(e.details.keyPath).toBe(keyPath);
    expect(e.details.hint).toMatch(hint);
  });

  it('a value the file holds keeps the plain hint', () => {
    const e = thrownInputError(() => modelFromText(JSON.stringify({ ...load('starcoder2-15b'), num_key_value_heads: 5 }, null, 2), 'c.json', 'c'));
    expect(e.details.hint).toBe('grouped-query attention needs num_attention_heads to be a multiple of num_key_value_heads');
  });
});

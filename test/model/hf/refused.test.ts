import { describe, expect, it } from 'vitest';
import { HF_MODEL_TYPES } from '../../../src/model/hf.js';
import { REFUSED_TYPES } from '../../../src/model/hf/refused.js';
import { modelFromText } from '../../../src/model/text.js';
import { thrownInputError } from '../../helpers.js';

// Types refused by what the model format lacks (src/model/hf/refused.ts): they were "unsupported model_type", with the
// hint to describe them in a model file, which has no Mamba-1 layer either.
describe('hub types the model format cannot describe are refused at their model_type, naming what it lacks', () => {
  it.each([
    { type: 'mamba', text: '{\n  "model_type": "mamba",\n  "hidden_size": 768\n}\n', key: 'model_type', at: { line: 2, col: 3 } },
    { type: 'falcon_mamba', text: '{\n  "hidden_size": 4096,\n  "model_type": "falcon_mamba"\n}\n', key: 'model_type', at: { line: 3, col: 3 } },
    { type: 'jamba', text: '{\n  "model_type": "jamba"\n}\n', key: 'model_type', at: { line: 2, col: 3 } },
    { type: 'jamba', text: '{\n  "model_type": "llava",\n  "text_config": {\n    "model_type": "jamba"\n  }\n}\n', key: 'text_config.model_type', at: { line: 4, col: 5 } },
  ])('$type at $key', ({ type, text, key, at }) => {
    const e = thrownInputError(() => modelFromText(text, 'c.json', 'c'));
    expect(e.details.keyPath).toBe(key);
    expect({ line: e.details.line, col: e.details.col }).toEqual(at);
    expect(e.message).toMatch(new RegExp(`^${type} is not modelled: .*Mamba-1 mixer.*the model format's state-space layers are Mamba-2 mixers`));
    expect(e.details.hint).toMatch(/^Mamba-1 has other weights/);
  });

  it('no refused type is also a supported one', () => {
    for (const t of Object.keys(REFUSED_TYPES)) expect(HF_MODEL_TYPES).not.toContain(t);
  });
});

/**
 * The per-type sets of src/model/hf/classFields.ts name built types (HF_MODEL_TYPES, the builders' keys: llamaCore tests
 * HfConfig.modelType, the type a file is built as, against them): a misspelt or alias name would match no file and leave
 * its type reading a key its class does not have. Their effect on the count is tested through llamaCore
 * (test/model/hf/common.test.ts, more.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { HF_MODEL_TYPES } from '../../../src/model/hf.js';
import { MLP_BIAS, NO_ATTENTION_BIAS, NO_HEAD_DIM } from '../../../src/model/hf/classFields.js';

describe('the config classes\' fields, by built type', () => {
  it.each([
    ['NO_ATTENTION_BIAS', NO_ATTENTION_BIAS],
    ['MLP_BIAS', MLP_BIAS],
    ['NO_HEAD_DIM', NO_HEAD_DIM],
  ] as const)('%s names built types only', (_, set) => {
    expect([...set].filter((t) => !HF_MODEL_TYPES.includes(t))).toEqual([]);
  });
});

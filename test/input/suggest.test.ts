/** The did-you-mean hint: a family name gets its variants, a typo the nearest id (src/input/suggest.ts). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/input/suggest.js';

const ids = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
const GPUS = ids('hardware-profiles');
const MODELS = ids('models');

describe('didYouMean', () => {
  it.each([
    // a family name without its variant: every id that extends it (edit distance alone said `a10g` for h100 and a100)
    ['h100', GPUS, 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
    ['H100', GPUS, 'did you mean `h100-nvl`, `h100-sxm` or `h100-pcie`?'],
    ['a100', GPUS, 'did you mean `a100-pcie-80gb`, `a100-sxm4-40gb` or `a100-sxm4-80gb`?'],
    ['tpu-v5', GPUS, 'did you mean `tpu-v5e` or `tpu-v5p`?'],
    ['trainium', GPUS, 'did you mean `trainium1`, `trainium2` or `trainium3`?'],
    ['tpu', GPUS, 'did you mean `tpu-v4`, `tpu-v5e` or `tpu-v5p` (2 more)?'],
    ['llama-3', MODELS, 'did you mean `llama-3-8b`, `llama-3-70b` or `llama-3.1-8b` (3 more)?'],
    ['mixtral', MODELS, 'did you mean `mixtral-8x7b` or `mixtral-8x22b`?'],
    ['qwen', MODELS, 'did you mean `qwen2.5-72b`?'],
    // a typo: the nearest id
    ['h100-sx', GPUS, 'did you mean `h100-sxm`?'],
    ['llama3-70b', MODELS, 'did you mean `llama-3-70b`?'],
    ['gpt3-157b', MODELS, 'did you mean `gpt3-175b`?'], // a transposition is one edit (it tied with gpt3-1.3b at two)
    // the same id in other case is that id, not its longer relatives
    ['L4', GPUS, 'did you mean `l4`?'],
    // nothing near
    ['zzzzzzzz', GPUS, undefined],
    // a candidate every character must change to reach is not near: `--price x` was "did you mean `B`?"
    ['x', ['B', 'k', 'M', 'T', 'h', 's'], undefined],
    ['zz', ['ui', 'run', 'flops'], undefined],
    ['xl', ['l4'], undefined],
    ['t4', ['l4'], 'did you mean `l4`?'],
    // Two edits or more keep the first letter (leftover 32: `title` was "did you mean `file`?", `date` `name`); one may change it.
    ['title', ['name', 'file', 'format'], undefined],
    ['date', ['name', 'file', 'format'], undefined],
    ['--title', ['--file', '--name'], undefined],
    ['tile', ['name', 'file'], 'did you mean `file`?'],
    ['fiel', ['name', 'file'], 'did you mean `file`?'],
    ['formta', ['name', 'file', 'format'], 'did you mean `format`?'],
    // Two edits or more keep more than half of the letters typed, in order (sweep 32: plan's `--dir` was `--dp`, `--type` `--top`).
    ['--dir', ['--dp', '--tp', '--model'], undefined],
    ['--type', ['--top', '--tp', '--model'], undefined],
    ['dir', ['dp'], undefined],
    ['gpuus', ['gpu', 'count'], 'did you mean `gpu`?'],
    ['--nodez', ['--node', '--nodes'], 'did you mean `--node`?'],
    // nothing written is near nothing (the empty id was 2 edits from `l4`)
    ['', GPUS, undefined],
    [' ', GPUS, undefined],
    ['\u200b', GPUS, undefined],
    // a look-alike character prints as the id it mimics: its code point is named
    ['h100-s\u0445m', GPUS, 'did you mean `h100-sxm`? (what was written holds U+0445, not ASCII: a look-alike character)'], // Cyrillic х
    ['clust\u0435r', ['cluster', 'training'], 'did you mean `cluster`? (what was written holds U+0435, not ASCII: a look-alike character)'], // Cyrillic е
    ['\u200btraining', ['cluster', 'training'], 'did you mean `training`? (what was written holds U+200B, not ASCII: a look-alike character)'], // a zero-width space
    ['l\u0430\u0443\u0435rs', ['layers'], 'did you mean `layers`? (what was written holds U+0430, U+0443, U+0435, not ASCII: a look-alike character)'],
    // Second review: half of a surrogate pair alone (a JSON "\ud800" escape) was called a look-alike character; it is no character.
    ['gpt2\ud800', ['gpt2', 'llama'], 'did you mean `gpt2`? (what was written holds U+D800, half of a surrogate pair alone (an unpaired surrogate), which is no character)'],
    ['\udc00gpt2\ud800', ['gpt2', 'llama'], 'did you mean `gpt2`? (what was written holds U+DC00, U+D800, half of a surrogate pair alone (an unpaired surrogate), which is no character)'],
    // (sweep 32: was gpт + U+D800 for gpt2, which keeps 2 of 4 letters typed and is no longer near; the wording is the row's point)
    ['clust\u0435r\ud800', ['cluster', 'training'], 'did you mean `cluster`? (what was written holds U+0435, not ASCII: a look-alike character; and U+D800, half of a surrogate pair alone (an unpaired surrogate), which is no character)'],
  ])('%s', (word, candidates, hint) => {
    expect(didYouMean(word, candidates)).toBe(hint);
  });
});

describe('editDistance (optimal string alignment: an adjacent transposition is one edit)', () => {
  it.each([
    ['kitten', 'sitting', 3], // Levenshtein's own example
    ['', 'abc', 3],
    ['ab', 'ba', 1],
    ['157', '175', 1],
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau (which gives 2)
    ['same', 'same', 0],
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

/**
 * The page's fields read as YAML values (src/ui/scenario.ts fieldValue), by the rules every input file
 * is read by: a link can carry any text in any field, and the yaml library alone took 5 s over 100,000
 * `[` and ran out of memory on 5,000 nested lists, freezing or killing the page.
 */
import { describe, expect, it } from 'vitest';
import { bundledUiData } from '../../src/cli/load/uiData.js';
import { createEvaluator } from '../../src/ui/evaluate.js';
import { todayFrom } from '../../src/pricing/policy.js';
import { fieldValue, optionNames } from '../../src/ui/scenario.js';
import { DEFAULT_STATE, stateFromHash, stateToHash } from '../../src/ui/state.js';

/** The page's date: the clock's, as client/main.ts passes it. */
const TODAY = todayFrom(Date.now());

const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const OPEN = '['.repeat(100_000);
const BOMB = '{a: &a [1,1,1,1,1,1,1,1,1,1], b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], d: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]}';

describe('fieldValue', () => {
  it.each([
    { what: 'a number', text: '1024', value: 1024 },
    { what: 'a count with a suffix', text: '15T', value: '15T' },
    { what: 'a range', text: '[0.35, 0.45]', value: [0.35, 0.45] },
    { what: 'auto', text: 'auto', value: 'auto' },
    { what: 'blank', text: '  ', value: undefined },
    // What the input rules refuse stays the text typed, for the scenario's check to name at its field.
    { what: '5,000 nested lists', text: DEEP, value: DEEP },
    { what: '100,000 [', text: OPEN, value: OPEN },
    { what: 'an alias bomb', text: BOMB, value: BOMB },
    { what: 'a tag', text: '!!binary aGVsbG8=', value: '!!binary aGVsbG8=' },
    { what: 'a duplicate key', text: '{a: 1, a: 2}', value: '{a: 1, a: 2}' },
  ])('$what', ({ text, value }) => {
    // The nested and aliased texts came back expanded (or exhausted the heap) before the input rules.
    expect(fieldValue(text)).toEqual(value);
  });
});

describe('optionNames: a long or control-laden field stays a valid name, refused at its own field', () => {
  it.each([
    { what: 'a 10,000-character count', o: { gpu: 'h100-sxm', count: DEEP, price: '' }, name: `h100-sxm × ${'['.repeat(63)}…` },
    { what: 'an escape sequence in the GPU', o: { gpu: 'h100\u001b[31m', count: '8', price: '' }, name: 'h100\\x1b[31m × 8' },
    { what: 'a price', o: { gpu: 'b200', count: '8', price: '2.5' }, name: 'b200 × 8 at $2.5/GPU-h' },
  ])('$what', ({ o, name }) => expect(optionNames([o])).toEqual([name]));
});

describe('the precision, at its own field', () => {
  const evaluate = createEvaluator(bundledUiData('test'), TODAY);
  it.each([
    // The CLI's refusal of the default bf16 on a V100, with its hint to use fp16: it was a general error under the row, and
    // the page had no field to follow the hint with.
    { what: 'the default bf16 on a V100', precision: '', gpu: 'v100-sxm2-32gb', message: /^training\.precision: Tesla V100 .* no published bf16 peak .*\n  hint: use fp16/ },
    { what: 'fp4 on an H100', precision: 'fp4', gpu: 'h100-sxm', message: /^training\.precision: .*fp4/ },
    { what: 'a link\'s precision that is none', precision: '16', gpu: 'h100-sxm', message: /^training\.precision: / },
  ])('$what', ({ precision, gpu, message }) => {
    const ev = evaluate(stateFromHash(stateToHash({ ...structuredClone(DEFAULT_STATE), precision, options: [{ gpu, count: '1024', price: '' }] })));
    expect(ev.runs).toEqual([null]);
    expect(ev.errors).toHaveLength(1);
    expect(ev.errors[0]).toMatchObject({ field: 'precision' });
    expect(ev.errors[0]!.message).toMatch(message);
  });
});

describe('a hostile link: every field refused at its place, the page never frozen', () => {
  const evaluate = createEvaluator(bundledUiData('test'), TODAY);
  it.each([
    { what: 'deep tokens', over: { tokens: DEEP }, field: 'tokens' },
    { what: 'an alias bomb as the global batch', over: { globalBatch: BOMB }, field: 'globalBatch' },
    { what: 'deep utilisation', over: { utilization: OPEN }, field: 'utilization' },
    // Was a `name` error (general): the option's name carried the whole count.
    { what: 'a deep count', over: { options: [{ gpu: 'h100-sxm', count: DEEP, price: '' }] }, field: 'count' },
    { what: 'a 300-character GPU', over: { options: [{ gpu: 'x'.repeat(300), count: '8', price: '' }] }, field: 'gpu' },
    { what: 'an escape sequence in the GPU', over: { options: [{ gpu: 'h100\u001b[31m', count: '8', price: '' }] }, field: 'gpu' },
    { what: 'a tagged price', over: { options: [{ gpu: 'h100-sxm', count: '8', price: '!!binary aGVsbG8=' }] }, field: 'price' },
  ])('$what', ({ over, field }) => {
    // Through the URL, as a shared link brings it.
    const s = stateFromHash(stateToHash({ ...structuredClone(DEFAULT_STATE), ...over }));
    const ev = evaluate(s);
    expect(ev.errors.map((e) => e.field)).toContain(field);
    for (const e of ev.errors) expect(e.message.length).toBeLessThan(2_000);
  });
});

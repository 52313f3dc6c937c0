/**
 * jsonErrorOffset (src/input/jsonPosition.ts): where JSON text first breaks RFC 8259's grammar. The
 * offsets below are counted by hand in each text; validity is checked against JSON.parse on the
 * bundled config.json fixtures and every prefix and one-character change of a small document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonBreak, jsonErrorOffset } from '../../src/input/jsonPosition.js';

const valid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorOffset', () => {
  it.each([
    // V8 gave these no position
    ['{"a": NaN}', 6],
    ['{"a": Infinity}', 6],
    ['{"a": -Infinity}', 6],
    ["{'a': 1}", 1],
    ['{"a": tru}', 6],
    ['{"a": 1} // note', 9],
    ['{"a": 1,\n "b": [1, 2,]}', 21],
    ['', 0],
    ['{"a": "x\ny"}', 8],
    ['{"a": "\\q"}', 7],
    ['{"a" 1}', 5],
    ['{"a": 01}', 7],
    ['[1 2]', 3],
    ['{"a": [1, {"b": 2]}', 17],
    ['{"a": 1', 7],
    ['"\\u12G4"', 1],
    // JSON
    ['{"a": [1, -2.5e-3, true, false, null, "\\u00e9\\n"], "b": {}}', -1],
    [' [ ] ', -1],
    ['0', -1],
  ])('%j: %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    expect(offset === -1).toBe(valid(text));
  });

  it('agrees with JSON.parse on the bundled config.json files, and on every prefix and one-character change of one', () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'hf');
    const texts = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(dir, f), 'utf8'));
    const small = '{"a": [1, 2.5, {"b": null}], "c": "d\\"e", "f": true}';
    const variants = [...texts, ...Array.from({ length: small.length + 1 }, (_, i) => small.slice(0, i))];
    for (let i = 0; i < small.length; i++) for (const c of ['x', ',', ']', '}', '"', ' ', '0', '\\']) variants.push(small.slice(0, i) + c + small.slice(i + 1));
    for (const t of variants) expect(jsonErrorOffset(t) === -1, t).toBe(valid(t));
  });

  it('does not overflow the stack on deep nesting', () => {
    expect(jsonErrorOffset('['.repeat(500_000) + 'x')).toBe(500_000);
  });
});

// Sweep 15: every break but NaN/Infinity was 'not valid JSON' with the one hint 'a Hugging Face
// config.json is one JSON object', whatever the file held. Each text's break is at jsonErrorOffset's offset.
describe('jsonBreak names what breaks the JSON, with the fix', () => {
  it.each([
    ['{"a": NaN}', 'JSON has no NaN or Infinity'],
    ['{"a": -Infinity}', 'JSON has no NaN or Infinity'],
    ['', 'the file is empty'],
    [' \n', 'the file is empty'],
    ['{"a": 1', 'the file ends inside the JSON'],
    ['{"a": "x', 'the file ends inside the JSON'],
    ['{"a": 1} // note', 'JSON has no comments'],
    ['{\n  /* note */ "a": 1}', 'JSON has no comments'],
    ["{'a': 1}", 'a single-quoted string; JSON quotes with "'],
    ['{"a": True}', "`True` is Python's, not JSON's"],
    ['{"a": None}', "`None` is Python's, not JSON's"],
    ['{"a": 1,}', 'a comma before `}`; JSON has no trailing comma'],
    ['{"a": [1, 2,]}', 'a comma before `]`; JSON has no trailing comma'],
    ['{model_type: "llama"}', 'a key without quotes'],
    ['{"a": 1, b: 2}', 'a key without quotes'],
    ['{"a": "x\ny"}', 'a line break inside a string'],
    ['{"a": "x\ty"}', 'a tab inside a string'],
    ['{"a": "\\q"}', 'an escape JSON has not, `\\q`'],
    ['"\\u12G4"', 'a \\u escape without four hex digits, `\\u12G4`'],
    ['{"a": 01}', 'a number with a leading zero'],
    ['{"a": 1} {"b": 2}', 'text after the end of the JSON'],
    ['{"a": 1}}', 'text after the end of the JSON'],
    ['{"a": tru}', 'unexpected `t`'],
    ['{"a" 1}', 'unexpected `1`'],
    ['[1, x]', 'unexpected `x`'],
    ['{"a": \u00a0}', 'unexpected U+00A0'],
  ])('%j: %s', (text, message) => {
    const at = jsonErrorOffset(text);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(jsonBreak(text, at).message).toBe(message);
  });

  it('quotes nothing that is not printable ASCII', () => {
    expect(jsonBreak('"\\u1\n"', 1).message).toBe('a \\u escape without four hex digits');
  });
});

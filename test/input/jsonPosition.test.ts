/**
 * jsonErrorOffset (src/input/jsonPosition.ts): where JSON text first breaks RFC 8259's grammar. The
 * offsets below are counted by hand in each text; validity is checked against JSON.parse on the
 * bundled config.json fixtures and every prefix and one-character change of a small document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/input/jsonPosition.js';

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

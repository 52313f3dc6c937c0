/** How an error in a file the scenario points to says where (src/scenario/reference.ts), and the page taking it off. */
import { describe, expect, it } from 'vitest';
import { referencedBy, withoutReference } from '../../src/scenario/reference.js';

describe('referencedBy: the scenario file, its place and the key path that points to the file at fault', () => {
  it.each([
    { what: 'a place in a file', file: 's.yaml', place: { line: 2, col: 1 }, path: ['model'], text: 'referenced by s.yaml:2:1 (model)' },
    { what: 'a nested key', file: 'runs/a.yaml', place: { line: 7, col: 3 }, path: ['cluster', 'gpu'], text: 'referenced by runs/a.yaml:7:3 (cluster.gpu)' },
    // A library caller's object has no positions (input/errors.ts placeText): the file alone, never :0:0.
    { what: 'no place (an object)', file: '<scenario>', place: {}, path: ['cluster', 'gpu'], text: 'referenced by <scenario> (cluster.gpu)' },
  ])('$what', ({ file, place, path, text }) => {
    expect(referencedBy(file, place, path)).toBe(text);
  });
});

describe('withoutReference takes off the reference to its own file only, with the "; " before it', () => {
  it.each([
    { what: 'alone', hint: referencedBy('s.yaml', { line: 2, col: 1 }, ['model']), file: 's.yaml', left: '' },
    { what: 'after a hint', hint: `give a shorter one; ${referencedBy('s.yaml', { line: 2, col: 1 }, ['model'])}`, file: 's.yaml', left: 'give a shorter one' },
    { what: 'no place', hint: `x; ${referencedBy('<scenario>', {}, ['model'])}`, file: '<scenario>', left: 'x' },
    { what: "another file's (kept)", hint: `x; ${referencedBy('t.yaml', { line: 2, col: 1 }, ['model'])}`, file: 's.yaml', left: 'x; referenced by t.yaml:2:1 (model)' },
    { what: 'a file name with regex characters (matched as text)', hint: `x; ${referencedBy('a+(b).yaml', { line: 1, col: 1 }, ['model'])}`, file: 'a+(b).yaml', left: 'x' },
  ])('$what', ({ hint, file, left }) => {
    expect(withoutReference(hint, file)).toBe(left);
  });
});

/**
 * A model's text (src/model/text.ts), as the page passes a pasted config.json: refused by size before
 * JSON.parse looks at it (6 MB of nested lists took it 5 s: the test checks JSON.parse is never called,
 * not a clock), and by depth whatever the parser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { modelFromText } from '../../src/model/text.js';

describe('modelFromText refuses hostile text before parsing it, with the input rules\' messages', () => {
  afterEach(() => vi.restoreAllMocks());
  it.each([
    { what: '6 MB of nested lists (JSON)', text: '['.repeat(3e6) + ']'.repeat(3e6), file: 'config.json', message: 'text is 6000000 characters; the limit is 1000000 bytes', parsed: false },
    { what: '5 MB of one string (JSON)', text: `{"model_type": "llama", "x": "${'a'.repeat(5e6)}"}`, file: 'config.json', message: 'the limit is 1000000 bytes', parsed: false },
    { what: '100,000 levels (JSON)', text: `{"a": ${'['.repeat(1e5)}${']'.repeat(1e5)}}`, file: 'config.json', message: 'nesting deeper than 32 levels', parsed: true },
    { what: '2 MB of text (YAML)', text: `layers: 2\n#${'x'.repeat(2e6)}\n`, file: 'm.yaml', message: 'the limit is 1000000 bytes', parsed: false },
  ])('$what', ({ text, file, message, parsed }) => {
    const parse = vi.spyOn(JSON, 'parse');
    let err: unknown;
    try {
      modelFromText(text, file, 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toContain(message);
    expect((err as InputError).details.file).toBe(file);
    // Over the size limit the text never reaches JSON.parse (which took 5 s over 6 MB of brackets).
    if (!parsed) expect(parse).not.toHaveBeenCalled();
  });
});

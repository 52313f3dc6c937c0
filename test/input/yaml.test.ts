import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { parseCount } from '../../src/input/quantity.js';
import { parseYaml } from '../../src/input/yaml.js';
import { LIMITS } from '../../src/input/limits.js';

function fails(text: string): InputError {
  try {
    parseYaml(text, 'f.yaml');
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseYaml refuses hostile and broken input', () => {
  it('duplicate keys, with their position', () => {
    const e = fails('a: 1\nb: 2\na: 3\n');
    expect(e.message).toBe('duplicate key');
    expect(e.details.line).toBe(3);
  });
  // Duplicates are found with a set of the keys toJS makes (the library's own check, quadratic, is off):
  // `1` and `"1"` are one key there, and were kept silently as the last; true and false are two.
  it.each([
    ['a number and its text', 'a:\n  1: x\n  "1": y\n', 3, 'a.1'],
    ['in a flow mapping', 'a: {b: 1, b: 2}\n', 1, 'a.b'],
    ['a quoted and a plain key', 'b: 1\n"b": 2\n', 2, 'b'],
  ])('duplicate keys: %s, at the second, with its key path', (_, text, line, keyPath) => {
    const e = fails(text);
    expect(e.message).toBe('duplicate key');
    expect(e.details).toMatchObject({ line, keyPath });
  });
  // YAML 1.2 §5.4: CR alone is a line break. A file saved with CR line ends was read as one line.
  it('a file with CR line ends reads as with LF, and errors give its lines', () => {
    const lf = 'a: 1\nb:\n  c: [1, 2]\nd: "x y"\n';
    expect(parseYaml(lf.replace(/\n/g, '\r'), 's.yaml').value).toEqual(parseYaml(lf, 's.yaml').value);
    expect(fails('a: 1\rb: 2\ra: 3\r').details.line).toBe(3);
  });
  it('true and false are two keys, not duplicates', () => {
    expect(parseYaml('true: 1\nfalse: 2\n', 's.yaml').value).toEqual({ true: 1, false: 2 });
  });
  it('alias bombs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    expect(fails(lines.join('\n')).message).toMatch(/alias bomb/);
  });
  it('prototype keys', () => {
    const e = fails('model:\n  __proto__: {polluted: 1}\n');
    expect(e.message).toMatch(/`__proto__` is not allowed/);
    expect(e.details.line).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  // YAML 1.1's merge key was read as a key named `<<` and refused as "unknown key `<<`" by the schema
  it.each([
    { text: 'base: &b {gpu: h100-sxm}\ncluster:\n  <<: *b\n  count: 8\n', line: 3, col: 3, keyPath: 'cluster' },
    { text: 'base: &b {gpu: h100-sxm}\ncluster: {<<: *b, count: 8}\n', line: 2, col: 11, keyPath: 'cluster' },
    { text: 'a: &a {x: 1}\n<<: [*a]\n', line: 2, col: 1, keyPath: undefined },
  ])('merge keys: $text', ({ text, line, col, keyPath }) => {
    const e = fails(text);
    expect(e.message).toBe('merge keys (`<<: *anchor`) are not supported; flopcast reads YAML 1.2, which has none');
    expect(e.details).toMatchObject({ line, col, keyPath });
  });
  // a null key became the key "" (refused as "unknown key ``"; beside a quoted "" one of the two was silently lost)
  it.each([
    { text: '~: 3\n', line: 1, col: 1, keyPath: undefined },
    { text: 'a: 1\nnull: 3\n', line: 2, col: 1, keyPath: undefined },
    { text: 'a:\n  b: 1\n  : 3\n', line: 3, col: 5, keyPath: 'a' },
    { text: 'a:\n  ~: 1\n  "": 2\n', line: 2, col: 3, keyPath: 'a' },
    { text: 'a: {NULL: 1}\n', line: 1, col: 5, keyPath: 'a' },
  ])('null keys: $text', ({ text, line, col, keyPath }) => {
    const e = fails(text);
    expect(e.message).toBe('a key must be a name, found null (`~`, `null` or nothing before the colon)');
    expect(e.details).toMatchObject({ line, col, keyPath });
  });
  it('a quoted `<<` is a key like any other', () => {
    expect(parseYaml('"<<": 1\n', 'f.yaml').value).toEqual({ '<<': 1 });
  });
  it('deep nesting', () => {
    const deep = '['.repeat(LIMITS.yamlDepth + 5) + ']'.repeat(LIMITS.yamlDepth + 5);
    expect(fails(`a: ${deep}`).message).toMatch(/nesting deeper than/);
  });
  // The column is the character that opens the level past the limit (counted by hand from the text: the
  // key `a` is a level, each bracket one more). The lexer's control tokens before each scalar (`b`, `c`,
  // ...) were counted as characters: 'a: {b: c, d: e, ...' was placed 7 columns to the right, and a block
  // key one to the right.
  it.each([
    { what: 'brackets after flow scalars', text: `a: {b: c, d: e, f: g, h: ${'['.repeat(40)}${']'.repeat(40)}}\n`, line: 1, col: 'a: {b: c, d: e, f: g, h: '.length + LIMITS.yamlDepth - 2 + 1 },
    { what: 'a block key, each a level deeper', text: Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + '\n', line: LIMITS.yamlDepth + 1, col: 2 * LIMITS.yamlDepth + 1 },
    { what: 'block list items after a key', text: `x: y\na: ${'- '.repeat(40)}z\n`, line: 2, col: 'a: '.length + 2 * (LIMITS.yamlDepth - 1) + 1 },
  ])('deep nesting is placed at the level past the limit: $what', ({ text, line, col }) => {
    const e = fails(text);
    expect(e.message).toBe(`nesting deeper than ${LIMITS.yamlDepth} levels`);
    expect(e.details).toMatchObject({ line, col });
  });
  // One refusal for every tag, at the tag, with the key path: the tags the yaml library cannot resolve
  // (`!foo`, `!!float 8`, `!!timestamp`) were its warning, without the key path; the tags it resolves
  // were placed at the value after the tag.
  it.each([
    { text: 'a:\n  b: !foo 8\n', line: 2, col: 6, keyPath: 'a.b' },
    { text: 'a:\n  b: !!float 8\n', line: 2, col: 6, keyPath: 'a.b' },
    { text: 'a:\n  b: !!timestamp 2001-12-14\n', line: 2, col: 6, keyPath: 'a.b' },
    { text: 'a:\n  b: !<x> 8\n', line: 2, col: 6, keyPath: 'a.b' },
    { text: 'a:\n  b: !!str 8\n', line: 2, col: 6, keyPath: 'a.b' },
    { text: 'a:\n  b: &x !!int 8\n', line: 2, col: 9, keyPath: 'a.b' },
    { text: 'a: [1, !!int 2]\n', line: 1, col: 8, keyPath: 'a[1]' },
    { text: 'a: !foo\n  - 1\n', line: 1, col: 4, keyPath: 'a' },
    { text: 'a: {!foo k: 1}\n', line: 1, col: 5, keyPath: 'a' },
    { text: 'a: {!!str k: 1}\n', line: 1, col: 5, keyPath: 'a' },
  ])('tags: $text', ({ text, line, col, keyPath }) => {
    const e = fails(text);
    expect(e.message).toBe('YAML tags (`!!null`, `!!str`, `!custom`) are not supported');
    expect(e.details).toMatchObject({ line, col, keyPath });
  });
  // The second document is where it starts; the hint names both ways a document ends (after `...` alone it
  // said 'remove the `---` separator', which the file did not hold).
  it.each([
    { what: 'after ---', text: 'a: 1\n---\nb: 2\n', line: 2 },
    { what: 'after ... alone', text: 'a: 1\n...\nb: 2\n', line: 3 },
  ])('two documents, $what', ({ text, line }) => {
    const e = fails(text);
    expect(e.message).toBe('file holds more than one YAML document');
    expect(e.details).toMatchObject({ line, col: 1, hint: 'remove the `---` separator or `...` end marker and what follows; give one document per file' });
  });
  it('an error before an unresolved tag is still the one reported', () => {
    expect(fails('a: !foo 1\nb: [\n').message).not.toMatch(/tags/);
  });
  it('oversize files', () => {
    expect(fails('#'.repeat(LIMITS.inputBytes + 1)).message).toMatch(/limit is/);
  });
  // YAML 1.2.2 §5.1 c-printable and RFC 8259 §7: no C0 control but tab, LF and CR. The library read them as text:
  // trailing NULs were 'Implicit map keys need to be followed by map values' (hint: write `key: value`), a NUL in a value
  // reached the schema ('unknown model `gpt2\x00`'), a comment's escape sequence passed (hostile sweep 34).
  const NUL_HINT = 'a NUL byte is never text: is this the right file (a binary, or one a crash cut short or padded with zeros)?';
  const OTHER_HINT = 'delete it: editors show a control character as nothing or as ^X';
  it.each([
    { what: 'NULs padding the end (a crash)', text: 'a: 1\nb: 2\n\0\0\0\0', at: [3, 1], shown: 'U+0000 (NUL)', hint: NUL_HINT },
    { what: 'a NUL in a value', text: 'model: gpt2\0\n', at: [1, 12], shown: 'U+0000 (NUL)', hint: NUL_HINT },
    { what: 'a NUL in a key', text: 'a: 1\nna\0me: x\n', at: [2, 3], shown: 'U+0000 (NUL)', hint: NUL_HINT },
    { what: 'a binary file: a name then NULs', text: 's.yaml\0\0\0\0model: gpt2\n', at: [1, 7], shown: 'U+0000 (NUL)', hint: NUL_HINT },
    { what: 'an escape sequence in a comment', text: '# \x1b[31mred\x1b[0m\na: 1\n', at: [1, 3], shown: 'U+001B (ESC)', hint: 'delete it: a terminal colour code pasted with the text?' },
    { what: 'a form feed line', text: 'a: 1\n\x0c\nb: 2\n', at: [2, 1], shown: 'U+000C (form feed)', hint: OTHER_HINT },
    { what: 'BEL after a number, CRLF lines', text: 'a: 1\r\nb: 2\x07\r\n', at: [2, 5], shown: 'U+0007 (BEL)', hint: OTHER_HINT },
    { what: 'backspace after CR line ends', text: 'a: 1\rb: 2\x08\r', at: [2, 5], shown: 'U+0008 (backspace)', hint: OTHER_HINT },
    // An astral character is two UTF-16 units, as the parser counts columns: col 7, where counting code points gives 6
    // (review34: the € the row had is one unit and one code point, so the row held under either count).
    { what: 'a control after an astral character (columns in UTF-16 units)', text: 'a: "😀\x01"\n', at: [1, 7], shown: 'U+0001', hint: OTHER_HINT },
    { what: 'a vertical tab', text: 'a:\x0b1\n', at: [1, 3], shown: 'U+000B (vertical tab)', hint: OTHER_HINT },
  ])('a control character YAML does not allow, at its place: $what', ({ text, at: [line, col], shown, hint }) => {
    const e = fails(text);
    expect(e.message).toBe(`file holds a control character, ${shown}: YAML and JSON text holds none but tab and line ends`);
    expect(e.details).toMatchObject({ file: 'f.yaml', line, col, hint });
  });
  it.each([
    ['a tab in a value and a comment', 'a: "x\ty" # \tz\n', { a: 'x\ty' }],
    ['NEL (U+0085), printable in YAML 1.2', 'a: "x\u0085y"\n', { a: 'x\u0085y' }],
    // JSON allows them in a string (json.dump(ensure_ascii=False)): left to what holds them (a name refuses them).
    ['DEL and a C1 control in a string', 'a: "x\x7fy\u009b"\n', { a: 'x\x7fy\u009b' }],
    ['escapes the parser makes, written in a quoted value', 'a: "\\e[31m\\0\\x07"\n', { a: '\x1b[31m\0\x07' }],
  ])('what YAML allows still reads: %s', (_, text, value) => expect(parseYaml(text, 'f.yaml').value).toEqual(value));
  // YAML 1.2.2 §5.2: a byte-order mark at a document's start, or inside a quoted scalar; JSON none between tokens. Two files
  // joined leave the second's mid-file, read as part of the key it touches: `\ufeffmodel:` was "model: required model is
  // missing" (review34). Each refused row fails on the old code (it parsed them).
  const BOM_HINT = "delete it: it shows as nothing; joining two files (cat a.yaml b.yaml) leaves the second's there";
  it.each([
    { what: 'before a key, two files joined', text: 'name: x\n\ufeffmodel: gpt2\n', at: [2, 1] },
    { what: 'at the end, after the last line', text: 'a: 1\n\ufeff', at: [2, 1] },
    { what: 'before an unquoted value', text: 'a: \ufeff1\n', at: [1, 4] },
    { what: 'between JSON tokens, CRLF lines', text: '{"a": 1,\r\n \ufeff"b": 2}', at: [2, 2] },
    { what: 'after a quoted value on its line', text: 'name: "x"\ufeff\n', at: [1, 10] },
    // One pass over the lines (review35b: the check was quadratic in the marks): the structural one after many that are not.
    { what: 'after 3,000 commented marks', text: `${'#\ufeff\n'.repeat(3000)}a: \ufeff1\n`, at: [3001, 4] },
    { what: 'after a quoted one on the same line', text: 'a: "\ufeff"\ufeff\n', at: [1, 7] },
    { what: 'CR lines, after a commented one', text: 'a: 1\r#\ufeff\r\ufeffb: 2', at: [3, 1] },
    // review35b: a quoted scalar over several lines carries its quote to the next; one closed, a mark after it is refused.
    { what: 'after a multi-line double-quoted value closes', text: 'a: "x\n  y"\nb: \ufeff1\n', at: [3, 4] },
    { what: 'after a multi-line quoted value, on its closing line', text: "a: 'x\n  y' \ufeff\nb: 1\n", at: [2, 6] },
    // A quote inside a literal block opens nothing: the mark on the key after it is refused.
    { what: 'after a block scalar holding a quote', text: 'a: |\n  it "starts\nb: \ufeff1\n', at: [3, 4] },
    // review36: a quote mid plain text opens no quoted scalar (YAML 1.2.2 §7.3.3: a plain scalar may hold `"` and `'`), and
    // the check carried it to later lines, hiding the mark there (exit 0). These four fail on the old code.
    { what: 'after a quote mid plain text, on a later line', text: 'name: say "hi\ntraining: {tokens: \ufeff10B}\n', at: [2, 20] },
    { what: 'after a single quote mid plain text', text: "name: say 'hi\nb: \ufeff1\n", at: [2, 4] },
    { what: 'after a quote mid a flow item', text: 'a: [x "y, z]\nb: \ufeff1\n', at: [2, 4] },
    { what: 'after a quote mid a list item', text: "- say 'hi\n- \ufeffx\n", at: [2, 3] },
  ])('a byte-order mark past the start is refused at its place: $what', ({ text, at: [line, col] }) => {
    const e = fails(text);
    expect(e.message).toBe('file holds a byte-order mark, U+FEFF, past its start: YAML reads it as part of the key or value it touches');
    expect(e.details).toMatchObject({ file: 'f.yaml', line, col, hint: BOM_HINT });
  });
  it.each([
    ['at the start (a caller\'s text: a file\'s is dropped by readText)', '\ufeffa: 1\n', { a: 1 }],
    ['inside a double-quoted value', 'a: "x\ufeffy"\n', { a: 'x\ufeffy' }],
    ['inside a single-quoted value', "a: 'x\ufeff'\n", { a: 'x\ufeff' }],
    ['in a comment', 'a: 1 # x\ufeff\n', { a: 1 }],
    // review35b: on a multi-line quoted value's second line (YAML 1.2.2 §7.3.1-2 fold the break to a space), refused as
    // outside quotes where each line was read alone.
    ['on line 2 of a double-quoted value', 'a: "x\n  \ufeffy"\n', { a: 'x \ufeffy' }],
    ['on line 2 of a single-quoted value', "a: 'x\n  y\ufeff'\nb: 1\n", { a: 'x y\ufeff', b: 1 }],
    ['on line 3 of a double-quoted value, CRLF lines', 'a: "x\r\n  y\r\n  \ufeffz"\r\n', { a: 'x y \ufeffz' }],
    // A quote at a value's start in flow and list items opens a quoted scalar, as YAML reads it.
    ['inside a quoted flow item', 'a: [x, "y\ufeff"]\n', { a: ['x', 'y\ufeff'] }],
    ['inside a quoted list item over two lines', '- "x\n  \ufeffy"\n', ['x \ufeffy']],
  ])('a byte-order mark YAML allows still reads: %s', (_, text, value) => expect(parseYaml(text, 'f.yaml').value).toEqual(value));
  it('a U+FFFD character is text like any other (encoding is checked on the bytes, in readText)', () => {
    expect(parseYaml('name: "bad \uFFFD char"\n', 'f.yaml').value).toEqual({ name: 'bad \uFFFD char' });
  });
  // The library's message less the source it quotes after a colon; a colon the message names was taken
  // for that one, leaving 'The' and 'Anchor ending in'. Positions are the library's (the colon, the header).
  it.each([
    { what: 'a plain key over 1,024 characters', text: `${'k'.repeat(1100)}: 1\n`, message: 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key', line: 1, col: 1 },
    { what: 'an anchor ending in a colon', text: 'a: &x: 1\n', message: 'Anchor ending in : is ambiguous', line: 1, col: 6 },
    { what: 'a block scalar header with extra characters (the quoted source left out)', text: 'a: |x\n  b\n', message: 'Block scalar header includes extra characters', line: 1, col: 5 },
  ])('the library\'s message, whole: $what', ({ text, message, line, col }) => {
    const e = fails(text);
    expect(e.message).toBe(message);
    expect(e.details).toMatchObject({ line, col });
  });
  it('syntax errors with a position', () => {
    const e = fails('a: [1, 2\nb: 3\n');
    expect(e.details.line).toBeGreaterThanOrEqual(1);
  });
  it('locates keys for later errors', () => {
    const p = parseYaml('a:\n  b:\n    c: 1\n', 'f.yaml');
    expect(p.locate(['a', 'b', 'c'])).toEqual({ line: 3, col: 5 });
    expect(p.locate(['a', 'b', 'missing'])).toEqual({ line: 2, col: 3 });
  });
});

describe('parseCount', () => {
  it.each([
    ['300e9', 300e9], ['300B', 300e9], ['1.4T', 1.4e12], ['2.5M', 2.5e6], ['4k', 4000], ['1_000_000', 1e6], ['2048', 2048], ['.5k', 500],
  ])('%s = %d', (text, value) => expect(parseCount(text)).toBe(value));
  it.each(['', 'abc', '3 billion', '1e400', '1.2.3', 'NaN', 'Infinity', '5X'])('rejects %j', (text) => expect(parseCount(text)).toBeUndefined());
});

/**
 * Names (src/input/name.ts): the one order of names in output does not follow the locale. Before,
 * `localeCompare` followed LANG: `run --sort cost` of three options equal in cost printed ä, b, z
 * under en_US and b, z, ä under sv_SE (Swedish sorts ä after z).
 */
import { describe, expect, it } from 'vitest';
import { compareText, nameProblem, shownName } from '../../src/input/name.js';
import { describe as describeValue } from '../../src/input/found.js';
import { csvCell, terminalLine, terminalText } from '../../src/report/escape.js';
import { run } from '../../src/index.js';
import { GOOD_SCENARIO, formattedError } from '../helpers.js';
import { spawnCli } from '../cli/run-cli.js';
import { GOOD, tempDir, writeFile } from '../reliability/helpers.js';

describe('compareText', () => {
  // English collation (Unicode's root order, CLDR): letters by base letter first, accents and case after.
  it.each([
    ['ä', 'b', -1],
    ['b', 'z', -1],
    ['z', 'ä', 1],
    ['AMD', 'Google', -1],
    ['a', 'B', -1],
    ['ı', 'I', 1], // dotless i after I in English; Turkish puts it first
    ['same', 'same', 0],
  ])('%s vs %s: %d', (a, b, sign) => {
    expect(Math.sign(compareText(a, b))).toBe(sign);
  });
});

describe('output order is the same under any LANG', () => {
  const dir = tempDir('name');
  // Three options equal in cost and time: the tie goes to the name.
  const file = writeFile(dir, 'ties.yaml', `${GOOD}options:\n  - name: z\n  - name: ä\n  - name: b\n`);
  const names = (lang: string) => {
    const r = spawnCli(['run', file, '--sort', 'cost', '--json'], { env: { LANG: lang, LC_ALL: lang } });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { results: { name: string }[] }).results.map((x) => x.name);
  };
  it.each(['sv_SE.UTF-8', 'tr_TR.UTF-8', 'C'])('run --sort cost under %s equals en_US', (lang) => {
    const english = names('en_US.UTF-8');
    expect(english).toEqual(['test [ä]', 'test [b]', 'test [z]']);
    expect(names(lang)).toEqual(english);
  });

  it.each([['hardware'], ['prices', 'h100-sxm']])('flopcast %s under sv_SE and tr_TR equals en_US', (...args) => {
    const out = (lang: string) => spawnCli([...args, '--json'], { env: { LANG: lang, LC_ALL: lang } }).stdout;
    expect(out('sv_SE.UTF-8')).toBe(out('en_US.UTF-8'));
    expect(out('tr_TR.UTF-8')).toBe(out('en_US.UTF-8'));
  });
});

// a name of spaces alone titled a run with a blank (`name: "  "` ran, printed as nothing); options refused it already
describe('nameProblem: a name of spaces alone is empty', () => {
  it.each([
    ['  ', 'expected a non-empty text, found only spaces'],
    ['\u00a0', 'expected a non-empty text, found only spaces'],
    ['a b', undefined],
    [' a', undefined],
  ])('%j', (name, problem) => expect(nameProblem(name)).toBe(problem));

  it.each([
    ['a scenario', GOOD_SCENARIO.replace(/^name: .*$/m, 'name: "  "'), /^s\.yaml:\d+:\d+: name: expected a non-empty text, found only spaces/],
    ['an inline model', GOOD_SCENARIO.replace(/^model: .*$/m, 'model: {name: " ", layers: 2, d_model: 64, heads: 4, vocab: 100, seq_len: 128}'), /^s\.yaml:\d+:\d+: model\.name: expected a non-empty text, found only spaces/],
  ])('%s', (_, text, message) => {
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toMatch(message);
  });
});

// Sweep 15: half of a surrogate pair alone (a YAML "\ud800" escape, a caller's string) was taken as a
// name and written as U+FFFD by every output (the terminal, CSV, Markdown, HTML); an echo of it in an error too.
describe('a lone surrogate is no character', () => {
  it.each([
    ['a\ud800b', 'name holds half of a surrogate pair alone (U+D800), which is no character; write the character itself, or its pair of escapes'],
    ['\udc00', 'name holds half of a surrogate pair alone (U+DC00), which is no character; write the character itself, or its pair of escapes'],
    ['a\ud83d\ude00b', undefined], // a pair: one character
  ])('nameProblem(%j)', (name, problem) => expect(nameProblem(name)).toBe(problem));

  it.each([
    ['a scenario name', GOOD_SCENARIO.replace(/^name: .*$/m, 'name: "a\\udc00b"'), /^s\.yaml:\d+:\d+: name: name holds half of a surrogate pair alone \(U\+DC00\)/],
    ['an option name', GOOD_SCENARIO + 'options:\n  - name: "x\\ud800"\n', /^s\.yaml:\d+:\d+: options\[0\]\.name: name holds half of a surrogate pair alone \(U\+D800\)/],
  ])('%s', (_, text, message) => {
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toMatch(message);
  });

  it('an echo of one in an error is shown as an escape on the terminal', () => {
    const file = writeFile(tempDir('lone-surrogate'), 's.yaml', GOOD_SCENARIO.replace(/^model: .*$/m, 'model: "gpt2\\ud800"'));
    const r = spawnCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model: unknown model `gpt2\\u\{d800\}`/);
    expect(r.stderr).not.toContain('\ufffd');
  });

  it.each([['terminalLine', terminalLine], ['terminalText', terminalText], ['csvCell', csvCell]] as const)('%s shows it as an escape', (_, f) => {
    expect(f('a\ud800b')).toBe('a\\u{d800}b');
    expect(f('a\ud83d\ude00b')).toBe('a\ud83d\ude00b');
  });
});

describe('shownName and describeValue cut a long text between characters (half an emoji printed as U+FFFD)', () => {
  // 'a' then 200 rockets: 401 UTF-16 units; a cut at 256 units ends inside the 128th rocket.
  const long = 'a' + '🚀'.repeat(200);
  it.each([
    ['shownName', () => shownName(long), `a${'🚀'.repeat(127)}… (401 characters)`],
    // describeValue keeps 37 units: 'ab' and 17 rockets (36), not half of the 18th.
    ['describeValue', () => describeValue('ab' + '🚀'.repeat(30)), `"ab${'🚀'.repeat(17)}..."`],
  ])('%s', (_, shown, expected) => {
    expect(shown()).toBe(expected);
  });
});

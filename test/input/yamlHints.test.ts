/**
 * yamlSyntaxHint (src/input/yamlHints.ts), through parseYaml as a file reaches it. Sweep 15: the yaml
 * library's syntax errors were its message alone (`s.yaml:3:1: Tabs are not allowed as indentation`),
 * no hint, where every other refusal says how to write it. The messages and places are the library's
 * (yaml 2.x), unchanged; each text is one a careless edit makes.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, type Scalar, type YAMLSeq } from 'yaml';
import { parseYaml } from '../../src/input/yaml.js';
import { commaCutValue } from '../../src/input/yamlHints.js';
import { formattedError } from '../helpers.js';
import { run } from '../../src/index.js';

/** Every eighth GPU count to 800, `8,16,…,96,104,…,800`: 12 items of one or two digits, then 88 of three. */
const EIGHTHS = Array.from({ length: 100 }, (_, i) => String(8 * (i + 1)));

describe('a YAML syntax error gets a hint', () => {
  it.each([
    ['a tab as indentation', 'training:\n\ttokens: 1B\n', 's.yaml:2:1: Tabs are not allowed as indentation\n  hint: indent with spaces: YAML allows no tab in indentation'],
    ['a key indented under a value', 'model: gpt2\n  training: 1\n', 's.yaml:1:8: Nested mappings are not allowed in compact mappings\n  hint: a value goes on its key\'s line, or on the lines below a key that ends with `:`, indented; check the next line\'s indentation, and quote a value that holds `: `'],
    ['two colons on a line', 'a: b: c\n', 's.yaml:1:4: Nested mappings are not allowed in compact mappings\n  hint: a value goes on its key\'s line, or on the lines below a key that ends with `:`, indented; check the next line\'s indentation, and quote a value that holds `: `'],
    ['keys out of line', 'training:\n  tokens: 1B\n seq_len: 2\n', 's.yaml:3:1: All mapping items must start at the same column\n  hint: indent with spaces, the keys of one mapping at the same column; a `{` or `[` needs its `}` or `]`'],
    ['an unclosed flow mapping', 'model: gpt2\ntraining: {tokens: 1B\n', 's.yaml:3:1: Flow map in block collection must be sufficiently indented and end with a }\n  hint: indent with spaces, the keys of one mapping at the same column; a `{` or `[` needs its `}` or `]`'],
    ['a list item under a value', 'model: gpt2\n- a\n', 's.yaml:2:1: Implicit keys need to be on a single line\n  hint: each line is `key: value`, or a list item `- value` indented under a key that ends with `:`'],
    ['an unclosed quote', 'model: "gpt2\n', 's.yaml:2:1: Missing closing "quote\n  hint: end the text with the quote it starts with; a quote inside single quotes is written twice (\'\')'],
    ['a comment without a space', 'a: {b: 1}#x\n', 's.yaml:1:10: Comments must be separated from other tokens by white space characters\n  hint: put a space before `#`, or quote the value that holds it'],
    ['a reserved first character', 'model: @gpt2\n', 's.yaml:1:8: Plain value cannot start with reserved character @\n  hint: quote the value ("...") to write text that starts with this character'],
    ['text after a quoted value', 'a: "x" y\n', 's.yaml:1:8: Unexpected scalar at node end\n  hint: remove what follows the value, or quote the whole value'],
    ['an escape double quotes have not', 'a: "C:\\q"\n', 's.yaml:1:7: Invalid escape sequence \\q\n  hint: in double quotes write \\\\ for a backslash, or use single quotes'],
  ])('%s', (_, text, message) => {
    expect(formattedError(() => parseYaml(text, 's.yaml'))).toBe(message);
  });
});

// A character that shows as a space or as nothing, which YAML reads as text: the messages spoke of what shows
// ('with a space after the colon' of a line that shows one).
describe('a character that shows as a space or nothing is named with its line and column', () => {
  it.each([
    ['a non-breaking space as indentation', 'training:\n\u00a0\u00a0tokens: 1B\n  seq_len: 2\n', 's.yaml:2:11: Nested mappings are not allowed in compact mappings\n  hint: line 2 holds U+00A0 at column 1, which shows as a space but is no space to YAML: write a plain space'],
    ['a non-breaking space after a colon', 'a: 1\nb:\u00a02\n', 's.yaml:2:1: Implicit map keys need to be followed by map values\n  hint: line 2 holds U+00A0 at column 3, which shows as a space but is no space to YAML: write a plain space'],
    // A line or paragraph separator where a line ends (YAML 1.1's line ends, text in 1.2): the next key joined the line, the
    // separator unnamed (review34; these two rows fail on the old code). A byte-order mark mid-file is refused before (yaml.test.ts).
    ['a line separator ending a line', 'training:\n  tokens: 1B\u2028  seq_len: 2\n', 's.yaml:2:11: Nested mappings are not allowed in compact mappings\n  hint: line 2 holds U+2028 at column 13, which an editor may show as a line break but YAML 1.2 reads as text: end the line with a plain line break'],
    ['a paragraph separator ending a line', 'name: x\u2029model: gpt2\n', 's.yaml:1:7: Nested mappings are not allowed in compact mappings\n  hint: line 1 holds U+2029 at column 8, which an editor may show as a line break but YAML 1.2 reads as text: end the line with a plain line break'],
  ])('%s', (_, text, message) => {
    expect(formattedError(() => parseYaml(text, 's.yaml'))).toBe(message);
  });

  // Second review: one inside a quoted value or a comment, harmless there, was named as the cause of the error next to it.
  it.each([
    ['in a quoted value on the line before', 'name: "LLaMA\u00a065B"\nmodel: gpt2\n  training: 1\n'],
    ['in a single-quoted value with a doubled quote', "name: 'it''s\u00a0a'\nmodel: gpt2\n  training: 1\n"],
    ['in a comment', 'model: gpt2\ntraining:\n  tokens: 1T  # 1\u00a0T\n seq_len: 2\n'],
  ])('%s: not named', (_, text) => {
    expect(formattedError(() => parseYaml(text, 's.yaml'))).not.toMatch(/U\+00A0/);
  });

  // A scenario's `model` key is read before the schema looks at the others: one that shows as `model` and is not was
  // "model: required model is missing", the key unnamed (review34; each row fails on the old code). A misspelt one too.
  it.each([
    ['a zero-width space', 'mo\u200bdel: gpt2\n', '1:1: mo\u200bdel: unknown key `mo\u200bdel`\n  hint: the key holds U+200B at column 3, which shows as nothing but is no space to YAML: remove it'],
    ['a no-break space before the colon', 'model\u00a0: gpt2\n', '1:1: model\u00a0: unknown key `model\u00a0`\n  hint: the key holds U+00A0 at column 6, which shows as a space but is no space to YAML: write a plain space'],
    ['a misspelling', 'modle: gpt2\n', '1:1: modle: unknown key `modle`\n  hint: did you mean `model`?'],
  ])("a scenario's model key with %s is told at the key", (_, model, error) => {
    expect(formattedError(() => run(`${model}training: {tokens: 1B}\ncluster:\n  gpu: h100-sxm\n`, { file: 's.yaml' }))).toBe(`s.yaml:${error}`);
  });

  it('in a key, at the unknown key', () => {
    const text = 'model: gpt2\ntraining: {tokens: 1B}\ncluster:\n  gpu: h100-sxm\n\u200b utilization: 0.4\n';
    expect(formattedError(() => run(text, { file: 's.yaml' }))).toBe('s.yaml:5:1: \u200b utilization: unknown key `\u200b utilization`\n  hint: the key holds U+200B at column 1, which shows as nothing but is no space to YAML: remove it');
  });
});

// Hostile sweep 16: a comma ends an entry of {...} or [...] inside parentheses too (YAML 1.2 §7.4), so an unquoted
// expression with two arguments was cut in two: `{tokens: max(1B, 2B)}` made a key `2B)`, refused as an unknown key
// with the schema's keys for a hint; `[min(0.3, 0.4), 0.5]` a list of three; `sources: [A (2020, Table 1)]` two
// sources, silently. Refused at the cut value (yamlHints.ts commaCutValue, read by yaml.ts). The first five rows fail
// on the old code (it parsed them); the last three, whose parentheses close in their own entry or are quoted, parse.
describe('a value a comma cut inside {...} or [...]', () => {
  const MAP = 'hint: quote the whole value (tokens: "max(1B, 2B)"), or write the mapping one key a line';
  const SEQ = 'hint: quote the whole value (["min(0.3, 0.4)", 0.5]), or write the list one item a line';
  const cut = (at: string, key: string, kind: string, n: number, hint: string) => `s.yaml:${at}: ${key}: a comma ends a value inside ${kind}, in parentheses too: the value here, to its closing parenthesis, was read as ${n} values\n  ${hint}`;
  it.each([
    { what: 'a function of two arguments in a mapping', text: 'training: {tokens: max(1B, 2B), seq_len: 8}\n', error: cut('1:20', 'training.tokens', '{...}', 2, MAP) },
    { what: 'without a space', text: 'pricing: {usd_per_gpu_hour: max(1,2)}\n', error: cut('1:29', 'pricing.usd_per_gpu_hour', '{...}', 2, MAP) },
    { what: 'nested calls', text: 'a: {b: pow(max(1, 2), 3)}\n', error: cut('1:8', 'a.b', '{...}', 3, MAP) },
    { what: 'in a list', text: 'utilization: [min(0.3, 0.4), 0.5]\n', error: cut('1:15', 'utilization[0]', '[...]', 2, SEQ) },
    { what: 'a source with a comma in parentheses', text: 'sources: [Smith (2020, Table 1), Jones]\n', error: cut('1:11', 'sources[0]', '[...]', 2, SEQ) },
    // Review B: the count was the commas of the text, not the values YAML read; a key that is no scalar was named `?`.
    // These three rows fail on the old code (4, 4 values; `sources.?`).
    { what: 'a list inside the cut value', text: 'sources: [max(1, [2, 3], 4)]\n', error: cut('1:11', 'sources[0]', '[...]', 3, SEQ) },
    { what: 'a comment inside the cut value', text: 'sources: [max(1,  # a, b, c\n  2)]\n', error: cut('1:11', 'sources[0]', '[...]', 2, SEQ) },
    { what: 'under a key that is no scalar', text: 'sources: {? [a]: x(, b: y)}\n', error: cut('1:18', 'sources', '{...}', 2, MAP) },
  ])('$what', ({ text, error }) => {
    expect(formattedError(() => parseYaml(text, 's.yaml'))).toBe(error);
  });
  it.each([
    { what: 'quoted', text: 'training: {tokens: "max(1B, 2B)"}\n', value: { training: { tokens: 'max(1B, 2B)' } } },
    { what: 'in block style', text: 'training:\n  tokens: max(1B, 2B)\n', value: { training: { tokens: 'max(1B, 2B)' } } },
    { what: 'parentheses closed in their entry', text: 'a: [f(1), (2), 3)]\n', value: { a: ['f(1)', '(2)', '3)'] } },
  ])('$what: parsed', ({ text, value }) => {
    expect(parseYaml(text, 's.yaml').value).toEqual(value);
  });
});

// Hostile sweep 22: a number grouped by thousands inside {...} or [...] is cut at its commas (YAML 1.2 §7.4):
// `matrix: {cluster.count: [1,024, 2,048]}` ran counts 1, 24, 2 and 48 without a word; `cluster: {count: 1,024}` was
// 'unknown key `24`', `{tokens: 1,000,000,000}` 'duplicate key'. Refused at the number (yamlHints.ts thousandsCut, read
// by yaml.ts). The first five rows fail on the old code; a compact list whose groups start with no 0 stays a list.
describe('a number grouped by thousands inside {...} or [...]', () => {
  const grouped = (at: string, key: string, kind: string, text: string, values: string, hint: string) =>
    `s.yaml:${at}: ${key}: a comma ends a value inside ${kind}, between digits too: \`${text}\` was read as ${values}\n  hint: ${hint}`;
  it.each([
    { what: 'a matrix list', text: 'matrix: {cluster.count: [1,024, 2,048]}\n', error: grouped('1:26', 'matrix["cluster.count"][0]', '[...]', '1,024', '2 values: 1 and 24', 'write 1024 without the comma (or 1_024); for 2 values, a space after each comma: [1, 24]') },
    { what: 'a later item', text: 'a: [512, 4,096]\n', error: grouped('1:10', 'a[1]', '[...]', '4,096', '2 values: 4 and 96', 'write 4096 without the comma (or 4_096); for 2 values, a space after each comma: [4, 96]') },
    { what: 'a mapping value', text: 'cluster: {count: 1,024}\n', error: grouped('1:18', 'cluster.count', '{...}', '1,024', '2 values: 1 and 24', 'write 1024 without the comma (or 1_024)') },
    { what: 'three groups in a mapping', text: 'training: {tokens: 1,000,000,000, seq_len: 8}\n', error: grouped('1:20', 'training.tokens', '{...}', '1,000,000,000', '4 values: 1, 0, 0 and 0', 'write 1000000000 without the comma (or 1_000_000_000)') },
    { what: 'a group without a 0 in a mapping', text: 'training: {tokens: 1,500}\n', error: grouped('1:20', 'training.tokens', '{...}', '1,500', '2 values: 1 and 500', 'write 1500 without the comma (or 1_500)') },
    // review36: a rate with a thousands comma in a mapping was "write 1.800/month if the comma is a decimal point", a
    // thousandth of the price meant; now the rate's hint for both readings (1800 / 730 = 2.4657534..., 1.8 / 730).
    { what: 'a rate in a mapping', text: 'pricing: {usd_per_gpu_hour: 1,800/month}\n', error: grouped('1:29', 'pricing.usd_per_gpu_hour', '{...}', '1,800/month', '2 values: 1 and 800/month', 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)') },
    { what: 'a rate in words in a mapping', text: 'pricing: {usd_per_gpu_hour: 1,800 per month}\n', error: grouped('1:29', 'pricing.usd_per_gpu_hour', '{...}', '1,800 per month', '2 values: 1 and 800 per month', 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here)') },
    // mendi36: a rate in a matrix's flow list, its key path `matrix["pricing.usd_per_gpu_hour"][0]`, was no key per hour to
    // the hint ("write 1.800/month if the comma is a decimal point", a rate the key refuses next, a thousandth of it). Now the
    // rate's figure in the key's unit for each reading, as in a mapping, dropping the separator and the unit; quoting keeps
    // the comma, which no value reads. These two rows fail on the old code.
    { what: 'a rate in a matrix list', text: 'matrix: {pricing.usd_per_gpu_hour: [1,800/month, 2000/month]}\n', error: grouped('1:37', 'matrix["pricing.usd_per_gpu_hour"][0]', '[...]', '1,800/month', '2 values: 1 and 800/month', 'if the comma separates thousands, the key is per hour: write about 2.46575 (1800 per month is about 2.46575 per hour; a month is 730 hours here); if the comma is a decimal point, the key is per hour: write about 0.00246575 (1.800 per month is about 0.00246575 per hour; a month is 730 hours here); for 2 values, a space after each comma: [1, 800/month]') },
    { what: 'a rate per month in the list of a key per year', text: 'a: {hosting_usd_per_gpu_year: [2, 1,200/month]}\n', error: grouped('1:35', 'a.hosting_usd_per_gpu_year[1]', '[...]', '1,200/month', '2 values: 1 and 200/month', 'if the comma separates thousands, the key is per year: write 14400 (1200 per month is 14400 per year; a month is 730 hours here); if the comma is a decimal point, the key is per year: write 14.4 (1.200 per month is 14.4 per year; a month is 730 hours here)') + '; for 2 values, a space after each comma: [1, 200/month]' },
    // A list whose other items are spaced: `[1,536, 2,304]` ran counts 1, 536, 2 and 304 (sweep 22 left it; fails on that code).
    { what: 'groups without a 0 in a list spaced elsewhere', text: 'a: [1,536, 2,304]\n', error: grouped('1:5', 'a[0]', '[...]', '1,536', '2 values: 1 and 536', 'write 1536 without the comma (or 1_536); for 2 values, a space after each comma: [1, 536]') },
    { what: 'a list spaced over lines', text: 'a: [64,\n  1,536]\n', error: grouped('2:3', 'a[1]', '[...]', '1,536', '2 values: 1 and 536', 'write 1536 without the comma (or 1_536); for 2 values, a space after each comma: [1, 536]') },
    // Hostile sweep 25: a decimal comma. `matrix: {training.tokens: [1,5T, 3T]}` ran 1 token, 5T and 3T, and prices
    // [2,49, 3,99] $2, $49, $3 and $99, without a word; `{tokens: 1,5T}` was 'unknown key `5T`' with the key list. Each fails on the old code.
    { what: 'a decimal comma in a list spaced elsewhere', text: 'a: [1,5T, 3T]\n', error: grouped('1:5', 'a[0]', '[...]', '1,5T', '2 values: 1 and 5T', 'write 1.5T if the comma is a decimal point; for 2 values, a space after each comma: [1, 5T]') },
    { what: 'decimal commas between numbers in a list spaced elsewhere', text: 'a: [2,49, 3,99]\n', error: grouped('1:5', 'a[0]', '[...]', '2,49', '2 values: 2 and 49', 'write 2.49 if the comma is a decimal point; for 2 values, a space after each comma: [2, 49]') },
    { what: 'a decimal comma before a unit in a compact list', text: 'a: [1,5T,3T]\n', error: grouped('1:5', 'a[0]', '[...]', '1,5T', '2 values: 1 and 5T', 'write 1.5T if the comma is a decimal point; for 2 values, a space after each comma: [1, 5T]') },
    { what: 'a decimal comma in a mapping', text: 'training: {tokens: 1,5T}\n', error: grouped('1:20', 'training.tokens', '{...}', '1,5T', '2 values: 1 and 5T', 'write 1.5T if the comma is a decimal point') },
    // fixes26: a list none of whose commas is spaced, with a comma that could separate thousands (three digits after it,
    // one to three before: quantity.ts thousandsReading), is refused whole with both readings. `[1,536,2,304]` ran counts
    // 1, 536, 2 and 304 (closing23 left it); `[64,128,256]` is also how 64,128,256 is grouped. Each fails on the old code.
    { what: 'a compact list of groups without a 0', text: 'a: [1,536,2,304]\n', error: grouped('1:5', 'a', '[...]', '[1,536,2,304]', '4 values: 1, 536, 2 and 304', 'write [1536, 2304] if the commas separate thousands, or put a space after each comma: [1, 536, 2, 304]') },
    { what: 'YAML flow style that is not JSON', text: '{a: [1,536]}\n', error: grouped('1:6', 'a', '[...]', '[1,536]', '2 values: 1 and 536', 'write [1536] if the commas separate thousands, or put a space after each comma: [1, 536]') },
    { what: 'a compact list that is one grouped number', text: 'a: [64,128,256]\n', error: grouped('1:5', 'a', '[...]', '[64,128,256]', '3 values: 64, 128 and 256', 'write [64128256] if the commas separate thousands, or put a space after each comma: [64, 128, 256]') },
    { what: 'a compact matrix list, the groups beside other values', text: 'matrix: {cluster.count: [512,1,536,4096]}\n', error: grouped('1:26', 'matrix["cluster.count"]', '[...]', '[512,1,536,4096]', '4 values: 512, 1, 536 and 4096', 'write [512, 1536, 4096] if the commas separate thousands, or put a space after each comma: [512, 1, 536, 4096]') },
    // Every eighth count to 800: its thousands reading joined 96 with the 88 groups after it, a 266-digit number no count
    // could be (past 2^53 − 1: quantity.ts offeredThousandsReading); refused still, told only to space its commas. Fails on the old code.
    { what: 'a compact matrix list whose thousands reading is no count', text: `matrix: {cluster.count: [${EIGHTHS.join(',')}]}\n`, error: grouped('1:26', 'matrix["cluster.count"]', '[...]', `[${EIGHTHS.join(',')}]`, `100 values: ${EIGHTHS.slice(0, -1).join(', ')} and 800`, `put a space after each comma: [${EIGHTHS.join(', ')}]`) },
  ])('$what', ({ text, error }) => {
    expect(formattedError(() => parseYaml(text, 's.yaml'))).toBe(error);
  });
  it.each([
    { what: 'a list with spaces', text: 'a: [1, 024]\n', value: { a: [1, 24] } },
    { what: 'a compact list of numbers', text: 'a: [8,16]\n', value: { a: [8, 16] } },
    // No thousands reading: two digits after each comma, or four before it (quantity.ts thousandsReading); spaced commas.
    { what: 'a compact list of two-digit steps', text: 'a: [8,16,32]\n', value: { a: [8, 16, 32] } },
    { what: 'a compact list of four-digit numbers', text: 'a: [1536,2304]\n', value: { a: [1536, 2304] } },
    { what: 'a compact list, three digits after four', text: 'a: [512,1024,2048]\n', value: { a: [512, 1024, 2048] } },
    { what: 'a spaced list of small numbers', text: 'a: [1, 536, 2, 304]\n', value: { a: [1, 536, 2, 304] } },
    // JSON's commas separate values however spaced (RFC 8259 §5): a config.json's `"eos_token_id": [1,106]` (json.dump
    // writes no space) is two ids. The full suite's config.json tests failed on the first cut of the rule.
    { what: 'JSON: a compact list', text: '{"eos_token_id": [1,106], "a": [1,536,2,304]}\n', value: { eos_token_id: [1, 106], a: [1, 536, 2, 304] } },
    { what: 'a spaced list of values with units', text: 'a: [1, 5T, 1.5T]\n', value: { a: [1, '5T', '1.5T'] } },
    { what: 'a compact list of values with units', text: 'a: [1.5T,3T]\n', value: { a: ['1.5T', '3T'] } },
    { what: 'quoted', text: 'a: {b: "1,024"}\n', value: { a: { b: '1,024' } } },
    { what: 'in block style', text: 'a:\n  b: 1,024\n', value: { a: { b: '1,024' } } },
  ])('$what: parsed', ({ text, value }) => {
    expect(parseYaml(text, 's.yaml').value).toEqual(value);
  });
});

// Review B: commaCutValue read the entries after each one that opens a parenthesis, to the collection's end, so
// `sources: [a(, a(, ...)]` of 80,000 entries took 223 s to refuse (20,000: 11.8 s). Bounded by work, not time: the
// number of reads of the scalars' values, counted through a getter. The old code read 2000 `a(` 4,002,000 times
// (the first and third rows fail on it; the second, whose first entry closes, keeps the cut it found); now each a
// bounded number of times.
describe('commaCutValue reads each entry a bounded number of times', () => {
  const N = 2000;
  it.each([
    { what: 'no entry closes', items: Array<string>(N).fill('a('), cut: undefined },
    { what: 'the last entry closes the first', items: [...Array<string>(N - 1).fill('a('), ')'.repeat(N - 1) + ')'], cut: [0] },
    { what: 'a later entry closes, the earlier ones never', items: [...Array<string>(N - 2).fill('a('), 'b(', 'c)'], cut: [N - 2] },
  ])('$what', ({ items, cut }) => {
    const node = parseDocument(`[${items.join(', ')}]`).contents as YAMLSeq;
    let reads = 0;
    for (const item of node.items as Scalar[]) {
      const value = item.value;
      Object.defineProperty(item, 'value', { get: () => { reads++; return value; } });
    }
    expect(commaCutValue(node)?.at).toEqual(cut);
    expect(reads).toBeLessThanOrEqual(4 * N);
  });
});

// Hostile sweep 19: a TOML file (TorchTitan's job configs are TOML: `[training]`, `seq_len = 8192`) given as a scenario was
// the yaml library's "Unexpected scalar at node end" with "remove what follows the value", and `model = gpt2` "a scenario
// is a mapping ..., found text"; both fail on the old code.
describe('key = value, as TOML or INI write it', () => {
  const HINT = 'flopcast reads YAML, `key: value`; this is written `key = value`, as TOML and INI files are (TorchTitan\'s job configs)';
  it('a TOML file', () => {
    expect(formattedError(() => parseYaml('[training]\nseq_len = 8192\nsteps = 1000\n', 's.yaml'))).toContain(`hint: ${HINT}`);
  });
  it('one line of it', () => {
    expect(formattedError(() => run('model = gpt2\n', { file: 's.yaml' }))).toContain(`hint: ${HINT}`);
  });
});

/**
 * yamlSyntaxHint (src/input/yamlHints.ts), through parseYaml as a file reaches it. Sweep 15: the yaml
 * library's syntax errors were its message alone (`s.yaml:3:1: Tabs are not allowed as indentation`),
 * no hint, where every other refusal says how to write it. The messages and places are the library's
 * (yaml 2.x), unchanged; each text is one a careless edit makes.
 */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/input/yaml.js';
import { formattedError } from '../helpers.js';

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

/**
 * src/input/outFormats.ts: the one table of the formats a file's extension names. cli/options.ts chose --out's format by
 * its own table and input/foreignValues.ts told `--format md` by another `md → markdown` (review35), so an extension added
 * to one was missing from the other: `--format htm` was told by edit distance alone. Every extension that is not its
 * format's own name is now told as that format wherever the format is a value; fails on the old code (htm).
 */
import { describe, expect, it } from 'vitest';
import { foreignValueHint } from '../../src/input/foreignValues.js';
import { OUT_EXTENSIONS, formatByExtension } from '../../src/input/outFormats.js';

describe('a format written as its extension', () => {
  const aliases = Object.entries(OUT_EXTENSIONS).filter(([ext, format]) => ext !== format);
  it('the table holds the extensions --out reads (md, htm)', () => {
    expect(aliases).toEqual([['md', 'markdown'], ['htm', 'html']]);
  });
  it.each(aliases)('%s is told as %s', (ext, format) => {
    expect(formatByExtension(ext)).toBe(format);
    expect(foreignValueHint(ext, ['html', 'markdown', 'table', 'json', 'csv'])).toBe(`\`${ext}\` is written \`${format}\` here`);
  });
  it('a format\'s own name is no alias', () => {
    expect(formatByExtension('markdown')).toBeUndefined();
    expect(formatByExtension('pdf')).toBeUndefined();
  });
});

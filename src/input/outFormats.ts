/**
 * The formats a file's extension names (`--out r.md`: Markdown), the one table of them: cli/options.ts chooses an output's
 * format by it, and input/foreignValues.ts tells a format written as its extension (`--format md`: markdown) by it; the
 * two kept their own `md → markdown` (review35). Pure.
 */
export const OUT_EXTENSIONS = { md: 'markdown', markdown: 'markdown', csv: 'csv', json: 'json', html: 'html', htm: 'html' } as const;

export type ExtensionFormat = (typeof OUT_EXTENSIONS)[keyof typeof OUT_EXTENSIONS];

/** The format extension `ext` (lower case, without its dot) names; undefined for any other. */
export function formatOfExtension(ext: string): ExtensionFormat | undefined {
  return Object.hasOwn(OUT_EXTENSIONS, ext) ? OUT_EXTENSIONS[ext as keyof typeof OUT_EXTENSIONS] : undefined;
}

/** The format an extension other than its name stands for (`md`: markdown, `htm`: html); undefined for a format's own name. */
export function formatByExtension(word: string): ExtensionFormat | undefined {
  const format = formatOfExtension(word);
  return format === word ? undefined : format;
}

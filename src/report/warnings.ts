/**
 * The warnings of several options, each once: one that is about some of them only is prefixed with their
 * labels, as the report's warnings box names them. Without the names, a reserved option's "the commitment
 * obliges $68.8M ... over the $60M budget" read as the whole comparison's, and three of them, one per matrix
 * cell, could be told apart only by their figures.
 */
export function labelledWarnings(options: readonly { label: string; warnings: readonly string[] }[]): string[] {
  const distinct = [...new Set(options.flatMap((o) => o.warnings))];
  return distinct.map((w) => {
    const about = options.filter((o) => o.warnings.includes(w)).map((o) => o.label);
    return options.length > 1 && about.length < options.length ? `${about.join(', ')}: ${w}` : w;
  });
}

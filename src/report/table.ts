/** A plain-text table with aligned columns; numbers right-aligned. Returns a string. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function table(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number) => {
    const w = widths[i]!;
    return columns[i]!.align === 'right' ? text.padStart(w) : text.padEnd(w);
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A plain-text table with aligned columns; numbers right-aligned. Returns a string. */
import { displayWidth } from '../input/columns.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** Columns are padded by terminal columns (they were by UTF-16 units: a CJK name pushed the columns after it). */
export function table(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - displayWidth(text));
    return columns[i]!.align === 'right' ? fill + text : text + fill;
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

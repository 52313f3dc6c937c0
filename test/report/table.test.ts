/** Terminal tables pad by display columns (src/report/table.ts, src/input/columns.ts). */
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/input/columns.js';
import { table } from '../../src/report/table.js';

describe('table: the columns after a wide, emoji or combining name stay aligned (they were padded by UTF-16 units)', () => {
  const names = ['plain', '模型训练', 'ａｂ', '🚀x', 'e\u0301e\u0301', 'שלום'];
  it.each(['left', 'right'] as const)('first column %s-aligned', (align) => {
    const text = table([{ header: 'name', align }, { header: 'n', align: 'right' }], names.map((n) => [n, '1']));
    const [header, rule, ...rows] = text.split('\n');
    expect(rows).toHaveLength(names.length);
    // Every line is as wide as the header: the second column ends at the same column.
    for (const line of [rule!, ...rows]) expect(displayWidth(line)).toBe(displayWidth(header!));
    expect(rule).toBe('--------  -');
  });
});

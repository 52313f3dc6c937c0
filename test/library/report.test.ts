/** report()'s options (src/library/report.ts): generatedAt is a time, as the report states it. */
import { describe, expect, it } from 'vitest';
import { report } from '../../src/index.js';
import { GOOD_SCENARIO, thrownInputError } from '../helpers.js';

describe('report({ generatedAt })', () => {
  // Any text was printed as the time the report was made ('generated yesterday', '<b>x</b>' escaped).
  it.each(['yesterday', '2026-13-01', '2026-02-30T00:00:00Z', '2026-11-30T24:00:00Z', '2026-11-30 07:00', '<b>x</b>'])('%j: refused', (generatedAt) => {
    const e = thrownInputError(() => report(GOOD_SCENARIO, { generatedAt }));
    expect(e.located()).toBe(`generatedAt: expected an ISO 8601 time such as 2026-11-30T07:00:00Z or 2026-11-30, found ${JSON.stringify(generatedAt)}`);
  });
  it.each(['2026-11-30', '2026-11-30T07:00Z', '2026-11-30T07:00:00Z', '2026-11-30T07:00:00.123+05:30'])('%j: stated', (generatedAt) => {
    expect(report(GOOD_SCENARIO, { generatedAt, format: 'markdown' }).text).toContain(generatedAt);
  });
  // Hostile sweep 21: a Date, what a JavaScript caller has at hand, was "expected a name, found an object", and any
  // value not text "expected a name": what a time is, and for a Date how to give it.
  it.each([
    { value: new Date(Date.UTC(2026, 10, 30)), found: 'a Date', hint: 'give it as text: date.toISOString()' },
    { value: new Date(NaN), found: 'a Date', hint: 'give it as text: date.toISOString()' },
    { value: 1796000000000, found: 'a number (1796000000000)', hint: undefined },
    { value: true, found: 'a boolean', hint: undefined },
  ])('$found: refused, what a time is', ({ value, found, hint }) => {
    const e = thrownInputError(() => report(GOOD_SCENARIO, { generatedAt: value as unknown as string }));
    expect(e.located()).toBe(`generatedAt: expected an ISO 8601 time such as 2026-11-30T07:00:00Z or 2026-11-30, found ${found}`);
    expect(e.details.hint).toBe(hint);
  });
});

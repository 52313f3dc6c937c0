/** src/perf/divisors.ts: the planner's candidate degrees, from a GPU count's prime factors. */
import { describe, expect, it } from 'vitest';
import { divisors } from '../../src/perf/divisors.js';

describe('divisors (the planner\'s candidate tp, cp, pp and shard groups)', () => {
  const byTrial = (n: number) => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  it.each([1, 2, 3, 4, 12, 97, 360, 1024, 1536, 4608, 5040, 10_007, 65_536, 720_720])('%i: as trial division by every number up to it', (n) => {
    expect(divisors(n)).toEqual(byTrial(n));
  });
  // Factorisations: 2^53 − 1 = 6361 · 69431 · 20394401 (Mersenne number factor tables); 963,761,198,400 is
  // a highly composite number with 6720 divisors (OEIS A002182); 2^53 − 111 is the largest prime below
  // 2^53 (OEIS A013603; checked with sympy.isprime).
  it.each([
    { n: 2 ** 52, count: 53, some: [1, 2 ** 26, 2 ** 52] },
    { n: 2 ** 53 - 1, count: 8, some: [1, 6361, 69_431, 20_394_401, 6361 * 69_431, 2 ** 53 - 1] },
    { n: 963_761_198_400, count: 6720, some: [1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 963_761_198_400] },
    { n: 2 ** 53 - 111, count: 2, some: [1, 2 ** 53 - 111] },
  ])('$n: $count divisors, ascending, each dividing it', ({ n, count, some }) => {
    const d = divisors(n);
    expect(d).toHaveLength(count);
    expect(d.every((x, i) => n % x === 0 && (i === 0 || x > d[i - 1]!))).toBe(true);
    expect(d).toEqual(expect.arrayContaining(some));
  });
});

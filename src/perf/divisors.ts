/**
 * The divisors of n, ascending, from its prime factors: trial division stops at the square root of
 * what is left, so a GPU count near 2^53 costs one pass at most (never one per candidate layout).
 */
export const divisors = (n: number): number[] => {
  let out = [1];
  let rest = n;
  const take = (p: number) => {
    const base = out.length;
    for (let q = p; rest % p === 0; q *= p) {
      rest /= p;
      for (let i = 0; i < base; i++) out.push(out[i]! * q);
    }
  };
  take(2);
  for (let p = 3; p * p <= rest; p += 2) take(p);
  if (rest > 1) take(rest);
  return out.sort((a, b) => a - b);
};

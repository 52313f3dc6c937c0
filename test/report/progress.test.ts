import { describe, expect, it } from 'vitest';
import { createProgress, formatProgress } from '../../src/cli/progress.js';

describe('formatProgress', () => {
  it.each([
    [{ done: 0, total: 10 }, '[········] 0% 0/10'],
    [{ done: 5, total: 10, label: 'sweep' }, 'sweep [████····] 50% 5/10'],
    [{ done: 10, total: 10, elapsedMs: 2500 }, '[████████] 100% 10/10 2s'],
    [{ done: 12, total: 10 }, '[████████] 100% 10/10'],
    [{ done: NaN, total: 0 }, '[········] 0% 0/0'],
  ])('%j', (state, want) => expect(formatProgress(state, 8).replace(/ +/g, ' ')).toBe(want));
});

describe('createProgress', () => {
  const clock = (steps: number[]) => {
    let i = 0;
    return () => steps[Math.min(i++, steps.length - 1)]!;
  };
  it('writes nothing when stderr is not a terminal', () => {
    let out = '';
    const p = createProgress({ total: 3, isTTY: false, write: (s) => void (out += s), now: clock([0, 5000, 6000, 7000]) });
    p.tick(); p.tick(); p.tick(); p.done();
    expect(out).toBe('');
  });
  it('writes nothing for work shorter than the delay', () => {
    let out = '';
    const p = createProgress({ total: 3, isTTY: true, write: (s) => void (out += s), now: clock([0, 100, 200, 300]) });
    p.tick(); p.tick(); p.tick(); p.done();
    expect(out).toBe('');
  });
  it('draws on a terminal after the delay, and clears its line at the end', () => {
    let out = '';
    const p = createProgress({ total: 4, label: 'plan', isTTY: true, write: (s) => void (out += s), now: clock([0, 500, 1200, 1250, 1400, 1500]) });
    p.tick(); p.tick(); p.tick(); p.tick();
    expect(p.drawn).toBe(true);
    expect(out).toContain('\rplan [');
    expect(out).toContain('2/4');
    p.done();
    expect(out.endsWith('\r')).toBe(true);
    expect(p.drawn).toBe(false);
  });
});

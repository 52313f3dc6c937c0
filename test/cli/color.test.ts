/** Colour: only the `error:` label on stderr, only on a terminal, never with NO_COLOR (no-color.org). */
import { afterEach, describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/output.js';
import { main } from '../../src/cli/main.js';

const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
const saved = process.env.NO_COLOR;
afterEach(() => {
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
  if (saved === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = saved;
});

describe('colour', () => {
  it.each([
    { isTTY: true, noColor: undefined, color: true },
    { isTTY: true, noColor: '1', color: false },
    { isTTY: false, noColor: undefined, color: false },
  ])('stderr TTY $isTTY, NO_COLOR $noColor -> $color', ({ isTTY, noColor, color }) => {
    Object.defineProperty(process.stderr, 'isTTY', { value: isTTY, configurable: true });
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    expect(processIo().color).toBe(color);
  });

  it('colours the error label only, and never stdout', async () => {
    let out = '';
    let err = '';
    const code = await main(['flops', 'no-such-model'], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), color: true });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.startsWith('\x1b[31merror:\x1b[0m model: unknown model `no-such-model`')).toBe(true);
    expect(err.split('\n')[1]).not.toContain('\x1b');
  });
});

/**
 * A small progress bar on stderr for work that takes more than about a second (sweeps, plans,
 * reports over many scenarios). It draws only when stderr is a terminal, and only once the work
 * has run for `delayMs`; otherwise it writes nothing. The formatting is a pure function.
 */

export interface ProgressState {
  done: number;
  total: number;
  label?: string;
  elapsedMs?: number;
}

/** `label [██████······] 45% 9/20 3s` (no newline; the caller returns the cursor with \r). */
export function formatProgress({ done, total, label = '', elapsedMs }: ProgressState, width = 24): string {
  const t = Number.isFinite(total) && total > 0 ? total : 0;
  const d = Number.isFinite(done) ? Math.min(Math.max(0, done), t || Math.max(0, done)) : 0;
  const f = t ? d / t : 0;
  const filled = Math.round(f * width);
  const bar = '█'.repeat(filled) + '·'.repeat(width - filled);
  const secs = elapsedMs !== undefined && Number.isFinite(elapsedMs) ? ` ${Math.floor(elapsedMs / 1000)}s` : '';
  return `${label ? label + ' ' : ''}[${bar}] ${String(Math.round(f * 100)).padStart(3)}% ${d}/${t}${secs}`;
}

export interface ProgressOptions {
  total: number;
  label?: string;
  /** Whether stderr is a terminal; inject for tests (default: process.stderr.isTTY). */
  isTTY?: boolean;
  write?: (s: string) => void;
  now?: () => number;
  /** Draw nothing until the work has run this long (default 1000 ms). */
  delayMs?: number;
  /** Redraw at most this often (default 100 ms). */
  intervalMs?: number;
}

export interface Progress {
  /** Marks `n` more items done (default 1). */
  tick(n?: number): void;
  /** Clears the bar if one was drawn. */
  done(): void;
  readonly drawn: boolean;
}

export function createProgress(o: ProgressOptions): Progress {
  const isTTY = o.isTTY ?? Boolean(process.stderr.isTTY);
  const write = o.write ?? ((s: string) => void process.stderr.write(s));
  const now = o.now ?? (() => Date.now());
  const delay = o.delayMs ?? 1000;
  const interval = o.intervalMs ?? 100;
  const start = now();
  let count = 0;
  let last = -Infinity;
  let width = 0;
  let drawn = false;
  const draw = () => {
    const line = formatProgress({ done: count, total: o.total, label: o.label, elapsedMs: now() - start });
    write('\r' + line + ' '.repeat(Math.max(0, width - line.length)));
    width = line.length;
    drawn = true;
  };
  return {
    tick(n = 1) {
      count += n;
      if (!isTTY) return;
      const t = now();
      if (t - start < delay || t - last < interval) return;
      last = t;
      draw();
    },
    done() {
      if (drawn) write('\r' + ' '.repeat(width) + '\r');
      drawn = false;
    },
    get drawn() {
      return drawn;
    },
  };
}

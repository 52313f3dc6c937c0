/** Runs the CLI in-process with captured streams; spawnCli runs the built binary like a user. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), color: false });
  return { code, stdout, stderr };
}

export const BIN = fileURLToPath(new URL('../../bin/flopcast.cjs', import.meta.url));

/** `timeoutMs` kills a run that takes longer (code -1, `timedOut`); `input` is its standard input. */
export function spawnCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string | Buffer } = {}): CliResult & { timedOut?: boolean } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, maxBuffer: 256 * 1024 * 1024,
    ...(opts.timeoutMs ? { timeout: opts.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ...(r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? { timedOut: true } : {}) };
}

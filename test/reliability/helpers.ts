/**
 * Shared by test/reliability and test/fuzz: temp files, the bundled inputs, and the one error
 * format every failure must have.
 *
 * THE ERROR RULE (asserted here and by the fuzz suite), for a run that exits 2:
 *   - stdout is empty and stderr is exactly one error: `error: <where><message>\n`, then at most
 *     one `  hint: <text>\n` line, and nothing else (no stack trace: /\n\s+at / never appears);
 *   - for a problem in a file, <where> is `<file>:<line>:<col>: <key.path>: `, except that
 *       * whole-file problems (UTF-16, over the size limit, not a regular file: a directory,
 *         device, FIFO or socket) have no place in the file: `<file>: ` (bytes that are not UTF-8
 *         otherwise are placed at the first that breaks it); a file that is not the
 *         kind expected (`model: /etc/passwd`) is placed at 1:1 with no key path, never quoted;
 *       * YAML syntax errors (and a document whose root is not a mapping) have a place but no key
 *         path: `<file>:<line>:<col>: `.
 *     So a file that is well-formed YAML with a mapping at its root always gets line, column and
 *     key path.
 * Exit 1 is reserved for failures that are not the input's fault (an unwritable --out, ...), and
 * prints `error: <message>` and `  hint: run with --debug for a stack trace`; --debug alone adds
 * the stack.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { GOOD_SCENARIO } from '../helpers.js';

export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');
export const MODELS_DIR = join(PACKAGE_ROOT, 'models');
export const bundledScenarios = (): string[] => readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).sort();
export const bundledModels = (): string[] => readdirSync(MODELS_DIR).filter((f) => f.endsWith('.yaml')).sort();

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `flopcast-${prefix}-`));
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

/** One error line, at most one hint line, nothing else. */
export const ONE_ERROR = /^error: [^\n]+\n(?: {2}hint: [^\n]+\n)?$/;
export const STACK = /\n\s+at /;

export function expectOneError(stderr: string): void {
  expect(stderr).toMatch(ONE_ERROR);
  expect(stderr).not.toMatch(STACK);
}

/** A scenario that runs: every bullet below changes one line of it (shared with the CLI tests). */
export const GOOD = GOOD_SCENARIO;

/** Keys whose JSON value may legitimately be null in `run --json` (unknown or not asked for). */
export const RUN_JSON_NULLABLE = new Set(['steps', 'energy_kwh', 'co2_kg', 'memory_per_gpu_bytes', 'deadline_seconds', 'budget_usd', 'meets_deadline', 'meets_budget', 'commitment_usd', 'commitment', 'owned', 'compare', 'break_even_utilization', 'break_even_months', 'unseen_median_abs_error', 'kind_record', 'throughput_scale', 'ranges']);

/** Numbers that `run --json` must always give as finite numbers. */
export const RUN_JSON_NUMBERS = [
  'count', 'tokens', 'seq_len', 'params', 'active_params', 'model_flops', 'hardware_flops', 'six_nd', 'peak_flops_per_gpu',
  'achieved_flops_per_gpu', 'mfu', 'hfu', 'tokens_per_second', 'compute_seconds', 'goodput', 'wall_clock_seconds',
  'wall_clock_hours', 'wall_clock_days', 'gpu_hours', 'usd_per_gpu_hour', 'cost_usd',
];

/**
 * Checks a printed JSON document: it round-trips (parse, then stringify with the CLI's two-space
 * indent, gives the printed text back), and null appears only under `nullable` keys. Returns it.
 * `echoed`: the input's own strings, which the output may carry as written (a scenario named `Infinity`:
 * the CLI fuzzer's seed 20240601 wrote one), left out of the NaN/Infinity scan as their JSON forms.
 */
export function checkJsonText(text: string, nullable: ReadonlySet<string>, echoed: readonly string[] = []): unknown {
  let scanned = text;
  for (const s of echoed) if (s) scanned = scanned.split(JSON.stringify(s).slice(1, -1)).join('');
  expect(scanned).not.toMatch(/NaN|Infinity/);
  const value: unknown = JSON.parse(text);
  expect(JSON.stringify(value, null, 2) + '\n').toBe(text);
  const walk = (v: unknown, key: string, path: string): void => {
    if (v === null) {
      if (!nullable.has(key)) throw new Error(`null at ${path} in JSON output`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, key, `${path}[${i}]`));
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, k, `${path}.${k}`);
    else if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number at ${path}`);
  };
  walk(value, '', '$');
  return value;
}

export function checkRunJson(text: string, echoed: readonly string[] = []): void {
  const j = checkJsonText(text, RUN_JSON_NULLABLE, echoed) as { results: Record<string, unknown>[] };
  for (const r of j.results) {
    for (const k of RUN_JSON_NUMBERS) {
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) throw new Error(`run --json: ${k} is ${JSON.stringify(r[k])}, not a finite number`);
    }
  }
}

/** Shared fixtures for the report tests: the bundled comparison scenario and a ranged variant of it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarios } from '../cliLoad.js';
import type { RunResult } from '../../src/estimate/run.js';
import type { ResolvedRun } from '../../src/scenario/resolve.js';

export const CLUSTER_OPTIONS = fileURLToPath(new URL('../../scenarios/cluster-options.yaml', import.meta.url));

export function clusterRuns(): ResolvedRun[] {
  return loadScenarios([CLUSTER_OPTIONS], []);
}

/** cluster-options.yaml with MFU, goodput and (optionally) a price given as ranges, in a temp dir. */
export function rangedScenario(opts: { price?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcast-report-'));
  let text = readFileSync(CLUSTER_OPTIONS, 'utf8')
    .replace(/utilization: 0\.40 .*/, 'utilization: [0.32, 0.48]')
    .replace(/goodput: 0\.9 .*/, 'goodput: {low: 0.8, expected: 0.9, high: 0.95}')
    .replace(/^name: .*/m, 'name: Llama 3 70B, ranged <b>&</b> | test');
  if (opts.price) {
    text = text.replace(/pricing:\n(?:  .*\n)+/, 'pricing:\n  usd_per_gpu_hour: [2, 4]\n  fixed_usd: 250k\n').replace(/matrix:\n(?:  .*\n?)+/, 'matrix:\n  cluster.count: [512, 1024, 2048]\n');
  }
  const file = join(dir, 'ranged.yaml');
  writeFileSync(file, text);
  return file;
}

/** The recommendation, computed directly from the numbers (independently of src/report). */
export function expectedRecommendation(results: readonly RunResult[]): string {
  // What an option obliges: with a commitment, the contract plus the run's energy and fixed costs.
  const usd = (r: RunResult) => (r.commitment ? r.commitment.usd + r.cost.energyUsd + r.cost.fixedUsd : r.cost.totalUsd);
  const ok = (r: RunResult) => r.meetsDeadline !== false && r.meetsBudget !== false;
  const within = (r: RunResult) => r.meetsBudget !== false;
  const byCost = (a: RunResult, b: RunResult) => usd(a) - usd(b) || a.wallClockSeconds - b.wallClockSeconds;
  const byTime = (a: RunResult, b: RunResult) => a.wallClockSeconds - b.wallClockSeconds || usd(a) - usd(b);
  const a = results.filter(ok).sort(byCost)[0];
  if (a) return a.name;
  const b = results.filter(within).sort(byTime)[0];
  if (b) return b.name;
  const worst = (r: RunResult) => Math.max(r.wallClockSeconds / (r.inputs.constraints?.deadlineSeconds ?? Infinity), usd(r) / (r.inputs.constraints?.budgetUsd ?? Infinity));
  return [...results].sort((x, y) => worst(x) - worst(y) || usd(x) - usd(y))[0]!.name;
}

export const META = { version: '0.0.0-test', inputs: [{ file: 'scenarios/cluster-options.yaml', sha256: 'f'.repeat(64) }] };

/** A number that leaked unformatted (AMD's "Infinity Fabric" is a name, not a number). */
export const BAD_NUMBER = /\bNaN\b|Infinity(?! Fabric)|\bundefined\b/;

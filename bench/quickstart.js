#!/usr/bin/env node
// `npm run bench:quickstart`: the README's Quick start as a new user meets it. In a fresh clone of
// this checkout's HEAD (git clone --local, so nothing but committed files), it times `npm ci`
// (install + build; dependencies from npm's cache where it has them, --prefer-offline), then the main
// job `node bin/flopcast.cjs run scenarios/cluster-options.yaml --sort cost`: its first call after
// `npm ci`, then the median of later calls. Targets (issue 12): npm ci + main job < 2 min, first
// call < 2 s, later calls < 0.5 s. Each call's CPU time is reported too (bench/cpu-usage.cjs), as a
// figure that a machine shared with other work changes far less than wall-clock time. `--npx` also times `npx flopcast` there (why the README does not
// use it: npx installs the checkout as a file: dependency and runs its build). `--keep` keeps the clone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'flopcast-quickstart-'));
const MAIN_JOB = ['bin/flopcast.cjs', 'run', 'scenarios/cluster-options.yaml', '--sort', 'cost'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function timed(cmd, args, cwd, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

/** One call of the main job: wall-clock and CPU time (ms). */
function mainJob(cwd) {
  const cpuFile = join(dir, 'cpu-ms');
  const wall = timed(process.execPath, ['--require', join(root, 'bench', 'cpu-usage.cjs'), ...MAIN_JOB], cwd, { FLOPCAST_BENCH_CPU_FILE: cpuFile });
  return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const clone = join(dir, 'flopcast');
const results = {};
try {
  timed('git', ['clone', '--quiet', '--local', '--no-hardlinks', root, clone], dir);
  results.npm_ci_seconds = timed(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone) / 1000;
  const first = mainJob(clone);
  results.first_call_ms = first.wall;
  results.first_call_cpu_ms = first.cpu;
  const later = Array.from({ length: 10 }, () => mainJob(clone));
  const wall = later.map((x) => x.wall);
  results.later_calls_ms = { median: median(wall), min: Math.min(...wall), max: Math.max(...wall), runs: later.length };
  results.later_calls_cpu_ms = { median: median(later.map((x) => x.cpu)) };
  results.npm_ci_plus_main_job_seconds = results.npm_ci_seconds + results.first_call_ms / 1000;
  if (process.argv.includes('--npx')) {
    const npxArgs = ['flopcast', ...MAIN_JOB.slice(1)];
    results.npx_first_call_ms = timed('npx', npxArgs, clone);
    results.npx_later_calls_ms = median(Array.from({ length: 5 }, () => timed('npx', npxArgs, clone)));
  }
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${clone}`);
}
console.log(JSON.stringify(results, null, 2));
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.error(`npm ci + main job: ${results.npm_ci_plus_main_job_seconds.toFixed(1)} s (target < 120 s: ${verdict(results.npm_ci_plus_main_job_seconds < 120)}); ` +
  `main job first call ${results.first_call_ms.toFixed(0)} ms (target < 2000 ms: ${verdict(results.first_call_ms < 2000)}); ` +
  `later calls median ${results.later_calls_ms.median.toFixed(0)} ms (target < 500 ms: ${verdict(results.later_calls_ms.median < 500)}); ` +
  `CPU time first ${results.first_call_cpu_ms.toFixed(0)} ms, later ${results.later_calls_cpu_ms.median.toFixed(0)} ms (wall-clock above CPU time is waiting on a loaded machine)`);

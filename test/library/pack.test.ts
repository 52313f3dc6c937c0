/**
 * The package as a user gets it: `npm pack` (of the build `npm test` has just made), the tarball
 * installed into an empty folder, imported from a .mjs script and type-checked from a .ts one.
 * Its answers must equal the CLI's --json. npm resolves the dependencies from its cache
 * (--prefer-offline: `npm ci` has filled it); the registry is asked only for what is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/run-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM_CLI = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
const dir = mkdtempSync(join(tmpdir(), 'flopcast-pack-'));

function sh(cmd: string[], cwd: string, timeoutMs: number): string {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function cliJson(args: string[]): unknown {
  const r = spawnCli([...args, '--json'], { cwd: ROOT });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

// The installed package's flopcast/core counting GPT-3 from the preset's text: one line for the ESM and the CommonJS script alike.
const CORE_FLOPS = "  core: flopsWith(sourcesFromTexts({ models: { 'gpt3-175b': readFileSync('node_modules/flopcast/models/gpt3-175b.yaml', 'utf8') } }), 'gpt3-175b', { tokens: 300e9 }),";

describe('npm pack, install, import', () => {
  beforeAll(() => {
    sh([...NPM_CLI, 'pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT, 60_000);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    sh([...NPM_CLI, 'install', `./${tgz}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir, 150_000);
  }, 240_000);

  it('import { flops, run } from "flopcast" (and flopcast/core) gives the CLI\'s --json', () => {
    writeFileSync(join(dir, 'use.mjs'), [
      "import { readFileSync } from 'node:fs';",
      "import { flops, run } from 'flopcast';",
      "import { flopsWith, sourcesFromTexts } from 'flopcast/core';",
      `const scenarios = ${JSON.stringify(join(ROOT, 'scenarios'))};`,
      "const text = readFileSync(scenarios + '/cluster-options.yaml', 'utf8');",
      "process.stdout.write(JSON.stringify({",
      "  flops: flops('gpt3-175b', { tokens: 300e9 }),",
      "  run: run(text, { name: 'cluster-options', sort: 'cost', baseDir: scenarios }),",
      CORE_FLOPS,
      "}));",
    ].join('\n'));
    const got = JSON.parse(sh([process.execPath, 'use.mjs'], dir, 60_000)) as { flops: unknown; run: unknown; core: unknown };
    expect(got.flops).toEqual(cliJson(['flops', 'gpt3-175b', '--tokens', '300e9']));
    // flopcast/core, with the preset passed in as text: the same count.
    expect(got.core).toEqual(got.flops);
    expect(got.run).toEqual(cliJson(['run', 'scenarios/cluster-options.yaml', '--sort', 'cost']));
  }, 60_000);

  // Library trial (libuser22): the exports offered only the `import` condition, so `require('flopcast')` from a CommonJS
  // script or notebook was ERR_PACKAGE_PATH_NOT_EXPORTED ('No "exports" main defined'), though Node 20.19 (engines) can
  // require an ES module. Fails on the old code.
  it('require("flopcast") (and flopcast/core) from a CommonJS script gives the CLI\'s --json', () => {
    writeFileSync(join(dir, 'use.cjs'), [
      "const { flops, InputError } = require('flopcast');",
      "const { flopsWith, sourcesFromTexts } = require('flopcast/core');",
      "const { readFileSync } = require('node:fs');",
      "let refused = '';",
      "try { flops('gpt3-175b', { tokns: 1 }); } catch (e) { refused = e instanceof InputError ? e.format() : String(e); }",
      "process.stdout.write(JSON.stringify({",
      "  flops: flops('gpt3-175b', { tokens: 300e9 }), refused,",
      CORE_FLOPS,
      "}));",
    ].join('\n'));
    const got = JSON.parse(sh([process.execPath, 'use.cjs'], dir, 60_000)) as { flops: unknown; core: unknown; refused: string };
    expect(got.flops).toEqual(cliJson(['flops', 'gpt3-175b', '--tokens', '300e9']));
    expect(got.core).toEqual(got.flops);
    expect(got.refused).toMatch(/^tokns: unknown option `tokns`\n {2}hint: did you mean `tokens`\?/);
  }, 60_000);

  // Library trial (libuser22): the README's example read scenarios/four-clusters.yaml and examples/own-runs.yaml from the
  // working directory, there only in a clone: in a project that installed the package it stopped at ENOENT. Run as the
  // README writes it; fails on the old README.
  it('the README\'s library example runs as written in a project that installed the package', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /^## Library\n[\s\S]*?^```js\n([\s\S]*?)^```$/m.exec(readme)?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(dir, 'readme.mjs'), example!);
    const printed = sh([process.execPath, 'readme.mjs'], dir, 120_000).split('\n');
    expect(printed[0]).toBe(String((cliJson(['flops', 'gpt3-175b', '--tokens', '300e9']) as { flops: { model: number } }).flops.model));
  }, 120_000);

  it('ships its types: a TypeScript user is checked against them', () => {
    writeFileSync(join(dir, 'use.ts'), [
      "import { flops, run, plan, report, validateRuns, type FlopsJson, type RunResultJson, type PlanReport, type PlanJson, type OwnRunsReport } from 'flopcast';",
      "const f: FlopsJson = flops('gpt3-175b', { tokens: 300e9 });",
      'const model: number = f.flops.model;',
      "const results: RunResultJson[] = run('model: gpt2').results;",
      'const cost: number = results[0]!.cost_usd;',
      "const p: PlanReport = plan({ model: 'gpt3-175b', gpu: 'h100-sxm', count: 8, globalBatch: 8 });",
      // plan's keys are plan --json's, snake_case: a layout's are the scenario's cluster.parallelism keys.
      'const step: number | undefined = p.best[0]?.prediction.step_time_seconds;',
      'const microBatch: number | undefined = p.best[0]?.layout.micro_batch;',
      'const planned: PlanJson = p;',
      "const html: string = report('model: gpt2').text;",
      "const own: OwnRunsReport = validateRuns({ rows: [] });",
      'const worst: number = own.summary.worst_abs_error;',
      '// @ts-expect-error: a misspelt option is a type error',
      "flops('gpt3-175b', { tokenz: 1 });",
      'export { model, cost, p, step, microBatch, planned, html, worst };',
    ].join('\n'));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    sh([process.execPath, tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'use.ts'], dir, 60_000);
  }, 60_000);
});

/**
 * `cluster.parallelism.pipeline_layout` and `plan --pipeline-layout` through the CLI: refused with
 * file:line:col, the key path and exit 2 (src/perf/pipelineLayoutRules.ts pipeline-layout*, stackRules.ts
 * stack-pipeline-layout), echoed by `run --json` and `plan --json`, and searched around by the planner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flopcast-pplayout-'));
/** GPT-3 175B (96 layers) on 1024 A100s; `parallelism` lines start at line 9 (the first of them at 9:5). */
const scenario = (name: string, parallelism: string[], training = '') => {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, ['name: gpt3 layout', 'model: gpt3-175b', `training: {tokens: 300B, global_batch: 1536${training}}`, 'cluster:', '  gpu: a100-sxm4-80gb', '  count: 1024',
    '  utilization: auto', '  parallelism:', ...parallelism.map((l) => `    ${l}`), 'pricing: {usd_per_gpu_hour: 2}', ''].join('\n'));
  return f;
};
const EVEN = "pipeline_layout: 'Et*12|(t*12|)*6t*12L'"; // 8 chunks of 12 layers

describe('a pipeline layout refused, at its key', () => {
  it.each([
    ['too few layers', 'short', ['tp: 8', 'pp: 8', "pipeline_layout: 'Et*12|(t*12|)*6t*11L'"], '', /short\.yaml:11:5: cluster\.parallelism\.pipeline_layout: impossible layout: pipeline_layout: the layout has 95 decoder layers \(t\), the model GPT-3 175B has 96\n {2}hint: write 96 t/],
    ['a character outside the grammar, with its column', 'letter', ['tp: 8', 'pp: 8', "pipeline_layout: 'Et*12|(t*12|)*6t*11X'"], '', /letter\.yaml:11:5: cluster\.parallelism\.pipeline_layout: .*found "X" at column 20/],
    ['no pp', 'nopp', ['tp: 8', EVEN], '', /nopp\.yaml:\d+:\d+: cluster\.parallelism\.pp: impossible layout: a pipeline_layout needs pp: its 8 chunks are pp × virtual stages/],
    ['pp not dividing the chunks', 'pp16', ['tp: 8', 'pp: 16', EVEN], '', /pp16\.yaml:11:5: cluster\.parallelism\.pipeline_layout: impossible layout: pipeline_layout with pp = 16: the layout's 8 chunks do not divide into pp = 16 pipeline ranks/],
    ['virtual_stages other than chunks ÷ pp', 'vs', ['tp: 8', 'pp: 4', 'virtual_stages: 4', EVEN], '', /vs\.yaml:11:5: cluster\.parallelism\.virtual_stages: impossible layout: the pipeline_layout's 8 chunks on pp = 4 ranks are 2 virtual stages, found virtual_stages = 4/],
    ['DualPipe', 'dual', ['tp: 8', 'pp: 8', 'schedule: dualpipe', EVEN], ', stack: hai-llm', /dual\.yaml:11:5: cluster\.parallelism\.schedule: impossible layout: a pipeline_layout places layers on Megatron-Core's 1F1B or interleaved schedule or a zero-bubble one, found schedule dualpipe/],
    ['a stack that cannot place layers freely', 'ds', ['tp: 8', 'pp: 8', EVEN], ', stack: deepspeed', /ds\.yaml:11:5: cluster\.parallelism\.pipeline_layout: impossible layout: stack deepspeed does not place layers freely over the pipeline chunks \(no interleaving\), found a pipeline_layout/],
    ['a hostile repeat, refused before it is expanded', 'hostile', ['tp: 8', 'pp: 8', "pipeline_layout: '(t|)*999999999999'"], '', /hostile\.yaml:11:5: cluster\.parallelism\.pipeline_layout: .*the group at column 1 makes the layout longer than \d+ characters/],
  ])('%s: exit 2', async (_, name, parallelism, training, message) => {
    const r = await runCli(['run', scenario(name, parallelism, training)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  // The pp it asks for named as plan's flag (pipelineLayout.ts chunksOverPpHint; it said `pp one of 1`).
  it('plan --pipeline-layout: refused at the flag', async () => {
    const r = await runCli(['plan', '--model', 'gpt3-175b', '--gpu', 'a100-sxm4-80gb', '--count', '1024', '--global-batch', '1536', '--pp', '8', '--pipeline-layout', 'Et*96L']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --pipeline-layout: impossible layout: pipeline_layout with pp = 8: the layout's one chunk does not divide into pp = 8 pipeline ranks\n {2}hint: pp × virtual_stages must equal the chunks \(1\): --pp one of 1\n/);
  });
});

describe('a pipeline layout accepted', () => {
  it('run --json echoes it in the layout, with the virtual stages and schedule it fixes', async () => {
    const r = await runCli(['run', scenario('even', ['tp: 8', 'pp: 4', EVEN]), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].layout).toMatchObject({ tp: 8, pp: 4, virtual_stages: 2, schedule: 'interleaved', pipeline_layout: 'Et*12|(t*12|)*6t*12L' });
  });

  it('plan --json: every layout carries it, with pp and the virtual stages it fixes; the rest is searched', async () => {
    const r = await runCli(['plan', '--model', 'gpt3-175b', '--gpu', 'a100-sxm4-80gb', '--count', '1024', '--global-batch', '1536', '--pp', '4', '--pipeline-layout', 'Et*12|(t*12|)*6t*12L', '--json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.fixed).toEqual({ pp: 4, pipeline_layout: 'Et*12|(t*12|)*6t*12L' });
    expect(p.best.length).toBeGreaterThan(1);
    for (const e of p.best) expect(e.layout).toMatchObject({ pp: 4, virtual_stages: 2, schedule: 'interleaved', pipeline_layout: 'Et*12|(t*12|)*6t*12L' });
    expect(new Set(p.best.map((e: { layout: { tp: number; micro_batch: number; zero_stage: number } }) => `${e.layout.tp} ${e.layout.micro_batch} ${e.layout.zero_stage}`)).size).toBeGreaterThan(1);
  });
});

// Hostile sweep 24: plan --help said the option was "(megatron-core only)" after torchtitan came to take it (60dc53f:
// module_fqns_per_model_part places any split); the stacks listed are those that place layers freely. Fails on the old code.
describe('plan --help names the stacks that take a pipeline layout', () => {
  it('megatron-core, zero-bubble and torchtitan', async () => {
    const r = await runCli(['plan', '--help']);
    const at = r.stdout.indexOf('--pipeline-layout');
    const option = r.stdout.slice(at, r.stdout.indexOf('[string]', at)).replace(/\s+/g, ' ');
    expect(option).toContain('fixes the virtual stages (--stack megatron-core, zero-bubble, torchtitan or olmo-core)');
  });
});

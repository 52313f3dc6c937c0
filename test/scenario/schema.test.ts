import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { runCli } from '../cli/run-cli.js';

describe('scenario JSON Schema', () => {
  it('the committed schema/scenario.schema.json is what `flopcast schema` prints (regenerate with: npx flopcast schema > schema/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
  it('is strict draft-07 with descriptions, so editors flag typos', () => {
    const s = scenarioJsonSchema() as { $schema: string; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['model', 'training', 'cluster', 'pricing', 'energy', 'overheads', 'constraints', 'matrix']));
  });
});

describe('training.optimizer (src/perf/muon.ts)', () => {
  const scenario = (training: string) => `model: llama-3-8b\ntraining:\n  tokens: 1T\n  global_batch: 256\n${training}cluster:\n  gpu: h100-sxm\n  count: 64\n  utilization: auto\npricing:\n  usd_per_gpu_hour: 2\n`;
  const runFile = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-optimizer-'));
    const f = join(dir, 's.yaml');
    writeFileSync(f, text);
    return { f, ...(await runCli(['run', f, '--json'])) };
  };
  it.each([
    // [what, training lines, line:col, message, hint]
    ['an unknown optimizer: the known ones and the nearest', '  optimizer: muonn\n', '5:3', 'training.optimizer: expected one of `adam`, `muon`, found "muonn"', 'did you mean `muon`?'],
    ['another unknown one', '  optimizer: adamw\n', '5:3', 'training.optimizer: expected one of `adam`, `muon`, found "adamw"', 'did you mean `adam`?'],
    ['a Muon option without Muon', '  muon_ns_steps: 6\n', '2:1', 'training.optimizer: muon_ns_steps and muon_tp_mode are options of the Muon optimizer: they need optimizer: muon', 'e.g. optimizer: muon with muon_ns_steps: 5'],
    ['an unknown TP mode', '  optimizer: muon\n  muon_tp_mode: blockwize\n', '6:3', 'training.muon_tp_mode: expected one of `blockwise`, `duplicated`, `distributed`, found "blockwize"', 'did you mean `blockwise`?'],
  ])('%s: exit 2, file:line:col, key path, message and hint', async (_, training, at, message, hint) => {
    const r = await runFile(scenario(training));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${r.f}:${at}: ${message}\n  hint: ${hint}\n`);
  });

  it('optimizer: muon runs, and its prediction carries the Newton–Schulz step in the optimizer slot', async () => {
    const adam = await runFile(scenario(''));
    const muon = await runFile(scenario('  optimizer: muon\n'));
    expect(muon.code).toBe(0);
    const optimizer = (r: { stdout: string }) => JSON.parse(r.stdout).results[0].step_breakdown.optimizer_seconds as number;
    expect(optimizer(muon)).toBeGreaterThan(optimizer(adam));
  });
});

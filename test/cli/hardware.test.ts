/**
 * `flopcast hardware`, and user profiles: next to a scenario (in the working directory for a command
 * without an input file), or in a folder given with --hardware-dir.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli, spawnCli } from './run-cli.js';

const h100 = readFileSync(join(PACKAGE_ROOT, 'hardware-profiles', 'h100-sxm.yaml'), 'utf8');
/** A copy of the H100 profile under another id, with a doubled bf16 peak so its use is visible. */
const custom = (id: string) => h100.replace(/^id: h100-sxm$/m, `id: ${id}`).replace(/bf16: 989\b/, 'bf16: 1978');

function scenario(dir: string, gpu: string): string {
  const f = join(dir, 'scenario.yaml');
  writeFileSync(f, `model: gpt2\ntraining: {tokens: 1B}\ncluster: {gpu: ${gpu}, count: 8, utilization: 0.5}\npricing: {usd_per_gpu_hour: 2}\n`);
  return f;
}

describe('flopcast hardware', () => {
  it('lists every bundled profile, filterable by vendor', async () => {
    const all = JSON.parse((await runCli(['hardware', '--json'])).stdout).hardware;
    expect(all.length).toBeGreaterThanOrEqual(30);
    const amd = JSON.parse((await runCli(['hardware', '--vendor', 'amd', '--json'])).stdout).hardware;
    expect(amd.length).toBeGreaterThan(0);
    expect(amd.every((r: { vendor: string }) => r.vendor === 'AMD')).toBe(true);
  });
  it.each([
    { vendor: 'nvidiaa', stderr: 'error: --vendor: no profile is by `nvidiaa`\n  hint: did you mean `NVIDIA`?\n' },
    { vendor: 'Googel', stderr: 'error: --vendor: no profile is by `Googel`\n  hint: did you mean `Google`?\n' },
    // Nothing near: the hint lists the vendors (AMD, ..., NVIDIA).
    { vendor: 'xyz', stderr: expect.stringMatching(/^error: --vendor: no profile is by `xyz`\n {2}hint: the vendors: AMD, .*NVIDIA\n$/) },
    // an empty vendor listed every profile (every name includes ''), where '  ' was refused
    { vendor: '', stderr: expect.stringMatching(/^error: --vendor needs a vendor name, found an empty string\n {2}hint: the vendors: AMD, .*NVIDIA\n$/) },
    { vendor: '  ', stderr: expect.stringMatching(/^error: --vendor needs a vendor name, found an empty string\n {2}hint: the vendors: AMD, .*NVIDIA\n$/) },
  ])('--vendor $vendor (no profile is by it): exit 2, not an empty list', async ({ vendor, stderr }) => {
    const r = await runCli(['hardware', '--vendor', vendor, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toEqual(stderr);
  });
  it.each([
    // it listed every profile, the id unread (sweep 6's unexpected-argument rule saw a positional that show takes)
    { args: ['list', 'h100-sxm'], stderr: 'error: flopcast hardware list: unexpected argument `h100-sxm`\n  hint: flopcast hardware show h100-sxm shows one profile; --vendor and --min-memory filter the list\n' },
    { args: ['list', 'h100-sxm', '--vendor', 'nvidia', '--json'], stderr: 'error: flopcast hardware list: unexpected argument `h100-sxm`\n  hint: flopcast hardware show h100-sxm shows one profile; --vendor and --min-memory filter the list\n' },
    { args: ['list', ''], stderr: 'error: flopcast hardware list: unexpected argument ``\n  hint: flopcast hardware show ID shows one profile; --vendor and --min-memory filter the list\n' },
  ])('hardware $args: exit 2, not the whole list', async ({ args, stderr }) => {
    const r = await runCli(['hardware', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });
  it('show prints every figure with its source', async () => {
    const r = await runCli(['hardware', 'show', 'h100-sxm']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dense peak TFLOPS: .*bf16 989/);
    // The attention rates the step model uses, FlashAttention-2's included, with their source (FlashAttention-3 paper).
    expect(r.stdout).toMatch(/achievable attention \(head dim 128\): forward 523.5, backward 508 TFLOPS \(half rate at 178 \/ 426 keys per query\); FlashAttention-2 326 \/ 314 \(half rate at 181 \/ 302 keys per query\)\n {4}source: Shah et al\. 2024/);
    expect(r.stdout.match(/source: /g)!.length).toBeGreaterThanOrEqual(6);
    expect(r.stdout).toContain('achievable bf16 matmul: 794.5 TFLOPS, fp8 1402.6 TFLOPS\n');
  });
  it('show prints the NVFP4 rate and the sustained fraction where a profile records them', async () => {
    const r = await runCli(['hardware', 'show', 'b200']);
    expect(r.stdout).toContain('achievable bf16 matmul: 1745 TFLOPS, fp8 3432.5 TFLOPS, nvfp4 6599 TFLOPS (burst; sustained 0.823 of it)');
  });
});

// Hostile sweep 16: the list's filters were read by nothing under show (`show h100-sxm --vendor amd` printed the NVIDIA
// part, exit 0). Every row fails on the old code.
describe('hardware show with a list filter is refused', () => {
  it.each([
    { args: ['--vendor', 'amd'], stderr: 'error: --vendor filters the list: flopcast hardware show prints the one profile named\n  hint: leave --vendor out, or leave out show and the id to list what it keeps\n' },
    { args: ['--min-memory', '100', '--json'], stderr: 'error: --min-memory filters the list: flopcast hardware show prints the one profile named\n  hint: leave --min-memory out, or leave out show and the id to list what it keeps\n' },
    { args: ['--vendor', 'nvidia', '--min-memory', '80'], stderr: 'error: --vendor and --min-memory filter the list: flopcast hardware show prints the one profile named\n  hint: leave --vendor and --min-memory out, or leave out show and the id to list what they keep\n' },
  ])('$args', async ({ args, stderr }) => {
    const r = await runCli(['hardware', 'show', 'h100-sxm', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });
});

describe('hardware --min-memory is a number or an error, never an empty list', () => {
  it.each([
    // a size in GB, not a count: the message offered "300B, 1.4T" (GB?), and `80GB` is what one types
    ['abc', '--min-memory: expected a number of GB such as 80 or 141, without the unit, found "abc"'],
    ['80GB', '--min-memory: expected a number of GB such as 80 or 141, without the unit, found "80GB"'],
    ['1.5 TB', '--min-memory: expected a number of GB such as 80 or 141, without the unit, found "1.5 TB"'],
    ['-5', '--min-memory: expected a positive number, found -5'],
    ['1e999', '--min-memory: 1e999 is too large (beyond the largest number, about 1.8e308)'],
    ['', '--min-memory: expected a number of GB such as 80 or 141, without the unit, found ""'],
  ])('--min-memory %j: exit 2', async (value, message) => {
    const r = await runCli(['hardware', '--min-memory', value, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\n`);
  });

  // hostile sweep 17: a size above every profile printed an empty table, exit 0 (`--min-memory 80000`, MB for GB).
  // The largest is named: read from the list itself, so a profile added later moves the expectation with it.
  it.each([
    [[], 'no profile has 80000 GB or more', '80000'],
    [[], 'no profile has 1000000000000 GB or more', '1e12'],
    [['--vendor', 'amd'], 'no profile by `amd` has 1000 GB or more', '1000'],
  ])('above every profile %j: exit 2, the largest named', async (vendor, message, size) => {
    const list = (JSON.parse((await runCli(['hardware', ...vendor, '--json'])).stdout) as { hardware: { id: string; memory_gb: number; memory_stated: string }[] }).hardware;
    const largest = list.reduce((a, b) => (b.memory_gb > a.memory_gb ? b : a));
    const r = await runCli(['hardware', ...vendor, '--min-memory', size, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: --min-memory: ${message}\n  hint: the most is ${largest.memory_stated} (${largest.id}); --min-memory is in GB\n`);
  });

  it('a number filters', async () => {
    const r = await runCli(['hardware', '--min-memory', '250', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { hardware: { memory_gb: number }[] }).hardware;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.memory_gb).toBeGreaterThanOrEqual(250);
  });
});

describe('user hardware profiles', () => {
  it('a hardware-profiles/ folder next to the scenario adds profiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'lab-gpu.yaml'), custom('lab-gpu'));
    const r = await runCli(['run', scenario(dir, 'lab-gpu'), '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].peak_flops_per_gpu).toBe(1978e12);
  });
  it('--hardware-dir adds profiles, and lists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    const profiles = join(dir, 'profiles');
    mkdirSync(profiles);
    writeFileSync(join(profiles, 'lab-gpu.yaml'), custom('lab-gpu'));
    const r = await runCli(['run', scenario(dir, 'lab-gpu'), '--hardware-dir', profiles, '--json']);
    expect(JSON.parse(r.stdout).results[0].gpu).toBe('lab-gpu');
    const list = JSON.parse((await runCli(['hardware', '--hardware-dir', profiles, '--json'])).stdout).hardware;
    expect(list.map((x: { id: string }) => x.id)).toContain('lab-gpu');
  });
  // Hostile sweep 19: --hardware-dir took every word after it, so `run --hardware-dir DIR s.yaml` read s.yaml as a
  // second folder and said 'flopcast run: missing its argument' (hardware/prices: the id became a folder). One folder a flag.
  it.each([
    ['run', (dir: string, s: string) => ['run', '--hardware-dir', dir, s, '--json']],
    ['hardware show', (dir: string) => ['hardware', '--hardware-dir', dir, 'show', 'lab-gpu', '--json']],
    ['prices', (dir: string) => ['prices', '--hardware-dir', dir, 'h100-sxm', '--json']],
  ])('%s: --hardware-dir DIR before a positional takes DIR alone', async (_, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    const profiles = join(dir, 'profiles');
    mkdirSync(profiles);
    writeFileSync(join(profiles, 'lab-gpu.yaml'), custom('lab-gpu'));
    const r = await runCli(args(profiles, scenario(dir, 'lab-gpu')));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  it('--hardware-dir given twice reads both folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    for (const [d, id] of [['a', 'lab-a'], ['b', 'lab-b']] as const) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, `${id}.yaml`), custom(id));
    }
    const r = await runCli(['hardware', '--hardware-dir', join(dir, 'a'), '--hardware-dir', join(dir, 'b'), '--json']);
    const ids = JSON.parse(r.stdout).hardware.map((x: { id: string }) => x.id);
    expect(ids).toContain('lab-a');
    expect(ids).toContain('lab-b');
  });
  it('a user profile with a bundled id replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'h100-sxm.yaml'), custom('h100-sxm'));
    const r = await runCli(['run', scenario(dir, 'h100-sxm'), '--json']);
    expect(JSON.parse(r.stdout).results[0].peak_flops_per_gpu).toBe(1978e12);
  });
  // Two files of one id: the later name (x.yml) won in silence, and report listed the other (x.yaml) as the input.
  it.each([['run'], ['hardware'], ['report']])('%s: x.yaml and x.yml in one folder are refused as one profile twice', async (command) => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    const profiles = join(dir, 'hardware-profiles');
    mkdirSync(profiles);
    writeFileSync(join(profiles, 'lab-gpu.yaml'), custom('lab-gpu'));
    writeFileSync(join(profiles, 'lab-gpu.yml'), custom('lab-gpu'));
    const args = command === 'hardware' ? ['hardware', '--hardware-dir', profiles] : [command, scenario(dir, 'lab-gpu'), ...(command === 'report' ? ['--out', join(dir, 'r.md')] : [])];
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${profiles}: ${command === 'hardware' ? '--hardware-dir: ' : ''}lab-gpu.yaml and lab-gpu.yml are both profile \`lab-gpu\`\n  hint: keep one of them\n`);
  });
  it('a broken user profile is a located error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'lab-gpu.yaml'), custom('lab-gpu').replace('peak_tflops:', 'peak_tflop:'));
    const r = await runCli(['run', scenario(dir, 'lab-gpu')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lab-gpu\.yaml:\d+:\d+: peak_tflop: unknown key `peak_tflop`\n {2}hint: did you mean `peak_tflops`\?/);
  });
  // One rule for every command (README "Hardware"): the base folder is the input file's, else the
  // working directory; run from a folder with hardware-profiles/, commands without an input file see it.
  it('commands without an input file see a hardware-profiles/ folder in the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopcast-hw-'));
    mkdirSync(join(dir, 'hardware-profiles'));
    writeFileSync(join(dir, 'hardware-profiles', 'lab-gpu.yaml'), custom('lab-gpu'));
    const cases: { args: string[]; check: (out: any) => unknown }[] = [
      { args: ['hardware', '--json'], check: (o) => expect(o.hardware.map((x: { id: string }) => x.id)).toContain('lab-gpu') },
      { args: ['hardware', 'show', 'lab-gpu', '--json'], check: (o) => expect(o.peak_flops_per_second.bf16).toBe(1978e12) },
      { args: ['prices', 'lab-gpu', '--json'], check: (o) => expect(o.hardware[0].id).toBe('lab-gpu') },
      { args: ['budget', '--flops', '1e21', '--gpu', 'lab-gpu', '--count', '8', '--json'], check: (o) => expect(o.peak_flops_per_gpu).toBe(1978e12) },
      { args: ['plan', '--model', 'gpt2', '--gpu', 'lab-gpu', '--count', '8', '--global-batch', '64', '--json'], check: (o) => expect(o.gpu).toBe('lab-gpu') },
    ];
    for (const c of cases) {
      const r = spawnCli(c.args, { cwd: dir });
      expect(r.stderr, c.args.join(' ')).toBe('');
      expect(r.code, c.args.join(' ')).toBe(0);
      c.check(JSON.parse(r.stdout));
    }
  });
  it('every command that looks up profiles describes --hardware-dir alike', () => {
    const said = new Set<string>();
    for (const command of ['run', 'report', 'plan', 'budget', 'hardware', 'prices']) {
      const help = spawnCli([command, '--help']).stdout;
      const m = /--hardware-dir\s+([\s\S]*?)\[array\]/.exec(help);
      expect(m, command).not.toBeNull();
      said.add(m![1]!.replace(/\s+/g, ' ').trim());
    }
    expect([...said]).toHaveLength(1);
    expect([...said][0]).toMatch(/^extra folders of hardware profile YAML files/);
  });
});

/** src/cli/load/files.ts: reading an input, a regular file only (standard input by its path is told of `-`). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../run-cli.js';

// Hostile sweep 19: standard input named by its path (`cat s.yaml | flopcast run /dev/stdin`) was told "a FIFO (named
// pipe), not a regular file | give a regular file", with no word of `-`; fails on the old code.
describe('standard input by its path, a pipe', () => {
  const S = 'model: gpt2\ntraining: {tokens: 1B, global_batch: 8}\ncluster: {gpu: h100-sxm, count: 8, utilization: 0.4}\n';
  it.each([
    [['run', '/dev/stdin'], 'hint: standard input is read as `-`: flopcast run -, report -, plan - or budget -'],
    [['plan', '/dev/fd/0'], 'hint: standard input is read as `-`: flopcast run -, report -, plan - or budget -'],
    [['flops', '/dev/stdin'], 'hint: only a scenario is read from standard input (as `-`): save the model to a file and give its path'],
  ])('%j', (args, hint) => {
    const r = spawnCli(args, { input: S });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(hint);
  });
});

// hf35: model weights given as the model. A safetensors file was "file is UTF-32 (little-endian), not UTF-8 | save the file as
// UTF-8", a GGUF file "not valid UTF-8: byte 0x80", and either past the 1 MB cap "model file has more than 1,000,000 bytes |
// is this the right file?": none said what the file is or what to give; fails on the old code.
describe('model weights given where a config.json goes', () => {
  const header = '{"model.embed_tokens.weight":{"dtype":"BF16","shape":[4,2],"data_offsets":[0,16]}}';
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(header.length));
  const safetensors = Buffer.concat([size, Buffer.from(header), Buffer.alloc(16, 1)]);
  const gguf = Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0, 0x23, 1, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64, 0x80)]);
  it.each([
    { name: 'model.safetensors', data: safetensors, says: 'this is a safetensors file (model weights), not text' },
    { name: 'model-Q4_K_M.gguf', data: gguf, says: 'this is a GGUF file (model weights, as llama.cpp and Ollama load them), not text' },
    // Past the input cap, as real weights are: named by their first bytes, not "is this the right file?".
    { name: 'big.safetensors', data: Buffer.concat([safetensors, Buffer.alloc(1_100_000)]), says: 'this is a safetensors file (model weights), not text' },
    { name: 'pytorch_model.bin', data: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]), says: 'this is a ZIP archive (a spreadsheet such as .xlsx or .ods, a .docx, a zipped folder, or PyTorch weights such as pytorch_model.bin or *.pt), not text' },
  ])('flops $name', ({ name, data, says }) => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-weights-'));
    const path = join(dir, name);
    writeFileSync(path, data);
    const r = spawnCli(['flops', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${path}: ${says}`);
    expect(r.stderr).toMatch(/hint: (if it is the model's weights, )?pass the model repository's config\.json/);
  });

  // review35: a spreadsheet given as a scenario or a runs file (both ZIPs) was called PyTorch weights, hinted a config.json.
  it.each([['run'], ['validate']])('%s runs.xlsx: a ZIP, and the text file to give', (command) => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-weights-'));
    const path = join(dir, 'runs.xlsx');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]));
    const r = spawnCli([command!, path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a spreadsheet such as .xlsx');
    expect(r.stderr).toMatch(/hint: a (scenario|runs file) is YAML or JSON text: give that file itself/);
    expect(r.stderr).not.toContain('config.json');
  });
});

/**
 * Golden values from an independent count: tools/torch-count/count.py builds each model as a
 * plain PyTorch module and sums 2·m·k·n over every aten mm/addmm/bmm/baddbmm in forward (with a
 * cross-entropy loss) and in loss.backward(). See test/golden/README.md. CI only reads the JSON;
 * it does not need torch.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ModelSchema, toArchitecture } from '../../src/model/schema.js';
import { countFlops } from '../../src/flops/count.js';
import { countParams } from '../../src/model/params.js';

interface GoldenCase {
  name: string;
  model: unknown;
  batch: number;
  seq_len: number;
  forward_flops: number;
  backward_flops: number;
  params: number;
}

interface GoldenFile {
  generated_by: string;
  torch_version: string;
  convention: string;
  cases: GoldenCase[];
}

const golden = JSON.parse(readFileSync(new URL('../golden/torch-flops.json', import.meta.url), 'utf8')) as GoldenFile;

describe('golden values from PyTorch (tools/torch-count/count.py)', () => {
  it('has cases', () => {
    expect(golden.generated_by).toBe('tools/torch-count/count.py');
    expect(golden.cases.length).toBeGreaterThanOrEqual(16);
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const arch = toArchitecture(ModelSchema.parse(c.model), c.name);
    const { perToken } = countFlops(arch, { seqLen: c.seq_len, attention: 'full', recompute: 'none' });
    const tokens = c.batch * c.seq_len;
    expect({
      forward: perToken.forward * tokens,
      backward: perToken.backward * tokens,
      params: countParams(arch).total,
    }).toEqual({ forward: c.forward_flops, backward: c.backward_flops, params: c.params });
  });
});

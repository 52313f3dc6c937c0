/**
 * Where plan(scenario) names the file's fields (src/library/planBlame.ts fieldNames, fileError). Review B: a field an
 * option wrote was named at the base's place (`the scenario's pipeline_layout (f.yaml:7:3)`, the base's `parallelism:`,
 * where the option writes it at 18:9); a hint repeated the place its error starts with. Both rows fail on the old code.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';

// DeepSeek-V3 on 2048 H100 with pp 16 and its MTP module: the layout below places its 61 layers and the MTP layer on 16
// chunks (the layouts of test/library/plan-layout.test.ts).
const BASE = "model: deepseek-v3\ntraining: {tokens: 1T, seq_len: 4096, global_batch: 4096, mtp_layers: 1}\ncluster:\n  gpu: h100-sxm\n  count: 2048\n  utilization: auto\n  parallelism:\n    tp: 2\n    pp: 16\n    ep: 64\n    etp: 1\n    micro_batch: 1\n    zero_stage: 1\n";
const LAYOUT = "'Et*4|(t*4|)*14tmL'";

describe('plan(scenario): a file field named at the place the run has it', () => {
  it('written by an option: at the option', () => {
    const text = `${BASE}options:\n  - name: a\n    cluster:\n      parallelism:\n        pipeline_layout: ${LAYOUT}\n`;
    const e = thrownInputError(() => plan({ scenario: text, file: 'f.yaml', schedule: 'dualpipe' }));
    expect(e.details.keyPath).toBe('schedule');
    expect(e.details.hint).toContain("the scenario's pipeline_layout (f.yaml:18:9)");
  });
  it('the error at the field: its hint names it without the place again', () => {
    const e = thrownInputError(() => plan({ scenario: `${BASE}    pipeline_layout: ${LAYOUT}\n`, file: 'f.yaml', stack: 'llm-foundry' }));
    expect([e.details.file, e.details.line, e.details.col, e.details.keyPath]).toEqual(['f.yaml', 14, 5, 'cluster.parallelism.pipeline_layout']);
    expect(e.details.hint).toContain("the scenario's pipeline_layout");
    expect(e.details.hint).not.toContain('f.yaml:14:5');
  });
});

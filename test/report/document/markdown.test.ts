import { describe, expect, it } from 'vitest';
import { report } from '../../../src/index.js';

/**
 * The FLOP section starts a paragraph with the model's name: a model named `1. listed`, `- dash` or with
 * leading spaces made it an ordered list, a bullet list or a code block (sweep 11). Every line of the
 * report that starts with the name now starts with its escaped form (src/report/escape.ts markdownText).
 */
describe('renderMarkdown: a model name at the start of a line', () => {
  const scenario = (name: string) => ({
    model: { name, layers: 2, d_model: 64, heads: 2, d_ff: 256, ffn: 'gelu', vocab: 100, seq_len: 128 },
    training: { tokens: '1M', global_batch: 8 },
    cluster: { gpu: 'h100-sxm', count: 8, utilization: 0.4 },
    pricing: { usd_per_gpu_hour: 2 },
  });
  it.each([
    ['1. listed', '1\\. listed: '],
    ['- dash', '\\- dash: '],
    ['    indented', '&#32;&#32;&#32;&#32;indented: '],
  ])('%j', (name, start) => {
    const lines = report(scenario(name), { format: 'markdown' }).text.split('\n');
    expect(lines.filter((l) => l.startsWith(start))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith(`${name}:`))).toEqual([]);
  });
});

// sweep33: a model name ending in a space closed no bold (`- **x **, seq_len ...` printed the asterisks): the space is an
// entity, as a leading one is (src/report/escape.ts markdownText). Fails on the old code.
describe('renderMarkdown: a model name ending in a space, in bold', () => {
  it('closes its bold', () => {
    const scenario = { model: { name: 'Tiny ', layers: 2, d_model: 64, heads: 2, d_ff: 256, ffn: 'gelu', vocab: 100, seq_len: 128 }, training: { tokens: '1M', global_batch: 8 }, cluster: { gpu: 'h100-sxm', count: 8, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 2 } };
    const lines = report(scenario, { format: 'markdown' }).text.split('\n');
    expect(lines.filter((l) => l.startsWith('- **Tiny'))).toEqual([expect.stringMatching(/^- \*\*Tiny&#32;\*\*, seq_len 128/)]);
  });
});

// hostile sweep 17: a profile's heading put its id in parentheses after a name that carries its own: '#### H100 SXM5 80GB
// (Hopper) (`h100-sxm`)' (fails on the old code). The id follows the name as the HTML's <h4> has it; names from
// hardware-profiles/*.yaml.
describe('renderMarkdown: a profile heading', () => {
  it.each([
    ['h100-sxm', '#### H100 SXM5 80GB (Hopper) `h100-sxm`'],
    ['a100-sxm4-80gb', '#### A100 80GB SXM4 (Ampere) `a100-sxm4-80gb`'],
  ])('%s', (gpu, heading) => {
    const scenario = { model: 'gpt2', training: { tokens: '1B' }, cluster: { gpu, count: 8, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 2 } };
    const lines = report(scenario, { format: 'markdown' }).text.split('\n');
    expect(lines).toContain(heading);
    expect(lines.filter((l) => /\) \(/.test(l) && l.startsWith('####'))).toEqual([]);
  });
});

// review fix4: the FLOPs section wrote the model's size its own way in each format: Markdown dropped an MoE's active
// count ("DeepSeek-V3 (671B): 671B parameters, 14.8T tokens."), HTML put it in parentheses ("671B parameters (37.55B
// active)"). Both now write it by format.ts modelSize, as run's `model` row does: the sizes below are that row's
// (`flopcast run scenarios/deepseek-v3.yaml`: "DeepSeek-V3 (671B): 671B parameters, 37.55B active"; gpt2's from `flopcast
// flops gpt2`). The MoE rows fail on the old code. (The HTML rows are src/report/document/html.ts's flopsSection.)
describe('the FLOPs section names the model\'s size as run does, in both formats', () => {
  it.each([
    ['deepseek-v3', 'markdown', 'DeepSeek-V3 (671B): 671B parameters, 37.55B active, 14.8T tokens. Model FLOPs'],
    ['deepseek-v3', 'html', '<p>DeepSeek-V3 (671B): 671B parameters, 37.55B active, 14.8T tokens. Model FLOPs'],
    ['gpt2', 'markdown', 'GPT-2 (124M): 124.4M parameters, 14.8T tokens. Model FLOPs'],
    ['gpt2', 'html', '<p>GPT-2 (124M): 124.4M parameters, 14.8T tokens. Model FLOPs'],
  ] as const)('%s, %s', (model, format, sentence) => {
    const scenario = { model, training: { tokens: '14.8T' }, cluster: { gpu: 'h100-sxm', count: 2048, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 2 } };
    const section = report(scenario, { format }).text.split(/## Where the FLOPs go|<h2>Where the FLOPs go<\/h2>/)[1]!;
    expect(section.trimStart().startsWith(sentence), section.slice(0, 200)).toBe(true);
  });
});

// New-user trial 25: the Markdown report's FLOP table had the HTML's columns but `Forward / token`, so a row showed its
// formula and the whole run's FLOPs and never the per-token count the formula gives. GPT-2's output logits, by hand:
// 2 · d · V = 2 × 768 × 50,257 = 77,194,752 per token, once; over 1M tokens, forward and backward, 3 × that × 1e6.
describe('renderMarkdown: the FLOP table has the HTML\'s forward-per-token column', () => {
  it('gpt2\'s output logits', () => {
    const scenario = { model: 'gpt2', training: { tokens: '1M' }, cluster: { gpu: 'h100-sxm', count: 8, utilization: 0.4 }, pricing: { usd_per_gpu_hour: 2 } };
    const lines = report(scenario, { format: 'markdown' }).text.split('\n');
    expect(lines).toContain('| Component | Forward FLOPs per token, per repeat | Repeats | Forward / token | Whole run | Share |');
    expect(lines.find((l) => l.startsWith('| output logits |'))).toMatch(/^\| output logits \| `2·d·V` \| 1 \| 7\.719e7 \| 2\.316e14 \| /);
  });
});

/** src/budget/render.ts: budget --model's headline names the model as run's text does (report/format.ts modelSize). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

// hostile sweep 17: 'GPT-2 (124M) (124.4M parameters) on 1B tokens, ...', two parentheses after a preset name that carries
// its own (fails on the old code). The model is named 'NAME: N parameters[, A active]', as run's `model` line has it; the
// sizes are count()'s text of each preset's parameters, as `flopcast models` lists them.
describe('budget --model: the headline', () => {
  it.each([
    ['gpt2', 'GPT-2 (124M): 124.4M parameters; 1B tokens on 8 × h100-sxm at MFU 40.0%'],
    ['deepseek-v3', 'DeepSeek-V3 (671B): 671B parameters, 37.55B active; 1B tokens on 8 × h100-sxm at MFU 40.0%'],
    ['llama-3-8b', 'Llama 3 8B: 8.03B parameters; 1B tokens on 8 × h100-sxm at MFU 40.0%'],
  ])('%s', async (model, headline) => {
    const r = await runCli(['budget', '--model', model, '--tokens', '1B', '--gpu', 'h100-sxm', '--count', '8', '--price', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(headline);
    expect(r.stdout).not.toMatch(/\) \(/);
  });
});

// Hostile sweep 25: the 120 FLOPs that the 20-tokens rule's smallest model takes printed '1 parameters, 20 tokens'; each
// noun is singular for one (format.ts plural), in both allocations of both outputs. 1.2e4 FLOPs (10 parameters) is the
// control. The first row fails on the old code.
describe('budget: an allocation of one parameter says so', () => {
  it.each([
    // L = 1.69 + 406.4/1^0.34 + 410.7/20^0.28 = 1.69 + 406.4 + 177.52 = 585.61 (Hoffmann et al. 2022, Eq. 10)
    [['--flops', '120'], '  ~20 tokens/param  1 parameter, 20 tokens; loss 585.606'],
    [['--flops', '1.2e4'], '  ~20 tokens/param  10 parameters, 200 tokens; loss '],
  ])('%j', async (args, line) => {
    const r = await runCli(['budget', ...args, '--gpu', 'h100-sxm', '--count', '1', '--price', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').some((l) => l.startsWith(line))).toBe(true);
  });
});

// Hostile sweep 25: the tokens a deadline buys are rounded down, so their wall-clock falls a hair short of it, and
// format.ts chose its unit before rounding: '--deadline "1 hour"' printed 'wall-clock 60 minutes', '1 day' '24 hours', under a
// headline of '1 hour' and '1 day (24 h)'. Both rows fail on the old code.
describe('budget --model --deadline: the wall-clock in the deadline\'s unit', () => {
  it.each([
    ['1 hour', 'a deadline of 1 hour on', '1 hour'],
    ['1 day', 'a deadline of 1 day (24 h) on', '1 day (24 h)'],
  ])('%s', async (deadline, headline, wallClock) => {
    const r = await runCli(['budget', '--model', 'gpt2', '--deadline', deadline, '--gpu', 'h100-sxm', '--count', '8', '--price', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain(headline);
    expect(r.stdout.split('\n').find((l) => l.trimStart().startsWith('wall-clock'))?.replace(/^\s*wall-clock\s+/, '')).toBe(wallClock);
  });
});

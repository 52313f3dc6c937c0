import { describe, expect, it } from 'vitest';
import { budgetCommand } from '../../src/cli/commands/budget.js';
import { runCommand } from '../report/cli-harness.js';

describe('flopcast budget', () => {
  it('--usd with a price and count: JSON with the compute, both allocations and the time', async () => {
    const r = await runCommand(budgetCommand, ['budget', '--usd', '5M', '--gpu', 'h100-sxm', '--count', '1024', '--price', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, any>;
    const flops = (5e6 / 2) * 3600 * 989e12 * 0.4;
    expect(j.compute_flops / flops).toBeCloseTo(1, 9);
    expect(j.gpu_hours).toBeCloseTo(2.5e6, 3);
    expect(j.wall_clock_seconds).toBeCloseTo((2.5e6 * 3600) / 1024, 3);
    expect(j.rule_of_thumb.params).toBeCloseTo(Math.sqrt(flops / 120), -3);
    expect(j.loss_law).toMatchObject({ E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 });
  });
  it('--deadline uses the profile\'s lowest on-demand price and says where it came from', async () => {
    const r = await runCommand(budgetCommand, ['budget', '--deadline', '90 days', '--gpu', 'b200', '--count', '2048']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/A deadline of 90 days/);
    expect(r.stdout).toMatch(/lowest on-demand price in the profile/);
    expect(r.stdout).toMatch(/~20 tokens\/param/);
    expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
  });
  it('--model with --tokens prices a given model', async () => {
    const r = await runCommand(budgetCommand, ['budget', '--model', 'gpt3-175b', '--tokens', '300B', '--gpu', 'a100-sxm4-80gb', '--count', '1024', '--utilization', '0.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, any>;
    expect(j.model_flops / (j.wall_clock_seconds * 1024 * 312e12)).toBeCloseTo(0.5, 9);
    expect(j.tokens).toBe(300e9);
  });
  it.each([
    [['budget', '--gpu', 'h100-sxm'], /exactly one of --usd, --deadline/],
    [['budget', '--usd', '1M', '--deadline', '3 days', '--gpu', 'h100-sxm'], /exactly one of/],
    [['budget', '--deadline', '3 days', '--gpu', 'h100-sxm'], /needs --count/],
    [['budget', '--deadline', '3 fortnights', '--gpu', 'h100-sxm', '--count', '8'], /--deadline/],
    [['budget', '--usd', 'lots', '--gpu', 'h100-sxm'], /--usd/],
    [['budget', '--usd', '1M', '--gpu', 'h100-sxm', '--utilization', '40'], /fraction/],
    [['budget', '--usd', '1M', '--gpu', 'h100-sxn'], /unknown GPU/],
    [['budget', '--model', 'gpt3-175b', '--gpu', 'h100-sxm', '--count', '8'], /go together/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await runCommand(budgetCommand, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

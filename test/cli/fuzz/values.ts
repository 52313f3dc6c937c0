/**
 * The hostile values the CLI fuzz (test/cli/fuzz.test.ts) writes into files and flags: numbers at
 * the edges of what each field takes, numbers written as words and units, types swapped, strings a
 * reader may trip on, and the bundled ids near-missed.
 */
import fc from 'fast-check';

/** Numbers as JS values (YAML writes NaN as .nan, Infinity as .inf). */
export const EXTREME_NUMBER: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 2, 3, 7, 8, 0.5, 1.5, 1e-308, 5e-324, 1e308, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 1, 2 ** 31,
    2 ** 32 + 1, 1e6, 1e7, 1e9, 1e12, 1e15, 1e21, 1e100, -1e300, NaN, Infinity, -Infinity),
  fc.integer({ min: -5, max: 100_000 }),
  fc.double({ noNaN: false }),
);

/** Numbers written as text: what a user types into a flag or quotes in YAML. */
export const NUMBER_TEXT = fc.constantFrom(
  '0', '-0', '-1', '1', '2', '8', '0.5', '1.5', '1e308', '1e-308', '9007199254740993', '1e400', '-1e400', '1e-400', 'NaN', 'nan',
  '.nan', '.inf', '-.inf', 'Infinity', '-Infinity', 'inf', '0x10', '0X1F', '0o17', '0b101', '017', '1_000', '1_', '_1', '1.5T',
  '1.5t', '300B', '2 h', '2h', '90 days', '6 weeks', '1 year', '1,800', '1.800', '1 800', '1\u00a0800', '1,8', '5M', '250k',
  '40M', '$5', '5 USD', '10%', '40 %', '1e7', '10000000', '1e6', '+5', '5e', 'e5', '1/0', '0/0', '2^64', '2**64', '(1)', '1e+',
  '--', '.', '..5', '5..', '1e3e3', '٣', '１２', '½', '5k5', '1T tokens', '1.4T', '15T', '20 * params', '3 * 10^23',
  '5.76e23', '0.4', '1.1', '0.05', '0.0', 'auto', 'true', 'false', 'null', '~', 'yes', 'no',
);

/** Strings that are not numbers: empty, long, long runs of white space, unicode, control characters, prototype names, near-miss ids. */
export const ODD_TEXT = fc.oneof(
  fc.constantFrom('', ' ', '\t', '\n', 'x'.repeat(10_000), '9'.repeat(400),
    // Long runs of white space and separators between number-like words: a pattern with several ways to take a space backtracks.
    `1${' '.repeat(5000)}a1`, '1 '.repeat(3000), '1,'.repeat(3000), `1${' '.repeat(3000)}GPU-hours`, 'é', '日本語', '\u202eevil', '\u0000', '\u001b[31mred',
    '\r', '\ud800', 'a\u0000b', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'undefined',
    '[object Object]', '{}', '[]', '{a: 1}', '[1, 2]', '*a', '&a x', '!!binary x', '%', '#', '"', "'", '\\', '/', '../../etc/passwd',
    'h100', 'H100-SXM', 'h100-sxm ', 'h100_sxm', 'a100', 'gpt-3', 'llama3-8b', 'llama-3-8B', 'bf-16', 'BF16', 'fp8 ', 'causl',
    'fulll', 'Full', 'on-demand', 'ondemand', 'spot', 'reserved', 'owned'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Words the commands' choices take, and the bundled ids, so that a flag often gets a value its reader goes further with. */
export const WORD = fc.constantFrom(
  'full', 'causal', 'none', 'selective', 'bf16', 'fp16', 'fp8', 'fp32', 'tf32', 'fp4', 'cost', 'time', 'energy', 'json', 'csv',
  'table', 'markdown', 'html', 'md', 'interleaved', '1f1b', 'gpipe', 'alltoall', 'deepep', 'p2p', 'a2a', 'a2a+p2p', 'allgather',
  'optimizer', 'optimizer=0.5', 'weights=bf16', 'weights=bf16,grads=fp32', 'calibration', 'test', 'holdout', 'holdout43',
  'megatron-core', 'megatron-lm', 'deepspeed', 'torchtitan', 'maxtext', 'llm-foundry', 'hai-llm', 'delayed', 'tensorwise',
  'blockwise', 'mxfp8', 'cudnn', 'fa2', 'dropless', 'balanced', 'on_demand', 'AWS', 'CoreWeave', 'NVIDIA', 'AMD', 'Google',
  'h100-sxm', 'a100-sxm4-80gb', 'b200', 'mi300x', 'tpu-v5p', 'v100-sxm2-32gb', 'gaudi3', 'gpt2', 'gpt3-175b', 'llama-3-8b',
  'llama-3.1-405b', 'deepseek-v3', 'mixtral-8x7b', 'gpt-oss-20b', 'nemotron-h-8b', 'list', 'show', 'scenario', 'hardware',
  'model', '8,2', '1,1', '0,0', 'Et|t*3|L', 'E|t|t|L', 'true', 'false',
);

/** Values most flags take (counts from 1 to 10^7, fractions, token counts, durations, dollars, choices): a run that gets past its flags. */
export const PLAUSIBLE = fc.constantFrom('1', '2', '3', '8', '16', '64', '1024', '4096', '1e6', '1e7', '10000000', '0.4', '0.9', '1', '2.5', '1T',
  '300B', '90 days', '5M', '1e24', 'bf16', 'fp8', 'causal', 'full', 'selective', 'none', 'auto', 'h100-sxm', 'b200', 'interleaved', '1f1b');

/** A flag's value: mostly plausible, often hostile. */
export const FLAG_VALUE: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: NUMBER_TEXT }, { weight: 2, arbitrary: WORD }, { weight: 2, arbitrary: ODD_TEXT });

const SCALAR: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: EXTREME_NUMBER }, { weight: 4, arbitrary: NUMBER_TEXT }, { weight: 2, arbitrary: WORD },
  { weight: 2, arbitrary: ODD_TEXT }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant(null) });

/** Any value a key may be set to: a scalar, or a list or map of them (the type swapped). */
export const VALUE: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: SCALAR },
  { weight: 1, arbitrary: fc.array(SCALAR, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('low', 'high', 'expected', 'tokens', 'sequences', 'gb', 'a', '__proto__', 'constructor'), SCALAR, { maxKeys: 3 }) },
);

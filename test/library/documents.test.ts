/**
 * A document mask through the library and the command line (library/documentsArg.ts; flops/documents.ts): the option's
 * forms, its refusals at the key that gave it, and plan's headline and JSON.
 */
import { describe, expect, it } from 'vitest';
import { flops, plan, type DocumentsOption } from '../../src/index.js';
import { thrownInputError } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

// Llama 3.1 8B at 8,192 tokens, causal: QKᵀ per token 32 layers × 2·(keys)·4096. Whole sequence 4,096 keys:
// 1,073,741,824; documents of 2,048 (1,024 keys): 268,435,456; a mix 0.75 × 512 + 0.25 × 4,096 = 1,408 keys: 369,098,752.
const scores = (documents: NonNullable<Parameters<typeof flops>[1]>['documents']) =>
  flops('llama-3.1-8b', { seqLen: 8192, attention: 'causal', ...(documents !== undefined ? { documents } : {}) }).breakdown.find((b) => b.component === 'attn_scores')!.forward_per_token;

describe('the documents option', () => {
  // QKᵀ forward per token of Llama 3.1 8B at seq 8192, causal (n²/2 keys a document): 2 · H·Q (32 · 128 = 4,096) · keys a
  // query · 32 layers. No mask: 8,192 / 2 = 4,096 keys, 1,073,741,824; documents of 2,048: 1,024 keys, 268,435,456; the
  // mix 0.75 · 1,024 / 2 + 0.25 · 8,192 / 2 = 1,408 keys, 369,098,752 (by hand, not from flopcast's output).
  it.each([
    ['none', undefined, 1_073_741_824],
    ['2048', 2048, 268_435_456],
    ["'2048'", '2048', 268_435_456],
    ['{tokens: 2048}', { tokens: 2048 }, 268_435_456],
    ["'1024:0.75,8192:0.25'", '1024:0.75,8192:0.25', 369_098_752],
    // Shares read as the scenario's `share: 75%` reads them (walk31: '1024:75%' was refused).
    ["'1024:75%,8192:25%'", '1024:75%,8192:25%', 369_098_752],
    ["'1024:3/4,8192:1/4'", '1024:3/4,8192:1/4', 369_098_752],
    ['[{tokens: 1024, share: \'75%\'}, {tokens: 8192, share: \'25%\'}]', [{ tokens: 1024, share: '75%' }, { tokens: 8192, share: '25%' }], 369_098_752],
    ['[{tokens: 1024, share: 0.75}, {tokens: 8192, share: 0.25}]', [{ tokens: 1024, share: 0.75 }, { tokens: 8192, share: 0.25 }], 369_098_752],
  ] as const)('%s', (_, documents, perToken) => {
    expect(scores(documents as DocumentsOption | undefined)).toBe(perToken);
  });

  // Typed as written, no cast: a share as text ran, and its type refused it (`share: number`), for flops and plan alike.
  it('takes a share as text in the list form, and its type says so', () => {
    const mix = [{ tokens: 1024, share: '75%' }, { tokens: 8192, share: '3/4 - 1/2' }];
    expect(flops('llama-3.1-8b', { seqLen: 8192, attention: 'causal', documents: mix }).breakdown.find((b) => b.component === 'attn_scores')!.forward_per_token).toBe(369_098_752);
    const q = { model: 'llama-3.1-8b', gpu: 'h100-sxm', count: 8, globalBatch: 16, seqLen: 8192, attention: 'causal', top: 1 } as const;
    expect(plan({ ...q, documents: mix })).toEqual(plan({ ...q, documents: '1024:0.75,8192:0.25' }));
  });

  it.each([
    ['longer than seq_len', 9000, 'documents', /a document of 9,000 tokens is longer than the sequence/],
    ['shares short of 1', '1024:0.5,2048:0.25', 'documents', /sum to 0.75, not 1/],
    ['a share above 1', '1024:1.5', 'documents', /expected a share above 0 and at most 1/],
    ['a share above 100%', '1024:150%', 'documents', /expected a share above 0 and at most 1, found "150%"/],
    ['a share that is a word', '1024:x,8192:0.5', 'documents', /expected a share above 0 and at most 1, found "x"/],
    ['text', 'abc', 'documents', /expected document tokens such as 2048/],
    ['an empty list', [], 'documents', /found an empty list/],
    ['an entry without tokens', [{ share: 1 }], 'documents[0].tokens', /expected/],
  ] as const)('refused: %s, at %s', (_, documents, key, message) => {
    const e = thrownInputError(() => flops('llama-3.1-8b', { seqLen: 8192, documents: documents as never }));
    expect(e.details.keyPath).toBe(key);
    expect(e.message).toMatch(message);
  });

  // Hostile sweep 27: the scenario's keys and no others, as its schema refuses them. `{tokens: 2048, share: 0.5}` and
  // `{tokens, extra}` ran with the key unread, `{token: 2048}` was "found an object", `[{tokens, shares}]` "found nothing"
  // at its share, an empty object "found null"; and lengths with no shares were told a decimal point.
  it.each([
    ['a share beside one length', { tokens: 2048, share: 0.5 }, 'documents.share', 'unknown key `share`', "a share goes in the list form's entries: documents: [{tokens, share}, …]"],
    ['another key beside one length', { tokens: 2048, extra: 1 }, 'documents.extra', 'unknown key `extra`', 'known keys: tokens'],
    ['a near spelling of tokens', { token: 2048 }, 'documents.token', 'unknown key `token`', 'did you mean `tokens`?'],
    ['an empty object', {}, 'documents.tokens', 'expected document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25, found nothing', undefined],
    ['another key in an entry', [{ tokens: 1024, share: 0.75, foo: 1 }, { tokens: 8192, share: 0.25 }], 'documents[0].foo', 'unknown key `foo`', 'known keys: tokens, share'],
    ['a near spelling of share', [{ tokens: 1024, shares: 0.75 }, { tokens: 8192, share: 0.25 }], 'documents[0].shares', 'unknown key `shares`', 'did you mean `share`?'],
    ['lengths with no shares', '1024,8192', 'documents', 'expected document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25, found "1024,8192": 2 lengths with no shares', 'give each length its share of the training tokens, the shares summing to 1: 1024:0.5,8192:0.5'],
    ['a length with thousands separators', '2,048', 'documents', 'expected document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25, found "2,048"', 'write 2048 (or 2_048) if the comma separates thousands'],
  ] as const)('refused: %s', (_, documents, key, message, hint) => {
    const e = thrownInputError(() => flops('llama-3.1-8b', { seqLen: 8192, documents: documents as never }));
    expect([e.details.keyPath, e.message, e.details.hint]).toEqual([key, message, hint]);
  });

  // Every eighth length to 800, `8,16,…,96,104,…,800`: its thousands reading joined 96 with the 88 groups after it, a
  // 266-digit number no length could be (past 2^53 − 1: quantity.ts offeredThousandsReading), so it is 100 lengths with no
  // shares; it was read as one grouped count, and told that number. Fails on the old code.
  it('refused: eighths to 800, 100 lengths with no shares', () => {
    const eighths = Array.from({ length: 100 }, (_, i) => String(8 * (i + 1)));
    const e = thrownInputError(() => flops('llama-3.1-8b', { seqLen: 8192, documents: eighths.join(',') }));
    expect([e.details.keyPath, e.message.replace(/found ".*"/, 'found …'), e.details.hint]).toEqual([
      'documents', 'expected document tokens such as 2048, or a mix of tokens:share such as 1024:0.75,8192:0.25, found …: 100 lengths with no shares',
      `give each length its share of the training tokens, the shares summing to 1: ${eighths.map((n) => `${n}:SHARE`).join(',')}`,
    ]);
  });

  it('plan takes it: the report names the documents, and the step is shorter than without', () => {
    const q = { model: 'llama-3.1-8b', gpu: 'h100-sxm', count: 64, globalBatch: 512, seqLen: 8192, attention: 'causal', top: 1 } as const;
    const masked = plan({ ...q, documents: 2048 });
    const whole = plan(q);
    expect(masked.documents).toEqual([{ tokens: 2048, share: 1 }]);
    expect(whole.documents).toBeUndefined();
    expect(masked.best[0]!.prediction.step_time_seconds).toBeLessThan(whole.best[0]!.prediction.step_time_seconds);
    expect(thrownInputError(() => plan({ ...q, documents: 16384 })).details.keyPath).toBe('documents');
  });

  it('the command line: flops and plan --documents', async () => {
    const f = await runCli(['flops', 'llama-3.1-8b', '--seq-len', '8192', '--attention', 'causal', '--documents', '2048']);
    expect(f.code).toBe(0);
    expect(f.stdout).toContain('attention inside documents of 2,048 tokens');
    // --explain's working: 4 documents of 2,048 in 8,192, 4 × 2048²/2 / 8192 = 1,024 keys per query against s/2 = 4,096.
    const e = await runCli(['flops', 'llama-3.1-8b', '--seq-len', '8192', '--attention', 'causal', '--documents', '2048', '--explain']);
    expect(e.stdout).toContain('q = ⌊s/L⌋ = 4 documents of L = 2048;');
    expect(e.stdout).toContain('Σn²/2s = 1024 keys on average, not 4096.');
    expect(e.stdout).toMatch(/2·Σn²\/2s·H·Q_k +2×1024×32×128 +8,388,608/);
    const bad = await runCli(['flops', 'llama-3.1-8b', '--documents', '1024:0.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--documents: the shares of the document lengths sum to 0.5, not 1');
    const p = await runCli(['plan', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--count', '64', '--global-batch', '512', '--seq-len', '8192', '--documents', '2048', '--top', '1']);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('MFU counts attention full inside documents of 2,048 tokens');
  });
});

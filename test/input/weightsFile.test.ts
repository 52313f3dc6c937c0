/** src/input/weightsFile.ts: a model's weights given as a text input are told by their first bytes. */
import { describe, expect, it } from 'vitest';
import { weightsFileProblem, weightsFormat } from '../../src/input/weightsFile.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const SAFETENSORS_HEADER = '{"__metadata__":{"format":"pt"},"model.embed_tokens.weight":{"dtype":"BF16","shape":[4,2],"data_offsets":[0,16]}}';

describe('weightsFormat: the first bytes of each format a model download holds', () => {
  it.each([
    // ggml-org/ggml docs/gguf.md: "GGUF", then the uint32 version (3), the tensor and key-value counts.
    { what: 'GGUF v3', data: bytes('GGUF', [3, 0, 0, 0], [0x23, 1, 0, 0, 0, 0, 0, 0]), format: 'GGUF' },
    // huggingface/safetensors README: a uint64 header size, then the JSON header.
    { what: 'safetensors', data: Buffer.concat([u64(SAFETENSORS_HEADER.length), Buffer.from(SAFETENSORS_HEADER), Buffer.alloc(16)]), format: 'safetensors' },
    { what: 'torch.save (a ZIP archive)', data: bytes('PK', [3, 4, 0x14, 0]), format: 'ZIP' },
    { what: 'torch.save legacy (pickle protocol 2)', data: bytes([0x80, 2, 0x8a, 0x0a]), format: 'pickle' },
  ])('$what is $format', ({ data, format }) => {
    expect(weightsFormat(data)).toBe(format);
  });

  it.each([
    ['a config.json', '{"model_type": "llama", "hidden_size": 4096}'],
    ['a YAML key that starts GGUF', 'GGUF_model: 1\n'],
    ['a scenario', 'model: gpt2\ntraining: {tokens: 1B}\n'],
    ['an empty file', ''],
    ['UTF-16 text (a NUL after each character)', 'm\0o\0d\0e\0l\0:\0 \0{\0'],
  ])('%s is not weights', (_, text) => {
    expect(weightsFormat(Buffer.from(text, 'latin1'))).toBeUndefined();
    expect(weightsFileProblem(Buffer.from(text, 'latin1'))).toBeUndefined();
  });

  it('says what the file is and which file to give instead', () => {
    const gguf = weightsFileProblem(bytes('GGUF', [3, 0, 0, 0, 0, 0, 0, 0]))!;
    expect(gguf.message).toBe('this is a GGUF file (model weights, as llama.cpp and Ollama load them), not text: flopcast reads a model\'s config.json or model file, not its weights');
    // review35: `toContain('config.json')` held of any hint that names the file, the ZIP's wrong one among them: the whole hint.
    expect(gguf.hint).toBe('pass the model repository\'s config.json, which sits beside the weights (https://huggingface.co/<org>/<model>/blob/main/config.json), or a flopcast model file; a GGUF repository\'s card names the original model, whose repository has the config.json');
  });
});

// review35: every ZIP was called PyTorch weights with the config.json hint (`run runs.xlsx`, `validate runs.xlsx`): a spreadsheet
// (ECMA-376 Office Open XML and OpenDocument are ZIP packages) or a zipped folder has the same first bytes. The message says
// what a ZIP can be; the config.json is hinted only where a model is read.
describe('a ZIP archive: what it can be, and the hint of the file read', () => {
  const zip = bytes('PK', [3, 4, 0x14, 0]);
  it.each([
    ['scenario', 'a scenario is YAML or JSON text: give that file itself, not an archive, a spreadsheet or a document'],
    ['runs file', 'a runs file is YAML or JSON text: give that file itself, not an archive, a spreadsheet or a document'],
    ['model file', /^if it is the model's weights, pass the model repository's config\.json/],
  ])('read as a %s', (what, hint) => {
    const p = weightsFileProblem(zip, what)!;
    expect(p.message).toBe('this is a ZIP archive (a spreadsheet such as .xlsx or .ods, a .docx, a zipped folder, or PyTorch weights such as pytorch_model.bin or *.pt), not text');
    if (typeof hint === 'string') expect(p.hint).toBe(hint);
    else expect(p.hint).toMatch(hint);
  });
});

/**
 * A model's weights given where a text file goes (`flopcast flops model.safetensors`, `model: ./llama.gguf`): it was
 * "file is UTF-32 (little-endian), not UTF-8", "not valid UTF-8: byte 0x80", or, past the size cap, "is this the right
 * file?", none of which says what the file is or what to give instead. Told by the first bytes each format is written
 * with. Pure.
 */

/** The weight formats a model download holds, by their first bytes. */
type WeightsFormat = 'GGUF' | 'safetensors' | 'ZIP' | 'pickle';

/**
 * GGUF: the magic `GGUF` then a little-endian uint32 version (ggml-org/ggml docs/gguf.md, "File Structure").
 * safetensors: a little-endian uint64 header size N, then N bytes of a JSON header, which opens with `{`
 * (huggingface/safetensors README, "Format"; N is checked against nothing else, the first chunk being all that is read).
 * ZIP: a local file header's signature `PK\x03\x04` (PKWARE APPNOTE 4.3.7): torch.save's format since PyTorch 1.6
 * (pytorch_model.bin, *.pt). pickle: the PROTO opcode 0x80 and a protocol from 2 to 5 (Python's pickletools), torch.save's
 * legacy format (`_use_new_zipfile_serialization=False`).
 */
export function weightsFormat(bytes: Uint8Array): WeightsFormat | undefined {
  const at = (i: number) => bytes[i];
  // The version's high bytes are NULs, which no text holds: a YAML line opening with `GGUF` is not one.
  if (at(0) === 0x47 && at(1) === 0x47 && at(2) === 0x55 && at(3) === 0x46 && at(6) === 0 && at(7) === 0) return 'GGUF';
  if (bytes.length > 8 && at(8) === 0x7b) {
    const header = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
    if (header >= 2n && header <= 100_000_000n) return 'safetensors';
  }
  if (at(0) === 0x50 && at(1) === 0x4b && at(2) === 0x03 && at(3) === 0x04) return 'ZIP';
  const protocol = at(1);
  if (at(0) === 0x80 && protocol !== undefined && protocol >= 2 && protocol <= 5) return 'pickle';
  return undefined;
}

const WHAT: Record<WeightsFormat, string> = {
  GGUF: 'a GGUF file (model weights, as llama.cpp and Ollama load them)',
  safetensors: 'a safetensors file (model weights)',
  // Every ZIP was called PyTorch weights with a config.json hint (`run runs.xlsx`, review35): a spreadsheet or a document is one too.
  ZIP: 'a ZIP archive (a spreadsheet such as .xlsx or .ods, a .docx, a zipped folder, or PyTorch weights such as pytorch_model.bin or *.pt)',
  pickle: 'a Python pickle (PyTorch\'s older format for weights, pytorch_model.bin)',
};

const CONFIG = 'pass the model repository\'s config.json, which sits beside the weights (https://huggingface.co/<org>/<model>/blob/main/config.json), or a flopcast model file';

/**
 * Why `bytes`, the start of a file given as text, are refused, and what to give instead; undefined unless they are weights or
 * another ZIP. `what`: the file the command reads (cli/load/files.ts readText: `model file`, `scenario`, `runs file`, ...); a
 * ZIP is told the config.json only where a model is read, and elsewhere that the file is text.
 */
export function weightsFileProblem(bytes: Uint8Array, what = 'file'): { message: string; hint: string } | undefined {
  const format = weightsFormat(bytes);
  if (format === undefined) return undefined;
  if (format === 'ZIP') {
    return {
      message: `this is ${WHAT.ZIP}, not text`,
      hint: what === 'model file' ? `if it is the model's weights, ${CONFIG}`
        : `${what === 'file' ? 'the file' : `a ${what}`} is YAML or JSON text: give that file itself, not an archive, a spreadsheet or a document`,
    };
  }
  return {
    message: `this is ${WHAT[format]}, not text: flopcast reads a model's config.json or model file, not its weights`,
    // A GGUF repository often holds no config.json: its card names the model it was converted from.
    hint: format === 'GGUF' ? `${CONFIG}; a GGUF repository's card names the original model, whose repository has the config.json` : CONFIG,
  };
}

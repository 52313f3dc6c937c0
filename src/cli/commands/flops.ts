import type { Argv } from 'yargs';
import { ATTENTION_CONVENTIONS, RECOMPUTE_MODES, type AttentionConvention, type RecomputeMode } from '../../flops/conventions.js';
import { analyseFlops } from '../../library/core.js';
import { explain } from '../../report/explain.js';
import { flopsJson } from '../../report/flopsJson.js';
import { flopsSummary } from '../../report/flopsText.js';
import { loadModel, modelPathOf } from '../load/model.js';
import { json, type Io } from '../output.js';
import { outputOf, twoOutputs } from '../options.js';

export function flopsCommand(y: Argv, io: Io): Argv {
  return y.command(
    'flops <model>',
    'Exact parameter and training-FLOP counts for a model, by component',
    (c) =>
      c
        .positional('model', { type: 'string', describe: 'preset id (see `flopcast models`), model YAML, or Hugging Face config.json', demandOption: true })
        .option('tokens', { type: 'string', describe: 'training tokens (300e9, 300B, 1.4T); default one sequence' })
        .option('seq-len', { type: 'string', describe: 'sequence length (default: the model\'s)' })
        .option('attention', { choices: ATTENTION_CONVENTIONS as string[], default: 'full', describe: 'full: s×s scores (PaLM, Megatron 2021); causal: half (Megatron 2025+, DeepSeek)' })
        .option('recompute', { choices: RECOMPUTE_MODES as string[], default: 'none', describe: 'activation recomputation, counted in hardware FLOPs only' })
        .option('documents', { type: 'string', describe: "document mask (torchtitan block_causal, Megatron-Core THD packing): document tokens such as 2048, or a mix 1024:0.75,8192:0.25 (tokens:share); QKᵀ and A·V count only the keys inside each document" })
        .option('mtp-layers', { type: 'string', describe: "multi-token-prediction modules trained (Megatron-Core --mtp-num-layers; a scenario's training.mtp_layers): replaces the model's depth, 0 trains none; default the model's" })
        .option('explain', { type: 'boolean', default: false, describe: 'print a step-by-step derivation' })
        .example('$0 flops gpt3-175b --tokens 300B --explain', 'the classic GPT-3 question, worked')
        .example('$0 flops llama-3.1-405b --tokens 15.6T --attention causal --json', 'machine-readable counts')
        .example('$0 flops ./config.json --seq-len 4096', 'a Hugging Face config')
        .example('$0 flops llama-3.1-8b --seq-len 8192 --attention causal --documents 2048', 'four documents of 2,048 tokens a sequence: a quarter of the causal attention FLOPs')
        .example('$0 flops deepseek-v3 --tokens 14.8T --mtp-layers 1', 'with the multi-token-prediction module DeepSeek-V3 trains'),
    (argv) => {
      // The derivation is text: with --json it was dropped silently, the counts printed alone.
      if (argv.json && argv.explain) throw twoOutputs('--json', '--explain', 'the counts');
      const ref = String(argv.model);
      const file = modelPathOf(ref);
      const a = analyseFlops(loadModel(ref), {
        tokens: argv.tokens as string | undefined,
        seqLen: argv['seq-len'] as string | undefined,
        attention: argv.attention as AttentionConvention,
        recompute: argv.recompute as RecomputeMode,
        mtpLayers: argv['mtp-layers'] as string | undefined,
        documents: argv.documents as string | undefined,
      }, { tokens: '--tokens', seqLen: '--seq-len', mtpLayers: '--mtp-layers', documents: '--documents', model: file !== undefined ? { file } : 'model' });
      const o = outputOf(argv, io, argv.explain ? { format: 'text', flag: '--explain' } : undefined);
      o.emit(o.json ? json(flopsJson(a)) : argv.explain ? explain(a) : flopsSummary(a));
    },
  );
}

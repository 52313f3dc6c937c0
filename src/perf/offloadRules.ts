/**
 * Which CPU offload (offload.ts) a run can ask for: the stack's modes (stack.ts can.offload, stackOffload.ts) and the ZeRO
 * stages each runs with. memorySavingRules.ts offload-zero reads {@link offloadZeroStages}; scenarios, validation rows and `plan`
 * refuse a mode the stack lacks at its key with {@link offloadStackProblem} (scenario/offloadSchema.ts OFFLOAD_STACK_RULE).
 */
import { ZERO_STAGES, type ZeroStage } from './layout.js';
import { hintKey, type HintField } from './layoutFields.js';
import { STACK_IDS, type StackId, type StackProfile } from './stack.js';
import { STACKS } from './stackProfiles.js';
import { offloads, offloadText, type Offload } from './offload.js';
import { listed } from '../input/listed.js';

/**
 * The ZeRO stages a run's offload runs with: the stack's for its mode (none where the stack lacks the mode, or a fraction
 * below 1 of the optimizer states); without a stack, any for the optimizer and 2 or 3 for the parameters, which stay on the
 * host only where they are sharded (DeepSpeed offload_param "only valid with stage 3", deepspeed.readthedocs.io
 * zero3.html; FSDP2's CPUOffloadPolicy is an option of fully_shard). Every stage where nothing is offloaded.
 */
export function offloadZeroStages(o: Offload, stack: StackProfile | null): readonly ZeroStage[] {
  if (!offloads(o)) return ZERO_STAGES;
  if (stack === null) return o.params ? [2, 3] : ZERO_STAGES;
  const can = stack.can.offload.value;
  if (o.params) return can.params?.zeroStages ?? [];
  if (!can.optimizer || (o.optimizer < 1 && !can.optimizer.fraction)) return [];
  return can.optimizer.zeroStages;
}

/**
 * The refusal where the stack runs no such offload, whatever the layout: the mode, or a fraction below 1 of the optimizer
 * states. `name`: how the caller names a field (default its scenario key).
 */
export function offloadStackProblem(stack: StackId, o: Offload | undefined, name: (f: HintField) => string = hintKey): { message: string; hint: string } | undefined {
  if (o === undefined || offloadZeroStages(o, STACKS[stack]).length > 0) return undefined;
  const can = STACKS[stack].can.offload;
  const others = STACK_IDS.filter((id) => offloadZeroStages(o, STACKS[id]).length > 0);
  const elsewhere = others.length ? `, or set ${name('stack')} to ${listed(others, 'or')}` : '';
  const spell = offloadSpelling(name('offload'));
  if (!o.params && can.value.optimizer) {
    return {
      message: `stack ${stack} offloads the whole optimizer state, not a fraction (${spell(o.optimizer)}): ${can.source}`,
      hint: `set ${spell(1)}${elsewhere}`,
    };
  }
  const instead = o.params && can.value.optimizer ? `offload the optimizer states only (${spell(1)}), `
    : !o.params && can.value.params ? `offload the parameters and gradients too (${spell('params')}), ` : '';
  return {
    message: `stack ${stack} runs no offload of ${offloadText(o)} (${name('offload')}): ${can.source}`,
    hint: `${instead}leave ${name('offload')} out${elsewhere}`,
  };
}

/** An offload as the caller writes it: `--offload optimizer=0.5` on plan's command line, `training.offload: {optimizer: 0.5}` in a file. */
export const offloadSpelling = (key: string) => (v: number | 'params'): string => (key.startsWith('--')
  ? `${key} ${v === 'params' ? 'params' : v === 1 ? 'optimizer' : `optimizer=${v}`}`
  : `${key}: {${v === 'params' ? 'params: true' : `optimizer: ${v}`}}`);

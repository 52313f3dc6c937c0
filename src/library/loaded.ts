/**
 * What a caller's Sources loader returns, checked before the core reads it: `loadModel` an Architecture and
 * `loadHardware` a HardwareProfile, as sourcesFromTexts' and fileSources' loaders return them (the files' schemas
 * turned into these: model/schema.ts toArchitecture, hardware/toProfile.ts). A loader of the caller's that returned
 * nothing, the YAML text, a Promise or an object missing a field was a TypeError deep inside the count ("Cannot read
 * properties of undefined (reading 'denseLayers')"). The shapes name the fields the core reads, each of the type
 * the conversions give it; other fields pass (`looseObject`), and the value itself is returned, never a copy.
 */
import { z } from 'zod';
import { InputError } from '../input/errors.js';
import { BIAS_KINDS, FFN_KINDS, LAYER_TYPES, NORM_KINDS, POSITION_KINDS, QK_NORM_KINDS, type Architecture, type LayerType } from '../model/architecture.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { profileKeyOf, toHardwareFile } from '../hardware/toFile.js';
import { CONFIDENCES, HardwareProfileSchema, PRECISIONS, PRICE_KINDS, PRICE_TIERS, PRICE_UNITS } from '../hardware/schema.js';
import { shownName } from '../input/name.js';
import { onFirstUse } from '../input/onFirstUse.js';
import { issueToError } from '../input/validate.js';
import { primaryIssue, safeParseInput } from '../input/zodIssue.js';

/**
 * The shapes a caller's model and profile are checked against, built on first use (input/onFirstUse.ts): only a library
 * caller's loaders pass through them. Exported for the test that every key a bundled preset's Architecture or profile has
 * is one these shapes name.
 */
export const loadedShapes = onFirstUse(() => {
  const count = z.number().int().positive();
  const whole = z.number().int().nonnegative();
  const rate = z.number().positive();

  const text = z.string();
  const layerPattern = z.array(z.enum(LAYER_TYPES as [LayerType, ...LayerType[]]));

  const ArchitectureShape = z.looseObject({
    name: text,
    layers: count, dModel: count, heads: whole, kvHeads: whole, dHead: whole, dFf: whole, vocab: count, seqLen: count,
    ffn: z.enum(FFN_KINDS),
    tiedEmbeddings: z.boolean(),
    headBias: z.boolean().optional(),
    norm: z.enum(NORM_KINDS),
    bias: z.enum(BIAS_KINDS),
    position: z.enum(POSITION_KINDS),
    positionEmbeddings: whole, positionOffset: whole,
    parallelBlock: z.boolean(),
    blockNorms: whole,
    qkNorm: z.enum(QK_NORM_KINDS),
    attentionSinks: z.boolean().optional(),
    embeddingNorm: z.boolean(),
    moe: z.looseObject({ experts: count, topK: count, dFfExpert: whole, sharedExperts: whole, dFfShared: whole, denseLayers: whole, every: count, routerBias: z.boolean(), expertBias: z.boolean() }).nullable(),
    mla: z.looseObject({ qLoraRank: whole, kvLoraRank: whole, qkRopeHeadDim: whole, qkNopeHeadDim: whole, vHeadDim: whole }).nullable(),
    mtpDepth: whole,
    source: text.optional(),
    slidingWindow: z.looseObject({ window: count, layers: whole, pattern: layerPattern }).nullable().optional(),
    chunkedAttention: z.looseObject({ chunk: count, layers: whole, pattern: layerPattern }).nullable().optional(),
    swigluLimit: rate.optional(),
    hybrid: z.looseObject({
      pattern: text, mamba: whole, attention: whole, mlp: whole, moe: whole,
      mixer: z.looseObject({ heads: count, headDim: count, stateSize: count, groups: count, convKernel: count, chunkSize: count, convBias: z.boolean(), projBias: z.boolean() }).nullable(),
    }).optional(),
    assumptions: z.array(text).optional(),
    uncountedMtpNote: text.optional(),
    seqLenFrom: text.optional(),
  });

  const confidence = z.enum(CONFIDENCES);
  const provenance = { confidence, source: text, note: text.optional() };
  const keyCurve = z.looseObject({ measuredAtKeys: z.array(rate), halfRateKeys: rate });
  const attentionRates = { forwardFlopsPerSecond: rate, backwardFlopsPerSecond: rate, keyCurves: z.looseObject({ forward: keyCurve, backward: keyCurve }).optional() };
  const HardwareShape = z.looseObject({
    id: text, vendor: text, name: text,
    year: count,
    memoryBytes: rate, memoryStated: text, memoryType: text, memoryBandwidthBytesPerSecond: rate,
    memory: z.looseObject({ ...provenance, bandwidthConfidence: confidence }),
    peakFlopsPerSecond: z.partialRecord(z.enum(PRECISIONS), rate),
    peak: z.looseObject(provenance),
    achievableMatmulFlopsPerSecond: rate.optional(),
    achievableFp8MatmulFlopsPerSecond: rate.optional(),
    achievableFp4MatmulFlopsPerSecond: rate.optional(),
    sustainedMatmulFraction: rate.optional(),
    achievableMatmul: z.looseObject(provenance).optional(),
    achievableAttention: z.looseObject({ ...provenance, ...attentionRates, fa2: z.looseObject(attentionRates).optional() }).optional(),
    scaleUp: z.looseObject({ ...provenance, name: text, bandwidthBytesPerSecond: rate.nullable(), domainSize: count, latencySeconds: z.number().nonnegative(), domainSizeNote: text, latencyNote: text }),
    scaleOut: z.looseObject({ ...provenance, name: text, bandwidthBytesPerSecond: rate.nullable(), latencySeconds: z.number().nonnegative(), latencyNote: text }),
    hostLink: z.looseObject({ ...provenance, name: text, bandwidthBytesPerSecond: rate }).optional(),
    tdpWatts: rate.nullable(),
    tdp: z.looseObject(provenance),
    prices: z.array(z.looseObject({
      ...provenance, provider: text, offer: text.optional(), tier: z.enum(PRICE_TIERS), region: text.optional(), usdPerHour: z.number().nonnegative(),
      stated: z.looseObject({ usd: z.number().nonnegative(), unit: z.enum(PRICE_UNITS), gpusPerInstance: count }),
      kind: z.enum(PRICE_KINDS), term: text.optional(), termHours: rate.optional(), date: text, expires: text.optional(),
    })),
    purchases: z.array(z.looseObject({ seller: text, usd: z.number().nonnegative(), date: text, confidence, source: text })),
    sources: z.array(text),
    notes: text.optional(),
  });
  return { architecture: ArchitectureShape, hardware: HardwareShape };
});

const isThenable = (value: unknown): boolean => typeof (value as { then?: unknown } | null)?.then === 'function';

/** What a wrong value is, in an error, and what to do about it where the default hint does not say. */
function found(value: unknown): [string, string?] {
  if (value === undefined) return ['nothing'];
  if (value === null) return ['null'];
  if (typeof value === 'string') return ['text', 'pass YAML text to sourcesFromTexts({ models, hardware }), whose loaders parse it'];
  if (isThenable(value)) return ['a Promise', 'loaders are synchronous: fetch the data first, then call'];
  if (Array.isArray(value)) return ['a list'];
  return [typeof value === 'object' ? 'an object' : `a ${typeof value}`];
}

function checked<T>(shape: z.ZodType, loader: 'loadModel' | 'loadHardware', what: string, ref: string, value: unknown): T {
  const r = shape.safeParse(value);
  if (r.success) return value as T;
  const issue = r.error.issues[0]!;
  const inner = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], value);
  const [why, hint] = value === null || typeof value !== 'object' || Array.isArray(value) || isThenable(value) ? found(value)
    : [`an object whose ${issue.path.map(String).join('.')} is ${inner === undefined ? 'missing' : `wrong (${issue.message.replace(/^Invalid input: /, '')})`}`];
  throw new InputError(`sources.${loader}(\`${shownName(ref)}\`) returned ${why}; expected ${what}`, {
    keyPath: `sources.${loader}`,
    hint: hint ?? `return what sourcesFromTexts({ ... }).${loader}(id) returns for the same id`,
  });
}

export function loadedModel(ref: string, value: unknown): Architecture {
  return checked<Architecture>(loadedShapes().architecture, 'loadModel', 'a model as sourcesFromTexts\' loadModel returns one', ref, value);
}

/** The profiles that passed loadedHardware's rules, by identity. */
const passed = new WeakSet<object>();

/**
 * A caller's profile, shaped as the core reads it (HardwareShape), then held to the rules a profile file is (its LIMITS,
 * dates, prices, peaks: schema.ts HardwareProfileSchema, one schema) in the file's form (toHardwareFile): a library
 * caller's link latency of 5 s or memory of 1e-300 bytes ran, where a YAML profile's is refused. Told at the profile's
 * key, with the file's key and unit the rule is written in.
 */
export function loadedHardware(id: string, value: unknown): HardwareProfile {
  const profile = checked<HardwareProfile>(loadedShapes().hardware, 'loadHardware', 'a hardware profile as sourcesFromTexts\' loadHardware returns one', id, value);
  // A loader that caches (sourcesFromTexts, fileSources) returns one object per id: judged once (a plan loads it per layout).
  if (passed.has(profile)) return profile;
  const file = toHardwareFile(profile);
  const r = safeParseInput(HardwareProfileSchema, file);
  if (r.success) {
    passed.add(profile);
    return profile;
  }
  const issue = primaryIssue(r.error.issues);
  const error = issueToError(HardwareProfileSchema, issue, { file: '', value: file });
  const at = profileKeyOf(issue.path);
  const asFile = at.file !== at.key ? ` (a profile file's ${at.file}${at.unit ? `, in ${at.unit}` : ''})` : '';
  throw new InputError(`sources.loadHardware(\`${shownName(id)}\`) returned a profile whose ${at.key} breaks a hardware profile's rule${asFile}: ${error.message}`, {
    keyPath: 'sources.loadHardware',
    hint: error.details.hint ?? 'a profile a caller builds is held to the rules of a hardware profile file (flopcast schema hardware)',
  });
}

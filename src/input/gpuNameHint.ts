/**
 * What a GPU name no profile has was meant to be (unknown.ts unknownGpuError's hint): the name read as vendors, clouds and
 * model cards write one (its vendor's words, its part and model number, its memory size and type, its form factor) and
 * weighed against the profiles, each reading a hint of its own, asked in unknownGpuHint's order.
 */
import { didYouMean } from './suggest.js';
import { listed } from './listed.js';
import type { HardwareProfile } from '../hardware/toProfile.js';
import { GPU_ALIASES } from './gpuAliases.js';

/**
 * A profile as an unknown GPU's hint weighs it: its id, or the profile itself, whose memory is as the vendor states it
 * (hardware/toProfile.ts memoryStated: `80 GB`, `16 GiB`; HBM's "GB" are GiB, so the figure, not the bytes, is what a name
 * writes) and its memory type (`HBM3`).
 */
export type GpuCandidate = string | Pick<HardwareProfile, 'id' | 'memoryStated' | 'memoryType'>;

interface Candidate {
  id: string;
  /** The memory figure the vendor states (80 for `80 GB`), undefined for an id alone. */
  memory?: number;
  /** As the vendor states it (`80 GB`), for the hint. */
  stated?: string;
  /** The memory type's first word, lower case (`hbm3`, `gddr6`). */
  type?: string;
}

const candidateOf = (p: GpuCandidate): Candidate => (typeof p === 'string' ? { id: p } : { id: p.id, memory: Number.parseFloat(p.memoryStated), stated: p.memoryStated, type: p.memoryType.trim().split(/\s+/)[0]!.toLowerCase() });

/**
 * The hint for a GPU name no profile has (unknown.ts unknownGpuError): the first of the readings below that names what was
 * meant, in this order, else `otherwise`. `profiles`: the profiles themselves where the caller has them (their memory is
 * weighed), else their ids.
 */
export function unknownGpuHint(id: string, profiles: readonly GpuCandidate[], otherwise: string): string {
  const bare = withoutVendor(id);
  const words = bare === '' ? [] : bare.split(/[\s_-]+/);
  const asWritten = writtenSpan(id, words.length);
  const written = words.flatMap((w) => { const m = MEMORY_WORD.exec(w); return m ? [Number(m[1])] : []; });
  const all = profiles.map(candidateOf);
  // Profiles of another memory size than the one written are not meant, by each profile's own memory: `A100-40GB` was told
  // the 80 GB ones too, nvidia-smi's `NVIDIA H100 80GB HBM3` the 94 GB h100-nvl first (review35b; the ids' words were read).
  // Those of the memory type written come first (`HBM3`: h100-sxm before the HBM2e h100-pcie), then the shorter id.
  const typed = (c: Candidate) => (c.type !== undefined && words.includes(c.type) ? 0 : 1);
  const kept = all.filter((c) => !written.length || c.memory === undefined || written.includes(c.memory))
    .sort((a, b) => typed(a) - typed(b) || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = kept.map((c) => c.id);
  return aliasHint(bare, ids, all.map((c) => c.id), otherwise) ?? formFactorHint(words, written, all) ?? prefixHint(words, ids) ?? otherPartHint(words, all, otherwise, asWritten) ?? didYouMean(id, ids) ?? familyHint(words, kept, otherwise, asWritten) ?? partHint(bare, ids) ?? otherMemoryHint(words, written, all) ?? otherwise;
}

/** Vendors' and families' words before a part's name (`NVIDIA H100 80GB HBM3`, `AMD Instinct MI300X`, `nvidia-h100-sxm`, `NVIDIA GeForce RTX 4090`). */
const VENDOR_WORDS = /^(?:nvidia|geforce|tesla|amd|instinct|google|cloud|intel|habana|aws)(?:[\s_-]+|$)/i;

/** A GPU's name without its vendor's words, trimmed, its case kept (`NVIDIA GeForce RTX 4090`: `RTX 4090`). */
function strippedOfVendor(id: string): string {
  let kept = id.trim();
  while (VENDOR_WORDS.test(kept)) kept = kept.replace(VENDOR_WORDS, '');
  return kept;
}

/** A GPU's name without its vendor's words, lower case and trimmed (`NVIDIA GeForce RTX 4090`: `rtx 4090`). */
const withoutVendor = (id: string): string => strippedOfVendor(id).toLowerCase();

/**
 * The name's words `from` to `to` as the user wrote them, case and separators kept (`RTX PRO 6000` of `NVIDIA RTX PRO 6000
 * Blackwell`), for a hint that names the part: it echoed `rtx 6000`, another part (review37). The words are withoutVendor's,
 * counted alike (lower case adds no separator); `count` of them, else the lower-case words joined.
 */
type WrittenSpan = (from: number, to: number, lower: readonly string[]) => string;
function writtenSpan(id: string, count: number): WrittenSpan {
  const kept = strippedOfVendor(id);
  const spans = [...kept.matchAll(/[^\s_-]+/g)];
  return (from, to, lower) => (spans.length === count ? kept.slice(spans[from]!.index, spans[to]!.index + spans[to]![0].length) : lower.slice(from, to + 1).join(' '));
}

/** A memory size as a name writes it (`80gb`, `16GB`, `32gib`), its figure. */
const MEMORY_WORD = /^(\d+(?:\.\d+)?)gi?b$/;
/** A memory type's word (`hbm3`, `gddr6x`). */
const MEMORY_TYPE = /^(?:hbm|gddr|lpddr)\d*[a-z]?$/;

/** A profile id's family: its first word (`h100` of `h100-sxm`). */
const familyOf = (p: string): string => p.split('-')[0]!;

/**
 * The ids of the written part's family, at most three, in the order given: the first word the same, or with letters after it
 * (`A10-24GB`: `a10g`; `H100 80GB`: `h100-sxm` and `h100-pcie`), not with digits (the a100s are no A10). Asked after edit
 * distance, which a typo in a variant (`h100-sxn`) is for. Where the name writes a part number none of them has (`RTX A6000`,
 * a workstation part; the rtx profiles are the consumer 3090 and 4090), that no profile is it, and the family's profiles
 * with their memory: it was told "did you mean `rtx-3090`", another part (review36). A model number after the family's
 * letters (`RTX 6000 Ada`, `RTX 4080`) is otherPartHint's, before edit distance.
 */
function familyHint(words: readonly string[], all: readonly Candidate[], otherwise: string, asWritten: WrittenSpan): string | undefined {
  const first = words[0];
  if (first === undefined) return undefined;
  const family = all.filter((c) => familyOf(c.id).startsWith(first) && /^[a-z]*$/.test(familyOf(c.id).slice(first.length)));
  if (!family.length || family.length > 3) return undefined;
  // A part's number: a word with a digit that is no memory size, memory type (`hbm3`) nor form factor (`sxm5`).
  const numbers = words.slice(1).filter((w) => /\d/.test(w) && !MEMORY_WORD.test(w) && !MEMORY_TYPE.test(w) && !FORM_FACTOR.test(w));
  const named = (c: Candidate) => c.id.split('-').slice(1).some((w) => numbers.some((n) => n.includes(w) || w.includes(n)));
  if (numbers.length && !family.some(named)) return notAProfile(asWritten(0, words.indexOf(numbers[0]!, 1), words), first, family, otherwise);
  return `did you mean ${listed(family.map((c) => `\`${c.id}\``), 'or')}?`;
}

/** A part as its letters, its model number and the letters after it (`rtx 4080`: rtx, 4080, ''; `mi250x`: mi, 250, x; `a10g`: a, 10, g). */
const PART_RE = /^([a-z]+)(\d+)([a-z]*)$/;
interface Part { letters: string; number: string; suffix: string; from: number; to: number }

/**
 * The parts a name's or an id's words write, in order: the letters apart from the number (`RTX 4080`, `rtx-4090`) or one
 * word (`H20`, `mi300x`), at any word but a memory size, a memory type or a form factor (`sxm4`): `tpu-v5p` is the part
 * `v5p` after the family's word, `TPU v5` the part `v5`. Only the first word was read, so a TPU's id had no part and a bare
 * `v5p` was of the `v` family, the V100 alone (review37).
 */
function partsOf(words: readonly string[]): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (MEMORY_WORD.test(w) || MEMORY_TYPE.test(w) || FORM_FACTOR.test(w)) continue;
    const split = /^[a-z]+$/.test(w) && /^\d+$/.test(words[i + 1] ?? '');
    const m = PART_RE.exec(split ? `${w}${words[i + 1]}` : w);
    if (m) parts.push({ letters: m[1]!, number: m[2]!, suffix: m[3]!, from: i, to: split ? i + 1 : i });
    if (split) i++;
  }
  return parts;
}
const idParts = (c: Candidate): Part[] => partsOf(c.id.split('-'));

/** Where a part no profile is can come from: a profile of the user's (README, Hardware), which may extend one listed. */
const ADD_PROFILE = 'add it as a profile of your own (README, Hardware: `extends:` the nearest, with what differs)';

/**
 * A part no profile is, of a family some are: the same letters with another model number. The number is the part (a GPU
 * family's numbers are its SKUs, not typos of each other): `RTX 4080` and `RTX 4070` are no `rtx-4090`, `H20` no `h200-sxm`
 * (another memory and a fraction of the compute), `A10` no `a100`, `L20` no `l40s`, `MI210` no `mi250x`. Edit distance,
 * asked next, told `RTX 4080` "did you mean `rtx-4090`?" (one digit), a part the user does not have. Told: no profile is it, the
 * family's profiles with their memory, and how to add one. A profile of the same number with other letters after it is the
 * part's variant, the nearest there is (`A10`: `a10g`, AWS's A10; `MI250`: `mi250x`; `L40`: `l40s`): asked for by name, where
 * edit distance listed the a100s beside `a10g`. The same part exactly (`h100-sxn`: h100) is left to the hints after (a typo
 * of its form factor, its memory), and so is a number that is a profile's with one digit more (`b2000`: b200), a typo no part
 * is named by, where one digit fewer is a part (H20, A10, L4 beside H200, A100, L40S).
 */
function otherPartHint(words: readonly string[], all: readonly Candidate[], otherwise: string, asWritten: WrittenSpan): string | undefined {
  const part = partsOf(words)[0];
  // A family's letters written apart from its number (`rtx`, as in rtx-3090) before the part are the part's letters: `RTX A6000`
  // is no `a` part, but an RTX model familyHint names.
  const apart = (w: string) => all.some((c) => { const p = idParts(c)[0]; return p !== undefined && p.from === 0 && p.to === 1 && c.id.split('-')[0] === w; });
  if (!part || words.slice(0, part.from).some(apart)) return undefined;
  const ofLetters = (c: Candidate) => idParts(c).filter((p) => p.letters === part.letters);
  const family = all.filter((c) => ofLetters(c).length);
  const sameNumber = family.filter((c) => ofLetters(c).some((p) => p.number === part.number));
  const exact = sameNumber.filter((c) => ofLetters(c).some((p) => p.number === part.number && p.suffix === part.suffix));
  // The part an id has after its family's word, written without it (`v5p`, `v4`: tpu-v5p, tpu-v4), is that id; it was
  // told the V100 (`v4` before: `l4`, by edit distance). The same part as an id's first word is left to the hints after.
  if (exact.length) return exact.every((c) => ofLetters(c).every((p) => p.from > 0)) ? `did you mean ${listed(exact.map((c) => `\`${c.id}\``), 'or')}?` : undefined;
  if (droppedDigit(words, part, family, sameNumber)) return undefined;
  if (sameNumber.length) return `did you mean ${listed(sameNumber.map((c) => `\`${c.id}\``), 'or')}?`;
  const oneDigitMore = (n: string) => part.number.length === n.length + 1 && [...part.number].some((_, i) => part.number.slice(0, i) + part.number.slice(i + 1) === n);
  if (!family.length || family.some((c) => ofLetters(c).some((p) => oneDigitMore(p.number)))) return undefined;
  return notAProfile(asWritten(part.from, part.to, words), part.letters, family, otherwise);
}

/**
 * The parts whose number is a profile's with one digit fewer (H20: h200; A10: a100; L4: l40s), as NVIDIA names them: H20 (Hopper
 * for China, 96 GB, 2024), A10 (Ampere, 24 GB PCIe, 2021), L4 (Ada, 24 GB, 2023). Any other such number is a dropped digit.
 */
const SHORTER_PARTS = new Set(['h20', 'a10', 'l4']);

/**
 * A part's number written with a digit dropped from a profile's of its letters (`h10-sxm`: h100-sxm), left to the hints after
 * (edit distance), where it was told the family's profiles as another part (left38). The rule: one digit fewer than a profile's
 * number is a typo unless the part written is a real part (SHORTER_PARTS: `H20` is no h200-sxm); a real part is a typo still
 * where the memory written is none of its profiles' and is the longer number's (`a10-sxm4-80gb`: a100-sxm4-80gb, not the
 * 24 GB a10g). A digit more (`b2000`) is otherPartHint's; a doubled digit is one more.
 */
function droppedDigit(words: readonly string[], part: Part, family: readonly Candidate[], sameNumber: readonly Candidate[]): boolean {
  const fewer = (n: string) => n.length === part.number.length + 1 && [...n].some((_, i) => n.slice(0, i) + n.slice(i + 1) === part.number);
  const longer = family.filter((c) => idParts(c).some((p) => p.letters === part.letters && fewer(p.number)));
  if (!longer.length) return false;
  if (!SHORTER_PARTS.has(`${part.letters}${part.number}`)) return true;
  const written = words.flatMap((w) => { const m = MEMORY_WORD.exec(w); return m ? [Number(m[1])] : []; });
  const has = (c: Candidate) => c.memory !== undefined && written.includes(c.memory);
  return longer.some(has) && !sameNumber.some(has);
}

/** That no profile is the part written (`rtx 4080`): the family's (`rtx`) profiles with their memory, and how to add one. */
function notAProfile(part: string, letters: string, family: readonly Candidate[], otherwise: string): string {
  return `no profile is the \`${part}\`: the \`${letters}\` profiles are ${listed(family.map((c) => `\`${c.id}\`${c.stated ? ` (${c.stated})` : ''}`), 'and')}, other parts; ${otherwise}, or ${ADD_PROFILE}`;
}

/**
 * A name a cloud gives a part (gpuAliases.ts: `TPU v5 lite`, `trn2`), whole, before an instance's size (`trn1.32xlarge`,
 * `v5litepod-8`) or as its first word (`A800-SXM4-80GB`); another part than any profile (`A800`) is told so, with the nearest
 * profile of any memory (the GH200's memory is no profile's: `GH200 480GB`, nvidia-smi's, counts the CPU's too).
 */
function aliasHint(bare: string, profileIds: readonly string[], allIds: readonly string[], otherwise: string): string | undefined {
  const key = bare.replace(/[\s_]+/g, '-');
  const alias = [key, key.split('.')[0]!, key.replace(/-\d+$/, ''), key.split('-')[0]!].map((k) => (Object.hasOwn(GPU_ALIASES, k) ? GPU_ALIASES[k]! : undefined)).find((a) => a && (a.other ? allIds : profileIds).includes(a.id));
  if (!alias) return undefined;
  if (!alias.other) return `did you mean \`${alias.id}\`? (${alias.why})`;
  const nearest = [alias.id, alias.other.or].filter((id): id is string => id !== undefined && allIds.includes(id));
  // A form factor written picks among them, as a profile's id is picked (`A800 80GB PCIe`: a100-pcie-80gb, where every A800
  // was told the SXM4 one; left38); none written, or none of that form, lists them all.
  const form = formOf(bare.split(/[\s_-]+/));
  const ofForm = nearest.filter((id) => formOf(id.split('-')) === form);
  const shown = (ofForm.length ? ofForm : nearest).map((id) => `\`${id}\``);
  return `no profile is the \`${alias.other.part}\` (${alias.why}): the nearest is ${listed(shown, 'or')}; ${otherwise}, or ${ADD_PROFILE}`;
}

/** A form factor's word in a name or an id (`PCIE`, `SXM4`, `NVL`), as its base (`sxm` for `sxm4`). */
const FORM_FACTOR = /^(pcie|sxm|nvl|oam)\d*$/;
const formOf = (words: readonly string[]): string | undefined => words.map((w) => FORM_FACTOR.exec(w)?.[1]).find((f) => f !== undefined);
/** A form factor as its vendor writes it (PCIe, SXM4). */
const formText = (words: readonly string[]): string => { const w = words.find((x) => FORM_FACTOR.test(x)); return w === undefined ? 'another form factor' : w.startsWith('pcie') ? `PCIe${w.slice(4)}` : w.toUpperCase(); };

/**
 * A part written with a form factor and a memory size no profile has together, where the family has each apart (nvidia-smi's
 * `NVIDIA A100-PCIE-40GB`: the A100 PCIe profile is 80 GB, the 40 GB one SXM4): both, with what differs. It was told
 * `a100-sxm4-40gb` alone, another form factor (its power, clocks and links) without a word (review36), as another memory
 * size is told (otherMemoryHint).
 */
function formFactorHint(words: readonly string[], written: readonly number[], all: readonly Candidate[]): string | undefined {
  const first = words[0];
  const form = formOf(words);
  if (first === undefined || form === undefined || !written.length) return undefined;
  const family = all.filter((c) => c.memory !== undefined && familyOf(c.id) === first);
  const sameForm = family.filter((c) => formOf(c.id.split('-')) === form);
  const sameMemory = family.filter((c) => written.includes(c.memory!));
  if (!sameForm.length || !sameMemory.length || sameForm.some((c) => written.includes(c.memory!))) return undefined;
  const shown = (c: Candidate) => `\`${c.id}\` (${c.stated}, ${formText(c.id.split('-'))})`;
  return `no ${formText([form])} profile of \`${first}\` has ${listed(written.map((w) => `${w} GB`), 'or')}: did you mean ${listed([...sameForm, ...sameMemory.filter((c) => !sameForm.includes(c))].map(shown), 'or')}?`;
}

/**
 * The longest profile id whose words begin the written ones in order, a word after the first allowed a revision's digits
 * after it (`sxm5` is an `sxm`): `RTX-4090-24GB` is `rtx-4090` (edit distance said `rtx-3090` or `rtx-4090`), `H100-SXM5-80GB`
 * `h100-sxm` (it said `h100-nvl` first). The first word, the part, is whole: digits after it are another part (`l40` is
 * no `l4`, which it was told, where `l40s` was meant; review35b).
 */
function prefixHint(words: readonly string[], profileIds: readonly string[]): string | undefined {
  const begins = (w: string, written: string | undefined, i: number) => written !== undefined && (i === 0 ? written === w : written.startsWith(w) && /^\d*$/.test(written.slice(w.length)));
  const prefixed = profileIds.map((p) => p.split('-')).filter((pw) => pw.every((w, i) => begins(w, words[i], i)));
  const longest = Math.max(0, ...prefixed.map((pw) => pw.length));
  const best = prefixed.filter((pw) => pw.length === longest).map((pw) => pw.join('-'));
  return best.length === 1 ? `did you mean \`${best[0]}\`?` : undefined;
}

/**
 * The profile meant by a GPU written as a vendor's tools print it: nvidia-smi's `NVIDIA H100 80GB HBM3`, `NVIDIA H200`,
 * `nvidia-h100-sxm`, a TPU without `tpu-` (`v5p`), or as a model card writes it, the part and its memory (`H100-80GB`,
 * Meta's Llama 3.1 card; `A100 80GB`). The vendor's words are dropped (`bare`), then the whole, its first word (up to a
 * space, `_` or `-`) and the TPU's id are each asked for. The first word was asked only after a vendor's word, so
 * `H100-80GB` had no hint at all (newuser35).
 */
function partHint(bare: string, profileIds: readonly string[]): string | undefined {
  if (bare === '') return undefined;
  for (const word of [bare.replace(/\s+/g, '-'), bare.split(/[\s_-]+/)[0]!]) {
    if (profileIds.includes(word)) return `did you mean \`${word}\`?`;
    const near = didYouMean(word, profileIds);
    if (near) return near;
  }
  return tpuHint(bare, profileIds);
}

function tpuHint(bare: string, profileIds: readonly string[]): string | undefined {
  return profileIds.includes(`tpu-${bare}`) ? `did you mean \`tpu-${bare}\`?` : undefined;
}

/**
 * A part whose family the profiles list only with another memory size (`V100 16GB`, nvidia-smi's `Tesla V100-SXM2-16GB`:
 * the one V100 profile has 32 GB): the family's profiles with their memory, where it had no hint at all (review35b).
 */
function otherMemoryHint(words: readonly string[], written: readonly number[], all: readonly Candidate[]): string | undefined {
  const first = words[0];
  if (first === undefined || !written.length) return undefined;
  const family = all.filter((c) => c.memory !== undefined && familyOf(c.id) === first);
  if (!family.length || family.length > 3) return undefined;
  return `no profile of \`${first}\` has ${listed(written.map((w) => `${w} GB`), 'or')}: did you mean ${listed(family.map((c) => `\`${c.id}\` (${c.stated})`), 'or')}?`;
}

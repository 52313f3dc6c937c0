/**
 * What the page shows, as the user typed it: every field is kept as text (a bad value must stay
 * on screen next to its message), and the whole state round-trips through the URL's hash, so a
 * link reproduces the view. Pure.
 */

/** One cluster to compare: a GPU profile id, a count, and a price per GPU-hour ('' = the profile's on-demand price). */
export interface UiOption {
  gpu: string;
  count: string;
  price: string;
}

export interface UiState {
  /** A preset id; ignored when `config` holds a pasted Hugging Face config.json. */
  model: string;
  config: string;
  tokens: string;
  /** training.global_batch, in sequences (or any value the scenario accepts); '' = none. */
  globalBatch: string;
  /** training.precision (bf16, fp16, fp8, ...); '' = the scenario's default, bf16. */
  precision: string;
  /** cluster.utilization: a fraction, a range such as [0.35, 0.45], or `auto`. */
  utilization: string;
  /** cluster.throughput_scale (with utilization auto): your measured ÷ predicted throughput; '' = none. */
  throughputScale: string;
  options: UiOption[];
}

/** The first view: the question of scenarios/cluster-options.yaml, on three accelerators. */
export const DEFAULT_STATE: UiState = {
  model: 'llama-3-70b',
  config: '',
  tokens: '15T',
  globalBatch: '1024',
  precision: '',
  utilization: '0.4',
  throughputScale: '',
  options: [
    { gpu: 'h100-sxm', count: '1024', price: '' },
    { gpu: 'h200-sxm', count: '1024', price: '' },
    { gpu: 'b200', count: '512', price: '' },
  ],
};

const KEYS = { model: 'model', config: 'config', tokens: 'tokens', globalBatch: 'batch', precision: 'precision', utilization: 'util', throughputScale: 'scale' } as const;
/** Written only when given: a link without them (as every link before the scale and the precision was) reads the same. */
const ONLY_GIVEN: readonly (keyof typeof KEYS)[] = ['config', 'precision', 'throughputScale'];

/** `#model=llama-3-70b&tokens=15T&...&gpu=h100-sxm&count=1024&price=&gpu=...`: one gpu/count/price triple per option, in order. */
export function stateToHash(s: UiState): string {
  const q = new URLSearchParams();
  for (const [field, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) if (!ONLY_GIVEN.includes(field) || s[field] !== '') q.append(key, s[field]);
  for (const o of s.options) {
    q.append('gpu', o.gpu);
    q.append('count', o.count);
    q.append('price', o.price);
  }
  return '#' + q.toString();
}

/** The state a hash describes; missing fields take the defaults, an empty hash is the default view. */
export function stateFromHash(hash: string): UiState {
  const text = hash.replace(/^#/, '');
  if (!text) return structuredClone(DEFAULT_STATE);
  const q = new URLSearchParams(text);
  const get = (field: keyof typeof KEYS) => q.get(KEYS[field]) ?? DEFAULT_STATE[field];
  const gpus = q.getAll('gpu');
  const counts = q.getAll('count');
  const prices = q.getAll('price');
  return {
    model: get('model'),
    config: get('config'),
    tokens: get('tokens'),
    globalBatch: get('globalBatch'),
    precision: get('precision'),
    utilization: get('utilization'),
    throughputScale: get('throughputScale'),
    options: gpus.length ? gpus.map((gpu, i) => ({ gpu, count: counts[i] ?? '', price: prices[i] ?? '' })) : structuredClone(DEFAULT_STATE.options),
  };
}

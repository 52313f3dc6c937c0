/**
 * Names a cloud gives a part that are no profile id nor near one in spelling, each with the profile it is: an unknown GPU's
 * hint names that profile first (gpuNameHint.ts). The profiles carry no aliases (hardware-profiles/*.yaml: an id and a display
 * name), so the names are here, one table, each with where it is written. Keys are as gpuNameHint.ts aliasHint writes a name:
 * lower case, the vendor's words dropped, spaces and `_` as `-`.
 */
export interface GpuAlias {
  id: string;
  /** What the name is, said in the hint. */
  why: string;
  /**
   * The name is of another part, no profile, as the user would write it (`A800`): `id` (and `or`) is the nearest profile,
   * which the hint names as such, with how to add the part (a profile that `extends:` it).
   */
  other?: { part: string; or?: string };
}

const V5E: GpuAlias = { id: 'tpu-v5e', why: 'TPU v5 lite (v5litepod) is Google Cloud\'s name for TPU v5e' };
const TRN1: GpuAlias = { id: 'trainium1', why: 'Trn1 is the AWS instance family of Trainium' };
const TRN2: GpuAlias = { id: 'trainium2', why: 'Trn2 is the AWS instance family of Trainium2' };
const TRN3: GpuAlias = { id: 'trainium3', why: 'Trn3 is the AWS instance family of Trainium3' };
const TPU7X: GpuAlias = { id: 'tpu7x', why: 'TPU v7 (Ironwood), Google\'s seventh TPU generation, is TPU7x in Google Cloud' };
const GH200: GpuAlias = { id: 'h100-sxm', why: 'the GH200\'s GPU is a Hopper H100 or H200 beside a Grace CPU; gb200 is Blackwell', other: { part: 'GH200', or: 'h200-sxm' } };

/**
 * Google Cloud TPU docs (cloud.google.com/tpu/docs/v5e): the console lists TPU v5e as "TPU v5 lite" and its accelerator
 * types are `v5litepod-1` to `v5litepod-256`; v6e is Trillium, TPU7x Ironwood (cloud.google.com/tpu/docs/v6e, /tpu7x; the
 * profiles' names say so). AWS EC2 instance types (aws.amazon.com/ec2/instance-types/trn1, /trn2, /trn3): Trn1 and Trn1n
 * run Trainium, Trn2 Trainium2, Trn3 Trainium3 (the profiles' names: `Trainium (Trn1, ...)`).
 */
export const GPU_ALIASES: Readonly<Record<string, GpuAlias>> = {
  'tpu-v5-lite': V5E, 'v5-lite': V5E, 'tpu-v5-litepod': V5E, 'v5litepod': V5E, 'tpu-v5litepod': V5E,
  'trillium': { id: 'tpu-v6e', why: 'Trillium is Google\'s name for TPU v6e' },
  'ironwood': { id: 'tpu7x', why: 'Ironwood is Google\'s name for TPU7x' },
  'trn1': TRN1, 'trn1n': TRN1, 'trn2': TRN2, 'trn3': TRN3,
  'v7': TPU7X, 'tpu-v7': TPU7X, 'v7x': TPU7X, 'tpu-v7x': TPU7X, 'tpuv7': TPU7X,
  // Other parts, each with the nearest profile (review37: `A800` was told the a-profiles, `GH200` "did you mean `gb200`?",
  // `H200 NVL` `h100-nvl`). The A800 is NVIDIA's A100 for China, the same GPU with its NVLink reduced (Reuters, Nov 2022,
  // via tweakers.net/nieuws/203182: 400 GB/s for the A100's 600; NVIDIA's own page not found). The GH200 Grace Hopper
  // Superchip's GPU is an H100 (96 GB HBM3) or, later, an H200 (144 GB HBM3e) (NVIDIA GH200 datasheet). The H200 NVL is
  // the H200 GPU and its 141 GB on a PCIe card at up to 600 W (nvidia.com/en-us/data-center/h200).
  // Made as an SXM4 module and as a PCIe card, as the A100 (the names nvidia-smi prints: `NVIDIA A800-SXM4-80GB`,
  // `NVIDIA A800 80GB PCIe`): the form factor written picks the nearest (gpuNameHint.ts aliasHint), none written lists both.
  'a800': { id: 'a100-sxm4-80gb', why: 'the A800 is the A100\'s GPU with its NVLink reduced', other: { part: 'A800', or: 'a100-pcie-80gb' } },
  'gh200': GH200,
  'h200-nvl': { id: 'h200-sxm', why: 'the H200 NVL is the H200\'s GPU and memory on a PCIe card at lower power; h100-nvl is an H100', other: { part: 'H200 NVL' } },
};

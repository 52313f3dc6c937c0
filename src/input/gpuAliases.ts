/**
 * Names a cloud gives a part that are no profile id nor near one in spelling, each with the profile it is: an unknown GPU's
 * hint names that profile first (unknown.ts). The profiles carry no aliases (hardware-profiles/*.yaml: an id and a display
 * name), so the names are here, one table, each with where it is written. Keys are as unknown.ts aliasKey writes a name:
 * lower case, the vendor's words dropped, spaces and `_` as `-`.
 */
export interface GpuAlias {
  id: string;
  /** What the name is, said in the hint. */
  why: string;
}

const V5E: GpuAlias = { id: 'tpu-v5e', why: 'TPU v5 lite (v5litepod) is Google Cloud\'s name for TPU v5e' };
const TRN1: GpuAlias = { id: 'trainium1', why: 'Trn1 is the AWS instance family of Trainium' };
const TRN2: GpuAlias = { id: 'trainium2', why: 'Trn2 is the AWS instance family of Trainium2' };
const TRN3: GpuAlias = { id: 'trainium3', why: 'Trn3 is the AWS instance family of Trainium3' };

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
};

/**
 * JSON Schema for hardware profile files, for editor completion and validation
 * (`# yaml-language-server: $schema=../schema/hardware.schema.json`). Generated from the zod
 * schema so the two cannot drift; `schema/hardware.schema.json` is this function's output.
 */
import { z } from 'zod';
import { HardwareProfileSchema } from './schema.js';

export function hardwareJsonSchema(): Record<string, unknown> {
  const { required, properties, ...rest } = z.toJSONSchema(HardwareProfileSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown> & { required: string[]; properties: Record<string, unknown> };
  return {
    ...rest,
    title: 'flopcast hardware profile',
    description: 'One accelerator: dense peak TFLOPS, memory, scale-up/scale-out fabric, power and prices, each with its source.',
    properties: {
      extends: {
        type: 'string',
        description: 'The id of a profile this one copies; give only what differs (mappings merge key by key, lists and scalars replace). The merged profile is checked against this schema.',
      },
      ...properties,
    },
    // A profile that extends another needs none of the top-level fields itself.
    if: { required: ['extends'] },
    then: {},
    else: { required },
  };
}

/**
 * JSON Schema for hardware profile files, for editor completion and validation
 * (`# yaml-language-server: $schema=../schema/hardware.schema.json`). Generated from the zod
 * schema so the two cannot drift; `schema/hardware.schema.json` is this function's output.
 */
import { z } from 'zod';
import { HardwareProfileSchema } from './schema.js';

export function hardwareJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(HardwareProfileSchema, { target: 'draft-07', io: 'input' }),
    title: 'flopcast hardware profile',
    description: 'One accelerator: dense peak TFLOPS, memory, scale-up/scale-out fabric, power and prices, each with its source.',
  } as Record<string, unknown>;
}

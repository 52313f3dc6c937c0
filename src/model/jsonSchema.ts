/**
 * JSON Schema for model files (`models/*.yaml` and your own), for editor completion and checking
 * (`# yaml-language-server: $schema=../schema/model.schema.json`). Generated from the zod schema
 * that validates them, so the two cannot drift; `schema/model.schema.json` is this function's output.
 */
import { z } from 'zod';
import { ModelSchema } from './schema.js';

export function modelJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ModelSchema, { target: 'draft-07', io: 'input' });
  return { $schema, title: 'flopcast model', description: 'A transformer architecture: sizes, FFN, norms, attention, MoE. See README.md, Models.', ...rest };
}

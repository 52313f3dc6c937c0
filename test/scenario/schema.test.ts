import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';

describe('scenario JSON Schema', () => {
  it('the committed schema/scenario.schema.json is what `flopcast schema` prints (regenerate with: npx flopcast schema > schema/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
  it('is strict draft-07 with descriptions, so editors flag typos', () => {
    const s = scenarioJsonSchema() as { $schema: string; additionalProperties: boolean; properties: Record<string, { description?: string }> };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['model', 'training', 'cluster', 'pricing', 'energy', 'overheads', 'constraints', 'matrix']));
  });
});

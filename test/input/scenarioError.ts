/** The formatted error a scenario text gets from the schema check (src/input/validate.ts), or 'no error'. */
import { expect } from 'vitest';
import { InputError } from '../../src/input/errors.js';
import { validate } from '../../src/input/validate.js';
import { parseYaml } from '../../src/input/yaml.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';

export function scenarioError(text: string): string {
  try {
    validate(ScenarioSchema, parseYaml(text, 's.yaml'));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).format();
  }
  return 'no error';
}

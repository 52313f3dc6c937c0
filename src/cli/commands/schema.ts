import type { Argv } from 'yargs';
import { hardwareJsonSchema } from '../../hardware/jsonSchema.js';
import { modelJsonSchema } from '../../model/jsonSchema.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { json, type Io } from '../output.js';
import { outputOf } from '../options.js';

const SCHEMAS = { scenario: scenarioJsonSchema, hardware: hardwareJsonSchema, model: modelJsonSchema } as const;

export function schemaCommand(y: Argv, io: Io): Argv {
  return y.command(
    'schema [kind]',
    'Print the JSON Schema of scenario (default), hardware profile or model files, for editors',
    (c) =>
      c
        .positional('kind', { choices: Object.keys(SCHEMAS), default: 'scenario' })
        .example('$0 schema > scenario.schema.json', 'then: # yaml-language-server: $schema=./scenario.schema.json')
        .example('$0 schema model > model.schema.json', 'the same for model files'),
    (argv) => {
      // JSON only: `--out s.md` is refused, as every command refuses a name for a format it does not write (options.ts outFormat).
      outputOf(argv, io, undefined, { formats: ['json'] }).emit(json(SCHEMAS[argv.kind as keyof typeof SCHEMAS]()));
    },
  );
}

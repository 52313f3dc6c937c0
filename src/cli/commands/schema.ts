import type { Argv } from 'yargs';
import { hardwareJsonSchema } from '../../hardware/jsonSchema.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { emit, json, type Io } from '../output.js';

export function schemaCommand(y: Argv, io: Io): Argv {
  return y.command(
    'schema [kind]',
    'Print the JSON Schema of scenario (default) or hardware profile files, for editors',
    (c) =>
      c
        .positional('kind', { choices: ['scenario', 'hardware'], default: 'scenario' })
        .example('$0 schema > scenario.schema.json', 'then: # yaml-language-server: $schema=./scenario.schema.json'),
    (argv) => emit(io, json(argv.kind === 'hardware' ? hardwareJsonSchema() : scenarioJsonSchema()), argv.out as string | undefined),
  );
}

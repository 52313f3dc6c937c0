import type { Argv } from 'yargs';
import { shownName } from '../../input/name.js';
import { didYouMean } from '../../input/suggest.js';
import { countParams } from '../../model/params.js';
import { count } from '../../report/format.js';
import { table } from '../../report/table.js';
import { loadModel, presetIds } from '../load/model.js';
import { UsageError } from '../errors.js';
import { json, type Io } from '../output.js';
import { outputOf } from '../options.js';

export function modelsCommand(y: Argv, io: Io): Argv {
  return y.command(
    'models [filter]',
    'List the architecture presets in models/',
    (c) =>
      c
        .positional('filter', { type: 'string', describe: 'show only ids containing this text' })
        .example('$0 models', 'every preset')
        .example('$0 models llama --json', 'the Llama presets as JSON'),
    (argv) => {
      // As the ids write a name's spaces and underscores: `llama 3` was 'no preset id contains `llama 3`'.
      const filter = argv.filter === undefined ? '' : String(argv.filter).toLowerCase().trim().replace(/[\s_]+/g, '-');
      const ids = presetIds();
      // An empty one names no preset (every id includes ''): it listed them all, where '  ' was refused (as --vendor '').
      if (argv.filter !== undefined && filter.trim() === '') throw new UsageError('the filter needs text, found an empty string', 'leave it out to list every preset');
      // A filter no preset id holds is a typo, not an empty list (as `hardware --vendor`): exit 2, the id meant when one is near.
      if (!ids.some((id) => id.includes(filter))) {
        throw new UsageError(`no preset id contains \`${shownName(String(argv.filter))}\``, didYouMean(filter, ids) ?? 'run `flopcast models` for every preset');
      }
      const rows = ids
        .filter((id) => id.includes(filter))
        .map((id) => {
          const a = loadModel(id);
          const p = countParams(a);
          return { id, name: a.name, params: p.total, active_params: p.active, layers: a.layers, d_model: a.dModel, seq_len: a.seqLen, source: a.source ?? '' };
        });
      const o = outputOf(argv, io);
      if (o.json) return o.emit(json({ models: rows }));
      const body = table(
        [{ header: 'id' }, { header: 'params', align: 'right' }, { header: 'active', align: 'right' }, { header: 'layers', align: 'right' }, { header: 'd_model', align: 'right' }, { header: 'seq', align: 'right' }, { header: 'name' }],
        rows.map((r) => [r.id, count(r.params), count(r.active_params), String(r.layers), String(r.d_model), String(r.seq_len), r.name]),
      );
      o.emit(body);
    },
  );
}
